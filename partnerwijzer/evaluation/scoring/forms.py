"""Forms of the scoring pages. They check types and required input; the rules themselves
(sums, scale, who may write) live in the services, whose errors the views put on the form."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import User
from partnerwijzer.evaluation.criteria_display import CriterionText
from partnerwijzer.evaluation.models import SCALE_MAX, SCALE_MIN, Criterion, Factor, ScorecardKind
from partnerwijzer.evaluation.scoring.selectors import saaty_choices
from partnerwijzer.forms import FiniteDecimalField
from partnerwijzer.inputs import IsoDateInput

SCALE_CHOICES = [(str(v), str(v)) for v in range(SCALE_MIN, SCALE_MAX + 1)]
SCALE_ERROR = _("Choose a score from 1 to 5.")


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    description = forms.CharField(
        label=_("What to look for"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences for the evaluators."),
    )
    factor = forms.ChoiceField(label=_("Factor"), choices=Factor.choices, initial=Factor.HARD, widget=forms.RadioSelect)
    knockout = forms.BooleanField(
        label=_("Knock-out: a candidate that fails this leaves the ranking"), required=False
    )

    def __init__(self, *args: Any, criterion: Criterion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        if criterion is None or not criterion.reference_key:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("Give the criterion a name.")
        else:
            self.fields["name"].help_text = _("Leave empty to use the guide's name.")
            self.fields["description"].help_text = _("Leave empty to use the guide's description.")


class DirectWeightsForm(forms.Form):
    """One percentage per criterion (fields ``w-<criterion id>``)."""

    def __init__(self, *args: Any, texts: list[CriterionText], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for text in texts:
            self.fields[self.key(text)] = FiniteDecimalField(
                label=text.name, min_value=Decimal(0), max_value=Decimal(100), decimal_places=2,
                initial=text.criterion.weight.normalize() if text.criterion.weight else Decimal(0),
                error_messages={
                    "required": _("Enter a percentage from 0 to 100 for every criterion."),
                    "invalid": _("Enter a number, such as 15 or 12.5."),
                    "min_value": _("A weight is a percentage from 0 to 100."),
                    "max_value": _("A weight is a percentage from 0 to 100."),
                    "max_decimal_places": _("Use at most two decimals."),
                },
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "100", "inputmode": "decimal",
                                                "data-weight": "", "class": "weight-input"}),
            )

    @staticmethod
    def key(text: CriterionText) -> str:
        return f"w-{text.criterion.pk}"

    def rows(self) -> list[tuple[CriterionText, forms.BoundField]]:
        return [(text, self[self.key(text)]) for text in self.texts]

    def weights(self) -> dict[str, Decimal]:
        return {str(text.criterion.pk): self.cleaned_data[self.key(text)] for text in self.texts}


class MethodForm(forms.Form):
    method = forms.ChoiceField(choices=[("direct", _("Percentages")), ("ahp", _("Pairwise comparison (AHP)"))])


class PairwiseForm(forms.Form):
    """One choice per pair of criteria (``p-<a id>-<b id>``), in plain words."""

    def __init__(
        self, *args: Any, texts: list[CriterionText], current: dict[tuple[Any, Any], str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pairs: list[tuple[CriterionText, CriterionText, str]] = []
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                name = f"p-{a.criterion.pk}-{b.criterion.pk}"
                # One row per pair: the Saaty scale as a labelled radio group (issue 11; 28
                # drop-downs of 17 options were not usable), A's side left, B's side right.
                self.fields[name] = forms.ChoiceField(
                    label=_("%(a)s compared with %(b)s") % {"a": a.name, "b": b.name},
                    choices=saaty_choices(), widget=forms.RadioSelect,
                    initial=current.get((a.criterion.pk, b.criterion.pk), "1"),
                    error_messages={"invalid_choice": _("Choose one of the options for this pair.")},
                )
                self.pairs.append((a, b, name))

    def rows(self) -> list[tuple[CriterionText, CriterionText, forms.BoundField]]:
        return [(a, b, self[name]) for a, b, name in self.pairs]

    def scale_rows(self) -> list[dict[str, Any]]:
        """Per pair: both criteria, the field and its 17 radios, each with the number shown on
        the scale (9 … 1 … 9) and which side it favours."""
        rows = []
        for a, b, name in self.pairs:
            field = self[name]
            radios = []
            for radio in field:
                number = Fraction(radio.data["value"])
                strength = int(number) if number >= 1 else number.denominator
                side = "a" if number > 1 else "b" if number < 1 else "equal"
                radios.append({"radio": radio, "number": strength, "side": side, "major": strength % 2 == 1})
            rows.append({"a": a, "b": b, "field": field, "radios": radios})
        return rows

    def judgements(self) -> dict[tuple[Any, Any], str]:
        return {(a.criterion.pk, b.criterion.pk): self.cleaned_data[name] for a, b, name in self.pairs}


class EvaluatorAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Colleague"), queryset=User.objects.none(),
        empty_label=_("Choose a colleague"),
        error_messages={"required": _("Choose a colleague to add."),
                        "invalid_choice": _("Choose one of the colleagues in the list.")},
        help_text=_("Members with the role evaluator or owner. Viewers read along and do not score."),
    )
    score_by = forms.DateField(
        label=_("Score by"), required=False, widget=IsoDateInput(),
        error_messages={"invalid": _("Enter the date to score by as a date, for example 2027-03-31.")},
        help_text=_("Optional. Shown to the evaluator on their dashboard and scores page."),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = candidates
        field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]


class EvaluatorDeadlineForm(forms.Form):
    """The date one evaluator should have scored by; empty clears it."""

    score_by = forms.DateField(
        label=_("Score by"), required=False, widget=IsoDateInput(),
        error_messages={"invalid": _("Enter the date to score by as a date, for example 2027-03-31.")},
    )


def _user_label(user: User) -> str:
    return f"{user.display_name} ({user.email})"


class ScoreCandidateForm(forms.Form):
    """Score, comment and evidence per criterion (``<criterion id>-value`` and so on).

    A score left empty is not saved; an out-of-scale value fails the whole form.
    """

    def __init__(self, *args: Any, texts: list[CriterionText], initial_scores: dict[Any, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for text in texts:
            cid = text.criterion.pk
            score = initial_scores.get(cid)
            self.fields[f"{cid}-value"] = forms.TypedChoiceField(
                label=text.name, choices=SCALE_CHOICES, coerce=int, required=False, empty_value=None,
                widget=forms.RadioSelect, initial=str(score.value) if score else None,
                error_messages={"invalid_choice": SCALE_ERROR},
            )
            self.fields[f"{cid}-comment"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
            self.fields[f"{cid}-evidence"] = forms.CharField(
                label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.evidence if score else "",
                help_text=_("What you base the score on: a document, a call, an answer."),
            )

    def cell(self, text: CriterionText) -> dict[str, forms.BoundField]:
        cid = text.criterion.pk
        return {"value": self[f"{cid}-value"], "comment": self[f"{cid}-comment"], "evidence": self[f"{cid}-evidence"]}

    def entries(self, only: Any = None) -> list[tuple[Criterion, int, str, str]]:
        """(criterion, value, comment, evidence) for every criterion with a score given."""
        out = []
        for text in self.texts:
            cid = text.criterion.pk
            if only is not None and str(cid) != str(only):
                continue
            value = self.cleaned_data.get(f"{cid}-value")
            if value is not None:
                out.append((text.criterion, value, self.cleaned_data[f"{cid}-comment"],
                            self.cleaned_data[f"{cid}-evidence"]))
        return out


class ScorecardForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was it?"), choices=ScorecardKind.choices, widget=forms.RadioSelect)
    held_on = forms.DateField(
        label=_("Date"), widget=IsoDateInput(),
        error_messages={"required": _("Enter the date of the call or workshop."),
                        "invalid": _("Enter a date such as 2026-03-12.")},
    )
    counterpart = forms.CharField(label=_("Who you spoke with"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, texts: list[CriterionText], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for text in texts:
            self.fields[f"r-{text.criterion.pk}"] = forms.TypedChoiceField(
                label=text.name, choices=[("", "—"), *SCALE_CHOICES], coerce=int, required=False,
                empty_value=None, error_messages={"invalid_choice": SCALE_ERROR},
            )

    def rating_fields(self) -> list[tuple[CriterionText, forms.BoundField]]:
        return [(text, self[f"r-{text.criterion.pk}"]) for text in self.texts]

    def ratings(self) -> dict[Any, tuple[int, str]]:
        return {
            text.criterion.pk: (self.cleaned_data[f"r-{text.criterion.pk}"], "")
            for text in self.texts
            if self.cleaned_data.get(f"r-{text.criterion.pk}") is not None
        }


class KnockoutForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"), choices=[("1", _("Meets it")), ("0", _("Fails it"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, error_messages={"required": _("Choose whether the candidate meets it.")},
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why, so the decision can be explained later.")},
    )


class ConsensusForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Consensus score"), choices=SCALE_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": SCALE_ERROR, "invalid_choice": SCALE_ERROR},
    )
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the team settled on this score; the evaluators' average stays visible beside it."),
        error_messages={"required": _("Explain why the team settled on this score.")},
    )
