"""What the forms of every app share. Part of the shared kit (docs/architecture.md): imports no app.

* :class:`ServiceErrorsMixin` shows a service's ``ValidationError`` at the fields it names (or
  above the form), so the rules stay in the services and their messages land beside the input.
* :class:`Radios` points a radio group's label at its first option, so the error summary's link
  lands on something focusable.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class ServiceErrorsMixin:
    """Show a service's ValidationError at the fields it names (or above the form)."""

    fields: dict[str, forms.Field]

    def apply_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error)  # type: ignore[attr-defined]


class Radios(forms.RadioSelect):
    """Radio buttons whose field id points at the first option, so the error summary's link lands."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)
