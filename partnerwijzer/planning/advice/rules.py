"""Implementation-model advice: score the four models from a use case's inputs.

Pure Python on the rules of :mod:`partnerwijzer.knowledge.topics.model_advice`; no Django.

* Every rule whose input has one of its values *fires* and adds its points (positive: speaks
  for, negative: speaks against) to its model. A model's score is the sum; models start at 0.
* Advice is given only when every advice question is answered (a question with a ``fallback``
  counts as answered when the readiness question of that key is). Profile and readiness inputs
  are optional: when missing, their rules simply do not fire, and ``missing_context`` says so.
* The highest score wins. A tie goes to the model listed first in ``tie_order``
  (lighthouse, hybrid, generalist, specialist network: the guide's typical path first, then the
  model that needs the least coordination), and ``tied`` is set.
* The reasons are the winner's positive rules, most points first, then in file order; the page
  shows the top three (``reasons``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from partnerwijzer.knowledge.schema import LocalisedText
from partnerwijzer.knowledge.topics.model_advice import MODELS, ModelAdviceFile, Rule

TOP_REASONS: Final = 3

NEXT_ON_PATH: Final[dict[str, str]] = {"lighthouse": "hybrid"}
"""The guide's typical path: start with a lighthouse, grow into the hybrid model."""


@dataclass(frozen=True)
class ModelScore:
    model: str
    points: int
    fired: tuple[Rule, ...]

    @property
    def pros(self) -> tuple[Rule, ...]:
        """Rules that speak for this model, strongest first (stable: file order among equals)."""
        return tuple(sorted((r for r in self.fired if r.points > 0), key=lambda r: -r.points))

    @property
    def cons(self) -> tuple[Rule, ...]:
        """Rules that speak against this model, strongest first."""
        return tuple(sorted((r for r in self.fired if r.points < 0), key=lambda r: r.points))


@dataclass(frozen=True)
class Advice:
    """The advice for one use case. Fields for callers (the plan summary uses these):

    ``complete`` (all advice questions answered), ``missing`` (open advice question keys),
    ``answered``/``total`` (advice questions), ``recommended`` (model key, None when incomplete),
    ``reasons`` (up to three rules, each with a localised ``reason``), ``ranking`` (every model's
    :class:`ModelScore`, best first; empty when incomplete), ``tied`` (the winner won on the tie
    order), ``next_model`` (the typical next step: ``hybrid`` after a lighthouse),
    ``typical_path`` (localised text), ``inputs`` (the values used) and ``missing_context``
    (profile or readiness inputs that were not available).
    """

    version: str
    total: int
    missing: tuple[str, ...]
    inputs: Mapping[str, str]
    missing_context: tuple[str, ...]
    typical_path: LocalisedText | None
    recommended: str | None = None
    ranking: tuple[ModelScore, ...] = ()
    tied: bool = False
    reasons: tuple[Rule, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def answered(self) -> int:
        return self.total - len(self.missing)

    @property
    def next_model(self) -> str | None:
        return NEXT_ON_PATH.get(self.recommended or "")

    def score_of(self, model: str) -> ModelScore | None:
        return next((s for s in self.ranking if s.model == model), None)


def resolve_inputs(
    data: ModelAdviceFile,
    *,
    profile: Mapping[str, str | None],
    readiness: Mapping[str, object],
    answers: Mapping[str, object],
) -> dict[str, str]:
    """The value of each declared input that is known and valid; unknown values are dropped.

    ``profile`` holds the derived profile inputs (``ai_experience``, ``tech_capacity``,
    ``company_size``); ``readiness`` and ``answers`` the readiness and advice answers.
    An advice question with a ``fallback`` takes the readiness answer while it is unanswered.
    """
    values: dict[str, str] = {}
    for item in data.inputs:
        raw: object
        if item.source == "profile":
            raw = profile.get(item.key)
        elif item.source == "readiness":
            raw = readiness.get(item.key)
        else:
            raw = answers.get(item.key)
            question = data.question(item.key)
            if raw is None and question is not None and question.fallback:
                raw = readiness.get(question.fallback)
        if isinstance(raw, str) and raw in item.values:
            values[item.key] = raw
    return values


def advise(
    data: ModelAdviceFile, inputs: Mapping[str, str], *, typical_path: LocalisedText | None = None
) -> Advice:
    """Score the four models for ``inputs`` (input key → value) and pick one; see the module doc."""
    missing = tuple(q.key for q in data.questions if q.key not in inputs)
    base = Advice(
        version=data.version, total=len(data.questions), missing=missing, inputs=dict(inputs),
        missing_context=tuple(i.key for i in data.inputs if i.source != "advice" and i.key not in inputs),
        typical_path=typical_path,
    )
    if missing:
        return base
    fired: dict[str, list[Rule]] = {m: [] for m in MODELS}
    for rule in data.rules:
        if inputs.get(rule.input) in rule.values:
            fired[rule.model].append(rule)
    order: dict[str, int] = {m: i for i, m in enumerate(data.tie_order)}
    scores = [ModelScore(model=m, points=sum(r.points for r in fired[m]), fired=tuple(fired[m])) for m in MODELS]
    ranking = tuple(sorted(scores, key=lambda s: (-s.points, order[s.model])))
    best = ranking[0]
    return replace(
        base, recommended=best.model, ranking=ranking, tied=ranking[1].points == best.points,
        reasons=best.pros[:TOP_REASONS],
    )


def company_size(staff_count: int | None) -> str | None:
    """small (< 50 staff), medium (50–249), large (250+), as in the EU's SME definition."""
    if staff_count is None:
        return None
    if staff_count < 50:
        return "small"
    if staff_count < 250:
        return "medium"
    return "large"


_CAPACITY_ORDER: Final = ("none", "limited", "team")


def tech_capacity(it_capacity: str, data_capacity: str) -> str | None:
    """The better of the IT and data capacity (``none`` < ``limited`` < ``team``); None if neither is set."""
    known = [c for c in (it_capacity, data_capacity) if c in _CAPACITY_ORDER]
    if not known:
        return None
    return max(known, key=_CAPACITY_ORDER.index)
