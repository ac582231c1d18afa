"""The readiness check: the guide's four success factors and the internal prerequisites.

``readiness.yaml`` holds, per factor, why it matters (with the guide's figures), the questions
with their answer options and scores, and per question the risk a weak answer signals and what
to do about it. The scoring itself is pure code in the planning app (readiness).

A question's options score 0 up to 2 or 3; an answer scoring at most ``weak_at_most`` is weak
and brings the question's ``risk`` and ``action`` to the result.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from partnerwijzer.knowledge import overrides
from partnerwijzer.knowledge.loader import load_topic_file
from partnerwijzer.knowledge.schema import DataFile, Figure, Key, LocalisedText

FILE_NAME = "readiness.yaml"

MAX_OPTION_SCORE = 3


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    key: Key
    label: LocalisedText
    score: int = Field(ge=0, le=MAX_OPTION_SCORE)


class Question(_Frozen):
    key: Key
    text: LocalisedText
    why: LocalisedText
    """One line: why we ask this."""
    options: tuple[Option, ...] = Field(min_length=2)
    weak_at_most: int = Field(0, ge=0)
    """Answers scoring this or less are weak: they bring ``risk`` and ``action`` to the result."""
    risk: LocalisedText
    action: LocalisedText

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        keys = [o.key for o in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"question {self.key}: option keys must be unique")
        scores = [o.score for o in self.options]
        if min(scores) > self.weak_at_most:
            raise ValueError(f"question {self.key}: no option scores {self.weak_at_most} or less, so none is weak")
        if max(scores) <= self.weak_at_most:
            raise ValueError(f"question {self.key}: every option is weak; raise the best option's score")
        return self

    @property
    def max_score(self) -> int:
        return max(o.score for o in self.options)

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


class Factor(_Frozen):
    key: Key
    kind: Literal["success_factor", "prerequisite"]
    name: LocalisedText
    summary: LocalisedText
    why: LocalisedText
    figures: tuple[Figure, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)


class Thresholds(_Frozen):
    """Traffic light per factor score (0–100): green from ``green``, amber from ``amber``, else red."""

    green: int = Field(ge=1, le=100)
    amber: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.amber >= self.green:
            raise ValueError("amber must be lower than green")
        return self


class ReadinessFile(DataFile):
    thresholds: Thresholds
    items: tuple[Factor, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_question_keys(self) -> ReadinessFile:
        seen: set[str] = set()
        for factor in self.items:
            for question in factor.questions:
                if question.key in seen:
                    raise ValueError(f"question key {question.key!r} is used twice (keys are unique across factors)")
                seen.add(question.key)
        return self

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for f in self.items for q in f.questions)

    def factor(self, key: str) -> Factor:
        for factor in self.items:
            if factor.key == key:
                return factor
        raise KeyError(f"no readiness factor with key {key!r}")

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def factor_of(self, question_key: str) -> Factor | None:
        return next((f for f in self.items if any(q.key == question_key for q in f.questions)), None)


@functools.cache
def load_guide() -> ReadinessFile:
    """The guide's figures as the data file holds them."""
    return load_topic_file(FILE_NAME, ReadinessFile)


def load() -> ReadinessFile:
    """What pages and the API show: the guide's figures with the active organisation's own values
    (see :mod:`partnerwijzer.knowledge.overrides`)."""
    return overrides.applied(FILE_NAME, load_guide(), with_own_values)


PREFIX: Final = "readiness"


def figures(data: ReadinessFile) -> dict[str, Figure]:
    """Every figure of the file an organisation may replace, by a stable key."""
    return dict(overrides.figures_in(data.items, f"{PREFIX}.items"))


def with_own_values(data: ReadinessFile, values: Mapping[str, overrides.OwnValue]) -> ReadinessFile:
    return data.model_copy(update={"items": overrides.replace_figures(data.items, f"{PREFIX}.items", values)})


def summary(data: ReadinessFile) -> str:
    return (
        f"{FILE_NAME} {data.version}: {len(data.items)} factors, {len(data.questions)} questions, "
        f"{sum(len(f.figures) for f in data.items)} figures"
    )
