"""Write side of benefits and return: the return settings of a budget and its benefit lines.

Each service validates first (plain-language messages by field, as a ``ValidationError``),
then writes in one transaction and records an audit event. On bad input nothing is stored:
no budget row is created, no line changes, and an instance passed in keeps its values.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.amounts import AmountError, to_decimal
from partnerwijzer.budget.models import (
    HORIZON_MAX,
    HORIZON_MIN,
    BenefitFactor,
    BenefitLine,
    BenefitMethod,
    Budget,
)
from partnerwijzer.budget.services import ensure_budget
from partnerwijzer.planning.models import Kpi, UseCase

RAMP_MAX: Final = 60
"""At most five years from go-live to the full benefit."""
DISCOUNT_MAX: Final = Decimal(50)
AMOUNT_MAX: Final = Decimal("999999999999.99")
"""The largest volume or amount the columns hold (14 digits, 2 decimals)."""
UNIT_VALUE_MAX: Final = Decimal("9999999999.99")

SETTINGS_FIELDS: Final = ("horizon_months", "go_live_month", "ramp_months", "discount_rate")
BENEFIT_FIELDS: Final = ("name", "factor", "method", "kpi", "low", "likely", "high", "unit_value", "note")


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Kpi):
        return str(value.pk)
    return value


def _whole(value: Any, field: str, errors: dict[str, list[str]], message: str) -> int | None:
    if isinstance(value, bool) or value is None:
        errors.setdefault(field, []).append(message)
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(message)
        return None
    if not number.is_finite() or number != number.to_integral_value():
        errors.setdefault(field, []).append(message)
        return None
    return int(number)


def _decimal(value: Any, field: str, errors: dict[str, list[str]], message: str) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        errors.setdefault(field, []).append(message)
        return None
    try:
        return to_decimal(value)
    except AmountError:
        errors.setdefault(field, []).append(message)
        return None


def _amount(value: Any, field: str, errors: dict[str, list[str]], *, invalid: str, maximum: Decimal,
            negative: str) -> Decimal | None:
    """A non-negative amount with at most two decimals, or None with the message added to ``errors``."""
    number = _decimal(value, field, errors, invalid)
    if number is None:
        return None
    if number < 0:
        errors.setdefault(field, []).append(negative)
    elif number > maximum:
        errors.setdefault(field, []).append(_("This number is too large."))
    elif number != number.quantize(Decimal("0.01")):
        errors.setdefault(field, []).append(_("Use at most two decimals."))
    else:
        return number
    return None


# --- Return settings ------------------------------------------------------------------------------


def _check_settings(fields: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    horizon = _whole(fields["horizon_months"], "horizon_months", errors,
                     _("Enter the horizon as a whole number of months, e.g. 36."))
    go_live = _whole(fields["go_live_month"], "go_live_month", errors,
                     _("Enter the go-live month as a whole number, e.g. 6."))
    ramp = _whole(fields["ramp_months"], "ramp_months", errors,
                  _("Enter the months to full benefit as a whole number, e.g. 6."))
    rate = _decimal(fields["discount_rate"], "discount_rate", errors,
                    _("Enter the discount rate as a number, e.g. 6 for 6 % per year."))
    if horizon is not None and not HORIZON_MIN <= horizon <= HORIZON_MAX:
        errors.setdefault("horizon_months", []).append(
            _("The horizon must be between %(min)s and %(max)s months.") % {"min": HORIZON_MIN, "max": HORIZON_MAX}
        )
        horizon = None
    if go_live is not None:
        if go_live < 0:
            errors.setdefault("go_live_month", []).append(_("The go-live month cannot be negative."))
        elif horizon is not None and go_live >= horizon:
            errors.setdefault("go_live_month", []).append(
                _("Go-live must fall within the horizon: at most month %(last)s for a horizon of %(horizon)s "
                  "months.") % {"last": horizon - 1, "horizon": horizon}
            )
    if ramp is not None and not 0 <= ramp <= RAMP_MAX:
        errors.setdefault("ramp_months", []).append(
            _("The months to full benefit must be between 0 and %(max)s.") % {"max": RAMP_MAX}
        )
    if rate is not None:
        if not Decimal(0) <= rate <= DISCOUNT_MAX:
            errors.setdefault("discount_rate", []).append(
                _("The discount rate must be between 0 and %(max)s %% per year.") % {"max": DISCOUNT_MAX}
            )
        elif rate != rate.quantize(Decimal("0.01")):
            errors.setdefault("discount_rate", []).append(_("Give the discount rate with at most two decimals."))
    if errors:
        raise ValidationError(errors)
    return {"horizon_months": horizon, "go_live_month": go_live, "ramp_months": ramp, "discount_rate": rate}


@transaction.atomic
def return_settings_update(
    *,
    actor: User,
    use_case: UseCase,
    horizon_months: Any,
    go_live_month: Any,
    ramp_months: Any,
    discount_rate: Any,
) -> Budget:
    """Set the horizon (12-120 months), go-live month (within the horizon), months from go-live to
    the full benefit (0-60) and the discount rate (0-50 % per year). Creates the budget on first use."""
    values = _check_settings({
        "horizon_months": horizon_months, "go_live_month": go_live_month, "ramp_months": ramp_months,
        "discount_rate": discount_rate,
    })
    budget = ensure_budget(actor=actor, use_case=use_case)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    changes = {
        key: [_json(getattr(budget, key)), _json(value)]
        for key, value in values.items() if getattr(budget, key) != value
    }
    if changes:
        for key, value in values.items():
            setattr(budget, key, value)
        budget.updated_by = actor
        budget.save(update_fields=[*SETTINGS_FIELDS, "updated_by", "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action="budget.return_settings_update", target=budget,
            changes=changes,
        )
    return budget


# --- Benefits ---------------------------------------------------------------------------------------


def _check_benefit(use_case: UseCase, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, normalised benefit fields, or a ValidationError by field."""
    errors: dict[str, list[str]] = {}
    name = str(fields.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Name the benefit, e.g. “Less unplanned downtime”.")]
    elif len(name) > 150:
        errors["name"] = [_("Keep the name to 150 characters or fewer.")]
    factor = fields.get("factor") or ""
    if factor not in BenefitFactor.values:
        errors["factor"] = [_("Choose one of the five benefit factors.")]
    method = fields.get("method") or BenefitMethod.AMOUNT
    if method not in BenefitMethod.values:
        errors["method"] = [_("Choose how the yearly amount is derived.")]
    kpi = fields.get("kpi")
    if kpi is not None and (not isinstance(kpi, Kpi) or kpi.use_case_id != use_case.pk):
        errors["kpi"] = [_("Choose one of this use case's KPIs, or none.")]
    volumes = {
        key: _amount(fields.get(key), key, errors, invalid=_("Enter a number, e.g. 1200 or 12.5."), maximum=AMOUNT_MAX,
                     negative=_("Enter a value of 0 or more; a benefit cannot be negative."))
        for key in ("low", "likely", "high")
    }
    low, likely, high = volumes["low"], volumes["likely"], volumes["high"]
    if low is not None and likely is not None and high is not None and not errors.keys() & {"low", "likely", "high"}:
        if low > likely:
            errors["low"] = [_("The low value cannot be above the most likely value.")]
        if likely > high:
            errors["high"] = [_("The high value cannot be below the most likely value.")]
    unit_value: Decimal | None = Decimal(1)
    if method != BenefitMethod.AMOUNT:
        unit_value = _amount(fields.get("unit_value"), "unit_value", errors,
                             invalid=_("Enter the value per unit in euro, e.g. 65 for an hourly rate of € 65."),
                             maximum=UNIT_VALUE_MAX, negative=_("The value per unit cannot be negative."))
    note = str(fields.get("note") or "").strip()
    if errors:
        raise ValidationError(errors)
    return {
        "name": name, "factor": factor, "method": method, "kpi": kpi, "low": low, "likely": likely, "high": high,
        "unit_value": unit_value, "note": note,
    }


def _snapshot(benefit: BenefitLine) -> dict[str, Any]:
    return {key: getattr(benefit, key) for key in BENEFIT_FIELDS}


@transaction.atomic
def benefit_create(
    *,
    actor: User,
    use_case: UseCase,
    name: str,
    factor: str,
    method: str = BenefitMethod.AMOUNT,
    low: Any,
    likely: Any,
    high: Any,
    unit_value: Any = None,
    kpi: Kpi | None = None,
    note: str = "",
) -> BenefitLine:
    """Add a yearly benefit (once fully ramped up): volume low / likely / high x value per unit.

    With ``method = amount`` the volumes are euro per year and the value per unit is 1."""
    values = _check_benefit(use_case, {
        "name": name, "factor": factor, "method": method, "kpi": kpi, "low": low, "likely": likely, "high": high,
        "unit_value": unit_value, "note": note,
    })
    budget = ensure_budget(actor=actor, use_case=use_case)
    benefit = BenefitLine.objects.create(budget=budget, position=budget.benefits.count(), **values)
    audit_record(
        actor=actor, organisation=use_case.organisation, action="benefit.create", target=benefit,
        changes={key: _json(value) for key, value in values.items() if value not in (None, "")},
    )
    return benefit


@transaction.atomic
def benefit_update(*, actor: User, benefit: BenefitLine, **fields: Any) -> BenefitLine:
    """Change the given fields (any of :data:`BENEFIT_FIELDS`); fields left out keep their value."""
    unknown = set(fields) - set(BENEFIT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))
        })
    use_case = benefit.budget.use_case
    before = _snapshot(benefit)
    values = _check_benefit(use_case, {**before, **fields})
    changes = {key: [_json(before[key]), _json(value)] for key, value in values.items() if before[key] != value}
    if changes:
        for key, value in values.items():
            setattr(benefit, key, value)
        benefit.save(update_fields=list(BENEFIT_FIELDS))
        audit_record(
            actor=actor, organisation=use_case.organisation, action="benefit.update", target=benefit,
            changes=changes,
        )
    return benefit


@transaction.atomic
def benefit_delete(*, actor: User, benefit: BenefitLine) -> None:
    use_case = benefit.budget.use_case
    audit_record(
        actor=actor, organisation=use_case.organisation, action="benefit.delete", target=benefit,
        changes={"name": benefit.name, "use_case": str(use_case.pk)},
    )
    benefit.delete()
