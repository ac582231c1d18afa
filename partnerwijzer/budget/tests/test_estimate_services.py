"""Estimate services: starting from the guide's ranges, cost lines, buffer, internal effort and
hidden costs; validation with nothing stored on bad input, Decimal arithmetic, and the audit log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.estimate import services
from partnerwijzer.budget.models import Budget, CostKind, CostLine, EffortRole, HiddenCost
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import AiExperience, CompanyProfile, UseCase
from tests.personas import Personas


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("created_at", "id").values_list("action", flat=True))


# --- start from the guide ------------------------------------------------------------------------


def test_start_creates_the_guides_five_categories_and_running_cost(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    lines = {line.category: line for line in budget.cost_lines.all()}
    assert set(lines) == {*cost_reference.CATEGORY_KEYS, "running"}
    data = cost_reference.load()
    for category in data.categories:
        line = lines[category.key]
        assert line.kind == CostKind.ONE_OFF
        assert line.low == Decimal(str(category.typical.low))
        assert line.high == Decimal(str(category.typical.high))
        assert line.likely == (line.low + line.high) / 2
        assert line.name == ""
    assert lines["strategy"].likely == Decimal("35000.00")
    running = lines["running"]
    assert running.kind == CostKind.RUNNING
    assert (running.low, running.likely, running.high) == (Decimal(20000), Decimal(40000), Decimal(60000))
    # Ordered as in the guide.
    assert [line.category for line in budget.cost_lines.filter(kind=CostKind.ONE_OFF)] == list(
        cost_reference.CATEGORY_KEYS)
    assert _actions() == ["budget.created", "budget.estimate_start"]


def test_start_again_only_adds_what_is_missing(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    strategy = budget.cost_lines.get(category="strategy")
    services.cost_line_update(actor=personas.owner, line=strategy, low=Decimal(1), likely=Decimal(2), high=Decimal(3))
    budget.cost_lines.get(category="data").delete()
    services.estimate_start(actor=personas.owner, use_case=use_case)
    assert budget.cost_lines.count() == 6
    strategy.refresh_from_db()
    assert strategy.high == Decimal(3)  # kept, not reset
    event = AuditEvent.objects.filter(action="budget.estimate_start").order_by("-created_at").first()
    assert event is not None
    assert event.changes == {"categories": ["data"]}
    count = AuditEvent.objects.count()
    services.estimate_start(actor=personas.owner, use_case=use_case)
    assert AuditEvent.objects.count() == count  # nothing missing: nothing to record


def test_first_project_gets_the_higher_buffer(personas: Personas, use_case: UseCase) -> None:
    assert services.estimate_start(actor=personas.owner, use_case=use_case).buffer_percent == Decimal(30)
    other = UseCase.objects.create(organisation=personas.organisation, title="Second")
    CompanyProfile.objects.create(organisation=personas.organisation, ai_experience=AiExperience.SEVERAL)
    assert services.estimate_start(actor=personas.owner, use_case=other).buffer_percent == Decimal(20)


# --- cost lines ----------------------------------------------------------------------------------


def test_own_line_is_stored_as_decimal_and_audited(personas: Personas, use_case: UseCase) -> None:
    line = services.cost_line_create(
        actor=personas.owner, use_case=use_case, kind="running", name=" Licences ", low="1000.005",
        likely=Decimal("1500.1"), high=3000,
    )
    line.refresh_from_db()
    assert (line.name, line.kind, line.category) == ("Licences", "running", "")
    assert line.low == Decimal("1000.01")
    assert isinstance(line.low, Decimal)
    assert line.likely == Decimal("1500.10")
    assert line.high == Decimal("3000.00")
    event = AuditEvent.objects.get(action="budget.cost_line_create")
    assert event.changes["low"] == "1000.01"
    assert event.organisation == personas.organisation


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"low": 10, "likely": 5, "high": 20}, "likely"),
        ({"low": 10, "likely": 30, "high": 20}, "high"),
        ({"low": 30, "likely": 20, "high": 10}, "low"),
        ({"low": -1, "likely": 5, "high": 20}, "low"),
        ({"low": "abc", "likely": 5, "high": 20}, "low"),
        ({"low": "NaN", "likely": 5, "high": 20}, "low"),
        ({"low": 1, "likely": 5, "high": "1e20"}, "high"),
        ({"low": None, "likely": 5, "high": 20}, "low"),
        ({"low": 1, "likely": 5, "high": 20, "name": ""}, "name"),
        ({"low": 1, "likely": 5, "high": 20, "kind": "monthly"}, "kind"),
        ({"low": 1, "likely": 5, "high": 20, "name": "x" * 151}, "name"),
    ],
    ids=["likely-below-low", "high-below-likely", "low-above-high", "negative", "text", "nan", "too-large",
         "missing", "no-name", "bad-kind", "long-name"],
)
def test_invalid_line_is_refused_and_nothing_is_stored(
    personas: Personas, use_case: UseCase, fields: dict[str, object], field: str
) -> None:
    data = {"name": "Licences", **fields}
    with pytest.raises(ValidationError) as exc:
        services.cost_line_create(actor=personas.owner, use_case=use_case, **data)
    assert field in exc.value.message_dict
    assert all(message for message in exc.value.message_dict[field])
    assert not CostLine.objects.exists()
    assert not Budget.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ((60000, 40000, 30000), {"low": ["Low must not be higher than high."]}),  # low and high swapped
        ((60000, 70000, 30000), {"low": ["Low must not be higher than high."]}),
        ((60000, 20000, 30000), {"low": ["Low must not be higher than high."]}),
        ((20000, 10000, 30000), {"likely": ["The most likely amount cannot be below the low amount."]}),
        ((20000, 40000, 30000), {"high": ["The high amount cannot be below the most likely amount."]}),
    ],
    ids=["swapped", "likely-above-both", "likely-below-both", "likely-below-low", "high-below-likely"],
)
def test_a_range_in_the_wrong_order_gets_one_message(
    personas: Personas, use_case: UseCase, amounts: tuple[int, int, int], expected: dict[str, list[str]]
) -> None:
    low, likely, high = amounts
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.cost_line_create(actor=personas.owner, use_case=use_case, name="Licences", low=low, likely=likely,
                                  high=high)
    assert exc.value.message_dict == expected
    assert not CostLine.objects.exists()


def test_a_float_is_a_programming_error(personas: Personas, use_case: UseCase) -> None:
    with pytest.raises(TypeError, match="Decimal, not float"):
        services.cost_line_create(actor=personas.owner, use_case=use_case, name="x", low=0.1, likely=1, high=2)


def test_update_keeps_other_fields_and_a_guide_line_its_kind(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    line = budget.cost_lines.get(category="data")
    services.cost_line_update(actor=personas.owner, line=line, likely=Decimal(45000), kind="running", note="Quote A")
    line.refresh_from_db()
    assert (line.low, line.likely, line.high, line.kind, line.note) == (
        Decimal(30000), Decimal(45000), Decimal(70000), CostKind.ONE_OFF, "Quote A")
    event = AuditEvent.objects.get(action="budget.cost_line_update")
    assert event.changes == {"likely": ["50000.00", "45000.00"], "note": ["", "Quote A"]}


def test_invalid_update_changes_nothing(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    line = budget.cost_lines.get(category="data")
    with pytest.raises(ValidationError):
        services.cost_line_update(actor=personas.owner, line=line, likely=Decimal(90000))
    assert line.likely == Decimal(50000)  # the instance too
    line.refresh_from_db()
    assert line.likely == Decimal(50000)
    assert not AuditEvent.objects.filter(action="budget.cost_line_update").exists()


def test_delete_line_is_audited(personas: Personas, use_case: UseCase) -> None:
    line = services.cost_line_create(actor=personas.owner, use_case=use_case, name="x", low=1, likely=1, high=1)
    services.cost_line_delete(actor=personas.owner, line=line)
    assert not CostLine.objects.exists()
    assert AuditEvent.objects.get(action="budget.cost_line_delete").changes["name"] == "x"


# --- buffer --------------------------------------------------------------------------------------


def test_buffer_set_and_refused_outside_0_100(personas: Personas, use_case: UseCase) -> None:
    budget = services.buffer_set(actor=personas.owner, use_case=use_case, buffer_percent=Decimal("25.5"))
    assert budget.buffer_percent == Decimal("25.50")
    for bad in (Decimal(-1), Decimal(101), ""):
        with pytest.raises(ValidationError) as exc:
            services.buffer_set(actor=personas.owner, use_case=use_case, buffer_percent=bad)
        assert "buffer_percent" in exc.value.message_dict
    budget.refresh_from_db()
    assert budget.buffer_percent == Decimal("25.50")
    assert AuditEvent.objects.get(action="budget.buffer_set").changes == {"buffer_percent": ["30", "25.50"]}


# --- internal effort -----------------------------------------------------------------------------


def test_share_basis_computes_hours_in_decimal(personas: Personas, use_case: UseCase) -> None:
    role = services.effort_role_create(
        actor=personas.owner, use_case=use_case, name="Maintenance planner", basis="share", people=2,
        share_low=Decimal(10), share_high=Decimal(30), weekly_hours=Decimal(40), months=6,
        hourly_rate=Decimal(65),
    )
    role.refresh_from_db()
    # 10 % x 40 h x 6 months x 52/12 weeks = 104 h; 30 % = 312 h (per person)
    assert role.hours_low == Decimal("104.0")
    assert role.hours_high == Decimal("312.0")
    assert services.hours_from_share(Decimal(15), Decimal("38.5"), 7) == Decimal("175.2")  # 175.175 rounds up
    assert isinstance(role.hours_low, Decimal)


def test_share_basis_rounds_without_float_noise() -> None:
    # 1/3 of the weeks: Decimal keeps 52/12 exact enough that 12 months of 100 % x 1 h is 52.0 hours.
    assert services.hours_from_share(Decimal(100), Decimal(1), 12) == Decimal("52.0")


def test_hours_basis_clears_the_share_fields(personas: Personas, use_case: UseCase) -> None:
    role = services.effort_role_create(
        actor=personas.owner, use_case=use_case, name="IT", basis="share", share_low=10, share_high=20,
        weekly_hours=40, months=3, hourly_rate=70,
    )
    services.effort_role_update(actor=personas.owner, role=role, basis="hours", hours_low=Decimal(50),
                                hours_high=Decimal(80))
    role.refresh_from_db()
    assert (role.basis, role.hours_low, role.hours_high, role.share_low, role.months) == (
        "hours", Decimal(50), Decimal(80), None, None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"basis": "share", "share_low": 30, "share_high": 10, "weekly_hours": 40, "months": 6}, "share_high"),
        ({"basis": "share", "share_low": 10, "share_high": 110, "weekly_hours": 40, "months": 6}, "share_high"),
        ({"basis": "share", "share_low": 10, "share_high": 20, "weekly_hours": 40}, "months"),
        ({"basis": "share", "share_low": 10, "share_high": 20, "weekly_hours": 0, "months": 6}, "weekly_hours"),
        ({"basis": "hours", "hours_low": 80, "hours_high": 50}, "hours_high"),
        ({"basis": "hours", "hours_low": 80}, "hours_high"),
        ({"basis": "days", "hours_low": 1, "hours_high": 2}, "basis"),
        ({"basis": "hours", "hours_low": 1, "hours_high": 2, "people": 0}, "people"),
        ({"basis": "hours", "hours_low": 1, "hours_high": 2, "name": " "}, "name"),
        ({"basis": "hours", "hours_low": 1, "hours_high": 2, "hourly_rate": -5}, "hourly_rate"),
    ],
    ids=["share-reversed", "share-over-100", "no-months", "no-week", "hours-reversed", "no-high", "bad-basis",
         "no-people", "no-name", "negative-rate"],
)
def test_invalid_role_is_refused_and_nothing_is_stored(
    personas: Personas, use_case: UseCase, fields: dict[str, object], field: str
) -> None:
    data = {"name": "Planner", "hourly_rate": 60, **fields}
    with pytest.raises(ValidationError) as exc:
        services.effort_role_create(actor=personas.owner, use_case=use_case, **data)
    assert field in exc.value.message_dict
    assert not EffortRole.objects.exists()
    assert not AuditEvent.objects.exists()


def test_role_delete_is_audited(personas: Personas, use_case: UseCase) -> None:
    role = services.effort_role_create(actor=personas.owner, use_case=use_case, name="IT", basis="hours",
                                       hours_low=1, hours_high=2, hourly_rate=50)
    services.effort_role_delete(actor=personas.owner, role=role)
    assert not EffortRole.objects.exists()
    assert _actions()[-1] == "budget.effort_role_delete"


# --- hidden costs --------------------------------------------------------------------------------


def test_planned_hidden_cost_needs_an_amount(personas: Personas, use_case: UseCase) -> None:
    with pytest.raises(ValidationError) as exc:
        services.hidden_cost_set(actor=personas.owner, use_case=use_case, key="retraining", status="planned")
    assert "amount" in exc.value.message_dict
    assert not HiddenCost.objects.exists()
    row = services.hidden_cost_set(actor=personas.owner, use_case=use_case, key="retraining", status="planned",
                                   amount=Decimal(8000), note="Twice a year")
    assert (row.status, row.amount, row.note) == ("planned", Decimal(8000), "Twice a year")
    # Acknowledged keeps no amount.
    row = services.hidden_cost_set(actor=personas.owner, use_case=use_case, key="retraining",
                                   status="acknowledged", amount=Decimal(8000))
    row.refresh_from_db()
    assert (row.status, row.amount) == ("acknowledged", None)
    assert HiddenCost.objects.count() == 1
    assert [a for a in _actions() if a.startswith("budget.hidden")] == ["budget.hidden_cost_set"] * 2


@pytest.mark.parametrize(
    ("key", "status", "field"),
    [("unknown", "open", "key"), ("scaling", "done", "status")],
    ids=["unknown-key", "unknown-status"],
)
def test_hidden_cost_refuses_unknown_keys_and_statuses(
    personas: Personas, use_case: UseCase, key: str, status: str, field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.hidden_cost_set(actor=personas.owner, use_case=use_case, key=key, status=status)
    assert field in exc.value.message_dict
    assert not Budget.objects.exists()
