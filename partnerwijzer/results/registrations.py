"""What results hands down to lower apps' pages (docs/architecture.md): the link to start the
project where the contract step shows the preferred partner, and on a use case's page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.pagelinks import Link
from partnerwijzer.planning.models import UseCase
from partnerwijzer.results.models import Project


def _link(use_case: UseCase | None, is_owner: bool, start_text: str) -> Link | None:
    if use_case is None:
        return None
    project = Project.objects.filter(use_case=use_case).first()
    if project is not None:
        return Link(label=_("Open the project's results"),
                    url=reverse("results:project", kwargs={"project_id": project.pk}),
                    text=_("The project has started: KPIs, phases and costs are tracked under Results."), button=False)
    if not is_owner:
        return None
    return Link(label=_("Start the project"), url=reverse("results:project_start", kwargs={"use_case_id": use_case.pk}),
                text=start_text)


def start_from_contract(decision: Any, is_owner: bool) -> Link | None:
    """On the contract checklist: start the project with the preferred partner."""
    return _link(decision.selection.use_case, is_owner,
                 _("Contract signed? Start the project with %(name)s: phases with go/no-go gates, KPI measurements "
                   "and actual costs.") % {"name": decision.candidate.name})


def start_from_use_case(use_case: UseCase, is_owner: bool) -> Link | None:
    """On a use case: start its project directly (for a company that already works with a partner)."""
    return _link(use_case, is_owner, _("Working with a partner already? Start tracking this use case's project: "
                                       "phases, KPI measurements and actual costs."))
