"""An evaluator's open work, for the dashboard (registered in ``EvaluationConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.journey.steps import Task


def scoring_tasks(organisation: Organisation, user: Any) -> list[Task]:
    """What ``user`` must do as an evaluator: score each selection where they hold a seat, have
    not submitted, and scoring is still open."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    seats = (Evaluator.objects.filter(user=user, selection__organisation=organisation, submitted_at__isnull=True,
                                      selection__scoring_setup__closed_at__isnull=True)
             .select_related("selection").order_by("selection__title"))
    return [
        Task(text=_task_text(seat), url=reverse("evaluation:scoring", args=[seat.selection_id]),
             link_text=_("Start scoring"), due=seat.score_by)
        for seat in seats
    ]


def _task_text(seat: Evaluator) -> str:
    if seat.score_by is None:
        return _("Score the candidates of “%(title)s” and submit your scores.") % {"title": seat.selection.title}
    return _("Score the candidates of “%(title)s” and submit your scores by %(date)s.") % {
        "title": seat.selection.title, "date": formatting.long_date(seat.score_by)}
