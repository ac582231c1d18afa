"""The audit log's filters: person, object type and period (all optional)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.inputs import IsoDateInput


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=IsoDateInput(),
                            error_messages={"invalid": _("Enter a date such as 2026-03-12.")})
    until = forms.DateField(label=_("Until"), required=False, widget=IsoDateInput(),
                            error_messages={"invalid": _("Enter a date such as 2026-03-12.")})

    def __init__(self, *args: Any, people: list[tuple[str, str]], object_types: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Everyone")), *people]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("All objects")), *object_types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return data

    @property
    def rejected(self) -> bool:
        """Filters were given but are not valid: the log shows the errors and no entries (never the
        whole, unfiltered log as if it matched)."""
        return self.is_bound and not self.is_valid()

    @property
    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid form filters nothing, and says why at the field)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
