"""KPIs on the use case: add (inline form), edit and delete, per persona."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.planning.usecases.services import kpi_create, use_case_create
from tests.personas import Personas

VALID = {
    "name": "Unplanned downtime", "unit": "hours per month", "direction": "lower", "baseline_value": "42",
    "baseline_method": "Maintenance log, January–June 2026", "baseline_date": "2026-06-30", "target_value": "29",
    "target_date": "2027-12-31", "measurement_method": "Monthly from the maintenance log",
}


@pytest.fixture
def use_case(personas: Personas) -> UseCase:
    return use_case_create(actor=personas.owner, organisation=personas.organisation, title="Predictive maintenance")


def test_owner_adds_a_kpi(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(reverse("planning:kpi_create", args=[use_case.pk]), VALID)
    assert response.status_code == 302
    assert response["Location"].endswith("#kpis")
    kpi = Kpi.objects.get()
    assert (kpi.use_case, kpi.baseline_value, kpi.target_value, str(kpi.target_date)) == (
        use_case, Decimal(42), Decimal(29), "2027-12-31",
    )


def test_dutch_decimal_comma_is_understood(personas: Personas, use_case: UseCase) -> None:
    data = {**VALID, "baseline_value": "42,5", "target_value": "29,25"}
    response = personas.client("owner").post(reverse("planning:kpi_create", args=[use_case.pk]), data)
    assert response.status_code == 302
    assert Kpi.objects.get().baseline_value == Decimal("42.5")


def test_a_target_on_the_wrong_side_is_explained_at_the_field(personas: Personas, use_case: UseCase) -> None:
    data = {**VALID, "target_value": "50"}
    response = personas.client("owner").post(reverse("planning:kpi_create", args=[use_case.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_target_value"' in html
    assert 'value="Unplanned downtime"' in html
    assert not Kpi.objects.exists()


def test_owner_edits_and_deletes(personas: Personas, use_case: UseCase) -> None:
    kpi = kpi_create(actor=personas.owner, use_case=use_case, name="Downtime", unit="h", baseline_value=42)
    client = personas.client("owner")
    edit = reverse("planning:kpi_update", args=[kpi.pk])
    assert 'value="42"' in client.get(edit).content.decode()
    response = client.post(edit, {**VALID, "name": "Downtime", "target_value": "30"})
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.target_value == Decimal(30)
    delete = reverse("planning:kpi_delete", args=[kpi.pk])
    assert "button--danger" in client.get(delete).content.decode()
    assert Kpi.objects.exists()
    client.post(delete)
    assert not Kpi.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_others_cannot_write_kpis(personas: Personas, use_case: UseCase, persona: str, status: int) -> None:
    kpi = kpi_create(actor=personas.owner, use_case=use_case, name="Downtime", unit="h")
    client = personas.client(persona)
    assert client.post(reverse("planning:kpi_create", args=[use_case.pk]), VALID).status_code == status
    assert client.post(reverse("planning:kpi_update", args=[kpi.pk]), VALID).status_code == status
    assert client.post(reverse("planning:kpi_delete", args=[kpi.pk])).status_code == status
    kpi.refresh_from_db()
    assert kpi.name == "Downtime"
    assert Kpi.objects.count() == 1
