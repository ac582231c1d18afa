"""Set and reset an organisation's own value for one of the guide's figures (owners; audited)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.figures.selectors import guide_figures, twins
from partnerwijzer.budget.models import FigureOverride
from partnerwijzer.forms import is_plain_number

MAXIMUM = Decimal("1000000000")
REASON_MAX = 2000


def _number(raw: Any, field: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and not is_plain_number(raw):
        raise ValidationError({field: [_("Enter a number.")]})
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("Enter a number.")]}) from None
    if not value.is_finite() or value < 0 or value > MAXIMUM:
        raise ValidationError({field: [_("Enter a number from 0 to 1,000,000,000.")]})
    return value.quantize(Decimal("0.01"))


def _json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def figure_override_set(
    *, actor: User, organisation: Organisation, key: str, value: Any = None, low: Any = None, high: Any = None,
    reason: Any = "",
) -> FigureOverride:
    """Store the organisation's own value for the figure ``key``: one value where the guide gives
    one, a low-high range where the guide gives a range; a reason is required. Raises
    ValidationError (nothing stored) for an unknown key, a missing or bad number, low > high or an
    empty reason."""
    figures = guide_figures()
    if key not in figures:
        raise ValidationError({"key": [_("There is no such figure of the guide.")]})
    text = str(reason or "").strip()
    if not text:
        raise ValidationError({"reason": [_("Say why your value differs from the guide's.")]})
    if len(text) > REASON_MAX:
        raise ValidationError({"reason": [_("Keep the reason under 2,000 characters.")]})
    numbers: dict[str, Decimal | None] = {"value": None, "low": None, "high": None}
    if figures[key].value is not None:
        numbers["value"] = _number(value, "value")
        if numbers["value"] is None:
            raise ValidationError({"value": [_("Enter your value.")]})
    else:
        numbers["low"], numbers["high"] = _number(low, "low"), _number(high, "high")
        if numbers["low"] is None or numbers["high"] is None:
            raise ValidationError({"low": [_("Enter both the low and the high value.")]})
        if numbers["low"] > numbers["high"]:
            raise ValidationError({"low": [_("The low value must not be greater than the high value.")]})
    override = _store(actor, organisation, key, numbers, text)
    for twin in twins(key):
        if twin != key:  # the same statement of the guide under another key: audited with ``key``
            _store(actor, organisation, twin, numbers, text, audit=False)
    return override


def _store(
    actor: User, organisation: Organisation, key: str, numbers: dict[str, Decimal | None], text: str, *,
    audit: bool = True,
) -> FigureOverride:
    current = FigureOverride.objects.select_for_update().filter(organisation=organisation, key=key).first()
    before = None if current is None else {
        "value": _json(current.value), "low": _json(current.low), "high": _json(current.high), "reason": current.reason,
    }
    override = current or FigureOverride(organisation=organisation, key=key)
    override.value, override.low, override.high = numbers["value"], numbers["low"], numbers["high"]
    override.reason, override.updated_by = text, actor
    override.save()
    after = {"value": _json(override.value), "low": _json(override.low), "high": _json(override.high), "reason": text}
    if audit and before != after:
        audit_record(
            actor=actor, organisation=organisation, action="budget.figure_override_set", target=override,
            changes={"key": key, "before": before, "after": after},
        )
    return override


@transaction.atomic
def figure_override_reset(*, actor: User, organisation: Organisation, key: str) -> bool:
    """Remove the organisation's own value for ``key`` and its twins (back to the guide's); False if
    there was none."""
    removed = _remove(actor, organisation, key)
    for twin in twins(key):
        if twin != key:
            removed = _remove(actor, organisation, twin, audit=not removed) or removed
    return removed


def _remove(actor: User, organisation: Organisation, key: str, *, audit: bool = True) -> bool:
    current = FigureOverride.objects.filter(organisation=organisation, key=key).first()
    if current is None:
        return False
    if not audit:
        current.delete()
        return True
    before = {"value": _json(current.value), "low": _json(current.low), "high": _json(current.high),
              "reason": current.reason}
    audit_record(
        actor=actor, organisation=organisation, action="budget.figure_override_reset", target=current,
        changes={"key": key, "before": before, "after": None},
    )
    current.delete()
    return True
