"""Write side of the cost estimate: cost lines (the guide's five categories, running cost and the
company's own lines), the buffer, internal effort per role and the five hidden costs.

Every service validates first, writes in one transaction and records an audit event. On bad
input it raises ``ValidationError`` (a dict by field) with a plain-language message and stores
nothing, also not on the instance the caller passed in. Amounts are ``Decimal`` throughout: a
float is a programming error (``TypeError``), never silently rounded into money.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.amounts import CENT, MONEY_MAX, AmountError, Problem, checked_amount
from partnerwijzer.budget.estimate.scaling import Scaling
from partnerwijzer.budget.models import (
    Budget,
    CostKind,
    CostLine,
    EffortBasis,
    EffortRole,
    HiddenCost,
    HiddenCostStatus,
)
from partnerwijzer.budget.services import ensure_budget
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import UseCase

TENTH: Final = Decimal("0.1")
HOURS_MAX: Final = Decimal("99999999.9")  # max_digits=9, decimal_places=1
RATE_MAX: Final = Decimal("999999.99")  # max_digits=8, decimal_places=2
WEEK_HOURS_MAX: Final = Decimal(168)
MONTHS_MAX: Final = 120
PEOPLE_MAX: Final = 1000
NAME_MAX: Final = 150
NOTE_MAX: Final = 5000
WEEKS_PER_MONTH: Final = Decimal(52) / Decimal(12)

RUNNING_CATEGORY: Final = "running"
"""``CostLine.category`` of the guide's running-cost line (the key of ``running`` in costs.yaml)."""
OWN_LINE_POSITION: Final = 100
"""Own lines come after the guide's categories."""

COST_LINE_FIELDS: Final = ("kind", "name", "low", "likely", "high", "note")
EFFORT_FIELDS: Final = (
    "name", "basis", "people", "share_low", "share_high", "weekly_hours", "months", "hours_low", "hours_high",
    "hourly_rate",
)


# --- Checking -------------------------------------------------------------------------------------


def _decimal(value: Any, field: str, *, step: Decimal, maximum: Decimal, required: bool = True) -> Decimal | None:
    """``value`` as a non-negative Decimal rounded to ``step``; None when empty and not required."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: [_("Enter an amount.")]})
        return None
    if isinstance(value, float):
        raise TypeError(f"{field}: amounts are Decimal, not float ({value!r})")
    try:
        return checked_amount(value, maximum=maximum, step=step)
    except AmountError as error:
        message = {
            Problem.INVALID: _("Enter a number, e.g. 42 or 12.5."),
            Problem.NEGATIVE: _("Enter zero or more; amounts cannot be negative."),
            Problem.TOO_LARGE: _("Enter at most %(max)s.") % {"max": f"{maximum:,}"},
        }[error.problem]
        raise ValidationError({field: [message]}) from None


def _money(value: Any, field: str) -> Decimal:
    out = _decimal(value, field, step=CENT, maximum=MONEY_MAX)
    return Decimal(0) if out is None else out  # None only when not required


def _text(value: Any, field: str, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise ValidationError({field: [_("Use at most %(limit)s characters.") % {"limit": limit}]})
    return text


def _int(value: Any, field: str, *, low: int, high: int, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationError({field: [_("Enter a whole number from %(low)s to %(high)s.") % {
                "low": low, "high": high}]})
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({field: [_("Enter a whole number from %(low)s to %(high)s.") % {
            "low": low, "high": high}]})
    return value


def _check_range(low: Decimal, likely: Decimal, high: Decimal) -> None:
    if low > high:  # most often low and high swapped: one message, not one per pair
        raise ValidationError({"low": [_("Low must not be higher than high.")]})
    errors: dict[str, list[str]] = {}
    if low > likely:
        errors["likely"] = [_("The most likely amount cannot be below the low amount.")]
    if likely > high:
        errors["high"] = [_("The high amount cannot be below the most likely amount.")]
    if errors:
        raise ValidationError(errors)


def _unknown(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown field(s): {', '.join(sorted(unknown))}")


def _json(value: Any) -> Any:
    """Audit values must be JSON: decimals as text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: [_json(before.get(k)), _json(v)] for k, v in after.items() if before.get(k) != v}


def _save_changes(actor: User, row: CostLine | EffortRole, values: Mapping[str, Any], *, action: str) -> None:
    """Write the fields of ``values`` that differ from ``row`` and record them in one audit event."""
    changes = _changes({f: getattr(row, f) for f in values}, values)
    if not changes:
        return
    for key, value in values.items():
        setattr(row, key, value)
    row.save(update_fields=list(changes))
    audit_record(
        actor=actor, organisation=row.budget.use_case.organisation, action=action, target=row, changes=changes,
    )


# --- Starting from the guide's ranges ------------------------------------------------------------


def midpoint(low: float | Decimal, high: float | Decimal) -> Decimal:
    """The most likely value the guide's range starts from: its middle, in whole cents."""
    return ((Decimal(str(low)) + Decimal(str(high))) / 2).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def estimate_start(*, actor: User, use_case: UseCase, scaling: Scaling | None = None) -> Budget:
    """Create the budget (if needed) with one line per guide category and the running cost.

    Each line starts at the guide's typical range (low = typical low, high = typical high,
    most likely = the middle), for the user to override; with ``scaling`` (an assumption the user
    kept switched on, see :mod:`.estimate_scaling`) both ends are multiplied by its factor first.
    Categories already present are left as they are, so starting again only adds the missing ones.
    """
    budget = ensure_budget(actor=actor, use_case=use_case)
    scale = scaling if scaling is not None and scaling.changes_anything else None
    reference = cost_reference.load()
    present = set(budget.cost_lines.exclude(category="").values_list("category", flat=True))
    created: list[str] = []
    specs = [(c.key, CostKind.ONE_OFF, c.typical, i) for i, c in enumerate(reference.categories)]
    specs.append((RUNNING_CATEGORY, CostKind.RUNNING, reference.running.typical, 0))
    for key, kind, figure, position in specs:
        if key in present:
            continue
        if figure.low is None or figure.high is None:  # pragma: no cover - the schema has ranges here
            raise ValueError(f"costs.yaml: {key} needs a typical range (low and high)")
        low, high = (figure.low, figure.high) if scale is None else (scale.apply(figure.low), scale.apply(figure.high))
        CostLine.objects.create(
            budget=budget, kind=kind, category=key, low=Decimal(str(low)).quantize(CENT),
            likely=midpoint(low, high), high=Decimal(str(high)).quantize(CENT),
            position=position,
        )
        created.append(key)
    if created:
        audit_record(
            actor=actor, organisation=use_case.organisation, action="budget.estimate_start", target=budget,
            changes={"categories": created, **({"scaled_by": str(scale.factor)} if scale is not None else {})},
        )
    return budget


# --- Buffer --------------------------------------------------------------------------------------


@transaction.atomic
def buffer_set(*, actor: User, use_case: UseCase, buffer_percent: Any) -> Budget:
    """The budget buffer on the one-off costs, 0-100 % (the guide: 20-30 %)."""
    value = _decimal(buffer_percent, "buffer_percent", step=CENT, maximum=Decimal(100))
    if value is None:  # pragma: no cover - required
        raise ValidationError({"buffer_percent": [_("Enter a percentage.")]})
    budget = ensure_budget(actor=actor, use_case=use_case)
    before = budget.buffer_percent
    if before != value:
        budget.buffer_percent = value
        budget.updated_by = actor
        budget.save(update_fields=["buffer_percent", "updated_by", "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action="budget.buffer_set", target=budget,
            changes={"buffer_percent": [_json(before), _json(value)]},
        )
    return budget


# --- Cost lines ----------------------------------------------------------------------------------


def _line_values(line: CostLine, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The line's values after applying ``fields``, checked; raises before anything is changed."""
    values: dict[str, Any] = {f: getattr(line, f) for f in COST_LINE_FIELDS}
    values.update(fields)
    out: dict[str, Any] = {}
    if line.category:  # a guide category keeps its kind: the guide says what it is
        out["kind"] = line.kind
    elif values["kind"] not in CostKind.values:
        raise ValidationError({"kind": [_("Choose one-off or running per year.")]})
    else:
        out["kind"] = values["kind"]
    out["name"] = _text(values["name"], "name", NAME_MAX)
    if not line.category and not out["name"]:
        raise ValidationError({"name": [_("Name the cost, e.g. “Licences” or “Hardware”.")]})
    errors: dict[str, list[str]] = {}
    for field in ("low", "likely", "high"):
        try:
            out[field] = _money(values[field], field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    _check_range(out["low"], out["likely"], out["high"])
    out["note"] = _text(values["note"], "note", NOTE_MAX)
    return out


@transaction.atomic
def cost_line_create(*, actor: User, use_case: UseCase, **fields: Any) -> CostLine:
    """Add a line of the company's own (``kind``, ``name``, ``low``, ``likely``, ``high``, ``note``)."""
    _unknown(fields, COST_LINE_FIELDS)
    fields = {"kind": CostKind.ONE_OFF, "name": "", "note": "", **fields}
    draft = CostLine(category="", kind=fields["kind"], name="", low=0, likely=0, high=0)
    values = _line_values(draft, fields)
    budget = ensure_budget(actor=actor, use_case=use_case)
    count = budget.cost_lines.filter(category="").count()
    line = CostLine.objects.create(budget=budget, category="", position=OWN_LINE_POSITION + count, **values)
    audit_record(
        actor=actor, organisation=use_case.organisation, action="budget.cost_line_create", target=line,
        changes={k: _json(v) for k, v in values.items()},
    )
    return line


@transaction.atomic
def cost_line_update(*, actor: User, line: CostLine, **fields: Any) -> CostLine:
    """Change the given fields; fields left out keep their value. A guide line keeps its kind."""
    _unknown(fields, COST_LINE_FIELDS)
    _save_changes(actor, line, _line_values(line, fields), action="budget.cost_line_update")
    return line


@transaction.atomic
def cost_line_delete(*, actor: User, line: CostLine) -> None:
    audit_record(
        actor=actor, organisation=line.budget.use_case.organisation, action="budget.cost_line_delete", target=line,
        changes={"category": line.category, "name": line.name, "low": _json(line.low), "likely": _json(line.likely),
                 "high": _json(line.high)},
    )
    line.delete()


# --- Internal effort -----------------------------------------------------------------------------


def hours_from_share(share: Decimal, weekly_hours: Decimal, months: int) -> Decimal:
    """Hours per person: share % of ``weekly_hours`` over ``months`` months (52/12 weeks a month)."""
    hours = share / Decimal(100) * weekly_hours * Decimal(months) * WEEKS_PER_MONTH
    return hours.quantize(TENTH, rounding=ROUND_HALF_UP)


def _role_values(role: EffortRole, fields: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(role, f) for f in EFFORT_FIELDS}
    values.update(fields)
    out: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def check(field: str, fn: Any) -> None:
        try:
            out[field] = fn()
        except ValidationError as error:
            errors.update(error.message_dict)

    name = _text(values["name"], "name", NAME_MAX)
    if not name:
        errors["name"] = [_("Name the role, e.g. “Maintenance planner” or “IT administrator”.")]
    out["name"] = name
    basis = values["basis"]
    if basis not in EffortBasis.values:
        raise ValidationError({"basis": [_("Choose a share of working time or hours.")]})
    out["basis"] = basis
    check("people", lambda: _int(values["people"], "people", low=1, high=PEOPLE_MAX))
    check("hourly_rate", lambda: _decimal(values["hourly_rate"], "hourly_rate", step=CENT, maximum=RATE_MAX))
    if basis == EffortBasis.SHARE:
        hundred = Decimal(100)
        check("share_low", lambda: _decimal(values["share_low"], "share_low", step=CENT, maximum=hundred))
        check("share_high", lambda: _decimal(values["share_high"], "share_high", step=CENT, maximum=hundred))
        check("weekly_hours", lambda: _decimal(values["weekly_hours"], "weekly_hours", step=TENTH,
                                               maximum=WEEK_HOURS_MAX))
        check("months", lambda: _int(values["months"], "months", low=1, high=MONTHS_MAX))
        if errors:
            raise ValidationError(errors)
        if out["share_low"] > out["share_high"]:
            raise ValidationError({"share_high": [_("The high share cannot be below the low share.")]})
        if out["weekly_hours"] <= 0:
            raise ValidationError({"weekly_hours": [_("Enter the hours of a working week, e.g. 40.")]})
        out["hours_low"] = hours_from_share(out["share_low"], out["weekly_hours"], out["months"])
        out["hours_high"] = hours_from_share(out["share_high"], out["weekly_hours"], out["months"])
        if out["hours_high"] > HOURS_MAX:  # pragma: no cover - 100 % x 168 h x 120 months stays below
            raise ValidationError({"months": [_("That is more hours than can be stored.")]})
    else:
        check("hours_low", lambda: _decimal(values["hours_low"], "hours_low", step=TENTH, maximum=HOURS_MAX))
        check("hours_high", lambda: _decimal(values["hours_high"], "hours_high", step=TENTH, maximum=HOURS_MAX))
        if errors:
            raise ValidationError(errors)
        if out["hours_low"] > out["hours_high"]:
            raise ValidationError({"hours_high": [_("The high number of hours cannot be below the low number.")]})
        out.update(share_low=None, share_high=None, weekly_hours=None, months=None)
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def effort_role_create(*, actor: User, use_case: UseCase, **fields: Any) -> EffortRole:
    """Add a role of internal effort. With ``basis = "share"`` the hours follow from the share of
    working time, the weekly hours and the months; with ``"hours"`` they are entered directly."""
    _unknown(fields, EFFORT_FIELDS)
    draft = EffortRole(name="", basis=fields.get("basis", EffortBasis.SHARE), people=1, hours_low=0, hours_high=0,
                       hourly_rate=0)
    values = _role_values(draft, {"people": 1, **fields})
    budget = ensure_budget(actor=actor, use_case=use_case)
    role = EffortRole.objects.create(budget=budget, position=budget.effort_roles.count(), **values)
    audit_record(
        actor=actor, organisation=use_case.organisation, action="budget.effort_role_create", target=role,
        changes={k: _json(v) for k, v in values.items()},
    )
    return role


@transaction.atomic
def effort_role_update(*, actor: User, role: EffortRole, **fields: Any) -> EffortRole:
    _unknown(fields, EFFORT_FIELDS)
    _save_changes(actor, role, _role_values(role, fields), action="budget.effort_role_update")
    return role


@transaction.atomic
def effort_role_delete(*, actor: User, role: EffortRole) -> None:
    audit_record(
        actor=actor, organisation=role.budget.use_case.organisation, action="budget.effort_role_delete",
        target=role, changes={"name": role.name},
    )
    role.delete()


# --- Hidden costs --------------------------------------------------------------------------------


@transaction.atomic
def hidden_cost_set(
    *, actor: User, use_case: UseCase, key: str, status: str, amount: Any = None, note: Any = ""
) -> HiddenCost:
    """How the company handles one of the guide's five hidden costs.

    ``planned`` needs an amount (one-off, or per year for a running hidden cost, as the guide's
    reference says); with ``open`` or ``acknowledged`` no amount is kept.
    """
    if key not in cost_reference.HIDDEN_COST_KEYS:
        raise ValidationError({"key": [_("This is not one of the guide's hidden costs.")]})
    if status not in HiddenCostStatus.values:
        raise ValidationError({"status": [_("Choose one of the statuses shown.")]})
    value = _decimal(amount, "amount", step=CENT, maximum=MONEY_MAX, required=False)
    if status == HiddenCostStatus.PLANNED and value is None:
        raise ValidationError({"amount": [_("Enter the amount you plan for it, or choose another status.")]})
    if status != HiddenCostStatus.PLANNED:
        value = None
    text = _text(note, "note", NOTE_MAX)
    budget = ensure_budget(actor=actor, use_case=use_case)
    row = HiddenCost.objects.select_for_update().filter(budget=budget, key=key).first()
    before = {"status": row.status, "amount": row.amount, "note": row.note} if row else {
        "status": HiddenCostStatus.OPEN, "amount": None, "note": ""}
    after = {"status": status, "amount": value, "note": text}
    changes = _changes(before, after)
    if row is None:
        row = HiddenCost.objects.create(budget=budget, key=key, **after)
    elif changes:
        for k, v in after.items():
            setattr(row, k, v)
        row.save(update_fields=list(changes))
    if changes:
        audit_record(
            actor=actor, organisation=use_case.organisation, action="budget.hidden_cost_set", target=row,
            changes=changes,
        )
    return row
