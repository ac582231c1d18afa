"""Forms of the screening pages: one question (built from a tree node) and a checklist item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.knowledge.topics.ai_act import Node
from partnerwijzer.planning.models import ChecklistItem, ChecklistStatus


class AnswerForm(forms.Form):
    """One question page: radios for a single-choice node, checkboxes for a multiple-choice one.

    The field only checks that the choice is one of the options; whether the question lies on
    the path is the service's call (it raises ValidationError, which the view adds here).
    """

    def __init__(self, node: Node, lang: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        choices = [(o.key, o.label.get(lang)) for o in node.options]
        self.hints = {o.key: o.hint.get(lang) for o in node.options if o.hint is not None}
        label = node.question.get(lang)
        field: forms.Field
        if node.kind == "multiple":
            field = forms.MultipleChoiceField(
                label=label, choices=choices, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one answer, or “None of these”."),
                                "invalid_choice": _("Choose one of the answers given.")},
            )
        else:
            field = forms.ChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer."),
                                "invalid_choice": _("Choose one of the answers given.")},
            )
        self.fields["answer"] = field

    def clean_answer(self) -> Any:
        value = self.cleaned_data["answer"]
        if self.node.kind == "multiple":
            exclusive = [v for v in value if self.node.option(v).exclusive]
            if exclusive and len(value) > 1:
                raise forms.ValidationError(
                    _("“%(label)s” cannot be combined with other answers."),
                    code="exclusive",
                    params={"label": dict(self.fields["answer"].choices)[exclusive[0]]},  # type: ignore[attr-defined]
                )
        return value


def _member_label(user: User) -> str:
    return user.full_name or user.email


class ChecklistItemForm(forms.Form):
    """Owner, status, due date and note of one checklist item (a plain form: the service writes)."""

    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=pgettext_lazy("checklist item", "Owner"),
        empty_label=_("Nobody yet"), help_text=_("A member of your organisation who takes care of this."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ChecklistStatus.choices)
    due_date = forms.DateField(
        required=False, label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2027-12-02.")},
    )
    note = forms.CharField(required=False, label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, organisation: Organisation, *args: Any, item: ChecklistItem | None = None,
                 **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault("initial", {"owner": item.owner_id, "status": item.status,
                                          "due_date": item.due_date, "note": item.note})
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        owner_field.queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "full_name", "email")
        owner_field.label_from_instance = _member_label  # type: ignore[method-assign,assignment]
