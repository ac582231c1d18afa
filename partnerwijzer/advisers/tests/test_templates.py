"""Shared criteria sets (issue 17 item 4): applied to a client's selection as a copy that is then
the client's own; only where the adviser works alongside; never once scoring is closed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.accounts.models import AccessRole
from partnerwijzer.advisers.models import CriteriaSet
from partnerwijzer.advisers.services import criteria_set_apply, criteria_set_create, criteria_set_item_add
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.scoring.services import scoring_close
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

pytestmark = pytest.mark.usefixtures("english")


def _set(adviser: object, user: object) -> CriteriaSet:
    criteria_set = criteria_set_create(actor=user, adviser=adviser, name="Manufacturing")  # type: ignore[arg-type]
    criteria_set_item_add(actor=user, criteria_set=criteria_set, name="Shop-floor experience",  # type: ignore[arg-type]
                          rubric="1: none; 5: several plants", weight=20)
    criteria_set_item_add(actor=user, criteria_set=criteria_set, name="Safety culture",  # type: ignore[arg-type]
                          factor="soft", weight=10)
    return criteria_set


def test_applying_copies_criteria_with_rubric_and_weights_adding_up(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, AccessRole.ALONGSIDE)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    before = {c.pk: c.weight for c in Criterion.objects.filter(selection=selection)}
    criteria_set = _set(adviser, user)
    response = signed_in(user).post(reverse("advisers:criteria_set_apply", args=[criteria_set.pk]),
                                    {"selection": str(selection.pk)})
    assert response.status_code == 302
    criteria = list(Criterion.objects.filter(selection=selection))
    copied = {c.custom_name: c for c in criteria if c.pk not in before}
    assert copied["Shop-floor experience"].custom_description == "1: none; 5: several plants"
    assert copied["Shop-floor experience"].weight == Decimal("20.00")
    assert copied["Safety culture"].factor == "soft"
    assert copied["Safety culture"].weight == Decimal("10.00")
    assert sum(c.weight for c in criteria) == Decimal(100)
    # The copy is the client's own: changing or deleting the set does not reach it.
    criteria_set.items.update(name="Renamed", weight=5)
    criteria_set.delete()
    assert Criterion.objects.filter(selection=selection, custom_name="Shop-floor experience").exists()


def test_read_access_cannot_apply_and_another_client_is_out_of_reach(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, AccessRole.READ)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    theirs = selection_create(actor=personas.outsider, organisation=personas.other_organisation, title="Other")
    criteria_set = _set(adviser, user)
    count = Criterion.objects.count()
    browser = signed_in(user)
    for target in (selection, theirs):
        response = browser.post(reverse("advisers:criteria_set_apply", args=[criteria_set.pk]),
                                {"selection": str(target.pk)})
        assert response.status_code == 400  # not offered: the form refuses it, nothing stored
    assert Criterion.objects.count() == count


def test_closed_scoring_refuses_a_set(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    scoring_close(actor=personas.owner, selection=selection)
    with pytest.raises(ValidationError):
        criteria_set_apply(actor=user, criteria_set=_set(adviser, user), selection=selection)


def test_default_weights_of_a_set_add_up_to_a_hundred_at_most(personas: Personas) -> None:
    adviser, user = make_adviser()
    criteria_set = _set(adviser, user)
    response = signed_in(user).post(reverse("advisers:criteria_item_add", args=[criteria_set.pk]),
                                    {"name": "Too heavy", "rubric": "", "factor": "hard", "weight": "71"})
    assert response.status_code == 400
    assert "add up to 100% at most" in response.content.decode()
    assert criteria_set.items.count() == 2


def test_a_company_keeps_no_criteria_sets(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        criteria_set_create(actor=personas.owner, adviser=personas.organisation, name="Nope")
    assert personas.client("owner").get(reverse("advisers:templates")).status_code == 403
