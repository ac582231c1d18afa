from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import AccessRole, Organisation
from partnerwijzer.advisers.models import Factor
from partnerwijzer.forms import FiniteDecimalField, Radios, ServiceErrorsMixin
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
