"""Results in the person's task list (issue 13 point 4): due and overdue KPI measurements for their
measurer (and owners for KPIs nobody measures), a gate whose date has come for owners, and the
partner's monthly scorecard when last month has no review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from partnerwijzer.journey.selectors import journey_for
from partnerwijzer.results import selectors, services
from partnerwijzer.results.models import Project
from partnerwijzer.results.services import MeasurementInput
from partnerwijzer.results.tasks import gate_tasks, partner_review_tasks, review_due
from partnerwijzer.results.tests.conftest import TODAY, kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db

SCORES = {"delivery": 4, "quality": 4, "communication": 3, "knowledge_transfer": 3}


def _texts(personas: Personas, user: object) -> list[str]:
    with translation.override("en"):
        return [t.text for t in journey_for(organisation=personas.organisation, user=user).tasks]


def test_measurements_due_reach_their_measurer_and_owners_only_for_unassigned_kpis(
    personas: Personas, project: Project,
) -> None:
    """Monthly plans (31 days) since 1 January, nothing measured: both KPIs are overdue since 1 February."""
    time = kpi(project.use_case, "Processing time")
    services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="monthly", measurer=personas.evaluator)
    measurer = _texts(personas, personas.evaluator)
    assert [t for t in measurer if "measure" in t] == [
        "Overdue since 1 February 2026: measure “Processing time” of “Invoice processing”."]
    owner = [t for t in _texts(personas, personas.owner) if "measure “" in t]
    assert owner == ["Overdue since 1 February 2026: measure “First-time right” of “Invoice processing”."]
    assert not [t for t in _texts(personas, personas.viewer) if "measure “" in t]
    # measured on 1 June: next due 2 July, within the week's look-ahead only from 25 June
    services.measurement_add(actor=personas.evaluator, row=MeasurementInput(time, date(2026, 6, 1), Decimal(9)))
    assert not [t for t in _texts(personas, personas.evaluator) if "measure “" in t]
    due = selectors.measurement_tasks(personas.organisation, personas.evaluator)
    assert due == []
    assert selectors.due_measurements(personas.organisation, user=personas.evaluator, on=date(2026, 6, 24)) == []
    on_25 = selectors.due_measurements(personas.organisation, user=personas.evaluator, on=date(2026, 6, 25))
    assert [(d.kpi.name, d.due, d.overdue) for d in on_25] == [("Processing time", date(2026, 7, 2), False)]


def test_a_gate_whose_date_has_come_is_a_task_for_owners(personas: Personas, project: Project) -> None:
    """The analysis phase ended on 31 January and its gate has no decision: owners are asked to
    decide it; once decided, the proof of concept's gate (due 30 April) is next."""
    with translation.override("en"):
        tasks = gate_tasks(personas.organisation, personas.owner, on=TODAY)
    assert [t.text for t in tasks] == [(
        "The gate of “Analysis” of “Invoice processing” was due on 31 January 2026: decide go, go with changes "
        "or stop.")]
    first = selectors.phase_rows(project, on=TODAY)[0]
    assert tasks[0].url == f"/gates/{first.gate.pk}/decide/"
    assert gate_tasks(personas.organisation, personas.viewer, on=TODAY) == []
    assert gate_tasks(personas.organisation, personas.evaluator, on=TODAY) == []
    assert gate_tasks(personas.organisation, personas.owner, on=date(2026, 1, 30)) == []  # not yet due
    services.gate_decide(actor=personas.owner, gate=first.gate, outcome="go", rationale="Fine.", decided_on=TODAY)
    with translation.override("en"):
        nxt = gate_tasks(personas.organisation, personas.owner, on=TODAY)
    assert [t.text for t in nxt] == [(
        "The gate of “Proof of concept” of “Invoice processing” was due on 30 April 2026: decide go, go with "
        "changes or stop.")]
    assert any("Proof of concept" in t for t in _texts(personas, personas.owner))


def test_the_partner_scorecard_of_last_month_is_a_task_until_it_is_entered(
    personas: Personas, project: Project,
) -> None:
    with translation.override("en"):
        tasks = partner_review_tasks(personas.organisation, personas.owner, on=TODAY)
    assert [t.text for t in tasks] == [(
        "Score Acme AI for May 2026 on “Invoice processing”: delivery to plan, quality, communication and "
        "knowledge transfer.")]
    assert tasks[0].url == f"/projects/{project.pk}/partner/?period=2026-05-01"
    assert partner_review_tasks(personas.organisation, personas.viewer, on=TODAY) == []
    # the project's first month has no "last month" yet
    assert review_due(project, on=date(2026, 1, 20)) is None
    assert review_due(project, on=date(2026, 2, 1)) == date(2026, 1, 1)
    services.partner_review_set(actor=personas.owner, project=project, period=date(2026, 5, 1), scores=SCORES)
    assert partner_review_tasks(personas.organisation, personas.owner, on=TODAY) == []
    assert review_due(project, on=date(2026, 7, 1)) == date(2026, 6, 1)


def test_a_stopped_project_asks_for_no_review(personas: Personas, project: Project) -> None:
    first = selectors.phase_rows(project, on=TODAY)[0]
    services.gate_decide(actor=personas.owner, gate=first.gate, outcome="stop", rationale="Stop.", decided_on=TODAY)
    assert review_due(project, on=TODAY) is None
    assert gate_tasks(personas.organisation, personas.owner, on=TODAY) == []


def test_the_review_link_opens_the_form_on_that_month(personas: Personas, project: Project) -> None:
    client = personas.client("owner")
    page = client.get(f"/projects/{project.pk}/partner/?period=2026-05-01").content.decode()
    assert 'value="2026-05-01"' in page
    future = client.get(f"/projects/{project.pk}/partner/?period=2026-09-01").content.decode()
    assert 'value="2026-06-01"' in future
    junk = client.get(f"/projects/{project.pk}/partner/?period=%00x").content.decode()
    assert 'value="2026-06-01"' in junk
