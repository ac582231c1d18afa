"""Tenancy in one place (issue 17): who is a member, who may hold a seat and who may see a
selection's results are decided in accounts/access.py, for advisers as for members."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerwijzer.accounts.access import is_member, member_role
from partnerwijzer.accounts.models import AccessRole
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers.tests.builders import grant, make_adviser
from partnerwijzer.evaluation.access import results_visible_for_user
from partnerwijzer.evaluation.scoring.services import evaluator_add, scoring_close
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

pytestmark = pytest.mark.usefixtures("english")


def test_membership_decisions_know_an_advisers_access_is_not_membership(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    org = personas.organisation.pk
    assert member_role(personas.owner, org) == Role.OWNER
    assert member_role(personas.viewer, org) == Role.VIEWER
    assert member_role(user, org) is None
    assert member_role(user, adviser.pk) == Role.OWNER
    assert is_member(personas.evaluator, org) is True
    assert is_member(user, org) is False
    assert is_member(None, org) is False
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    with pytest.raises(ValidationError, match="Only members of your organisation can be evaluators"):
        evaluator_add(actor=personas.owner, selection=selection, user=user)
    with pytest.raises(ValidationError, match="is a viewer"):
        evaluator_add(actor=personas.owner, selection=selection, user=personas.viewer)


@pytest.mark.parametrize("role", [AccessRole.READ, AccessRole.ALONGSIDE])
def test_an_adviser_sees_the_results_once_scoring_is_closed_as_an_owner_without_a_seat_does(
    personas: Personas, role: str,
) -> None:
    """Before, results_visible_for_user asked Membership directly and so never saw the adviser's
    access: the results (and the letters that quote them) stayed hidden from advisers even after
    the owners closed scoring, unlike for every member without a seat."""
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, role)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    assert results_visible_for_user(user, selection) is False
    assert results_visible_for_user(personas.viewer, selection) is False
    scoring_close(actor=personas.owner, selection=selection)
    assert results_visible_for_user(personas.viewer, selection) is True
    assert results_visible_for_user(user, selection) is True
    _other, stranger = make_adviser("Hub Elders", email="elders@example.com")
    assert results_visible_for_user(stranger, selection) is False  # no grant: nothing
