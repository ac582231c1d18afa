"""Forms of the contract pages (plain forms: the services validate and write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.contract.models import ContractItem, ContractItemStatus
from partnerwijzer.sourcing.models import Candidate


def _member_label(user: User) -> str:
    return user.full_name or user.email


def _candidate_label(candidate: Candidate) -> str:
    return f"{candidate.name} ({candidate.stage_enum.label})"


class DecisionForm(forms.Form):
    candidate = forms.ModelChoiceField(
        queryset=Candidate.objects.none(), label=_("Preferred partner"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose the preferred partner."),
                        "invalid_choice": _("Choose one of the candidates of this selection.")},
    )
    rationale = forms.CharField(
        label=_("Why this partner"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In a few sentences: what decided it. The decision report quotes this."),
        error_messages={"required": _("Say in a few words why you prefer this partner.")},
    )
    disagreement_resolution = forms.CharField(
        label=_("How disagreements were resolved"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: where evaluators disagreed, and how you settled it."),
    )

    def __init__(self, candidates: list[Candidate], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = Candidate.objects.filter(pk__in=[c.pk for c in candidates]).order_by("name", "pk")
        field.label_from_instance = _candidate_label  # type: ignore[method-assign,assignment]


class ItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContractItemStatus.choices)
    wording = forms.CharField(
        label=_("Agreed wording or note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Responsible person"), empty_label=_("Nobody yet"),
        help_text=_("A member of your organisation who settles this item with the partner."),
    )

    def __init__(self, organisation: Organisation, *args: Any, item: ContractItem | None = None,
                 **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault("initial", {"status": item.status, "wording": item.wording, "owner": item.owner_id})
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = User.objects.filter(memberships__organisation=organisation).order_by("full_name", "email")
        field.label_from_instance = _member_label  # type: ignore[method-assign,assignment]


class OwnItemForm(ItemForm):
    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Give the item a title.")})
    field_order = ["title", "status", "wording", "owner"]
