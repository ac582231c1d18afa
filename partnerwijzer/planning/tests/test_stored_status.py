"""Plan's and readiness' statuses of many organisations are stored with a fingerprint of their
inputs (issue 17 item 7, planning/stored_status.py): the stored status always equals the rule's,
every change a user makes through the services is seen on the very next read, and an organisation
whose inputs did not change is not computed again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS, STATUS_PROVIDERS, Status
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning import stored_status
from partnerwijzer.planning.models import StoredStatus, UseCase
from partnerwijzer.planning.readiness.services import readiness_answers_set
from partnerwijzer.planning.stored_status import planning_statuses_many
from partnerwijzer.planning.usecases import services
from tests.personas import Personas

pytestmark = pytest.mark.django_db

MEASURABLE = "Cut quote preparation time by 60%"


def _statuses(organisation: Organisation) -> tuple[Status, Status]:
    stored = planning_statuses_many([organisation])[organisation.pk]
    # the stored status is always the dashboard's own rule's
    assert stored == {"plan": STATUS_PROVIDERS["plan"](organisation),
                      "readiness": STATUS_PROVIDERS["readiness"](organisation)}
    row = StoredStatus.objects.get(organisation=organisation)
    assert (row.plan, row.readiness) == (stored["plan"], stored["readiness"])
    return stored["plan"], stored["readiness"]


def test_every_change_through_the_services_is_seen_on_the_next_read(personas: Personas) -> None:
    org, owner = personas.organisation, personas.owner
    assert _statuses(org) == (Status.NOT_STARTED, Status.NOT_STARTED)
    use_case = services.use_case_create(actor=owner, organisation=org, title="Quotes",
                                        problem_statement=MEASURABLE, current_state="Two days per quote")
    assert _statuses(org) == (Status.IN_PROGRESS, Status.NOT_STARTED)
    kpi = services.kpi_create(actor=owner, use_case=use_case, name="Lead time", unit="hours",
                              baseline_value=Decimal(16), target_value=Decimal(6),
                              target_date=dt.date(2027, 6, 1))
    assert _statuses(org) == (Status.DONE, Status.NOT_STARTED)
    # editing a KPI (the target removed) is seen: kpi_update sets the KPI's updated_at
    services.kpi_update(actor=owner, kpi=kpi, target_value=None)
    assert _statuses(org) == (Status.IN_PROGRESS, Status.NOT_STARTED)
    services.kpi_update(actor=owner, kpi=kpi, target_value=Decimal(6))
    assert _statuses(org) == (Status.DONE, Status.NOT_STARTED)
    services.use_case_update(actor=owner, use_case=use_case, current_state="")
    assert _statuses(org) == (Status.IN_PROGRESS, Status.NOT_STARTED)
    services.use_case_update(actor=owner, use_case=use_case, current_state="Two days per quote")
    readiness_answers_set(actor=owner, use_case=use_case, answers={"sponsor": "active"})
    assert _statuses(org) == (Status.DONE, Status.IN_PROGRESS)
    every = {q.key: q.options[0].key for q in readiness_data.load().questions}
    readiness_answers_set(actor=owner, use_case=use_case, answers=every)
    assert _statuses(org) == (Status.DONE, Status.DONE)
    # an answer changed (not added): the same number of answers, a newer one
    readiness_answers_set(actor=owner, use_case=use_case, answers={"sponsor": "none"})
    assert _statuses(org)[1] == Status.DONE  # still complete with another option
    readiness_answers_set(actor=owner, use_case=use_case, answers=dict.fromkeys(every))  # every answer cleared
    assert _statuses(org) == (Status.DONE, Status.NOT_STARTED)
    services.kpi_delete(actor=owner, kpi=kpi)
    assert _statuses(org) == (Status.IN_PROGRESS, Status.NOT_STARTED)
    services.use_case_delete(actor=owner, use_case=use_case)
    assert _statuses(org) == (Status.NOT_STARTED, Status.NOT_STARTED)


def test_an_unchanged_organisation_is_read_not_computed(personas: Personas,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    org, other, owner = personas.organisation, personas.other_organisation, personas.owner
    use_case = services.use_case_create(actor=owner, organisation=org, title="Quotes", problem_statement=MEASURABLE)
    services.use_case_create(actor=owner, organisation=other, title="Invoices")
    first = planning_statuses_many([org, other])
    computed: list[set[Any]] = []
    real = stored_status.plan_status_many

    def counting(organisations: list[Organisation]) -> dict[Any, Status]:
        computed.append({o.pk for o in organisations})
        return real(organisations)

    monkeypatch.setattr(stored_status, "plan_status_many", counting)
    assert planning_statuses_many([org, other]) == first
    assert computed == []  # nothing changed: both read
    readiness_answers_set(actor=owner, use_case=use_case, answers={"sponsor": "active"})
    assert planning_statuses_many([org, other])[org.pk]["readiness"] == Status.IN_PROGRESS
    assert computed == [{org.pk}]  # only the organisation whose answers changed
    # a new version of the rules computes every organisation again
    monkeypatch.setattr(stored_status, "RULES_VERSION", "test")
    planning_statuses_many([org, other])
    assert computed[1:] == [{org.pk, other.pk}]


def test_the_registered_batch_rules_read_the_stored_statuses(personas: Personas) -> None:
    org = personas.organisation
    UseCase.objects.create(organisation=org, title="Quotes", problem_statement=MEASURABLE)
    assert STATUS_BATCH_PROVIDERS["plan"]([org]) == {org.pk: Status.IN_PROGRESS}
    assert STATUS_BATCH_PROVIDERS["readiness"]([org]) == {org.pk: Status.NOT_STARTED}
    assert StoredStatus.objects.filter(organisation=org, plan=Status.IN_PROGRESS).exists()
