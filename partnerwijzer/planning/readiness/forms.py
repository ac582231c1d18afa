"""Forms of the readiness check and the model advice. They check the shape of the input (an
answer must be one of the options shown); the services validate again and own the writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import LocalisedText, normalise_language
from partnerwijzer.planning.readiness.services import REASON_MAX_LENGTH


class QuestionLike(Protocol):
    """A readiness or advice question: a key, a localised text and options."""

    @property
    def key(self) -> str: ...

    @property
    def text(self) -> LocalisedText: ...

    @property
    def why(self) -> LocalisedText: ...

    @property
    def options(self) -> tuple[Any, ...]: ...


def _language() -> str:
    return normalise_language(translation.get_language())


INVALID_CHOICE = _("Choose one of the options shown.")


class QuestionsForm(forms.Form):
    """One radio group per question. Every question is optional: answers are saved as you go."""

    def __init__(
        self, questions: Iterable[QuestionLike], data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None, *, disabled: bool = False,
    ) -> None:
        super().__init__(data=data, initial=dict(initial or {}))
        lang = _language()
        self.questions = {q.key: q for q in questions}
        for question in self.questions.values():
            self.fields[question.key] = forms.ChoiceField(
                label=question.text.get(lang),
                help_text=question.why.get(lang),
                choices=[(o.key, o.label.get(lang)) for o in question.options],
                required=False,
                widget=forms.RadioSelect,
                disabled=disabled,
                error_messages={"invalid_choice": INVALID_CHOICE},
            )

    def answers(self) -> dict[str, str]:
        """The questions answered in this submission (blank ones are left as they are)."""
        return {key: value for key, value in self.cleaned_data.items() if value}


class ChosenModelForm(forms.Form):
    model = forms.ChoiceField(
        label=_("Implementation model you choose"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the four models."), "invalid_choice": INVALID_CHOICE},
    )
    reason = forms.CharField(
        label=_("Why this model"),
        help_text=_("Optional. One or two sentences your colleagues and partners will read later."),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _language()
        model_field = self.fields["model"]
        if isinstance(model_field, forms.ChoiceField):
            model_field.choices = [(m.key, m.name.get(lang)) for m in reference().implementation_models]
