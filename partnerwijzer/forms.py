"""What the forms of every app share. Part of the shared kit (docs/architecture.md): imports no app.

* :class:`ServiceErrorsMixin` shows a service's ``ValidationError`` at the fields it names (or
  above the form), so the rules stay in the services and their messages land beside the input.
* :class:`Radios` points a radio group's label at its first option, so the error summary's link
  lands on something focusable.
* :class:`FiniteDecimalField` is the decimal input of every form: it refuses NaN and infinities
  with the field's own message, and so it does any number with letters in it (``1e``, ``1e5``,
  ``inf``): :func:`is_plain_number` is the one rule for that, also for services that read a
  number from a form's text themselves.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# What people type in a number: digits, a sign, separators and spaces. No letters: Python's Decimal
# would read "1e5" as 100000 and "inf" or "nan" as no number at all, which nobody means to type.
_PLAIN_NUMBER = re.compile(r"[\s\u00a0\u202f'+\-]*\d[\d\s\u00a0\u202f'.,]*")


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is written as people write numbers: digits with an optional leading sign,
    separators and spaces, and no letters (no exponent as in ``1e5``, no ``inf`` or ``nan``)."""
    return _PLAIN_NUMBER.fullmatch(text.strip()) is not None


def apply_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: at the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceErrorsMixin:
    """Show a service's ValidationError at the fields it names (or above the form)."""

    fields: dict[str, forms.Field]

    def apply_service_error(self, error: ValidationError) -> None:
        apply_service_error(self, error)  # type: ignore[arg-type]


class Radios(forms.RadioSelect):
    """Radio buttons whose field id points at the first option, so the error summary's link lands."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class FiniteDecimalField(forms.DecimalField):
    """Django's DecimalField that refuses NaN and infinities with the field's own "invalid" message.

    Django refuses them too, but raises that message with ``params={"value": ...}``, so Django
    %-formats it: a message with a literal percent sign ("e.g. 6 for 6 % per year") then raised
    ``ValueError`` while the error was shown, a 500 for ``discount_rate=NaN``. Every decimal input
    of a form uses this field.
    """

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs type it as IntegerField's
        if isinstance(value, str) and value.strip() and not is_plain_number(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        super().validate(value)
