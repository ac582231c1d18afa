from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Membership, Organisation
from partnerwijzer.journey.steps import (
    NEXT_ACTION_PROVIDERS,
    STATUS_PROVIDERS,
    STEPS,
    TASK_PROVIDERS,
    NextAction,
    Status,
    Step,
    Task,
)


@dataclass(frozen=True)
class StepState:
    step: Step
    status: Status
    number: int
    action: NextAction | None = None
    """Where "continue" leads: the exact next thing, or the step's own page."""


@dataclass(frozen=True)
class Journey:
    steps: list[StepState]
    next_step: StepState | None
    member_count: int
    tasks: tuple[Task, ...] = ()

    @property
    def team_invited(self) -> bool:
        return self.member_count > 1


def _default_action(step: Step, status: Status) -> NextAction | None:
    if step.url_name is None:
        return None
    label = {Status.NOT_STARTED: _("Start"), Status.DONE: _("Review")}.get(status, _("Continue"))
    return NextAction(label=f"{label}: {step.title}", url=reverse(step.url_name))


def _action(step: Step, status: Status, organisation: Organisation, is_owner: bool) -> NextAction | None:
    provider = NEXT_ACTION_PROVIDERS.get(step.key)
    specific = provider(organisation) if provider is not None and status != Status.DONE else None
    if specific is not None and (is_owner or not specific.owner_only):
        return specific
    return _default_action(step, status)


def journey_for(*, organisation: Organisation, is_owner: bool = True, user: Any = None) -> Journey:
    """Where the organisation stands: a status and a "continue" link per step, the first step not
    yet done, and what ``user`` must do (an evaluator's open scoring)."""
    states = []
    for number, step in enumerate(STEPS, start=1):
        provider = STATUS_PROVIDERS.get(step.key)
        status = provider(organisation) if provider else Status.NOT_STARTED
        states.append(StepState(step=step, status=status, number=number,
                                action=_action(step, status, organisation, is_owner)))
    next_step = next((s for s in states if s.status != Status.DONE), None)
    member_count = Membership.objects.filter(organisation=organisation).count()
    tasks = tuple(tasks_for(organisation, user)) if user else ()
    return Journey(steps=states, next_step=next_step, member_count=member_count, tasks=tasks)


def tasks_for(organisation: Organisation, user: Any) -> list[Task]:
    """What ``user`` must do in ``organisation``, from every app that gives members work: the ones
    with a date first (soonest first), then the others in the apps' order. Only the user's own."""
    tasks = [task for provide in TASK_PROVIDERS for task in provide(organisation, user)]
    return sorted(tasks, key=lambda task: (task.due is None, task.due or date.min))
