"""What every form shares for reading input (a small kit: imports no app).

- :class:`IsoDateInput`: a browser date picker (``<input type="date">``) accepts only ISO values
  (``2026-08-02``); a localised value (``02-08-2026``, ``02.08.2026``) is shown as empty and the
  date is lost on the next save. Every date field uses this widget.
- :func:`parse_amount` and :class:`AmountField`: one rule for an amount in euro as people type it
  (``20000``, ``20.000``, ``20,000.50``, ``€ 20 000``), in every language, forms and portal alike.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from partnerwijzer.forms import FiniteDecimalField

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` whose value is always ISO, whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "input--date", **(attrs or {})}, format=ISO_DATE)


_SPACES = re.compile(r"[\s\u00a0\u202f'€]")


def parse_amount(raw: str | None) -> Decimal | None:
    """An amount in euro as people type it: ``25000``, ``25000,50``, ``25000.50``, ``25.000,50``,
    ``25,000.50``, ``25.000``, ``€ 25 000``. A separator that occurs more than once, or before the
    other one, groups thousands; so does a single one followed by exactly three digits (cents have
    at most two); otherwise a single one is the decimal separator. Blank is None. Raises ValueError."""
    text = _SPACES.sub("", raw or "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal_sep == "," else ",", "").replace(decimal_sep, ".")
    elif text.count(",") > 1 or text.count(".") > 1 or re.fullmatch(r"-?\d+[.,]\d{3}", text):
        text = text.replace(",", "").replace(".", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(raw)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None


class AmountField(FiniteDecimalField):
    """A ``DecimalField`` that reads its input with :func:`parse_amount` (so ``20.000`` is twenty
    thousand in Dutch, German and English alike) and shows its value in the user's locale."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs type it as IntegerField's
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_amount(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number is None:
            return None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
