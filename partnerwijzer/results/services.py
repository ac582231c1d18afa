"""Write actions of the results app: starting a project, its phases and gates, gate decisions,
the measurement plan, measurements (one, a correction, an upload) and actual costs.

Each service validates first, writes in one transaction and records an audit event; on bad
input it raises ``ValidationError`` with a plain-language message and changes nothing. Who may
call them is decided before, by the accessors in ``results/lookups.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.access import is_member
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.evaluation.models import SCALE_MAX, SCALE_MIN
from partnerwijzer.locking import lock_parent
from partnerwijzer.planning.models import Kpi, UseCase
from partnerwijzer.results.models import (
    REVIEW_ASPECTS,
    ActualCost,
    Frequency,
    Gate,
    GateDecision,
    GateKpiCriterion,
    GateOutcome,
    KpiPlan,
    Measurement,
    PartnerReview,
    Phase,
    PhaseKey,
    Project,
)
from partnerwijzer.sourcing.models import Candidate

TEXT_LIMIT = 5000
VALUE_LIMIT = Decimal("1e10")  # fits max_digits=14, decimal_places=4
AMOUNT_LIMIT = Decimal("1e10")

# The guide's phase plan: months each phase takes and its share of the budget (%).
DEFAULT_PHASES: tuple[tuple[PhaseKey, int, int], ...] = (
    (PhaseKey.ANALYSIS, 1, 10),
    (PhaseKey.PROOF_OF_CONCEPT, 3, 25),
    (PhaseKey.PILOT, 3, 25),
    (PhaseKey.ROLLOUT, 3, 30),
    (PhaseKey.OPERATION, 12, 10),
)


def today() -> date:
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (the day clamped to the month's length)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _audit(value: Any) -> str | None:
    """A value as the audit log stores it: text, or null when there is none (never the text "None")."""
    return None if value is None else str(value)


def _text(value: str | None, field: str, *, required: str = "", limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: required}, code="required")
    if len(text) > limit:
        raise ValidationError({field: _("Keep this under %(limit)s characters.") % {"limit": limit}}, code="too_long")
    return text


def _value(value: Decimal | None, field: str = "value") -> Decimal:
    if value is None or not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError({field: _("Enter a number, for example 12.5.")}, code="invalid")
    if abs(value) >= VALUE_LIMIT:
        raise ValidationError({field: _("This number is too large.")}, code="too_large")
    return value.quantize(Decimal("0.0001"))


def _check_past(day: date | None, field: str = "measured_on") -> date:
    if day is None:
        raise ValidationError({field: _("Enter the date, for example 2026-03-31.")}, code="required")
    if day > today():
        raise ValidationError({field: _("The date lies in the future; enter a date up to today.")}, code="future")
    return day


def _member(organisation_id: Any, user: User | None, field: str) -> None:
    if user is not None and not is_member(user, organisation_id):
        raise ValidationError({field: _("Choose a member of this organisation.")}, code="not_a_member")


# --- The project -------------------------------------------------------------------------------


def project_start(
    *, actor: User, use_case: UseCase, candidate: Candidate | None, partner_name: str = "", start_date: date | None,
    contract_reference: str = "",
) -> Project:
    """Start the project of ``use_case``: with the candidate chosen in the contract step or, for a
    company that already works with a partner, with that partner's name. Creates the guide's five
    phases from ``start_date`` (each with a gate) and a monthly measurement plan for every KPI."""
    if candidate is not None:
        selection = candidate.selection
        if selection.use_case_id != use_case.pk or selection.organisation_id != use_case.organisation_id:
            raise ValidationError({"candidate": _("Choose a partner from this use case's selection.")}, code="wrong")
        partner_name = partner_name.strip() or candidate.name
    partner_name = _text(partner_name, "partner_name", required=_("Name the partner you work with."), limit=200)
    contract_reference = _text(contract_reference, "contract_reference", limit=100)
    if start_date is None:
        raise ValidationError({"start_date": _("Enter the start date, for example 2026-03-01.")}, code="required")
    with transaction.atomic():
        lock_parent(use_case)
        if Project.objects.filter(use_case=use_case).exists():
            raise ValidationError(_("This use case's project has already started."), code="exists")
        project = Project.objects.create(
            organisation=use_case.organisation, use_case=use_case, candidate=candidate, partner_name=partner_name,
            start_date=start_date, contract_reference=contract_reference, created_by=actor,
        )
        begin = start_date
        for position, (key, months, share) in enumerate(DEFAULT_PHASES):
            end = add_months(begin, months) - timedelta(days=1)
            phase = Phase.objects.create(project=project, key=key, position=position, planned_start=begin,
                                         planned_end=end, budget_share=Decimal(share))
            Gate.objects.create(phase=phase)
            begin = end + timedelta(days=1)
        for kpi in Kpi.objects.filter(use_case=use_case):
            KpiPlan.objects.get_or_create(kpi=kpi)
        audit_record(actor=actor, organisation=use_case.organisation, action="results.project_start", target=project,
                     changes={"partner": [None, partner_name], "start_date": [None, start_date.isoformat()],
                              "candidate": [None, str(candidate.pk) if candidate else None]})
    return project


def project_update(*, actor: User, project: Project, partner_name: str, contract_reference: str) -> Project:
    partner_name = _text(partner_name, "partner_name", required=_("Name the partner you work with."), limit=200)
    contract_reference = _text(contract_reference, "contract_reference", limit=100)
    changes = {k: [getattr(project, k), v] for k, v in (("partner_name", partner_name),
                                                         ("contract_reference", contract_reference))
               if getattr(project, k) != v}
    if changes:
        with transaction.atomic():
            project.partner_name, project.contract_reference = partner_name, contract_reference
            project.save(update_fields=["partner_name", "contract_reference"])
            audit_record(actor=actor, organisation=project.organisation, action="results.project_update",
                         target=project, changes=changes)
    return project


# --- Phases and gates --------------------------------------------------------------------------


def phase_update(
    *, actor: User, phase: Phase, name: str, planned_start: date | None, planned_end: date | None,
    budget_share: Decimal | None,
) -> Phase:
    """Change a phase's name, planned dates or budget share (the shares of all phases may not
    exceed 100 %)."""
    name = _text(name, "name", limit=150)
    if planned_start is None or planned_end is None:
        raise ValidationError({"planned_end": _("Enter the planned start and end.")}, code="required")
    if planned_end < planned_start:
        raise ValidationError({"planned_end": _("The end lies before the start.")}, code="order")
    share = _value(budget_share, "budget_share")
    if share < 0 or share > 100:
        raise ValidationError({"budget_share": _("Enter a share between 0 and 100 %.")}, code="range")
    others = sum((p.budget_share for p in Phase.objects.filter(project=phase.project_id).exclude(pk=phase.pk)),
                 Decimal(0))
    if others + share > 100:
        raise ValidationError({"budget_share": _("The phases' shares would add up to more than 100 % "
                                                 "(the other phases have %(others)s %%).") % {"others": others}},
                              code="over")
    new = {"name": name, "planned_start": planned_start, "planned_end": planned_end, "budget_share": share.quantize(
        Decimal("0.01"))}
    changes = {k: [_audit(getattr(phase, k)), _audit(v)] for k, v in new.items() if getattr(phase, k) != v}
    if changes:
        with transaction.atomic():
            for k, v in new.items():
                setattr(phase, k, v)
            phase.save()
            audit_record(actor=actor, organisation=phase.project.organisation, action="results.phase_update",
                         target=phase, changes=changes)
    return phase


def gate_update(
    *, actor: User, gate: Gate, burn_limit_percent: Decimal | None, open_risks: str, free_criteria: str,
    thresholds: Mapping[Kpi, Decimal | None],
) -> Gate:
    """Set the gate's criteria: the budget burn limit, open risks, free criteria, and a threshold
    per KPI of the use case (``None`` removes it)."""
    project = gate.phase.project
    if burn_limit_percent is not None:
        burn_limit_percent = _value(burn_limit_percent, "burn_limit_percent").quantize(Decimal("0.01"))
        if burn_limit_percent < 0 or burn_limit_percent > 1000:
            raise ValidationError({"burn_limit_percent": _("Enter a limit between 0 and 1000 %.")}, code="range")
    open_risks = _text(open_risks, "open_risks")
    free_criteria = _text(free_criteria, "free_criteria")
    for kpi in thresholds:
        if kpi.use_case_id != project.use_case_id:
            raise ValidationError(_("A threshold names a KPI of another use case."), code="wrong_kpi")
    clean = {kpi: (_value(v, f"kpi_{kpi.pk}") if v is not None else None) for kpi, v in thresholds.items()}
    changes: dict[str, list[Any]] = {}
    with transaction.atomic():
        for name, value in (("burn_limit_percent", burn_limit_percent), ("open_risks", open_risks),
                            ("free_criteria", free_criteria)):
            if getattr(gate, name) != value:
                changes[name] = [_audit(getattr(gate, name)), _audit(value)]
                setattr(gate, name, value)
        gate.save()
        existing = {c.kpi_id: c for c in GateKpiCriterion.objects.filter(gate=gate)}
        for kpi, value in clean.items():
            old = existing.get(kpi.pk)
            if value is None and old is not None:
                old.delete()
                changes[f"kpi:{kpi.pk}"] = [str(old.threshold), None]
            elif value is not None and (old is None or old.threshold != value):
                GateKpiCriterion.objects.update_or_create(gate=gate, kpi=kpi, defaults={"threshold": value})
                changes[f"kpi:{kpi.pk}"] = [str(old.threshold) if old else None, str(value)]
        if changes:
            audit_record(actor=actor, organisation=project.organisation, action="results.gate_update", target=gate,
                         changes=changes)
    return gate


def gate_decide(*, actor: User, gate: Gate, outcome: str, rationale: str, decided_on: date | None) -> GateDecision:
    """Record the decision at ``gate``: go, go with changes or stop, with why. A decision already
    there is not changed: the new one supersedes it (both stay in the log)."""
    if outcome not in GateOutcome.values:
        raise ValidationError({"outcome": _("Choose go, go with changes or stop.")}, code="invalid")
    rationale = _text(rationale, "rationale", required=_("Say in a few words why."))
    decided_on = _check_past(decided_on, "decided_on")
    project = gate.phase.project
    with transaction.atomic():
        lock_parent(gate)
        current = GateDecision.objects.filter(gate=gate, superseded_by__isnull=True).first()
        decision = GateDecision.objects.create(gate=gate, outcome=outcome, rationale=rationale, decided_by=actor,
                                               decided_on=decided_on)
        if current is not None:
            current.superseded_by = decision
            current.save(update_fields=["superseded_by"])
        audit_record(
            actor=actor, organisation=project.organisation, action="results.gate_decide", target=decision,
            changes={"phase": [None, gate.phase.key or gate.phase.name], "outcome": [
                current.outcome if current else None, outcome], "rationale": [None, rationale],
                "decided_on": [None, decided_on.isoformat()],
                "supersedes": [None, str(current.pk) if current else None]},
        )
    return decision


# --- The measurement plan ----------------------------------------------------------------------


def kpi_plan_set(*, actor: User, kpi: Kpi, frequency: str, measurer: User | None) -> KpiPlan:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose weekly, monthly or quarterly.")}, code="invalid")
    _member(kpi.use_case.organisation_id, measurer, "measurer")
    with transaction.atomic():
        plan, _created = KpiPlan.objects.select_for_update().get_or_create(kpi=kpi)
        changes: dict[str, list[Any]] = {}
        if plan.frequency != frequency:
            changes["frequency"] = [plan.frequency, frequency]
        if plan.measurer_id != (measurer.pk if measurer else None):
            changes["measurer"] = [str(plan.measurer_id) if plan.measurer_id else None,
                                   str(measurer.pk) if measurer else None]
        if changes:
            plan.frequency, plan.measurer = frequency, measurer
            plan.save()
            audit_record(actor=actor, organisation=kpi.use_case.organisation, action="results.kpi_plan_set",
                         target=plan, changes=changes)
    return plan


# --- Measurements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasurementInput:
    kpi: Kpi
    measured_on: date | None
    value: Decimal | None
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class CleanMeasurement:
    """A measurement that passed every check (what the services store)."""

    kpi: Kpi
    measured_on: date
    value: Decimal
    source: str = ""
    note: str = ""


PERCENT_UNIT = re.compile(r"%|\b(?:per ?cent|percentage|procent|prozent)", re.IGNORECASE)


def kpi_bounds(kpi: Kpi, values: Iterable[float]) -> tuple[float, float]:
    """The values a KPI can take, from its kind as its unit and figures tell it (planning's KPI has
    no separate kind): counts, hours, amounts and percentages are never negative, a percentage
    ("%", "procent", "Prozent", "percent" in the unit) is at most 100. A KPI whose baseline, target
    or a measurement is negative (a balance, a temperature) or whose percentage exceeds 100 (a
    growth rate) has no such bound. The trend and its band stay within these bounds, and a new or
    corrected measurement must lie within them (:func:`_check_bounds`)."""
    known = [float(v) for v in (kpi.baseline_value, kpi.target_value) if v is not None] + list(values)
    lower = 0.0 if all(v >= 0.0 for v in known) else -math.inf
    upper = 100.0 if PERCENT_UNIT.search(kpi.unit or "") and all(v <= 100.0 for v in known) else math.inf
    return lower, upper


def _check_bounds(kpi: Kpi, value: Decimal, others: Iterable[float]) -> None:
    """Refuse a value outside the KPI's bounds, judged by its baseline, target and its other
    measurements (``others``: without the one being corrected)."""
    lower, upper = kpi_bounds(kpi, others)
    if lower <= float(value) <= upper:
        return
    names = {"kpi": kpi.name}
    if lower == 0.0 and upper == 100.0:
        message = _("“%(kpi)s” is a percentage: a percentage lies between 0 and 100.") % names
    elif upper == 100.0:
        message = _("“%(kpi)s” is a percentage: a percentage is at most 100.") % names
    else:
        message = _("“%(kpi)s” cannot be negative: enter 0 or more.") % names
    raise ValidationError({"value": message}, code="out_of_bounds")


def _measured_values(kpi: Kpi, *, without: Any = None) -> list[float]:
    return [float(v) for v in Measurement.objects.filter(kpi=kpi).exclude(pk=without).values_list("value", flat=True)]


def _clean_measurement(row: MeasurementInput, others: Iterable[float] | None = None) -> CleanMeasurement:
    """The checked measurement; its value within the KPI's bounds given ``others`` (the KPI's
    stored measurements when None)."""
    clean = CleanMeasurement(
        kpi=row.kpi, measured_on=_check_past(row.measured_on), value=_value(row.value),
        source=_text(row.source, "source", limit=200), note=_text(row.note, "note"),
    )
    _check_bounds(clean.kpi, clean.value, _measured_values(clean.kpi) if others is None else others)
    return clean


def _duplicate(kpi: Kpi, day: date) -> ValidationError:
    return ValidationError({"measured_on": _("%(kpi)s already has a measurement on this date; correct that one "
                                             "instead.") % {"kpi": kpi.name}}, code="duplicate")


def measurement_add(*, actor: User, row: MeasurementInput) -> Measurement:
    """Record one measurement of a KPI (a date up to today, a number)."""
    clean = _clean_measurement(row)
    with transaction.atomic():
        lock_parent(clean.kpi)
        if Measurement.objects.filter(kpi=clean.kpi, measured_on=clean.measured_on).exists():
            raise _duplicate(clean.kpi, clean.measured_on)
        measurement = Measurement.objects.create(kpi=clean.kpi, measured_on=clean.measured_on, value=clean.value,
                                                 source=clean.source, note=clean.note, entered_by=actor)
        audit_record(actor=actor, organisation=clean.kpi.use_case.organisation, action="results.measurement_add",
                     target=measurement, changes={"kpi": [None, str(clean.kpi.pk)],
                                                  "measured_on": [None, clean.measured_on.isoformat()],
                                                  "value": [None, str(clean.value)]})
    return measurement


def measurement_correct(*, actor: User, measurement: Measurement, value: Decimal | None, source: str,
                        note: str) -> Measurement:
    """Correct a measurement's value, source or note; the audit log keeps the old value."""
    # The new value is judged without the old one (which may have dropped a bound); an unchanged
    # value stays, so a note can still be corrected on a value stored before the bounds held.
    unchanged = value is not None and value.is_finite() and value == measurement.value
    others = _measured_values(measurement.kpi, without=None if unchanged else measurement.pk)
    clean = _clean_measurement(MeasurementInput(measurement.kpi, measurement.measured_on, value, source, note),
                               others)
    changes = {k: [_audit(getattr(measurement, k)), _audit(v)]
               for k, v in (("value", clean.value), ("source", clean.source), ("note", clean.note))
               if getattr(measurement, k) != v}
    if changes:
        with transaction.atomic():
            measurement.value, measurement.source, measurement.note = clean.value, clean.source, clean.note
            measurement.entered_by = actor
            measurement.save()
            audit_record(actor=actor, organisation=measurement.kpi.use_case.organisation,
                         action="results.measurement_correct", target=measurement, changes=changes)
    return measurement


class UploadRowsError(ValidationError):
    """Errors of an upload, per row (1-based, as the file shows it): nothing was stored."""

    def __init__(self, rows: dict[int, list[str]]) -> None:
        self.rows = rows
        super().__init__([f"{row}: {'; '.join(messages)}" for row, messages in sorted(rows.items())], code="rows")


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def measurements_check(rows: Iterable[tuple[int, MeasurementInput]]) -> list[tuple[int, CleanMeasurement]]:
    """Validate every row of an upload without storing anything: the clean rows, or
    :class:`UploadRowsError` naming each bad row (a date in the future, a value that is not a number
    or lies outside the KPI's bounds, a second value for one KPI and date, a date already measured)."""
    errors: dict[int, list[str]] = {}
    clean: list[tuple[int, CleanMeasurement]] = []
    seen: set[tuple[Any, date]] = set()
    stored: dict[Any, list[float]] = {}
    for number, row in rows:
        try:
            if row.kpi.pk not in stored:
                stored[row.kpi.pk] = _measured_values(row.kpi)
            checked = _clean_measurement(row, stored[row.kpi.pk])
        except ValidationError as error:
            errors.setdefault(number, []).extend(_messages(error))
            continue
        key = (checked.kpi.pk, checked.measured_on)
        if key in seen or Measurement.objects.filter(kpi=checked.kpi, measured_on=checked.measured_on).exists():
            errors.setdefault(number, []).extend(_messages(_duplicate(checked.kpi, checked.measured_on)))
            continue
        seen.add(key)
        clean.append((number, checked))
    if errors:
        raise UploadRowsError(errors)
    return clean


def measurements_import(*, actor: User, project: Project, rows: Iterable[tuple[int, MeasurementInput]]) -> int:
    """Store every row of an upload, or none: any invalid row raises :class:`UploadRowsError`."""
    rows = list(rows)
    for _number, row in rows:
        if row.kpi.use_case_id != project.use_case_id:
            raise ValidationError(_("A row names a KPI of another use case."), code="wrong_kpi")
    with transaction.atomic():
        lock_parent(project)
        clean = measurements_check(rows)
        created = Measurement.objects.bulk_create([
            Measurement(kpi=r.kpi, measured_on=r.measured_on, value=r.value, source=r.source, note=r.note,
                        entered_by=actor) for _n, r in clean
        ])
        audit_record(actor=actor, organisation=project.organisation, action="results.measurements_import",
                     target=project, changes={"rows": [None, len(created)]})
    return len(created)


# --- Actual costs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostInput:
    """One row of an actual-cost upload, as read from the file (not yet checked)."""

    category: str
    month: date | None
    amount: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class CleanCost:
    """A checked actual cost: the month as its first day, the amount in cents."""

    category: str
    month: date
    amount: Decimal
    note: str


def _clean_cost(project: Project, row: CostInput, categories: Iterable[str]) -> CleanCost:
    """The checked cost (month as its first day, amount in cents), or ValidationError per field."""
    category, month, amount, note = row.category, row.month, row.amount, row.note
    if category not in set(categories):
        raise ValidationError({"category": _("Choose one of the budget's cost categories.")}, code="invalid")
    if month is None:
        raise ValidationError({"month": _("Enter the month, for example 2026-03.")}, code="required")
    month = month.replace(day=1)
    if month > today().replace(day=1):
        raise ValidationError({"month": _("The month lies in the future; enter costs already incurred.")},
                              code="future")
    if month < project.start_date.replace(day=1):
        raise ValidationError(
            {"month": _("The month lies before the project's start (%(start)s); enter costs from then on.")
             % {"start": formatting.month_year(project.start_date)}}, code="before_start")
    if amount is None or not amount.is_finite():
        raise ValidationError({"amount": _("Enter an amount in euro, for example 12.500.")}, code="invalid")
    if amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")}, code="negative")
    if amount >= AMOUNT_LIMIT:
        raise ValidationError({"amount": _("This amount is too large.")}, code="too_large")
    return CleanCost(category=category, month=month, amount=amount.quantize(Decimal("0.01")),
                     note=_text(note, "note"))


def actual_cost_set(
    *, actor: User, project: Project, category: str, categories: Iterable[str], month: date | None,
    amount: Decimal | None, note: str = "",
) -> ActualCost:
    """Record what was spent on ``category`` in ``month`` (replacing that month's amount, the
    old one stays in the audit log). ``categories``: the budget's cost categories."""
    clean = _clean_cost(project, CostInput(category, month, amount, note), categories)
    with transaction.atomic():
        lock_parent(project)
        cost = ActualCost.objects.filter(project=project, category=clean.category, month=clean.month).first()
        old = str(cost.amount) if cost else None
        if cost is None:
            cost = ActualCost(project=project, category=clean.category, month=clean.month)
        cost.amount, cost.note, cost.entered_by = clean.amount, clean.note, actor
        cost.save()
        audit_record(actor=actor, organisation=project.organisation, action="results.actual_cost_set", target=cost,
                     changes={"category": [None, clean.category], "month": [None, clean.month.isoformat()],
                              "amount": [old, str(clean.amount)]})
    return cost


def actual_costs_check(project: Project, rows: Iterable[tuple[int, CostInput]],
                       categories: Iterable[str]) -> list[tuple[int, CleanCost]]:
    """Validate every row of a cost upload without storing anything: the clean rows, or
    :class:`UploadRowsError` naming each bad row (a category not in the budget, a month in the
    future or before the project's start, a bad or negative amount, a second amount for one
    category and month in the file)."""
    categories = list(categories)
    errors: dict[int, list[str]] = {}
    clean: list[tuple[int, CleanCost]] = []
    seen: set[tuple[str, date]] = set()
    for number, row in rows:
        try:
            checked = _clean_cost(project, row, categories)
        except ValidationError as error:
            errors.setdefault(number, []).extend(_messages(error))
            continue
        key = (checked.category, checked.month)
        if key in seen:
            errors.setdefault(number, []).append(
                _("The file has a second amount for this category and month; keep one row for each."))
            continue
        seen.add(key)
        clean.append((number, checked))
    if errors:
        raise UploadRowsError(errors)
    return clean


def actual_costs_import(*, actor: User, project: Project, rows: Iterable[tuple[int, CostInput]],
                        categories: Iterable[str]) -> int:
    """Store every row of a cost upload, or none: any invalid row raises :class:`UploadRowsError`.
    A row for a month that already has an amount replaces it, as the form does (each audited)."""
    with transaction.atomic():
        lock_parent(project)
        clean = actual_costs_check(project, rows, categories)
        for _number, row in clean:
            actual_cost_set(actor=actor, project=project, category=row.category, categories=[row.category],
                            month=row.month, amount=row.amount, note=row.note)
    return len(clean)


def actual_cost_delete(*, actor: User, cost: ActualCost) -> None:
    with transaction.atomic():
        audit_record(actor=actor, organisation=cost.project.organisation, action="results.actual_cost_delete",
                     target=cost, changes={"category": [cost.category, None], "month": [cost.month.isoformat(), None],
                                           "amount": [str(cost.amount), None]})
        cost.delete()


# --- The partner's performance ---------------------------------------------------------------------


def partner_review_set(
    *, actor: User, project: Project, period: date | None, scores: Mapping[str, Any], note: str = "",
) -> PartnerReview:
    """Record the owners' scorecard of the partner for the month of ``period``: each aspect of
    ``REVIEW_ASPECTS`` a whole number 1–5 (the selection's rubric scale). A second review of the
    same month replaces the first; the audit log keeps the earlier scores."""
    if period is None:
        raise ValidationError({"period": _("Enter the month, for example 2026-03.")}, code="required")
    period = period.replace(day=1)
    if period > today().replace(day=1):
        raise ValidationError({"period": _("The month lies in the future; review a month that has passed or runs.")},
                              code="future")
    clean: dict[str, int] = {}
    for aspect in REVIEW_ASPECTS:
        value = scores.get(aspect)
        if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            raise ValidationError({aspect: _("Choose a score from 1 (poor) to 5 (excellent).")}, code="invalid")
        clean[aspect] = value
    note = _text(note, "note")
    with transaction.atomic():
        lock_parent(project)
        review = PartnerReview.objects.filter(project=project, period=period).first()
        old = {a: getattr(review, a) for a in REVIEW_ASPECTS} if review else {}
        if review is None:
            review = PartnerReview(project=project, period=period)
        for aspect, value in clean.items():
            setattr(review, aspect, value)
        review.note, review.entered_by = note, actor
        review.save()
        audit_record(actor=actor, organisation=project.organisation, action="results.partner_review_set",
                     target=review, changes={"period": [None, period.isoformat()],
                                             **{a: [old.get(a), v] for a, v in clean.items()}})
    return review
