"""Forms of the conflict-of-interest declaration and the owner's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.evaluation.models import ConflictDecision, Relationship
from partnerwijzer.forms import Radios, ServiceErrorsMixin


class DeclarationForm(ServiceErrorsMixin, forms.Form):
    relationship = forms.ChoiceField(
        label=_("Do you have a relationship with this firm?"),
        choices=[(Relationship.NONE, _("No, I have no relationship with this firm")),
                 (Relationship.CONFLICT, _("Yes, I have a relationship with this firm"))],
        widget=Radios,
        help_text=_("For example: you worked there, a relative works there, you hold shares, or you are a "
                    "customer or supplier of theirs."),
        error_messages={"required": _("Choose whether you have a relationship with this firm.")},
    )
    description = forms.CharField(
        label=_("What is the relationship?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only if you have one: a sentence the owner can decide on."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relationship") == Relationship.CONFLICT and not (data.get("description") or "").strip():
            self.add_error("description", _("Describe the relationship in a sentence, so the owner can decide on it."))
        return data


class ConflictDecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[(ConflictDecision.EXCLUDED, _("Exclude this evaluator's scores of this candidate")),
                 (ConflictDecision.ACCEPTED, _("Accept: the scores count, for the reason below"))],
        widget=Radios,
        error_messages={"required": _("Choose: exclude the seat for this candidate, or accept it.")},
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you accept; the decision report quotes it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == ConflictDecision.ACCEPTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you accept this relationship."))
        return data


class ReopenDeclarationForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why should the evaluator declare again?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a relationship with the firm began or ended. The evaluator reads it in the "
                    "message; the audit log keeps it."),
        error_messages={"required": _("Say why the evaluator should declare again.")},
    )
