"""Forms of the funding page: the project type to match on, and one application per programme."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.budget.funding.match import PROJECT_TYPE_LABELS
from partnerwijzer.budget.funding.services import MAX_AMOUNT, NOTE_MAX_LENGTH
from partnerwijzer.budget.models import FundingApplication, FundingStatus
from partnerwijzer.forms import ServiceErrorsMixin


class ProjectTypeForm(forms.Form):
    """``?project=`` on the page (anyone may look at another kind), or posted by an owner to store it
    on the budget: what kind of project the use case needs funding for."""

    project = forms.ChoiceField(
        label=_("Kind of project"), required=False,
        help_text=_("Programmes fund different things; choose what this use case needs most."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(k, v) for k, v in PROJECT_TYPE_LABELS.items()]  # type: ignore[attr-defined]

    @property
    def project_type(self) -> str | None:
        """The kind asked for, or None: then the one stored on the budget applies."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["project"] or None
        return None


class ApplicationForm(ServiceErrorsMixin, forms.Form):
    """The company's application to one programme (the programme is in the URL)."""

    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)
    expected_amount = forms.DecimalField(
        label=_("Expected amount (€)"), required=False, min_value=Decimal(0), max_value=MAX_AMOUNT,
        decimal_places=2, max_digits=12,
        help_text=_("Required for applied and granted: that amount reduces the one-off cost in the return."),
        widget=forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
        error_messages={"min_value": _("The expected amount cannot be negative.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, prefix_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prefix_key:
            self.auto_id = f"id_{prefix_key}_%s"

    @classmethod
    def initial_for(cls, application: FundingApplication | None) -> dict[str, Any]:
        if application is None:
            return {"status": FundingStatus.CONSIDERING}
        return {"status": application.status, "expected_amount": application.expected_amount,
                "note": application.note}
