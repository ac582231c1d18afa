"""An owner's open decisions on declared conflicts of interest, for the dashboard and the tasks
(registered in ``EvaluationConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import memberships_of
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.evaluation.models import ConflictDecision, ConflictDeclaration
from partnerwijzer.journey.steps import Task


def conflict_tasks(organisation: Organisation, user: Any) -> list[Task]:
    """For owners: decide on each declared relationship no owner has decided on yet."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if not any(m.organisation_id == organisation.pk and m.is_owner for m in memberships_of(user)):
        return []
    pending = (ConflictDeclaration.objects
               .filter(evaluator__selection__organisation=organisation, decision=ConflictDecision.PENDING)
               .select_related("evaluator__user", "evaluator__selection", "candidate")
               .order_by("evaluator__selection__title", "candidate__name", "declared_at"))
    return [
        Task(
            text=_("Decide on the relationship %(who)s declared with %(name)s in “%(title)s”.") % {
                "who": d.evaluator.user.display_name, "name": d.candidate.name, "title": d.evaluator.selection.title},
            url=reverse("evaluation:conflict_decide", args=[d.evaluator.selection_id, d.pk]),
            link_text=_("Decide on the conflict of interest"),
        )
        for d in pending
    ]
