"""Form fields shared by every app's forms (no app imports)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class FiniteDecimalField(forms.DecimalField):
    """Django's DecimalField that refuses NaN and infinities with the field's own "invalid" message.

    Django refuses them too, but raises that message with ``params={"value": ...}``, so Django
    %-formats it: a message with a literal percent sign ("e.g. 6 for 6 % per year") then raised
    ``ValueError`` while the error was shown, a 500 for ``discount_rate=NaN``. Every decimal input
    of a form uses this field.
    """

    def validate(self, value: Any) -> None:
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        super().validate(value)
