"""Readiness scoring: from a use case's answers to a score, a traffic light and risks per factor.

Pure Python on the reference data of :mod:`partnerwijzer.knowledge.topics.readiness`; no Django.

Rules (also in ``docs/readiness.md``):

* A factor's **score** is ``100 × Σ answer scores / Σ best possible scores``, rounded half up, over its
  questions, so every question weighs by its scale (0–2 or 0–3). It is computed only when every
  question of the factor has a valid answer; a partly answered factor has no score and no light.
* **Traffic light** from the score: green from ``thresholds.green`` (70), amber from
  ``thresholds.amber`` (40), red below. The colour always comes with a word (see ``LIGHT_WORDS``
  in the views), never alone.
* A **risk** is every answered question whose answer scores at most the question's
  ``weak_at_most``; it carries the question's risk and action texts. Risks are reported for
  incomplete factors too: a weak answer is a risk whatever the other answers are.
* The **overall** score is the plain mean of the factor scores (rounded half up), only when every factor is
  complete. An answer whose option no longer exists in the current data (an older version of
  the questions) counts as not answered and is listed in ``stale``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from partnerwijzer.knowledge.topics.readiness import Factor, Option, Question, ReadinessFile, Thresholds


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def light_for(score: int, thresholds: Thresholds) -> Light:
    """Green from ``thresholds.green``, amber from ``thresholds.amber``, red below."""
    if score >= thresholds.green:
        return Light.GREEN
    if score >= thresholds.amber:
        return Light.AMBER
    return Light.RED


@dataclass(frozen=True)
class AnsweredQuestion:
    question: Question
    option: Option | None
    """None when the question is still open."""

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def weak(self) -> bool:
        return self.option is not None and self.option.score <= self.question.weak_at_most


@dataclass(frozen=True)
class Risk:
    factor_key: str
    question: Question
    option: Option

    @property
    def question_key(self) -> str:
        return self.question.key

    @property
    def risk(self) -> Any:
        return self.question.risk

    @property
    def action(self) -> Any:
        return self.question.action


@dataclass(frozen=True)
class FactorResult:
    factor: Factor
    rows: tuple[AnsweredQuestion, ...]
    score: int | None
    """0–100, only when the factor is complete."""
    light: Light | None
    risks: tuple[Risk, ...]

    @property
    def key(self) -> str:
        return self.factor.key

    @property
    def answered(self) -> int:
        return sum(1 for r in self.rows if r.option is not None)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def started(self) -> bool:
        return self.answered > 0

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows if r.option is None)


@dataclass(frozen=True)
class ReadinessResult:
    """The readiness of one use case. Fields for callers (the plan summary uses these):

    ``version`` of the questions, ``factors`` (one :class:`FactorResult` each: ``score``,
    ``light``, ``risks``, ``missing``, ``answered``/``total``), ``risks`` (all, in question
    order), ``complete``, ``answered``/``total``, ``missing`` (open question keys), ``score`` and
    ``light`` overall (None unless complete) and ``stale`` (answers to options that no longer exist).
    """

    version: str
    factors: tuple[FactorResult, ...]
    score: int | None
    light: Light | None
    stale: tuple[str, ...]

    @property
    def risks(self) -> tuple[Risk, ...]:
        return tuple(r for f in self.factors for r in f.risks)

    @property
    def answered(self) -> int:
        return sum(f.answered for f in self.factors)

    @property
    def total(self) -> int:
        return sum(f.total for f in self.factors)

    @property
    def complete(self) -> bool:
        return all(f.complete for f in self.factors)

    @property
    def started(self) -> bool:
        return self.answered > 0

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(k for f in self.factors for k in f.missing)

    def factor(self, key: str) -> FactorResult:
        return next(f for f in self.factors if f.key == key)


def _percent(part: int, whole: int) -> int:
    """``100 × part / whole`` rounded half up, in integers (62.5 → 63, not Python's 62)."""
    return (200 * part + whole) // (2 * whole)


def _factor_result(factor: Factor, answers: Mapping[str, Any], thresholds: Thresholds) -> FactorResult:
    rows = []
    for question in factor.questions:
        raw = answers.get(question.key)
        option = question.option(raw) if isinstance(raw, str) else None
        rows.append(AnsweredQuestion(question=question, option=option))
    risks = tuple(Risk(factor.key, r.question, r.option) for r in rows if r.weak and r.option is not None)
    score: int | None = None
    light: Light | None = None
    if all(r.option is not None for r in rows):
        got = sum(r.option.score for r in rows if r.option is not None)
        best = sum(r.question.max_score for r in rows)
        score = _percent(got, best)
        light = light_for(score, thresholds)
    return FactorResult(factor=factor, rows=tuple(rows), score=score, light=light, risks=risks)


def score_readiness(data: ReadinessFile, answers: Mapping[str, Any]) -> ReadinessResult:
    """Score ``answers`` (question key → option key) against the readiness ``data``.

    Keys that are not questions are ignored; values that are not an option of their question
    count as not answered and are reported in ``stale``.
    """
    factors = tuple(_factor_result(f, answers, data.thresholds) for f in data.items)
    stale = tuple(
        q.key for q in data.questions
        if q.key in answers and (not isinstance(answers[q.key], str) or q.option(answers[q.key]) is None)
    )
    score: int | None = None
    light: Light | None = None
    if all(f.complete for f in factors):
        score = _percent(sum(f.score or 0 for f in factors), 100 * len(factors))
        light = light_for(score, data.thresholds)
    return ReadinessResult(version=data.version, factors=factors, score=score, light=light, stale=stale)
