"""The results services: starting a project, gates and their immutable decisions, measurements
(one, a correction, an upload that is all or nothing) and actual costs. Every write is audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.results import services
from partnerwijzer.results.models import (
    ActualCost,
    Gate,
    GateDecision,
    KpiPlan,
    Measurement,
    Phase,
    PhaseKey,
    Project,
)
from partnerwijzer.results.services import MeasurementInput
from partnerwijzer.results.tests.conftest import START, TODAY, kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_start_creates_the_guides_five_phases_with_gates_and_a_plan_per_kpi(project: Project) -> None:
    phases = list(Phase.objects.filter(project=project))
    assert [p.key for p in phases] == [PhaseKey.ANALYSIS, PhaseKey.PROOF_OF_CONCEPT, PhaseKey.PILOT,
                                       PhaseKey.ROLLOUT, PhaseKey.OPERATION]
    assert phases[0].planned_start == START
    assert phases[0].planned_end == date(2026, 1, 31)
    assert phases[1].planned_start == date(2026, 2, 1)
    assert phases[1].planned_end == date(2026, 4, 30)
    assert sum(p.budget_share for p in phases) == 100
    assert Gate.objects.filter(phase__project=project).count() == 5
    assert KpiPlan.objects.filter(kpi__use_case=project.use_case).count() == 2
    assert project.partner_name == "Acme AI"
    assert project.candidate is not None
    assert AuditEvent.objects.filter(action="results.project_start", target_id=str(project.pk)).exists()


def test_start_without_a_selection_needs_the_partners_name(personas: Personas, use_case: UseCase) -> None:
    with pytest.raises(ValidationError) as error:
        services.project_start(actor=personas.owner, use_case=use_case, candidate=None, partner_name=" ",
                               start_date=START)
    assert "partner_name" in error.value.message_dict
    project = services.project_start(actor=personas.owner, use_case=use_case, candidate=None,
                                     partner_name="Data Partners BV", start_date=START)
    assert project.candidate is None
    assert project.partner_name == "Data Partners BV"


def test_a_use_case_has_one_project(project: Project, personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.project_start(actor=personas.owner, use_case=project.use_case, candidate=None, partner_name="X",
                               start_date=START)
    assert Project.objects.count() == 1


def test_a_gate_decision_is_superseded_never_edited(project: Project, personas: Personas) -> None:
    gate = Gate.objects.get(phase__project=project, phase__key=PhaseKey.ANALYSIS)
    first = services.gate_decide(actor=personas.owner, gate=gate, outcome="go_with_changes",
                                 rationale="Data quality plan first.", decided_on=date(2026, 2, 2))
    second = services.gate_decide(actor=personas.owner, gate=gate, outcome="go", rationale="Plan agreed.",
                                  decided_on=date(2026, 2, 9))
    first.refresh_from_db()
    assert first.outcome == "go_with_changes"
    assert first.superseded_by == second
    assert GateDecision.objects.filter(gate=gate).count() == 2
    first.rationale = "rewritten"
    with pytest.raises(ValueError, match="never edited"):
        first.save()
    events = AuditEvent.objects.filter(action="results.gate_decide").order_by("created_at")
    assert [e.changes["outcome"][1] for e in events] == ["go_with_changes", "go"]


def test_gate_decision_needs_a_reason_and_a_date_not_in_the_future(project: Project, personas: Personas) -> None:
    gate = Gate.objects.get(phase__project=project, phase__key=PhaseKey.ANALYSIS)
    with pytest.raises(ValidationError) as error:
        services.gate_decide(actor=personas.owner, gate=gate, outcome="go", rationale="", decided_on=TODAY)
    assert "rationale" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.gate_decide(actor=personas.owner, gate=gate, outcome="go", rationale="ok",
                             decided_on=date(2026, 7, 1))
    assert "decided_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.gate_decide(actor=personas.owner, gate=gate, outcome="maybe", rationale="ok", decided_on=TODAY)
    assert not GateDecision.objects.exists()


def test_gate_criteria_refer_to_the_use_cases_kpi_objects(project: Project, personas: Personas) -> None:
    gate = Gate.objects.get(phase__project=project, phase__key=PhaseKey.PROOF_OF_CONCEPT)
    time = kpi(project.use_case, "Processing time")
    services.gate_update(actor=personas.owner, gate=gate, burn_limit_percent=Decimal(110), open_risks="Data access",
                         free_criteria="", thresholds={time: Decimal("8")})
    assert gate.kpi_criteria.get().kpi == time
    other = UseCase.objects.create(organisation=personas.organisation, title="Other")
    foreign = other.kpis.create(name="Foreign", unit="x")
    with pytest.raises(ValidationError):
        services.gate_update(actor=personas.owner, gate=gate, burn_limit_percent=None, open_risks="",
                             free_criteria="", thresholds={foreign: Decimal(1)})
    services.gate_update(actor=personas.owner, gate=gate, burn_limit_percent=None, open_risks="", free_criteria="",
                         thresholds={time: None})
    assert not gate.kpi_criteria.exists()


def test_measurements_refuse_future_dates_and_non_numbers(project: Project, personas: Personas) -> None:
    time = kpi(project.use_case, "Processing time")
    with pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(time, date(2026, 6, 16), Decimal(10)))
    assert "measured_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(time, TODAY, Decimal("NaN")))
    assert "value" in error.value.message_dict
    services.measurement_add(actor=personas.owner, row=MeasurementInput(time, TODAY, Decimal("10.5")))
    with pytest.raises(ValidationError):  # one value per KPI and day: correct it instead
        services.measurement_add(actor=personas.owner, row=MeasurementInput(time, TODAY, Decimal("9")))
    assert Measurement.objects.get().value == Decimal("10.5")


@pytest.fixture
def english() -> Iterator[None]:
    """The messages in English (the tests' default language is Dutch)."""
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_measurements_refuse_values_outside_the_kpis_bounds_in_the_users_language(project: Project,
                                                                                  personas: Personas) -> None:
    time, ftr = kpi(project.use_case, "Processing time"), kpi(project.use_case, "First-time right")
    with pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(ftr, TODAY, Decimal("100.5")))
    assert error.value.message_dict["value"] == [
        "“First-time right” is a percentage: a percentage lies between 0 and 100."]
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(ftr, TODAY, Decimal(-1)))
    assert error.value.message_dict["value"] == [
        "“First-time right” is een percentage: een percentage ligt tussen 0 en 100."]
    with translation.override("de"), pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(time, TODAY, Decimal("-0.5")))
    assert error.value.message_dict["value"] == [
        "„Processing time“ kann nicht negativ sein: Geben Sie 0 oder mehr ein."]
    assert not Measurement.objects.exists()
    assert not AuditEvent.objects.filter(action="results.measurement_add").exists()
    # The bounds themselves: 0 and 100 are percentages, a large count is fine.
    services.measurement_add(actor=personas.owner, row=MeasurementInput(ftr, date(2026, 6, 1), Decimal(100)))
    services.measurement_add(actor=personas.owner, row=MeasurementInput(ftr, date(2026, 6, 2), Decimal(0)))
    services.measurement_add(actor=personas.owner, row=MeasurementInput(time, TODAY, Decimal(500)))
    assert Measurement.objects.count() == 3


@pytest.mark.usefixtures("english")
def test_a_kpi_whose_figures_cross_a_bound_has_none(project: Project, personas: Personas) -> None:
    """A growth rate in % whose target exceeds 100 is still never negative; a balance with a
    negative baseline takes any value."""
    growth = Kpi.objects.create(use_case=project.use_case, name="Growth", unit="%", direction="higher",
                                baseline_value=Decimal(50), target_value=Decimal(150), position=2)
    balance = Kpi.objects.create(use_case=project.use_case, name="Balance", unit="€", direction="higher",
                                 baseline_value=Decimal(-20), target_value=Decimal(10), position=3)
    services.measurement_add(actor=personas.owner, row=MeasurementInput(growth, TODAY, Decimal(180)))
    services.measurement_add(actor=personas.owner, row=MeasurementInput(balance, TODAY, Decimal(-40)))
    with pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(growth, date(2026, 6, 1), Decimal(-1)))
    assert error.value.message_dict["value"] == ["“Growth” cannot be negative: enter 0 or more."]
    negative_pct = Kpi.objects.create(use_case=project.use_case, name="Margin", unit="procent", direction="higher",
                                      baseline_value=Decimal(-5), target_value=Decimal(10), position=4)
    with pytest.raises(ValidationError) as error:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(negative_pct, TODAY, Decimal(101)))
    assert error.value.message_dict["value"] == ["“Margin” is a percentage: a percentage is at most 100."]
    assert Measurement.objects.count() == 2


@pytest.mark.usefixtures("english")
def test_a_correction_outside_the_bounds_is_refused_and_changes_nothing(project: Project,
                                                                       personas: Personas) -> None:
    ftr = kpi(project.use_case, "First-time right")
    measurement = services.measurement_add(actor=personas.owner, row=MeasurementInput(ftr, TODAY, Decimal(90)))
    with pytest.raises(ValidationError) as error:
        services.measurement_correct(actor=personas.owner, measurement=measurement, value=Decimal(900),
                                     source="", note="")
    assert "between 0 and 100" in error.value.message_dict["value"][0]
    measurement.refresh_from_db()
    assert measurement.value == Decimal(90)
    assert not AuditEvent.objects.filter(action="results.measurement_correct").exists()
    # Its own old value does not widen the bounds: a value stored before the rule (120) is
    # corrected into them, and then cannot go back.
    Measurement.objects.filter(pk=measurement.pk).update(value=Decimal(120))
    measurement.refresh_from_db()
    services.measurement_correct(actor=personas.owner, measurement=measurement, value=Decimal(120),
                                 source="", note="Unchanged value, note only")
    services.measurement_correct(actor=personas.owner, measurement=measurement, value=Decimal(92), source="",
                                 note="")
    with pytest.raises(ValidationError):
        services.measurement_correct(actor=personas.owner, measurement=measurement, value=Decimal(120),
                                     source="", note="")
    measurement.refresh_from_db()
    assert measurement.value == Decimal(92)


@pytest.mark.usefixtures("english")
def test_an_upload_with_a_value_outside_the_bounds_names_the_row_and_stores_nothing(project: Project,
                                                                                    personas: Personas) -> None:
    time, ftr = kpi(project.use_case, "Processing time"), kpi(project.use_case, "First-time right")
    rows = [(2, MeasurementInput(time, date(2026, 2, 1), Decimal(11))),
            (3, MeasurementInput(ftr, date(2026, 2, 1), Decimal(101))),
            (4, MeasurementInput(time, date(2026, 3, 1), Decimal(-2)))]
    with pytest.raises(services.UploadRowsError) as error:
        services.measurements_import(actor=personas.owner, project=project, rows=rows)
    assert error.value.rows == {
        3: ["“First-time right” is a percentage: a percentage lies between 0 and 100."],
        4: ["“Processing time” cannot be negative: enter 0 or more."]}
    assert not Measurement.objects.exists()


def test_a_correction_keeps_the_old_value_in_the_audit_log(project: Project, personas: Personas) -> None:
    time = kpi(project.use_case, "Processing time")
    measurement = services.measurement_add(actor=personas.owner, row=MeasurementInput(time, TODAY, Decimal("10.5")))
    services.measurement_correct(actor=personas.viewer, measurement=measurement, value=Decimal("9.5"),
                                 source="ERP export", note="Typo")
    measurement.refresh_from_db()
    assert measurement.value == Decimal("9.5")
    event = AuditEvent.objects.get(action="results.measurement_correct")
    assert event.changes["value"] == ["10.5000", "9.5000"]


def test_an_upload_stores_every_row_or_none(project: Project, personas: Personas) -> None:
    time, ftr = kpi(project.use_case, "Processing time"), kpi(project.use_case, "First-time right")
    good = [(2, MeasurementInput(time, date(2026, 2, 1), Decimal(11))),
            (3, MeasurementInput(ftr, date(2026, 2, 1), Decimal(82)))]
    bad = [*good, (4, MeasurementInput(time, date(2026, 7, 1), Decimal(10))),
           (5, MeasurementInput(time, date(2026, 2, 1), Decimal(10)))]
    with pytest.raises(services.UploadRowsError) as error:
        services.measurements_import(actor=personas.owner, project=project, rows=bad)
    assert sorted(error.value.rows) == [4, 5]
    assert not Measurement.objects.exists()
    assert services.measurements_import(actor=personas.owner, project=project, rows=good) == 2
    assert Measurement.objects.count() == 2


def test_actual_costs_use_the_budgets_categories_and_replace_a_months_amount(project: Project,
                                                                              personas: Personas) -> None:
    categories = ["development", "other"]
    with pytest.raises(ValidationError) as error:
        services.actual_cost_set(actor=personas.owner, project=project, category="coffee", categories=categories,
                                 month=date(2026, 2, 1), amount=Decimal(10))
    assert "category" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.actual_cost_set(actor=personas.owner, project=project, category="other", categories=categories,
                                 month=date(2026, 2, 1), amount=Decimal(-1))
    with pytest.raises(ValidationError):
        services.actual_cost_set(actor=personas.owner, project=project, category="other", categories=categories,
                                 month=date(2026, 7, 1), amount=Decimal(1))
    services.actual_cost_set(actor=personas.owner, project=project, category="development", categories=categories,
                             month=date(2026, 2, 17), amount=Decimal(12000))
    cost = services.actual_cost_set(actor=personas.owner, project=project, category="development",
                                    categories=categories, month=date(2026, 2, 1), amount=Decimal(13000))
    assert ActualCost.objects.get() == cost
    assert cost.month == date(2026, 2, 1)
    assert cost.amount == 13000
    event = AuditEvent.objects.filter(action="results.actual_cost_set").order_by("-created_at").first()
    assert event is not None
    assert event.changes["amount"] == ["12000.00", "13000.00"]


def test_the_measurer_must_be_a_member(project: Project, personas: Personas) -> None:
    time = kpi(project.use_case, "Processing time")
    with pytest.raises(ValidationError):
        services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="monthly", measurer=personas.outsider)
    plan = services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="weekly", measurer=personas.viewer)
    assert plan.measurer == personas.viewer
    assert plan.frequency == "weekly"


@pytest.mark.parametrize(("go_live_month", "ramp_months", "fixed"), [(4, 3, False), (2, 1, True)])
def test_a_benefit_counts_as_measured_only_after_its_ramp_up(  # noqa: PLR0917 (fixtures and parameters)
    personas: Personas, project: Project, budget: Any, monkeypatch: pytest.MonkeyPatch,
    go_live_month: int, ramp_months: int, fixed: bool,
) -> None:
    """Six months in (January to June): with go-live in month 4 and a 3-month ramp-up the measured
    rate is not yet the full benefit, so the re-estimate keeps the benefit's planned range (only
    its realised months count); with go-live in month 2 and a 1-month ramp-up it is fixed."""
    from partnerwijzer.results import selectors

    budget.go_live_month, budget.ramp_months = go_live_month, ramp_months
    budget.save(update_fields=["go_live_month", "ramp_months"])
    time = kpi(project.use_case, "Processing time")
    for day, value in ((date(2026, 2, 1), Decimal(10)), (date(2026, 4, 1), Decimal(8)), (date(2026, 6, 1), Decimal(6))):
        services.measurement_add(actor=personas.owner, row=MeasurementInput(time, day, value))
    seen: list[dict[str, float]] = []
    real = selectors.dcr.conditioned_roi

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(dict(kwargs["measured_benefits"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors.dcr, "conditioned_roi", spy)
    selectors._conditioned.cache_clear()
    result = selectors.realised_return(project, on=TODAY)
    assert result is not None
    assert len(result.rows) == 1
    assert seen
    assert bool(seen[0]) is fixed
    if fixed:
        name = f"benefit:{budget.benefits.get().pk}"
        assert seen[0] == {name: pytest.approx(float(result.rows[0].yearly_now), abs=0.01)}


def test_the_audit_log_stores_null_for_an_absent_value_not_the_text_none(project: Project,
                                                                         personas: Personas) -> None:
    """str(None) stored the text "None" for a burn limit set or removed, which the audit page showed
    (and an export carried) as if it were a value."""
    gate = Gate.objects.get(phase__project=project, phase__key=PhaseKey.PILOT)
    gate.burn_limit_percent = None
    gate.save()
    services.gate_update(actor=personas.owner, gate=gate, burn_limit_percent=Decimal(110), open_risks="",
                         free_criteria="", thresholds={})
    services.gate_update(actor=personas.owner, gate=gate, burn_limit_percent=None, open_risks="",
                         free_criteria="", thresholds={})
    events = AuditEvent.objects.filter(action="results.gate_update", target_id=str(gate.pk)).order_by("created_at")
    assert [e.changes["burn_limit_percent"] for e in events] == [[None, "110.00"], ["110.00", None]]
    for event in AuditEvent.objects.filter(action__startswith="results."):
        for change in event.changes.values():
            assert "None" not in (change if isinstance(change, list) else [change]), event.action
