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
from partnerwijzer.inputs import IsoDateInput
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireKind, SharedSection, default_shared_sections
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
        label=_("Deadline for answers"), widget=IsoDateInput(),
        help_text=_("Answers are accepted until 23:59 on this day."),
        error_messages={"required": _("Enter the deadline."), "invalid": _("Enter the deadline as a date.")},
    )
    questions_until = forms.DateField(
        label=_("Deadline for questions from firms"), widget=IsoDateInput(), required=False,
        help_text=_("Optional. Firms can ask questions through their link until 23:59 on this day; empty: until "
                    "the deadline for answers."),
        error_messages={"invalid": _("Enter the deadline for questions as a date.")},
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
    shared_sections = forms.MultipleChoiceField(
        label=_("What the firms read about you"), required=False, choices=SharedSection.choices,
        widget=forms.CheckboxSelectMultiple, initial=default_shared_sections,
        help_text=_("Share what a firm needs to answer and quote. Internal weak points (revenue, the state of "
                    "your data, an unfinished DPIA) are off by default; the preview shows what is held back."),
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
            for name in ("title", "timeline", "introduction", "show_weights", "shared_sections"):
                del self.fields[name]

    @staticmethod
    def initial_for(questionnaire: Questionnaire) -> dict[str, Any]:
        return {
            "title": questionnaire.title, "deadline": timezone.localtime(questionnaire.deadline).date(),
            "timeline": questionnaire.timeline, "introduction": questionnaire.introduction,
            "show_weights": questionnaire.show_weights, "contact_name": questionnaire.contact_name,
            "shared_sections": list(questionnaire.shared_sections or []),
            "contact_email": questionnaire.contact_email,
            "questions_until": timezone.localtime(questionnaire.questions_until).date()
            if questionnaire.questions_until else None,
        }

    def settings(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "kind"}
        data["deadline"] = deadline_from_date(data["deadline"])
        if "questions_until" in data:
            data["questions_until"] = deadline_from_date(data["questions_until"]) if data["questions_until"] else None
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


class TemplateNameForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the template"), max_length=200,
        help_text=_("The questions and settings are kept for later selections of your organisation; the "
                    "deadlines are not."),
        error_messages={"required": _("Give the template a name, e.g. “RFI for an AI pilot”.")},
    )


class FromTemplateForm(ServiceErrorsMixin, forms.Form):
    template = forms.ChoiceField(
        label=_("Template"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose a template."), "invalid_choice": _("Choose a template.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Give the questionnaire a title.")})
    deadline = forms.DateField(
        label=_("Deadline for answers"), widget=IsoDateInput(),
        help_text=_("Answers are accepted until 23:59 on this day."),
        error_messages={"required": _("Enter the deadline."), "invalid": _("Enter the deadline as a date.")},
    )

    def __init__(self, *args: Any, templates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            (str(t.pk), f"{t.name} ({t.get_kind_display()})") for t in templates]
