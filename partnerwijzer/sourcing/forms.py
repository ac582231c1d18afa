"""Forms of the selection pages. They check the shape of the input; the services own the rules
(country codes, web addresses, reference keys) and their errors are shown at the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.forms import ServiceErrorsMixin
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.models import Candidate, CompanySize, RedFlag
from partnerwijzer.sourcing.stages import Stage


class SelectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the partner is for, e.g. “Partner for predictive maintenance”."),
        error_messages={"required": _("Give the selection a title.")},
    )
    description = forms.CharField(
        label=_("What the partner should help with"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. A sentence or two your colleagues will see at the top of the selection."),
    )
    use_case = forms.ModelChoiceField(
        label=_("Use case"),
        queryset=UseCase.objects.none(),
        required=False,
        empty_label=_("Not linked to a use case"),
        help_text=_("The AI use case (from the plan) the partner is for; its KPIs become the targets."),
        error_messages={"invalid_choice": _("Choose one of your use cases in the list.")},
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is None:
            del self.fields["use_case"]
        else:
            self.fields["use_case"].queryset = UseCase.objects.filter(  # type: ignore[attr-defined]
                organisation=organisation
            ).order_by("title")


def _language() -> str:
    return normalise_language(translation.get_language())


def provider_type_choices() -> list[tuple[str, str]]:
    lang = _language()
    return [("", str(_("Not known yet")))] + [(p.key, p.name.get(lang)) for p in reference().provider_types]


def sourcing_channel_choices() -> list[tuple[str, str]]:
    """The channels with the highlighted one (personal recommendation) first."""
    lang = _language()
    channels = sorted(reference().sourcing_channels, key=lambda ch: not ch.highlight)
    return [(ch.key, ch.name.get(lang)) for ch in channels] + [("", str(_("Other or not known")))]


class Radios(forms.RadioSelect):
    """Radio buttons whose field id points at the first option, so the error summary's link
    (``#id_provider_type_0``) lands on a real element."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class CandidateForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the firm"), max_length=200, error_messages={"required": _("Enter the name of the firm.")}
    )
    website = forms.CharField(
        label=_("Website"), required=False, max_length=200,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url", "spellcheck": "false"}),
        help_text=_("The full address, starting with https://"),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    country = forms.CharField(
        label=_("Country"), required=False, max_length=2, min_length=2,
        widget=forms.TextInput(attrs={"class": "input--short", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Two-letter code, e.g. NL or DE."),
        error_messages={"min_length": _("Enter the country as a two-letter code, such as NL or DE.")},
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("Not known yet")), *CompanySize.choices]
    )
    provider_type = forms.ChoiceField(label=_("Provider type"), required=False, widget=Radios)
    sourcing_channel = forms.ChoiceField(label=_("How you found them"), required=False, widget=Radios)
    industries = forms.CharField(
        label=_("Industries served"), required=False, max_length=300,
        help_text=_("For example: machine building, food processing."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_links = forms.CharField(
        label=_("Evidence links"), required=False, widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("Case studies, references or articles: one web address per line."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider_type"].choices = provider_type_choices()  # type: ignore[attr-defined]
        self.fields["sourcing_channel"].choices = sourcing_channel_choices()  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, candidate: Candidate) -> dict[str, str]:
        from partnerwijzer.sourcing.services import CANDIDATE_FIELDS

        return {field: getattr(candidate, field) for field in CANDIDATE_FIELDS}


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices)
    view = forms.ChoiceField(choices=[("board", "board"), ("list", "list")], required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you reject this candidate?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Colleagues and a later reader of the decision will see this reason."),
        error_messages={"required": _("Say why you reject this candidate; the reason is kept with the decision.")},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Say why you reject this candidate; the reason is kept with the decision."))
        return reason


class RedFlagsForm(forms.Form):
    """One checkbox and one note per red flag of the guide."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag in RedFlag:
            self.fields[f"{flag.value}_observed"] = forms.BooleanField(label=flag.label, required=False)
            self.fields[f"{flag.value}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self) -> list[tuple[RedFlag, forms.BoundField, forms.BoundField]]:
        return [(flag, self[f"{flag.value}_observed"], self[f"{flag.value}_note"]) for flag in RedFlag]

    def values(self) -> list[tuple[RedFlag, bool, str]]:
        data = self.cleaned_data
        return [
            (flag, bool(data.get(f"{flag.value}_observed")), data.get(f"{flag.value}_note") or "") for flag in RedFlag
        ]
