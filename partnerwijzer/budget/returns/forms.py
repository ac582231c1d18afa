"""Forms of the return page: the return settings and one benefit. They check the shape of the
input; :mod:`partnerwijzer.budget.returns.services` owns the rules and its errors are shown at the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerwijzer.budget.models import BenefitFactor, BenefitLine, BenefitMethod
from partnerwijzer.budget.returns.selectors import KpiGap, ReturnSettings
from partnerwijzer.forms import Radios, ServiceErrorsMixin
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import Kpi

_NUMBER = {"inputmode": "decimal", "class": "input--short"}
_WHOLE = {"inputmode": "numeric", "class": "input--short"}


def _plain(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class ReturnSettingsForm(ServiceErrorsMixin, forms.Form):
    horizon_months = forms.IntegerField(
        label=_("Horizon (months)"), widget=forms.TextInput(attrs=_WHOLE),
        help_text=_("How far ahead the return is calculated: 12 to 120 months. The guide's ROI figure is "
                    "after three years (36 months)."),
        error_messages={"required": _("Enter the horizon in months, e.g. 36."),
                        "invalid": _("Enter the horizon as a whole number of months, e.g. 36.")},
    )
    go_live_month = forms.IntegerField(
        label=_("Go-live month"), widget=forms.TextInput(attrs=_WHOLE),
        help_text=_("Months from the project start until the solution is in use. The one-off costs are "
                    "spread over the months before it; benefits and running costs start from it."),
        error_messages={"required": _("Enter the go-live month, e.g. 6."),
                        "invalid": _("Enter the go-live month as a whole number, e.g. 6.")},
    )
    ramp_months = forms.IntegerField(
        label=_("Months to full benefit"), widget=forms.TextInput(attrs=_WHOLE),
        help_text=_("Months from go-live until the full yearly benefit is reached. The benefit grows along an "
                    "S-curve: slowly while people learn, fastest halfway, then levelling off as the solution "
                    "is tuned. Half the benefit is reached halfway."),
        error_messages={"required": _("Enter the months to full benefit, e.g. 6."),
                        "invalid": _("Enter the months to full benefit as a whole number, e.g. 6.")},
    )
    discount_rate = forms.DecimalField(
        label=_("Discount rate (% per year)"), localize=True, widget=forms.TextInput(attrs=_NUMBER),
        help_text=_("What money tied up in the project costs you per year, e.g. your interest rate or the "
                    "return you expect elsewhere. Used for the net present value and the payback."),
        error_messages={"required": _("Enter the discount rate, e.g. 6."),
                        "invalid": _("Enter the discount rate as a number, e.g. 6 for 6 % per year.")},
    )

    @staticmethod
    def initial_for(settings: ReturnSettings) -> dict[str, Any]:
        return {
            "horizon_months": settings.horizon_months, "go_live_month": settings.go_live_month,
            "ramp_months": settings.ramp_months, "discount_rate": _plain(settings.discount_rate),
        }


def factor_choices() -> list[tuple[str, str]]:
    lang = normalise_language(translation.get_language())
    reference = cost_reference.load()
    choices = []
    for value, label in BenefitFactor.choices:
        try:
            ref = reference.factor(value)
        except KeyError:
            choices.append((value, str(label)))
            continue
        choices.append((value, f"{ref.name.get(lang)}: {ref.description.get(lang)}"))
    return choices


def kpi_label(row: KpiGap) -> str:
    kpi = row.kpi
    if kpi.baseline_value is None or kpi.target_value is None:
        return f"{kpi.name} ({kpi.unit})"
    return f"{kpi.name}: {_plain(kpi.baseline_value)} → {_plain(kpi.target_value)} {kpi.unit}"


class BenefitForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Benefit"), max_length=150,
        help_text=_("What gets better, e.g. “Less unplanned downtime” or “Faster quotes”."),
        error_messages={"required": _("Name the benefit, e.g. “Less unplanned downtime”.")},
    )
    kpi = forms.ChoiceField(
        label=_("From which KPI?"), required=False,
        help_text=_("The KPI whose improvement brings this benefit. Its gap from baseline to target is a good "
                    "starting point for the volume."),
    )
    factor = forms.ChoiceField(label=_("Benefit factor"), widget=Radios,
                               error_messages={"required": _("Choose one of the five benefit factors.")})
    method = forms.ChoiceField(
        label=_("How the yearly amount is derived"), choices=BenefitMethod.choices, widget=Radios,
        error_messages={"required": _("Choose how the yearly amount is derived.")},
    )
    low = forms.DecimalField(
        label=_("Low, per year"), localize=True, widget=forms.TextInput(attrs=_NUMBER),
        help_text=_("Hours, errors, conversions or euros per year once fully ramped up; a careful estimate."),
        error_messages={"required": _("Enter the low value."), "invalid": _("Enter a number, e.g. 1200 or 12.5.")},
    )
    likely = forms.DecimalField(
        label=_("Most likely, per year"), localize=True, widget=forms.TextInput(attrs=_NUMBER),
        error_messages={"required": _("Enter the most likely value."),
                        "invalid": _("Enter a number, e.g. 1200 or 12.5.")},
    )
    high = forms.DecimalField(
        label=_("High, per year"), localize=True, widget=forms.TextInput(attrs=_NUMBER),
        error_messages={"required": _("Enter the high value."), "invalid": _("Enter a number, e.g. 1200 or 12.5.")},
    )
    unit_value = forms.DecimalField(
        label=_("Value per unit (€)"), required=False, localize=True, widget=forms.TextInput(attrs=_NUMBER),
        help_text=_("The hourly rate, the cost of one error or the margin of one conversion. Not needed for an "
                    "amount in euro."),
        error_messages={"invalid": _("Enter the value per unit in euro, e.g. 65.")},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Where the numbers come from."))

    def __init__(self, *args: Any, kpis: tuple[KpiGap, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kpis = {str(row.kpi.pk): row.kpi for row in kpis}
        self.fields["kpi"].choices = [  # type: ignore[attr-defined]
            ("", _("No KPI")), *[(str(row.kpi.pk), kpi_label(row)) for row in kpis]
        ]
        self.fields["factor"].choices = factor_choices()  # type: ignore[attr-defined]

    def clean_kpi(self) -> Kpi | None:
        value = self.cleaned_data.get("kpi") or ""
        return self._kpis.get(value) if value else None

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {key: data.get(key) for key in
                ("name", "factor", "method", "kpi", "low", "likely", "high", "unit_value", "note")}

    @staticmethod
    def initial_for(benefit: BenefitLine) -> dict[str, Any]:
        return {
            "name": benefit.name, "factor": benefit.factor, "method": benefit.method,
            "kpi": str(benefit.kpi_id) if benefit.kpi_id else "", "low": _plain(benefit.low),
            "likely": _plain(benefit.likely), "high": _plain(benefit.high),
            "unit_value": None if benefit.method == BenefitMethod.AMOUNT else _plain(benefit.unit_value),
            "note": benefit.note,
        }
