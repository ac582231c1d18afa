"""Forms of the results pages (plain forms: the services validate and write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import User
from partnerwijzer.forms import FiniteDecimalField, Radios, ServiceErrorsMixin
from partnerwijzer.inputs import AmountField, IsoDateInput
from partnerwijzer.planning.models import Kpi
from partnerwijzer.results.models import Frequency, GateOutcome

DATE_ERRORS = {"invalid": _("Enter a date such as 2026-03-31."), "required": _("Enter the date.")}


class ProjectStartForm(ServiceErrorsMixin, forms.Form):
    partner_name = forms.CharField(label=_("Partner"), max_length=200, required=False,
                                   help_text=_("The firm you work with on this use case."))
    start_date = forms.DateField(label=_("Start date"), widget=IsoDateInput(), error_messages=DATE_ERRORS)
    contract_reference = forms.CharField(label=_("Contract reference"), max_length=100, required=False,
                                         help_text=_("Optional: the contract's number or name."))


class MeasurementForm(ServiceErrorsMixin, forms.Form):
    kpi = forms.ModelChoiceField(queryset=Kpi.objects.none(), label=_("KPI"),
                                 error_messages={"required": _("Choose the KPI."),
                                                 "invalid_choice": _("Choose one of the KPIs.")})
    measured_on = forms.DateField(label=_("Date"), widget=IsoDateInput(), error_messages=DATE_ERRORS)
    value = FiniteDecimalField(label=_("Value"), max_digits=14, decimal_places=4, localize=True,
                               error_messages={"invalid": _("Enter a number, for example 12.5."),
                                               "required": _("Enter the measured value.")},
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    source = forms.CharField(label=_("Source or method"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, kpis: list[Kpi], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kpi"]
        field.queryset = Kpi.objects.filter(pk__in=[k.pk for k in kpis]).order_by("position", "name")  # type: ignore[attr-defined]
        field.label_from_instance = lambda k: f"{k.name} ({k.unit})"  # type: ignore[attr-defined]


class CorrectionForm(ServiceErrorsMixin, forms.Form):
    value = MeasurementForm.base_fields["value"]
    source = MeasurementForm.base_fields["source"]
    note = MeasurementForm.base_fields["note"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"),
                           error_messages={"required": _("Choose a file to upload.")})


class ActualCostForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(label=_("Cost category"), error_messages={
        "required": _("Choose the cost category."), "invalid_choice": _("Choose one of the budget's cost categories.")})
    month = forms.DateField(label=_("Month (any day in it)"), widget=IsoDateInput(), error_messages=DATE_ERRORS)
    amount = AmountField(label=_("Amount (€)"), max_digits=12, decimal_places=2,
                         error_messages={"invalid": _("Enter an amount in euro, for example 12.500."),
                                         "required": _("Enter the amount.")})
    note = forms.CharField(label=_("Note"), max_length=5000, required=False,
                           help_text=_("Optional: invoice number or what it was for."))

    def __init__(self, categories: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class GateDecisionForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=GateOutcome.choices, widget=Radios,
                                error_messages={"required": _("Choose go, go with changes or stop.")})
    rationale = forms.CharField(label=_("Why"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("What the evidence shows and what changes, if any, were agreed."),
                                error_messages={"required": _("Say in a few words why.")})
    decided_on = forms.DateField(label=_("Decided on"), widget=IsoDateInput(), error_messages=DATE_ERRORS)


class GateForm(ServiceErrorsMixin, forms.Form):
    burn_limit_percent = FiniteDecimalField(
        label=_("Budget burn limit (% of the phase's planned cost)"), required=False, max_digits=6, decimal_places=2,
        localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Enter a percentage, for example 110.")})
    open_risks = forms.CharField(label=_("Open risks"), required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    free_criteria = forms.CharField(label=_("Other criteria"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, kpis: list[Kpi], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            self.fields[f"kpi_{kpi.pk}"] = FiniteDecimalField(
                label=_("Threshold for %(kpi)s (%(unit)s)") % {"kpi": kpi.name, "unit": kpi.unit}, required=False,
                max_digits=14, decimal_places=4, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={"invalid": _("Enter a number, for example 12.5.")})

    def thresholds(self) -> dict[Kpi, Any]:
        return {kpi: self.cleaned_data.get(f"kpi_{kpi.pk}") for kpi in self.kpis}


class PhaseForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False,
                           help_text=_("Leave empty to keep the guide's name."))
    planned_start = forms.DateField(label=_("Planned start"), widget=IsoDateInput(), error_messages=DATE_ERRORS)
    planned_end = forms.DateField(label=_("Planned end"), widget=IsoDateInput(), error_messages=DATE_ERRORS)
    budget_share = FiniteDecimalField(label=_("Share of the budget (%)"), max_digits=5, decimal_places=2,
                                      localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                      error_messages={"invalid": _("Enter a percentage, for example 25.")})


class KpiPlanForm(ServiceErrorsMixin, forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    measurer = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Who measures"), required=False,
                                      help_text=_("This member may enter the KPI's measurements, whatever their role."))

    def __init__(self, members: list[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measurer"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in members]).order_by("email")  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
SCORE_ERRORS = {"required": _("Choose a score from 1 (poor) to 5 (excellent)."),
                "invalid_choice": _("Choose a score from 1 (poor) to 5 (excellent).")}


def _score(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=SCORE_CHOICES, coerce=int, widget=Radios,
                                  error_messages=SCORE_ERRORS)


class PartnerReviewForm(ServiceErrorsMixin, forms.Form):
    period = forms.DateField(label=_("Month reviewed (any day in it)"), widget=IsoDateInput(),
                             error_messages=DATE_ERRORS)
    delivery = _score(_("Delivery to plan"))
    quality = _score(_("Quality"))
    communication = _score(_("Communication"))
    knowledge_transfer = _score(_("Knowledge transfer"))
    note = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
