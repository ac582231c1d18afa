"""How the audit log names the codes the readiness check and the model advice record.

An answer is recorded as ``{"question": <question key>, "answer": [<option before>, <option
after>]}``: keys of the question catalogue. What an option key means depends on its question
(``none`` under one question is not ``none`` under another), so the answer's labels come from the
question recorded beside it. The audit app, below planning, cannot read the catalogue; planning
registers these describers at start-up (``PlanningConfig.ready``). A code the current catalogue
does not know (an older version) is shown as it is.

``use_case.model_choose`` records the chosen model's key (``lighthouse``): :func:`describe_use_case`
names it as the implementation model's name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.utils import translation

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import LocalisedText
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data


class _Option(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> LocalisedText: ...


class _Question(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def text(self) -> LocalisedText: ...
    @property
    def options(self) -> tuple[Any, ...]: ...


Describer = Callable[[str, Mapping[str, Any]], tuple[str | None, Mapping[str, str]]]


def _describer(questions: Callable[[], tuple[Any, ...]]) -> Describer:
    def describe(key: str, changes: Mapping[str, Any]) -> tuple[str | None, Mapping[str, str]]:
        lang = translation.get_language()
        catalogue: dict[str, _Question] = {q.key: q for q in questions()}
        if key == "question":
            return None, {code: q.text.get(lang) for code, q in catalogue.items()}
        if key == "answer":
            question = catalogue.get(str(changes.get("question", "")))
            if question is None:
                return None, {}  # not a question of the current catalogue: the codes as they are
            options: tuple[_Option, ...] = question.options
            return None, {option.key: option.label.get(lang) for option in options}
        return None, {}

    return describe


describe_readiness = _describer(lambda: readiness_data.load().questions)
describe_model_advice = _describer(lambda: advice_data.load().questions)


def describe_use_case(key: str, changes: Mapping[str, Any]) -> tuple[str | None, Mapping[str, str]]:
    if key != "chosen_model":
        return None, {}  # the use case's own fields: their labels as usual
    lang = translation.get_language()
    return None, {model.key: model.name.get(lang) for model in reference().implementation_models}
