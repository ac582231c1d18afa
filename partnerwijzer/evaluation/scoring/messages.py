"""The messages of scoring: a seat given, scores due soon or overdue, every seat submitted.

Each is written in the recipient's language and queued through the outbox
(``outbox.services.queue_message``) with a stable idempotency key naming the event, so a repeated
call or a second periodic run sends nothing twice (docs/messages.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Membership
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.models import Criterion, Evaluator
from partnerwijzer.outbox.compose import compose, recipient_language
from partnerwijzer.outbox.selectors import already_queued
from partnerwijzer.outbox.services import queue_message
from partnerwijzer.sourcing.models import Candidate, Selection

DUE_SOON_DAYS = 3


def _scoring_path(selection: Selection) -> str:
    return reverse("evaluation:scoring", args=[selection.pk])


def seat_given(evaluator: Evaluator) -> None:
    """Tell the evaluator what to score, by when, and where (essential)."""
    selection = evaluator.selection
    user = evaluator.user
    language = recipient_language(user, selection.organisation)
    candidates = Candidate.objects.filter(selection=selection, rejected=False).count()
    criteria = Criterion.objects.filter(selection=selection).count()
    with override(language):
        subject = _("You have a seat to score “%(title)s”") % {"title": selection.title}
        paragraphs = [
            _("Hello %(name)s,") % {"name": user.display_name},
            _("%(owner)s gave you a seat to score the candidates of “%(title)s” for %(org)s.") % {
                "owner": evaluator.added_by.display_name if evaluator.added_by else "Partnerwijzer",
                "title": selection.title, "org": selection.organisation.name},
            _("What to score: %(candidates)s candidates on %(criteria)s criteria. Score on your own; you see "
              "the others' scores only after you submit yours.") % {
                "candidates": formatting.number(candidates), "criteria": formatting.number(criteria)},
        ]
        if evaluator.score_by:
            paragraphs.append(_("Please submit your scores by %(date)s.") % {
                "date": formatting.long_date(evaluator.score_by)})
        body = compose(paragraphs, link=(_("Start scoring"), _scoring_path(selection)))
    queue_message(
        organisation=selection.organisation, to_email=user.email, language=language, subject=subject,
        body_text=body.text, body_html=body.html, idempotency_key=f"evaluation.seat:{evaluator.pk}",
        essential=True, to_user=user,
    )


def completion_key(seats: list[Evaluator]) -> str:
    """What names one completion: the set of seats that have all submitted (a digest of their ids).

    A seat added late and then submitted makes a new set, so a new completion and one new message;
    the same set completing again (an owner reopened a seat and it submitted again) is the same
    completion and sends nothing again: the owner who reopened it sees the seat on the scoring page.
    """
    ids = ",".join(sorted(str(seat.pk) for seat in seats))
    return hashlib.sha256(ids.encode()).hexdigest()[:24]


def all_seats_submitted(selection: Selection) -> None:
    """When the last open seat submits: tell every owner (essential), once per completion
    (:func:`completion_key`)."""
    seats = list(Evaluator.objects.filter(selection=selection))
    if not seats or any(seat.submitted_at is None for seat in seats):
        return
    completion = completion_key(seats)
    owners = Membership.objects.filter(organisation=selection.organisation, role=Role.OWNER).select_related("user")
    for owner in owners:
        language = recipient_language(owner.user, selection.organisation)
        with override(language):
            subject = _("Every evaluator of “%(title)s” has submitted") % {"title": selection.title}
            body = compose(
                [ngettext("The only evaluator of “%(title)s” has submitted the scores. You can read them and "
                          "close scoring.",
                          "All %(n)s evaluators of “%(title)s” have submitted their scores. You can compare them "
                          "and close scoring.", len(seats))
                 % {"n": formatting.number(len(seats)), "title": selection.title}],
                link=(_("Open the scores"), _scoring_path(selection)),
            )
        queue_message(
            organisation=selection.organisation, to_email=owner.user.email, language=language, subject=subject,
            body_text=body.text, body_html=body.html, essential=True, to_user=owner.user,
            idempotency_key=f"evaluation.all_submitted:{selection.pk}:{completion}:{owner.user_id}",
        )


def scores_due_check(today: dt.date) -> int:
    """The periodic check: remind evaluators whose date to score by is within three days, or passed.

    A reminder (non-essential) per seat and date: "due soon" once, "overdue" once; a new date
    set by an owner makes new reminders. Only open seats of selections whose scoring is open.
    """
    seats = (Evaluator.objects.filter(submitted_at__isnull=True, score_by__isnull=False,
                                      score_by__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
                                      selection__scoring_setup__closed_at__isnull=True)
             .select_related("selection__organisation", "user"))
    queued = 0
    for seat in seats:
        if seat.score_by is None:  # excluded by the query; for the type checker
            continue
        overdue = seat.score_by < today
        kind = "overdue" if overdue else "due_soon"
        key = f"evaluation.scores_{kind}:{seat.pk}:{seat.score_by.isoformat()}"
        if already_queued(key):
            continue
        selection, user = seat.selection, seat.user
        language = recipient_language(user, selection.organisation)
        with override(language):
            date = formatting.long_date(seat.score_by)
            if overdue:
                subject = _("Your scores for “%(title)s” are overdue") % {"title": selection.title}
                text = _("Your scores for “%(title)s” were due on %(date)s. Please score and submit them as soon "
                         "as you can, or tell the owner when you will.") % {"title": selection.title, "date": date}
            else:
                subject = _("Your scores for “%(title)s” are due on %(date)s") % {
                    "title": selection.title, "date": date}
                text = _("Please score the candidates of “%(title)s” and submit your scores by %(date)s.") % {
                    "title": selection.title, "date": date}
            body = compose([text], link=(_("Continue scoring"), _scoring_path(selection)))
        queue_message(
            organisation=selection.organisation, to_email=user.email, language=language, subject=subject,
            body_text=body.text, body_html=body.html, essential=False, to_user=user, idempotency_key=key,
        )
        queued += 1
    return queued
