"""Forms of the plan pages. They check the shape of the input; the services own the rules
(reference keys, target against baseline) and their errors are shown at the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from django import forms
from django.core.validators import MinValueValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerwijzer.forms import Radios, ServiceErrorsMixin
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import archetypes
from partnerwijzer.planning.models import SCALE_MAX, SCALE_MIN, CompanyProfile, Direction, Kpi, UseCase
from partnerwijzer.planning.usecases.services import KPI_FIELDS, NACE_SECTIONS, PROFILE_FIELDS, USE_CASE_FIELDS

# Suggestions for "province or state": any text is accepted.
REGION_SUGGESTIONS: Final = (
    # The twelve Dutch provinces
    "Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
    "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland",
    # The sixteen German states
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland",
    "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
)


def _language() -> str:
    return normalise_language(translation.get_language())


def nace_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose a section")))] + [(code, f"{code} · {name}") for code, name in NACE_SECTIONS.items()]


def department_choices() -> list[tuple[str, str]]:
    lang = _language()
    return [("", str(_("Not decided yet")))] + [(d.key, d.name.get(lang)) for d in reference().department_budget]


def archetype_choices() -> list[tuple[str, str]]:
    lang = _language()
    return [("", str(_("Not decided yet")))] + [(a.key, a.name.get(lang)) for a in archetypes.load().items]


class ProfileForm(ServiceErrorsMixin, forms.ModelForm):
    nace_section = forms.ChoiceField(label=_("Industry (NACE section)"), required=False)

    class Meta:
        model = CompanyProfile
        fields = list(PROFILE_FIELDS)
        widgets = {
            "region": forms.TextInput(attrs={"list": "region-suggestions", "autocomplete": "off"}),
            "staff_count": forms.NumberInput(attrs={"min": 1, "class": "input--short", "inputmode": "numeric"}),
            "country": Radios,
            "ai_experience": Radios,
            "it_capacity": Radios,
            "data_capacity": Radios,
        }
        help_texts = {
            "industry": _("In your own words, e.g. “machine building for the food industry”."),
            "region": _("Some rules and funding differ per province or state."),
            "executive_sponsor": _("The manager who backs the project and frees people and budget for it."),
            "data_protection_officer": _("Name, or “external: firm name”. Leave empty if you have none."),
            "works_council": _("In the Netherlands and Germany the works council often has a say in AI that "
                               "affects staff."),
            "it_capacity": _("People who can connect new software to your systems."),
            "data_capacity": _("People who can find, clean and explain your data."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nace_section"].choices = nace_choices()  # type: ignore[attr-defined]
        for name in ("it_capacity", "data_capacity", "revenue_band"):
            field = self.fields[name]
            field.choices = [("", _("Not known")), *[c for c in field.choices if c[0]]]  # type: ignore[attr-defined]
        self.fields["staff_count"].validators.append(MinValueValidator(1))


class UseCaseForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200,
        help_text=_("A few words, e.g. “Faster quote preparation”."),
        error_messages={"required": _("Give the use case a short title, e.g. “Faster quote preparation”.")},
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    archetype = forms.ChoiceField(
        label=_("Type of AI application"), required=False,
        help_text=_("Shows the guide's reference payback and duration for this type, where it gives one."),
    )
    problem_statement = forms.CharField(
        label=_("Problem statement"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What goes wrong today and what should change, measurably. “Cut quote preparation time "
                    "by 60%” is a problem; “we need AI” is not."),
    )
    current_state = forms.CharField(
        label=_("Current state (baseline)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How it works today, and what it costs in time, money or errors."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = department_choices()  # type: ignore[attr-defined]
        self.fields["archetype"].choices = archetype_choices()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(use_case: UseCase) -> dict[str, Any]:
        return {field: getattr(use_case, field) for field in USE_CASE_FIELDS}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "input--date", **(attrs or {})}, format="%Y-%m-%d")


class KpiForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("What you measure"), max_length=150,
        help_text=_("e.g. “Unplanned downtime” or “Quote lead time”."),
        error_messages={"required": _("Name what you measure, e.g. “Unplanned downtime”.")},
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=50, help_text=_("e.g. “hours per month”, “%”, “€ per order”."),
        error_messages={"required": _("Give the unit, e.g. “hours per month” or “%”.")},
    )
    direction = forms.ChoiceField(label=_("Which way is better?"), choices=Direction.choices, widget=Radios)
    baseline_value = forms.DecimalField(
        label=_("Baseline value (today)"), required=False, max_digits=14, decimal_places=4, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        error_messages={"invalid": _("Enter a number, e.g. 42 or 12.5.")},
    )
    baseline_method = forms.CharField(
        label=_("How the baseline was measured"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The source and period, e.g. “maintenance log, January–June 2026”."),
    )
    baseline_date = forms.DateField(
        label=_("When the baseline was measured"), required=False, widget=DateInput(),
        error_messages={"invalid": _("Enter a date, e.g. 2026-06-30.")},
    )
    target_value = forms.DecimalField(
        label=_("Target value"), required=False, max_digits=14, decimal_places=4, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        error_messages={"invalid": _("Enter a number, e.g. 29 or 6.5.")},
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=DateInput(),
        help_text=_("When the target should be reached."),
        error_messages={"invalid": _("Enter a date, e.g. 2027-12-31.")},
    )
    measurement_method = forms.CharField(
        label=_("How it will be measured"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The same way as the baseline, so the numbers compare."),
    )

    @staticmethod
    def initial_for(kpi: Kpi) -> dict[str, Any]:
        initial = {field: getattr(kpi, field) for field in KPI_FIELDS}
        for key in ("baseline_value", "target_value"):
            initial[key] = _plain(initial[key])
        return initial


def _plain(value: Decimal | None) -> Decimal | None:
    """``42.0000`` → ``42`` and ``12.5000`` → ``12.5`` (never ``1E+2``), so the form shows what was typed."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


SCORE_CHOICES: Final = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]


class PriorityForm(forms.Form):
    impact = forms.TypedChoiceField(
        label=_("Business impact"), choices=SCORE_CHOICES, coerce=int, widget=Radios,
        error_messages={"required": _("Choose a score from 1 to 5 for the business impact.")},
    )
    feasibility = forms.TypedChoiceField(
        label=_("Feasibility"), choices=SCORE_CHOICES, coerce=int, widget=Radios,
        error_messages={"required": _("Choose a score from 1 to 5 for the feasibility.")},
    )
