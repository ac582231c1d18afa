from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import AccessRole, Organisation
from partnerwijzer.advisers.models import Factor, InterestKind, VerificationMethod
from partnerwijzer.forms import FiniteDecimalField, Radios, ServiceErrorsMixin
from partnerwijzer.inputs import ISO_DATE, IsoDateInput
from partnerwijzer.sourcing.forms import provider_type_choices
from partnerwijzer.sourcing.models import Selection


class GrantForm(ServiceErrorsMixin, forms.Form):
    adviser = forms.ModelChoiceField(
        label=_("Adviser organisation"), queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose an adviser organisation."),
                        "invalid_choice": _("Choose an adviser organisation.")},
    )
    role = forms.ChoiceField(
        label=_("Access"), choices=AccessRole.choices, widget=Radios, initial=AccessRole.READ,
        help_text=_("Read: the advisers see your work. Work alongside: they also change it, as an owner does, "
                    "but never your members, settings or advisers."),
    )

    def __init__(self, *args: Any, advisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers  # type: ignore[attr-defined]


class ClientCreateForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="nl")
    owner_email = forms.EmailField(
        label=_("E-mail address of the client's owner"),
        help_text=_("They receive an invitation and hold the company from then on; you work alongside them "
                    "for as long as they allow."),
    )


class CriteriaSetForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(label=_("When to use it"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CriteriaItemForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=150)
    rubric = forms.CharField(
        label=_("Rubric"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What a low, a middle and a high score mean."),
    )
    factor = forms.ChoiceField(label=_("Factor"), choices=Factor.choices, initial=Factor.HARD)
    weight = FiniteDecimalField(
        label=_("Default weight (%)"), min_value=0, max_value=100, decimal_places=2, max_digits=5, initial=0
    )


class ApplyForm(forms.Form):
    selection = forms.ModelChoiceField(
        label=_("Client's selection"), queryset=Selection.objects.none(),
        error_messages={"required": _("Choose a selection."), "invalid_choice": _("Choose a selection.")},
    )

    def __init__(self, *args: Any, selections: list[Selection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["selection"]
        field.queryset = Selection.objects.filter(pk__in=[s.pk for s in selections]).select_related("organisation")  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.organisation.name}: {s.title}"  # type: ignore[attr-defined]


class GuidanceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


# --- The provider directory ----------------------------------------------------------------------


class DirectoryFirmForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    provider_type = forms.ChoiceField(label=_("Provider type"), required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False,
                              help_text=_("Two-letter code, e.g. NL or DE."))
    specialities = forms.CharField(label=_("Specialities"), max_length=300, required=False,
                                   help_text=_("Separate them with commas, e.g. computer vision, forecasting."))
    regions = forms.CharField(label=_("Regions"), max_length=300, required=False,
                              help_text=_("Where they work, separated by commas, e.g. Noord-Brabant, NRW."))
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False,
                                help_text=_("Language codes separated by commas, e.g. nl, de, en."))
    certifications = forms.CharField(label=_("Certifications"), max_length=300, required=False,
                                     help_text=_("Separate them with commas, e.g. ISO 27001, ISO 9001."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider_type"].choices = provider_type_choices()  # type: ignore[attr-defined]


class DirectoryReferenceForm(ServiceErrorsMixin, forms.Form):
    client_name = forms.CharField(label=_("Reference client"), max_length=200)
    contact = forms.CharField(label=_("Contact at the reference client"), max_length=200, required=False,
                              help_text=_("As you record it, e.g. name and role."))
    project = forms.CharField(label=_("What the firm did"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("How it was verified"), choices=VerificationMethod.choices)
    verified_on = forms.DateField(label=_("Verified on"), widget=IsoDateInput(), input_formats=[ISO_DATE])


class DirectoryCopyForm(ApplyForm):
    """Which client's selection gets the firm on its longlist."""


class InterestForm(ServiceErrorsMixin, forms.Form):
    who = forms.ChoiceField(label=_("Who has the interest"))
    kind = forms.ChoiceField(label=_("Interest"), choices=InterestKind.choices, widget=Radios)
    provider = forms.CharField(label=_("Provider"), max_length=200,
                               help_text=_("The firm the interest is in (your own, or the one you earn from)."))
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [("", _("The whole organisation"))] + [  # type: ignore[attr-defined]
            (str(u.pk), u.full_name or u.email) for u in members]
        self.fields["who"].required = False
