"""The "KPI measurement due" message (issue 13 point 4): queued through the outbox by its periodic
run to the KPI's measurer, once per KPI and due date, in the measurer's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partnerwijzer import logsafety
from partnerwijzer.outbox import periodic
from partnerwijzer.outbox.models import Message
from partnerwijzer.results import services
from partnerwijzer.results.messages import measurements_due_check
from partnerwijzer.results.models import Project
from partnerwijzer.results.services import MeasurementInput
from partnerwijzer.results.tests.conftest import kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_due_measurement_is_queued_once_per_kpi_and_due_date_to_its_measurer(
    personas: Personas, project: Project,
) -> None:
    """Monthly (31 days) from the start on 1 January: due on 1 February; nobody measures the
    second KPI, so only the first one's measurer is told."""
    time = kpi(project.use_case, "Processing time")
    services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="monthly", measurer=personas.evaluator)
    assert periodic.CHECKS["results_measurements_due"] is measurements_due_check
    assert measurements_due_check(date(2026, 1, 31)) == 0  # not due yet
    assert measurements_due_check(date(2026, 2, 1)) == 1
    (message,) = Message.objects.all()
    assert message.to_email == personas.evaluator.email
    assert message.to_user == personas.evaluator
    assert message.idempotency_key == f"results.kpi_due:{time.pk}:2026-02-01"
    assert message.language == "nl"
    assert message.subject == "KPI-meting te doen: “Processing time” van “Invoice processing”"
    assert "1 februari 2026" in message.body_text
    assert f"/projects/{project.pk}/measurements/new/?kpi={time.pk}" in message.body_text
    assert not message.essential
    assert logsafety.mask(message.subject) == message.subject
    # the next run, the next day: still the same due date, nothing new
    assert measurements_due_check(date(2026, 2, 1)) == 0
    assert measurements_due_check(date(2026, 2, 5)) == 0
    assert Message.objects.count() == 1
    # measured on 3 February: the next one is due on 6 March, a new message then
    services.measurement_add(actor=personas.evaluator, row=MeasurementInput(time, date(2026, 2, 3), Decimal(11)))
    assert measurements_due_check(date(2026, 3, 5)) == 0
    assert measurements_due_check(date(2026, 3, 6)) == 1
    assert Message.objects.filter(idempotency_key=f"results.kpi_due:{time.pk}:2026-03-06").exists()


def test_the_message_is_in_the_measurers_language(personas: Personas, project: Project) -> None:
    personas.evaluator.language = "de"
    personas.evaluator.save(update_fields=["language"])
    time = kpi(project.use_case, "Processing time")
    services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="weekly", measurer=personas.evaluator)
    assert measurements_due_check(date(2026, 6, 15)) == 1
    message = Message.objects.get()
    assert message.language == "de"
    assert message.subject == "KPI-Messung fällig: „Processing time“ in „Invoice processing“"
