"""Forms of the cost estimate. They check the shape of the input (numbers, choices); the services
in ``estimate_services`` own the rules (low <= likely <= high, share -> hours, planned hidden cost
needs an amount) and their errors are shown at the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.budget.models import CostKind, CostLine, EffortBasis, EffortRole, HiddenCostStatus
from partnerwijzer.forms import Radios, ServiceErrorsMixin

NUMBER_ERROR = _("Enter a number, e.g. 42 or 12.5.")
AMOUNT_ERROR = _("Enter an amount in euro, e.g. 25000.")


def _amount(label: Any, *, required: bool = True, help_text: Any = "", max_digits: int = 12) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, help_text=help_text, max_digits=max_digits, decimal_places=2, localize=True,
        min_value=Decimal(0),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter an amount in euro."), "invalid": AMOUNT_ERROR,
            "min_value": _("Enter zero or more; amounts cannot be negative."),
            "max_digits": _("That amount is too large."), "max_whole_digits": _("That amount is too large."),
            "max_decimal_places": _("Use at most two decimals (cents)."),
        },
    )


def _number(label: Any, *, decimals: int, max_digits: int, required: bool = False, help_text: Any = "",
            maximum: Decimal | None = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, help_text=help_text, max_digits=max_digits, decimal_places=decimals,
        localize=True, min_value=Decimal(0), max_value=maximum,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter a number."), "invalid": NUMBER_ERROR,
            "min_value": _("Enter zero or more."), "max_value": _("Enter at most %(limit_value)s."),
            "max_digits": _("That number is too large."), "max_whole_digits": _("That number is too large."),
            "max_decimal_places": _("Use fewer decimals."),
        },
    )


def plain(value: Decimal | None) -> Decimal | None:
    """``20000.00`` -> ``20000`` and ``12.50`` -> ``12.5``, so a form shows what was typed."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class CostLineForm(ServiceErrorsMixin, forms.Form):
    """A cost line. For the guide's categories the kind is fixed and the name optional."""

    name = forms.CharField(
        label=_("Name"), max_length=150, required=False,
        help_text=_("e.g. “Licences” or “Extra sensors”."),
    )
    kind = forms.ChoiceField(label=_("Kind of cost"), choices=CostKind.choices, widget=Radios, initial=CostKind.ONE_OFF)
    low = _amount(_("Low (€)"), help_text=_("What it costs if things go well."))
    likely = _amount(_("Most likely (€)"))
    high = _amount(_("High (€)"), help_text=_("What it costs if things go badly."))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Optional: where the figures come from, e.g. a quote or an own estimate."))

    def __init__(self, *args: Any, line: CostLine | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_reference = bool(line and line.category)
        if self.is_reference:
            del self.fields["kind"]
            self.fields["name"].help_text = _("Optional: your own name for this category.")
        else:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("Name the cost, e.g. “Licences” or “Hardware”.")

    @staticmethod
    def initial_for(line: CostLine) -> dict[str, Any]:
        return {"name": line.name, "kind": line.kind, "low": plain(line.low), "likely": plain(line.likely),
                "high": plain(line.high), "note": line.note}


class BufferForm(ServiceErrorsMixin, forms.Form):
    buffer_percent = _number(_("Buffer (%)"), decimals=2, max_digits=5, required=True, maximum=Decimal(100),
                             help_text=_("Added to the one-off costs for what nobody foresaw."))


class EffortRoleForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Role"), max_length=150,
                           help_text=_("e.g. “Maintenance planner”, “IT administrator”."),
                           error_messages={"required": _("Name the role, e.g. “Maintenance planner”.")})
    people = forms.IntegerField(
        label=_("People in this role"), min_value=1, max_value=1000, initial=1,
        widget=forms.NumberInput(attrs={"class": "input--short", "inputmode": "numeric"}),
        error_messages={"required": _("Enter how many people, e.g. 2."), "invalid": _("Enter a whole number."),
                        "min_value": _("Enter at least 1."), "max_value": _("Enter at most 1000.")},
    )
    basis = forms.ChoiceField(label=_("How you estimate the time"), choices=EffortBasis.choices, widget=Radios,
                              initial=EffortBasis.SHARE)
    share_low = _number(_("Share of working time, low (%)"), decimals=2, max_digits=5, maximum=Decimal(100))
    share_high = _number(_("Share of working time, high (%)"), decimals=2, max_digits=5, maximum=Decimal(100))
    weekly_hours = _number(_("Working hours per week"), decimals=1, max_digits=5, maximum=Decimal(168),
                           help_text=_("e.g. 40."))
    months = forms.IntegerField(
        label=_("Months of the project"), required=False, min_value=1, max_value=120,
        widget=forms.NumberInput(attrs={"class": "input--short", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a whole number."), "min_value": _("Enter at least 1."),
                        "max_value": _("Enter at most 120.")},
    )
    hours_low = _number(_("Hours per person, low"), decimals=1, max_digits=9)
    hours_high = _number(_("Hours per person, high"), decimals=1, max_digits=9)
    hourly_rate = _amount(_("Hourly rate (€)"), max_digits=8,
                          help_text=_("Internal cost of an hour of this role, e.g. 65."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        basis = data.get("basis")
        needed = ("share_low", "share_high", "weekly_hours", "months") if basis == EffortBasis.SHARE else (
            ("hours_low", "hours_high") if basis == EffortBasis.HOURS else ())
        for field in needed:
            if data.get(field) is None and field not in self.errors:
                self.add_error(field, _("Enter this for the way you chose to estimate the time."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data["basis"] == EffortBasis.SHARE:
            data.pop("hours_low", None)
            data.pop("hours_high", None)
        return data

    @staticmethod
    def initial_for(role: EffortRole) -> dict[str, Any]:
        return {
            "name": role.name, "people": role.people, "basis": role.basis, "share_low": plain(role.share_low),
            "share_high": plain(role.share_high), "weekly_hours": plain(role.weekly_hours), "months": role.months,
            "hours_low": plain(role.hours_low), "hours_high": plain(role.hours_high),
            "hourly_rate": plain(role.hourly_rate),
        }


class HiddenCostForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HiddenCostStatus.choices, widget=Radios)
    amount = _amount(_("Amount (€)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
