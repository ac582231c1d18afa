"""Forms of the questionnaire pages. They check the shape of the input; the services own the
rules (deadline in the future, frozen after sending) and their errors are shown at the fields."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.forms import ServiceErrorsMixin
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireKind
from partnerwijzer.sourcing.models import Selection

END_OF_DAY = time(23, 59)
"""A deadline entered as a date runs until the end of that day (local time)."""


def deadline_from_date(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


class QuestionnaireForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=QuestionnaireKind.choices, widget=forms.RadioSelect,
        help_text=_("RFI: short, to every firm on the shortlist (5–8). RFP: detailed, with price and plan, to "
                    "your 2–3 favourites."),
        error_messages={"required": _("Choose RFI or RFP."), "invalid_choice": _("Choose RFI or RFP.")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=200,
        error_messages={"required": _("Give the questionnaire a title.")},
    )
    deadline = forms.DateField(
        label=_("Deadline for answers"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Answers are accepted until 23:59 on this day."),
        error_messages={"required": _("Enter the deadline."), "invalid": _("Enter the deadline as a date.")},
    )
    timeline = forms.CharField(
        label=_("Timeline"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When you want to start, see first results and go live."),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. A few sentences to the firms at the top of the questionnaire."),
    )
    show_weights = forms.BooleanField(
        label=_("Show the weights of the criteria to the firms"), required=False,
        help_text=_("Firms then know what matters most to you; leave it off to compare unguided answers."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"), required=False,
        error_messages={"invalid": _("Enter an e-mail address, such as name@example.com.")},
    )

    def __init__(self, *args: Any, editing: bool = False, frozen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        if frozen:  # sent: only the deadline and the contact may change
            for name in ("title", "timeline", "introduction", "show_weights"):
                del self.fields[name]

    @staticmethod
    def initial_for(questionnaire: Questionnaire) -> dict[str, Any]:
        return {
            "title": questionnaire.title, "deadline": timezone.localtime(questionnaire.deadline).date(),
            "timeline": questionnaire.timeline, "introduction": questionnaire.introduction,
            "show_weights": questionnaire.show_weights, "contact_name": questionnaire.contact_name,
            "contact_email": questionnaire.contact_email,
        }

    def settings(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "kind"}
        data["deadline"] = deadline_from_date(data["deadline"])
        return data


def criterion_choices(selection: Selection) -> list[tuple[str, str]]:
    criteria = Criterion.objects.filter(selection=selection).order_by("position", "id")
    return [("", str(_("General (no criterion)")))] + [(str(c.pk), criterion_label(c)) for c in criteria]


class QuestionForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the question.")},
    )
    help_text = forms.CharField(
        label=_("What a good answer contains"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Shown to the firm below the question."),
    )
    criterion = forms.ChoiceField(
        label=_("Criterion"), required=False,
        help_text=_("Evaluators see the answers beside this criterion when they score."),
        error_messages={"invalid_choice": _("Choose one of this selection's criteria in the list.")},
    )

    def __init__(self, *args: Any, selection: Selection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selection = selection
        self.fields["criterion"].choices = criterion_choices(selection)  # type: ignore[attr-defined]

    def criterion_object(self) -> Criterion | None:
        value = self.cleaned_data.get("criterion")
        if not value:
            return None
        return Criterion.objects.filter(selection=self.selection, pk=value).first()
