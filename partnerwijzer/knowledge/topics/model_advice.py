"""Rules for the implementation-model advice (``model_advice.yaml``).

The file declares the ``inputs`` the advice reads (from the company profile, the readiness check
and its own ``questions``), and the ``rules``: each gives ``points`` (positive or negative) to
one ``model`` when an input has one of the listed ``values``, with a plain-language ``reason``.
Ties are broken by ``tie_order``. The arithmetic is in the planning app (its model advice).
"""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from partnerwijzer.knowledge.loader import load_topic_file
from partnerwijzer.knowledge.schema import DataFile, Key, LocalisedText

FILE_NAME = "model_advice.yaml"

MODELS = ("generalist", "specialist_network", "hybrid", "lighthouse")
"""The keys of implementation_models.yaml, in its order."""

ModelKey = Literal["generalist", "specialist_network", "hybrid", "lighthouse"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AdviceOption(_Frozen):
    key: Key
    label: LocalisedText


class AdviceQuestion(_Frozen):
    key: Key
    text: LocalisedText
    why: LocalisedText
    options: tuple[AdviceOption, ...] = Field(min_length=2)
    fallback: Key | None = None
    """A readiness question with the same options, used while this one is unanswered."""

    def option(self, key: str) -> AdviceOption | None:
        return next((o for o in self.options if o.key == key), None)


class AdviceInput(_Frozen):
    key: Key
    source: Literal["profile", "readiness", "advice"]
    values: tuple[Key, ...] = Field(min_length=2)
    label: LocalisedText


class Rule(_Frozen):
    key: Key
    model: ModelKey
    input: Key
    values: tuple[Key, ...] = Field(min_length=1)
    points: int = Field(ge=-5, le=5)
    reason: LocalisedText

    @model_validator(mode="after")
    def _nonzero(self) -> Rule:
        if self.points == 0:
            raise ValueError(f"rule {self.key}: points must not be 0")
        return self


class ModelAdviceFile(DataFile):
    tie_order: tuple[ModelKey, ...]
    inputs: tuple[AdviceInput, ...] = Field(min_length=1)
    questions: tuple[AdviceQuestion, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ModelAdviceFile:
        problems: list[str] = []
        if sorted(self.tie_order) != sorted(MODELS):
            problems.append(f"tie_order must list each of {', '.join(MODELS)} once")
        for what, keys in (("input", [i.key for i in self.inputs]), ("question", [q.key for q in self.questions]),
                           ("rule", [r.key for r in self.rules])):
            if len(set(keys)) != len(keys):
                problems.append(f"{what} keys must be unique")
        problems += self._question_problems() + self._rule_problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _question_problems(self) -> list[str]:
        inputs = {i.key: i for i in self.inputs}
        questions = {q.key for q in self.questions}
        problems = []
        for question in self.questions:
            declared = inputs.get(question.key)
            if declared is None or declared.source != "advice":
                problems.append(f"question {question.key}: declare it under inputs with source: advice")
            elif tuple(o.key for o in question.options) != declared.values:
                problems.append(f"question {question.key}: its option keys must equal the input's values")
        problems += [f"input {i.key}: source advice needs a question with that key"
                     for i in self.inputs if i.source == "advice" and i.key not in questions]
        return problems

    def _rule_problems(self) -> list[str]:
        inputs = {i.key: i for i in self.inputs}
        problems = []
        for rule in self.rules:
            target = inputs.get(rule.input)
            if target is None:
                problems.append(f"rule {rule.key}: unknown input {rule.input!r}")
                continue
            unknown = [v for v in rule.values if v not in target.values]
            if unknown:
                problems.append(f"rule {rule.key}: {rule.input} has no value(s) {', '.join(unknown)}")
        return problems

    def question(self, key: str) -> AdviceQuestion | None:
        return next((q for q in self.questions if q.key == key), None)

    def input(self, key: str) -> AdviceInput:
        return next(i for i in self.inputs if i.key == key)


@functools.cache
def load() -> ModelAdviceFile:
    return load_topic_file(FILE_NAME, ModelAdviceFile)


def summary(data: ModelAdviceFile) -> str:
    return (
        f"{FILE_NAME} {data.version}: {len(data.questions)} questions, {len(data.inputs)} inputs, "
        f"{len(data.rules)} rules"
    )
