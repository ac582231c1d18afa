from __future__ import annotations

from dataclasses import dataclass

from partnerwijzer.accounts.models import Membership, Organisation
from partnerwijzer.journey.steps import STATUS_PROVIDERS, STEPS, Status, Step


@dataclass(frozen=True)
class StepState:
    step: Step
    status: Status
    number: int


@dataclass(frozen=True)
class Journey:
    steps: list[StepState]
    next_step: StepState | None
    member_count: int

    @property
    def team_invited(self) -> bool:
        return self.member_count > 1


def journey_for(*, organisation: Organisation) -> Journey:
    """Where the organisation stands: a status per step and the first step not yet done."""
    states = []
    for number, step in enumerate(STEPS, start=1):
        provider = STATUS_PROVIDERS.get(step.key)
        status = provider(organisation) if provider else Status.NOT_STARTED
        states.append(StepState(step=step, status=status, number=number))
    next_step = next((s for s in states if s.status != Status.DONE), None)
    member_count = Membership.objects.filter(organisation=organisation).count()
    return Journey(steps=states, next_step=next_step, member_count=member_count)
