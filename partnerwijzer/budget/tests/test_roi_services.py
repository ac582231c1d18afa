"""Return settings and benefit services: validation with clear messages, nothing stored on bad
input, Decimal amounts, audit events."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.models import BenefitLine, Budget
from partnerwijzer.budget.returns.services import benefit_create, benefit_delete, benefit_update, return_settings_update
from partnerwijzer.planning.models import Kpi, UseCase
from tests.personas import Personas

pytestmark = pytest.mark.usefixtures("english")  # texts in English (tests/fixtures.py)


SETTINGS = {"horizon_months": 36, "go_live_month": 6, "ramp_months": 6, "discount_rate": Decimal(6)}


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# --- Return settings -------------------------------------------------------------------------------


def test_settings_create_the_budget_and_are_audited(personas: Personas, use_case: UseCase) -> None:
    budget = return_settings_update(
        actor=personas.owner, use_case=use_case, horizon_months=48, go_live_month=9, ramp_months=4,
        discount_rate=Decimal("7.5"),
    )
    budget.refresh_from_db()
    assert (budget.horizon_months, budget.go_live_month, budget.ramp_months) == (48, 9, 4)
    assert budget.discount_rate == Decimal("7.5")
    event = AuditEvent.objects.get(action="budget.return_settings_update")
    assert event.changes["horizon_months"] == [36, 48]
    assert event.changes["discount_rate"] == ["6", "7.5"]


def test_unchanged_settings_record_nothing(personas: Personas, use_case: UseCase) -> None:
    return_settings_update(actor=personas.owner, use_case=use_case, **SETTINGS)
    assert not AuditEvent.objects.filter(action="budget.return_settings_update").exists()


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"horizon_months": 11}, "horizon_months", "between 12 and 120 months"),
        ({"horizon_months": 121}, "horizon_months", "between 12 and 120 months"),
        ({"go_live_month": 36}, "go_live_month", "at most month 35 for a horizon of 36 months"),
        ({"go_live_month": 40}, "go_live_month", "within the horizon"),
        ({"go_live_month": -1}, "go_live_month", "cannot be negative"),
        ({"ramp_months": 61}, "ramp_months", "between 0 and 60"),
        ({"ramp_months": -1}, "ramp_months", "between 0 and 60"),
        ({"discount_rate": Decimal("50.01")}, "discount_rate", "between 0 and 50"),
        ({"discount_rate": Decimal(-1)}, "discount_rate", "between 0 and 50"),
        ({"horizon_months": "twelve"}, "horizon_months", "whole number"),
        ({"horizon_months": 24.5}, "horizon_months", "whole number"),
        ({"discount_rate": "abc"}, "discount_rate", "as a number"),
    ],
)
def test_invalid_settings_give_a_clear_message_and_store_nothing(
    personas: Personas, use_case: UseCase, changes: dict[str, Any], field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        return_settings_update(actor=personas.owner, use_case=use_case, **{**SETTINGS, **changes})
    assert text in " ".join(_messages(caught.value)[field])
    assert not Budget.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("horizon", "go_live"), [(12, 11), (120, 119), (12, 0)])
def test_settings_at_their_limits_are_accepted(
    personas: Personas, use_case: UseCase, horizon: int, go_live: int
) -> None:
    budget = return_settings_update(
        actor=personas.owner, use_case=use_case, horizon_months=horizon, go_live_month=go_live, ramp_months=0,
        discount_rate=Decimal(0),
    )
    assert (budget.horizon_months, budget.go_live_month) == (horizon, go_live)


def test_an_invalid_change_leaves_the_saved_settings(personas: Personas, use_case: UseCase) -> None:
    return_settings_update(actor=personas.owner, use_case=use_case, **{**SETTINGS, "horizon_months": 48})
    with pytest.raises(ValidationError):
        return_settings_update(actor=personas.owner, use_case=use_case, **{**SETTINGS, "go_live_month": 60})
    budget = Budget.objects.get()
    assert (budget.horizon_months, budget.go_live_month) == (48, 6)


# --- Benefits --------------------------------------------------------------------------------------


def _benefit(personas: Personas, use_case: UseCase, **changes: Any) -> BenefitLine:
    fields: dict[str, Any] = {
        "name": "Faster quotes", "factor": "productivity", "method": "hours", "low": Decimal(200),
        "likely": Decimal(300), "high": Decimal(500), "unit_value": Decimal("65.50"),
    }
    fields.update(changes)
    return benefit_create(actor=personas.owner, use_case=use_case, **fields)


def test_benefit_amounts_are_decimal_volume_times_unit_value(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case)
    benefit = BenefitLine.objects.get(pk=benefit.pk)
    assert benefit.amount_low == Decimal("13100.00")
    assert benefit.amount_likely == Decimal("19650.00")
    assert benefit.amount_high == Decimal("32750.00")
    assert all(isinstance(v, Decimal) for v in (benefit.amount_low, benefit.amount_likely, benefit.amount_high))
    event = AuditEvent.objects.get(action="benefit.create")
    assert event.changes["unit_value"] == "65.5"
    assert Budget.objects.get().use_case == use_case


def test_an_amount_benefit_has_unit_value_one(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case, method="amount", unit_value=Decimal(99), low=Decimal(1000),
                       likely=Decimal(2000), high=Decimal(3000))
    assert benefit.unit_value == Decimal(1)
    assert benefit.amount_high == Decimal(3000)


def test_a_benefit_can_come_from_a_kpi_of_the_same_use_case(personas: Personas, use_case: UseCase) -> None:
    kpi = Kpi.objects.create(use_case=use_case, name="Lead time", unit="hours")
    assert _benefit(personas, use_case, kpi=kpi).kpi == kpi
    other = UseCase.objects.create(organisation=personas.organisation, title="Other")
    foreign = Kpi.objects.create(use_case=other, name="Elsewhere", unit="hours")
    with pytest.raises(ValidationError) as caught:
        _benefit(personas, use_case, kpi=foreign)
    assert "this use case's KPIs" in _messages(caught.value)["kpi"][0]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"low": Decimal(400)}, "low", "cannot be above the most likely"),
        ({"high": Decimal(250)}, "high", "cannot be below the most likely"),
        ({"low": Decimal(-1)}, "low", "0 or more"),
        ({"unit_value": Decimal(-5)}, "unit_value", "cannot be negative"),
        ({"unit_value": None}, "unit_value", "value per unit"),
        ({"name": "  "}, "name", "Name the benefit"),
        ({"factor": "happiness"}, "factor", "five benefit factors"),
        ({"method": "magic"}, "method", "how the yearly amount"),
        ({"likely": "lots"}, "likely", "Enter a number"),
        ({"high": Decimal("500.123")}, "high", "two decimals"),
        ({"high": Decimal("1e13")}, "high", "too large"),
    ],
)
def test_invalid_benefits_give_a_clear_message_and_store_nothing(
    personas: Personas, use_case: UseCase, changes: dict[str, Any], field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _benefit(personas, use_case, **changes)
    assert text in " ".join(_messages(caught.value)[field])
    assert not BenefitLine.objects.exists()
    assert not Budget.objects.exists()
    assert not AuditEvent.objects.exists()


def test_low_equal_likely_equal_high_is_a_point_estimate(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case, low=Decimal(300), likely=Decimal(300), high=Decimal(300))
    assert benefit.amount_low == benefit.amount_high


def test_update_changes_only_given_fields_and_is_audited(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case)
    benefit_update(actor=personas.owner, benefit=benefit, high=Decimal(600), factor="cost_savings")
    benefit.refresh_from_db()
    assert (benefit.high, benefit.factor, benefit.low) == (Decimal(600), "cost_savings", Decimal(200))
    event = AuditEvent.objects.get(action="benefit.update")
    assert event.changes == {"high": ["500", "600"], "factor": ["productivity", "cost_savings"]}


def test_invalid_update_keeps_the_row_and_the_instance(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case)
    with pytest.raises(ValidationError):
        benefit_update(actor=personas.owner, benefit=benefit, low=Decimal(1000))
    assert benefit.low == Decimal(200)
    benefit.refresh_from_db()
    assert benefit.low == Decimal(200)
    with pytest.raises(ValidationError):
        benefit_update(actor=personas.owner, benefit=benefit, position=3)
    assert not AuditEvent.objects.filter(action="benefit.update").exists()


def test_delete_is_audited(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case)
    benefit_delete(actor=personas.owner, benefit=benefit)
    assert not BenefitLine.objects.exists()
    assert AuditEvent.objects.get(action="benefit.delete").changes["name"] == "Faster quotes"
