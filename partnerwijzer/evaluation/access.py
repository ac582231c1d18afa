"""Who may see and do what in one selection's scoring, on top of :mod:`partnerwijzer.accounts.access`.

The organisation-level decision (member? which role?) is always made by the accounts helpers;
this module adds the selection-level rules of issue 4:

* owners manage criteria, weights, evaluators, knock-out checks, consensus and closing;
* a member with role evaluator or owner may hold an *evaluator seat*; only a seat holder writes
  scores, comments, pairwise judgements and scorecards, and only their own;
* blind scoring (issue 11): whoever holds a seat, owners included, sees no other seat's scores,
  no ranking built from them and no disagreement figures before submitting their own, and then
  only the values of evaluators who submitted too;
* owners without a seat follow progress (who has submitted) but see no values until scoring is
  closed (they close it themselves);
* everyone else (viewers, evaluators without a seat) sees results once scoring is closed.

:func:`results_visible` is the one rule; pages, API, ranking, contract suggestion and documents
all ask it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import (
    OrgRequest,
    membership_for_user,
    membership_of,
    not_found,
    object_for,
    parse_uuid,
    uuid_or_404,
)
from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.sourcing.models import Selection

SEAT_ROLES: frozenset[str] = frozenset({Role.EVALUATOR.value, Role.OWNER.value})
"""Roles that may hold an evaluator seat; viewers cannot be invited to score."""


def no_seat_message() -> str:
    return _("You are not an evaluator of this selection. An owner can add you on the evaluators page.")


def _selections() -> QuerySet[Selection]:
    """Selections with what the scoring pages read of them in the same query (the scoring setup)."""
    return Selection.objects.select_related("organisation", "use_case", "created_by", "scoring_setup")


def selection_for(request: OrgRequest, selection_id: Any, *, role: Role = Role.VIEWER) -> Selection:
    """The selection of the current organisation, or the uniform 404; too small a role gives 403."""
    return object_for(request, _selections(), role=role, pk=selection_id)


def selection_for_user(
    user: User, selection_id: Any, *, role: Role = Role.VIEWER, organisation_id: Any = None
) -> tuple[Membership, Selection]:
    """API variant: one of the caller's selections and the caller's membership of its organisation.

    A selection of another organisation, a made-up id and a malformed one give the same 404; so
    does an ``organisation_id`` (the deprecated paths name it) that is not the selection's.
    """
    selection = _selections().filter(pk=uuid_or_404(selection_id)).first()
    if selection is None:
        raise not_found()
    if organisation_id is not None and parse_uuid(organisation_id) != selection.organisation_id:
        raise not_found()
    membership = membership_for_user(user, selection.organisation_id)
    if not membership.has_role(role):
        raise PermissionDenied(_("Your role in this organisation does not allow this."))
    return membership, selection


def scoped_selections(membership: Membership) -> QuerySet[Selection]:
    return Selection.objects.filter(organisation_id=membership.organisation_id)


def seat_of(user: User, selection: Selection) -> Evaluator | None:
    """The user's evaluator seat in ``selection``, if any."""
    return Evaluator.objects.filter(selection=selection, user=user).first()


def evaluator_seat(request: OrgRequest, selection: Selection) -> Evaluator:
    """The current user's evaluator seat, or 403 with a plain message (viewers never have one)."""
    return seat_required(request.user, request.membership, selection)


def seat_required(user: User, membership: Membership, selection: Selection) -> Evaluator:
    if membership.role not in SEAT_ROLES:
        raise PermissionDenied(_("Viewers read along; they do not score. Ask an owner for the evaluator role."))
    seat = seat_of(user, selection)
    if seat is None:
        raise PermissionDenied(no_seat_message())
    return seat


def own_seat(user: User, membership: Membership, selection: Selection, evaluator_id: Any) -> Evaluator:
    """The seat ``evaluator_id`` if it is the caller's own; another evaluator's seat gives 403.

    A seat that is not in this selection gives the uniform 404, so ids reveal nothing.
    """
    seat = Evaluator.objects.filter(selection=selection, pk=uuid_or_404(evaluator_id)).first()
    if seat is None:
        raise not_found()
    if seat.user_id != user.pk or membership.role not in SEAT_ROLES:
        raise PermissionDenied(_("You can only write your own scores and judgements."))
    return seat


def results_visible(membership: Membership, selection: Selection, seat: Evaluator | None) -> bool:
    """Whether the reader may see other evaluators' scores, the ranking and disagreement figures.

    Once scoring is closed, every member may. Before that only a seat holder who has submitted
    their own scores; the owner role alone is not enough (issue 11: the person running the
    selection nearly always scores too, and must not be anchored by the others).
    ``membership`` is accepted so that callers need not know the rule ignores the role.
    """
    del membership
    if scoring_setup_of(selection).closed:
        return True
    return seat is not None and seat.submitted


def results_denial(membership: Membership, selection: Selection, seat: Evaluator | None) -> str | None:
    """Why the reader may not see results yet, in plain words, or None if they may."""
    if results_visible(membership, selection, seat):
        return None
    if seat is not None:
        return _(
            "You will see the others' scores, the ranking and where evaluators disagree once you have "
            "submitted your own scores. Until then they stay hidden so that they do not influence yours."
        )
    if membership.is_owner:
        return _(
            "You follow who has submitted on the evaluators page. Scores, the ranking and disagreements "
            "appear once you close scoring, or once you have scored yourself: add yourself as an evaluator."
        )
    return _("Results are shown to everyone once the owner closes scoring for this selection.")


def results_visible_for_user(user: User, selection: Selection) -> bool:
    """:func:`results_visible` for a user (documents and services that have no request)."""
    membership = membership_of(user, selection.organisation_id)
    if membership is None:
        return False
    return results_visible(membership, selection, seat_of(user, selection))


def visible_evaluator_ids(
    membership: Membership, selection: Selection, seat: Evaluator | None, evaluators: list[Evaluator]
) -> set[Any]:
    """Ids of the evaluators whose score values the reader may see.

    Their own seat always; submitted evaluators once :func:`results_visible`; never someone
    else's unsubmitted values (owners see progress counts instead).
    """
    visible: set[Any] = {seat.pk} if seat is not None else set()
    if results_visible(membership, selection, seat):
        visible |= {e.pk for e in evaluators if e.submitted}
    return visible
