"""The owners' open work in Results, for the dashboard's task list (registered in
``ResultsConfig.ready`` beside the measurers' :func:`~partnerwijzer.results.selectors.measurement_tasks`):
a gate whose date has come without a decision, and the partner's monthly scorecard when last
month has no review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.access import user_has_role
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.accounts.roles import Role
from partnerwijzer.journey.steps import Task
from partnerwijzer.results import selectors
from partnerwijzer.results.models import PartnerReview, Project


def gate_tasks(organisation: Organisation, user: Any, *, on: date | None = None) -> list[Task]:
    """For owners: decide the gate of each running phase whose planned end has come."""
    if not user_has_role(user, organisation, Role.OWNER):
        return []
    on = on or selectors.today()
    tasks = []
    for project in selectors.projects_of(organisation):
        row = selectors.current_phase(selectors.phase_rows(project, on=on))
        if row is None or row.state != "running" or row.decision is not None or row.phase.planned_end > on:
            continue
        name = row.phase.name or row.phase.get_key_display()
        tasks.append(Task(
            text=_("The gate of “%(phase)s” of “%(title)s” was due on %(date)s: decide go, go with changes or "
                   "stop.") % {"phase": name, "title": project.use_case.title,
                               "date": formatting.long_date(row.phase.planned_end)},
            url=reverse("results:gate_decide", kwargs={"gate_id": row.gate.pk}),
            link_text=_("Decide at this gate"),
        ))
    return tasks


def review_due(project: Project, *, on: date) -> date | None:
    """The month (its first day) whose partner review is due: last month, once the project ran
    in it, when it has no review and the project is not stopped; else None."""
    last_month = (on.replace(day=1) - timedelta(days=1)).replace(day=1)
    if project.start_date.replace(day=1) > last_month:
        return None
    if PartnerReview.objects.filter(project=project, period=last_month).exists():
        return None
    if any(r.state == "stopped" for r in selectors.phase_rows(project, on=on)):
        return None
    return last_month


def partner_review_tasks(organisation: Organisation, user: Any, *, on: date | None = None) -> list[Task]:
    """For owners: score the partner for last month when that month has no review yet."""
    if not user_has_role(user, organisation, Role.OWNER):
        return []
    on = on or selectors.today()
    tasks = []
    for project in selectors.projects_of(organisation):
        month = review_due(project, on=on)
        if month is None:
            continue
        tasks.append(Task(
            text=_("Score %(partner)s for %(month)s on “%(title)s”: delivery to plan, quality, communication "
                   "and knowledge transfer.") % {"partner": project.partner_name,
                                                 "month": formatting.month_year(month),
                                                 "title": project.use_case.title},
            url=reverse("results:partner", kwargs={"project_id": project.pk}) + f"?period={month.isoformat()}",
            link_text=_("Review a month"),
        ))
    return tasks
