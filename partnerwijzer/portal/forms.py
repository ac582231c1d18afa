"""Forms of the portal: the owner's link creation, deadline for questions and answers to firms."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerwijzer.forms import ServiceErrorsMixin
from partnerwijzer.inputs import IsoDateInput
from partnerwijzer.sourcing.models import Candidate


class LinkCreateForm(forms.Form):
    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none(), label=_("Candidate"))
    expires_at = forms.DateTimeField(
        label=_("Link works until"), required=False,
        help_text=_("Leave empty for 14 days after the deadline (answers stop at the deadline itself)."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, selection_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        field.queryset = Candidate.objects.filter(  # type: ignore[attr-defined]
            selection_id=selection_id, rejected=False).order_by("name")


class QuestionsUntilForm(ServiceErrorsMixin, forms.Form):
    """The owner's deadline for the firms' questions (a date; questions until 23:59 that day)."""

    questions_until = forms.DateField(
        label=_("Firms can ask questions until"), widget=IsoDateInput(), required=False,
        help_text=_("Until 23:59 on this day, on or before the deadline for answers. Empty: until the deadline for "
                    "answers."),
        error_messages={"invalid": _("Enter the deadline for questions as a date.")},
    )

    @staticmethod
    def initial_for(questionnaire: Any) -> dict[str, Any]:
        until = questionnaire.questions_until
        return {"questions_until": timezone.localtime(until).date() if until else None}

    def moment(self) -> datetime | None:
        day = self.cleaned_data.get("questions_until")
        return timezone.make_aware(datetime.combine(day, time(23, 59))) if day else None


class FirmAnswerForm(ServiceErrorsMixin, forms.Form):
    """The owner's answer to a firm's question; the public text is what every firm reads if published."""

    answer = forms.CharField(
        label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the answer first.")},
    )
    public_text = forms.CharField(
        label=_("The question as every firm reads it"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only used when you publish. Remove what identifies the firm (its name, its clients, its own "
                    "product names); the firm's name is never shown."),
    )
