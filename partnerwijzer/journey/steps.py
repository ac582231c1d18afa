"""The seven steps of the journey from "we need AI" to measured results.

The navigation and the dashboard both read this list, so the order lives in one place.
Later features report a step's status by registering a function in ``STATUS_PROVIDERS`` and the
step's page in ``STEP_PAGES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import Organisation


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NEEDS_ATTENTION = "needs_attention"

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])


_STATUS_LABELS: dict[Status, Promise] = {
    Status.NOT_STARTED: _("Not started"),
    Status.IN_PROGRESS: _("In progress"),
    Status.DONE: _("Done"),
    Status.NEEDS_ATTENTION: _("Needs attention"),
}


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    summary: Promise
    guide: Promise
    reference_url_name: str | None = None

    @property
    def url_name(self) -> str | None:
        """The step's own page, registered by the app that implements it (``STEP_PAGES``); without
        it (the app not installed) the nav points at the dashboard."""
        return STEP_PAGES.get(self.key)


STEP_PAGES: dict[str, str] = {}
"""Step key -> the route name of the step's page, filled by the apps that implement the steps in
their ``ready()`` (journey is below them and never names their routes; docs/architecture.md)."""

STEPS: tuple[Step, ...] = (
    Step("plan", _("Plan"),
         _("Describe the problem, measure where you stand today and set measurable targets."),
         _("A problem is measurable: 'cut quote preparation time by 60%', not 'we need AI'."),
         "knowledge:department_budget"),
    Step("readiness", _("Readiness"),
         _("Check your data, management commitment, resources and way of working."),
         _("Data problems and missing management support are the most common reasons projects stall."),
         None),
    Step("model", _("Model"),
         _("Choose how to work with outside help: generalist, specialist network, hybrid or lighthouse."),
         _("Many companies start with one visible lighthouse project and grow into a hybrid model."),
         "knowledge:implementation_models"),
    Step("budget", _("Budget"),
         _("Estimate costs and return with honest ranges, and look for funding."),
         _("Keep a buffer of 20-30%, more for a first project."),
         None),
    Step("selection", _("Selection"),
         _("Find candidates, compare them on seven criteria with colleagues, and choose."),
         _("Shortlist 5-8 firms, talk with 3-5, send a detailed request to 2-3."),
         "knowledge:criteria"),
    Step("contract", _("Contract"),
         _("Agree scope, acceptance criteria, data protection, rights, support and an exit."),
         _("Work in phases with go/no-go decisions after an initial analysis."),
         None),
    Step("results", _("Results"),
         _("Measure the KPIs against the baseline during and after the project."),
         _("Measure before you start: without a baseline, nobody can show the gain."),
         None),
)

StatusProvider = Callable[[Organisation], Status]
# Filled by the apps that implement a step (planning, sourcing, ...), keyed by step key.
STATUS_PROVIDERS: dict[str, StatusProvider] = {}

BatchStatusProvider = Callable[[list[Organisation]], dict[Any, Status]]
# The same rule for many organisations at once in a fixed number of queries (an adviser's
# portfolio): organisation id -> status. Registered beside STATUS_PROVIDERS where the rule allows
# it; a step without one is shown as "not computed here" in the portfolio (docs/advisers.md).
STATUS_BATCH_PROVIDERS: dict[str, BatchStatusProvider] = {}


@dataclass(frozen=True)
class NextAction:
    """The exact next thing to do in a step: the dashboard's "continue" link."""

    label: str
    url: str
    owner_only: bool = False
    """Only owners may do it (an owner's form); others get the step's own page instead."""


NextActionProvider = Callable[[Organisation], NextAction | None]
# Filled by the apps that implement a step, keyed by step key (as STATUS_PROVIDERS).
NEXT_ACTION_PROVIDERS: dict[str, NextActionProvider] = {}


@dataclass(frozen=True)
class Task:
    """Something one member must do (score a selection), shown first on their dashboard."""

    text: str
    url: str
    link_text: str
    due: date | None = None
    """By when, if the task has a date (a seat's date to score by): the task page sorts by it."""


TaskProvider = Callable[[Organisation, Any], list[Task]]
# Filled by the apps that give members work (evaluation: an evaluator's open scoring).
TASK_PROVIDERS: list[TaskProvider] = []
