"""The AI Act screening: walk the question tree with the stored answers and derive the result.

Pure Python (no Django): the tree comes from ``knowledge/data/ai_act.yaml`` (see
:mod:`partnerwijzer.knowledge.topics.ai_act`), the answers are a plain mapping
``{node_key: option_key}`` (a list of option keys for a multiple-choice node).

:func:`walk_tree` follows the answers from the start node: each answered node adds a step, the
chosen option routes to the next node or to an outcome. The walk stops at the first node without
a (valid) answer, which is the next question. Answers to nodes off the path are ignored, so
changing an early answer never lets an old branch leak into the result. The walker is shared
with the GDPR screening (:mod:`.gdpr`), whose tree has the same shape.

:func:`assess` turns a *complete* walk into the result; an incomplete walk gives ``None``, so no
tier is ever computed from half the answers. The rules:

* tier: the outcome's tier if it fixes one (not an AI system, excluded, prohibited); otherwise
  the most severe tier any chosen option named (``high_risk`` > ``limited_risk``), else
  ``minimal_risk``. Transparency (Art 50) options name ``limited_risk``, so a high-risk system
  with a chatbot stays high-risk and still gets the transparency duties.
* roles: the union of the roles the chosen options named. A deployer that uses a system for a
  purpose its supplier did not intend (flag ``repurposed``) becomes its provider only when that
  makes it high-risk (Art 25(1)(c)).
* duties: every duty whose tier, role and flag conditions hold (see ``Duty`` in the topic), with
  its date rule (the original date of the Act and the amended one, with verification status).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from partnerwijzer.knowledge.schema import LocalisedText
from partnerwijzer.knowledge.topics.ai_act import (
    AiActFile,
    DateRule,
    Duty,
    LegalRef,
    Node,
    Option,
    Outcome,
    QuestionTree,
)

AnswerValue = str | tuple[str, ...]

TIER_SEVERITY: Final[dict[str, int]] = {"prohibited": 4, "high_risk": 3, "limited_risk": 2, "minimal_risk": 1,
                                        "out_of_scope": 0}
REPURPOSED: Final = "repurposed"


class AnswerError(ValueError):
    """An answer that cannot be stored. ``code``: unknown_question, not_on_path, unknown_option,
    invalid_value. ``node`` names the question concerned."""

    def __init__(self, code: str, node: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.node = node
        self.message = message


@dataclass(frozen=True)
class _Index:
    nodes: dict[str, Node]
    outcomes: dict[str, Outcome]
    refs: dict[str, LegalRef]
    options: dict[tuple[str, str], Option]


_INDEXES: dict[int, tuple[QuestionTree, _Index]] = {}


def _index(tree: QuestionTree) -> _Index:
    """Lookup tables of a (frozen) tree, built once per tree object."""
    cached = _INDEXES.get(id(tree))
    if cached is None or cached[0] is not tree:
        index = _Index(
            nodes={n.key: n for n in tree.nodes},
            outcomes={o.key: o for o in tree.outcomes},
            refs={r.key: r for r in tree.refs},
            options={(n.key, o.key): o for n in tree.nodes for o in n.options},
        )
        cached = _INDEXES[id(tree)] = (tree, index)
    return cached[1]


class TreeError(RuntimeError):
    """The tree itself is broken (a cycle); the load-time checks and the tests prevent it."""


@dataclass(frozen=True)
class Step:
    """One answered question on the path."""

    node: Node
    value: AnswerValue
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Walk:
    """Where the answers lead: the answered steps, and either the next question or an outcome."""

    steps: tuple[Step, ...]
    next_node: Node | None = None
    outcome: Outcome | None = None
    skipped: tuple[str, ...] = ()
    # A stored answer that is no longer valid (e.g. the option was removed in a new version).
    invalid: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.outcome is not None

    @property
    def path_keys(self) -> tuple[str, ...]:
        return tuple(step.node.key for step in self.steps)

    @property
    def options(self) -> Iterator[Option]:
        for step in self.steps:
            yield from step.options

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(flag for option in self.options for flag in option.flags)

    def answers(self) -> dict[str, AnswerValue]:
        return {step.node.key: step.value for step in self.steps}


def normalise_answer(node: Node, value: object) -> AnswerValue:
    """The answer as stored: an option key, or a sorted tuple of keys for a multiple-choice node.

    Raises :class:`AnswerError` for an unknown option, a list on a single-choice node, an empty
    selection or an exclusive option ("none of these") combined with others.
    """
    known = [option.key for option in node.options]
    if node.kind == "single":
        if not isinstance(value, str):
            raise AnswerError("invalid_value", node.key, f"Question {node.key!r} takes one option key.")
        if value not in known:
            raise AnswerError("unknown_option", node.key, f"Question {node.key!r} has no option {value!r}.")
        return value
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise AnswerError("invalid_value", node.key, f"Question {node.key!r} takes a list of option keys.")
    chosen = tuple(sorted(set(values)))
    if not chosen:
        raise AnswerError("invalid_value", node.key, f"Choose at least one option for {node.key!r}.")
    unknown = [v for v in chosen if v not in known]
    if unknown:
        raise AnswerError("unknown_option", node.key, f"Question {node.key!r} has no option {unknown[0]!r}.")
    exclusive = [v for v in chosen if node.option(v).exclusive]
    if exclusive and len(chosen) > 1:
        raise AnswerError(
            "invalid_value", node.key, f"Option {exclusive[0]!r} of {node.key!r} cannot be combined with others."
        )
    return chosen


def _chosen(index: _Index, node: Node, value: AnswerValue) -> tuple[Option, ...]:
    if isinstance(value, str):
        return (index.options[node.key, value],)
    return tuple(index.options[node.key, key] for key in value)


def walk_tree(tree: QuestionTree, answers: Mapping[str, object], *, country: str | None = None) -> Walk:
    """Follow ``answers`` from the start node (see the module docstring).

    ``country`` (NL, DE, other) decides whether nodes asked only in some countries are asked.
    """
    index = _index(tree)
    steps: list[Step] = []
    skipped: list[str] = []
    visited: set[str] = set()
    key = tree.start
    while True:
        if key in visited:
            raise TreeError(f"cycle at node {key!r}")
        visited.add(key)
        node = index.nodes[key]
        if node.countries and (country or "other") not in node.countries:
            skipped.append(key)
            key = node.next or ""
            continue
        raw = answers.get(key)
        if raw is None:
            return Walk(tuple(steps), next_node=node, skipped=tuple(skipped))
        try:
            value = normalise_answer(node, raw)
        except AnswerError:
            return Walk(tuple(steps), next_node=node, skipped=tuple(skipped), invalid=(key,))
        options = _chosen(index, node, value)
        steps.append(Step(node, value, options))
        if node.kind == "single":
            next_key, outcome_key = options[0].next, options[0].outcome
        else:
            next_key, outcome_key = node.next, node.outcome
        if outcome_key is not None:
            return Walk(tuple(steps), outcome=index.outcomes[outcome_key], skipped=tuple(skipped))
        key = next_key or ""


def check_answer(
    tree: QuestionTree, answers: Mapping[str, object], node_key: str, value: object, *, country: str | None = None
) -> AnswerValue:
    """Validate one new answer: the node exists, lies on the current path (answered or next)
    and the value is one of its options. Returns the normalised value; raises AnswerError."""
    if node_key not in tree.node_keys:
        raise AnswerError("unknown_question", node_key, f"There is no question {node_key!r}.")
    walk = walk_tree(tree, answers, country=country)
    allowed = set(walk.path_keys) | ({walk.next_node.key} if walk.next_node else set())
    if node_key not in allowed:
        raise AnswerError(
            "not_on_path", node_key, f"Question {node_key!r} is not on the path of the current answers."
        )
    return normalise_answer(tree.node(node_key), value)


def check_answer_set(
    tree: QuestionTree, answers: Mapping[str, object], *, country: str | None = None
) -> dict[str, AnswerValue]:
    """Validate a whole set of answers (API PUT): every key a question, every value one of its
    options, and every answered question on the path the set itself leads along."""
    normalised: dict[str, AnswerValue] = {}
    for key, value in answers.items():
        if key not in tree.node_keys:
            raise AnswerError("unknown_question", key, f"There is no question {key!r}.")
        normalised[key] = normalise_answer(tree.node(key), value)
    walk = walk_tree(tree, normalised, country=country)
    off_path = sorted(set(normalised) - set(walk.path_keys))
    if off_path:
        raise AnswerError(
            "not_on_path", off_path[0], f"Question {off_path[0]!r} is not on the path of these answers."
        )
    return normalised


# --- Paths (for tests, docs and the API's tree description) ------------------------------------


def _selections(node: Node) -> list[AnswerValue]:
    """The answers that represent every route out of ``node``: each option of a single-choice
    node; each option alone of a multiple-choice node (they all route the same way)."""
    if node.kind == "single":
        return [option.key for option in node.options]
    return [(option.key,) for option in node.options]


def enumerate_paths(tree: QuestionTree, *, country: str | None = None) -> Iterator[dict[str, AnswerValue]]:
    """Every route through the tree, depth first, as the answers of each complete path.

    Raises TreeError on a cycle; a route to an unknown node raises KeyError (the load-time
    checks prevent both)."""
    nodes = {node.key: node for node in tree.nodes}

    def visit(key: str, answers: dict[str, AnswerValue], seen: frozenset[str]) -> Iterator[dict[str, AnswerValue]]:
        if key in seen:
            raise TreeError(f"cycle at node {key!r}")
        node = nodes[key]
        if node.countries and (country or "other") not in node.countries:
            yield from visit(node.next or "", answers, seen | {key})
            return
        for pick in _selections(node):
            option = node.option(pick if isinstance(pick, str) else pick[0])
            next_key, outcome = (option.next, option.outcome) if node.kind == "single" else (node.next, node.outcome)
            answers[key] = pick
            if outcome is not None:
                yield dict(answers)
            else:
                yield from visit(next_key or "", answers, seen | {key})
            del answers[key]

    yield from visit(tree.start, {}, frozenset())


# --- The result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    text: LocalisedText
    refs: tuple[LegalRef, ...]
    verification: str = "verified"


@dataclass(frozen=True)
class DutyItem:
    duty: Duty
    # The company's role(s) the duty falls on; empty: everyone in scope.
    roles: tuple[str, ...]
    date: DateRule | None
    refs: tuple[LegalRef, ...]

    @property
    def key(self) -> str:
        return self.duty.key

    @property
    def verification(self) -> str:
        if self.duty.verification == "not_verified" or (self.date and self.date.verification == "not_verified"):
            return "not_verified"
        return "verified"


@dataclass(frozen=True)
class AiActAssessment:
    tier: str
    outcome: Outcome
    roles: tuple[str, ...]
    reasons: tuple[Reason, ...]
    duties: tuple[DutyItem, ...]
    flags: frozenset[str]
    answers: dict[str, AnswerValue] = field(default_factory=dict)

    @property
    def role(self) -> str | None:
        """The role that weighs most: provider if the company is one, else deployer."""
        if "provider" in self.roles:
            return "provider"
        return "deployer" if "deployer" in self.roles else None

    @property
    def transparency(self) -> bool:
        """Whether Art 50 duties apply on top of the tier."""
        return any(item.duty.key in TRANSPARENCY_DUTIES for item in self.duties)

    @property
    def annex_iii_point(self) -> int | None:
        for flag in sorted(self.flags):
            if flag.startswith("annex_iii_") and flag[len("annex_iii_"):].isdigit():
                return int(flag[len("annex_iii_"):])
        return None


TRANSPARENCY_DUTIES: Final = frozenset(
    {"provider_disclose_ai", "provider_mark_content", "deployer_compliant_system",
     "deployer_inform_emotion_biometric", "deployer_label_deepfakes"}
)


def _tier(walk: Walk, outcome: Outcome) -> str:
    if outcome.tier is not None:
        return outcome.tier
    named = [option.tier for option in walk.options if option.tier is not None]
    return max(named, key=TIER_SEVERITY.__getitem__) if named else "minimal_risk"


def _roles(walk: Walk, tier: str) -> tuple[str, ...]:
    roles: list[str] = []
    for option in walk.options:
        roles.extend(r for r in option.roles if r not in roles)
    if REPURPOSED in walk.flags and tier == "high_risk" and "provider" not in roles:
        roles.insert(0, "provider")
    return tuple(roles)


def duty_applies(duty: Duty, *, tier: str, roles: tuple[str, ...], flags: frozenset[str]) -> bool:
    """Whether ``duty`` holds for a result with this tier, roles and flags (see ``Duty``)."""
    if duty.tiers and tier not in duty.tiers:
        return False
    if duty.roles and not set(duty.roles) & set(roles):
        return False
    if not flags.issuperset(duty.when_all):
        return False
    if duty.when_any and flags.isdisjoint(duty.when_any):
        return False
    return flags.isdisjoint(duty.unless)


def _date(tree: AiActFile, duty: Duty, flags: frozenset[str]) -> DateRule | None:
    for flag, date_key in duty.date_if.items():
        if flag in flags:
            return tree.date(date_key)
    return tree.date(duty.date) if duty.date else None


def reasons_of(tree: QuestionTree, walk: Walk) -> tuple[Reason, ...]:
    refs = _index(tree).refs
    return tuple(
        Reason(option.reason, tuple(refs[r] for r in option.refs), option.verification)
        for option in walk.options
        if option.reason is not None
    )


def assess(tree: AiActFile, walk: Walk) -> AiActAssessment | None:
    """The result of a complete walk (see the module docstring); None while questions remain."""
    if walk.outcome is None:
        return None
    tier = _tier(walk, walk.outcome)
    roles = _roles(walk, tier)
    flags = walk.flags
    refs = _index(tree).refs
    duties = tuple(
        DutyItem(
            duty=duty,
            roles=tuple(r for r in roles if r in duty.roles) if duty.roles else (),
            date=_date(tree, duty, flags),
            refs=tuple(refs[r] for r in duty.refs),
        )
        for duty in tree.duties
        if duty_applies(duty, tier=tier, roles=roles, flags=flags)
    )
    return AiActAssessment(
        tier=tier, outcome=walk.outcome, roles=roles, reasons=reasons_of(tree, walk), duties=duties,
        flags=flags, answers=walk.answers(),
    )


def screen(tree: AiActFile, answers: Mapping[str, object]) -> tuple[Walk, AiActAssessment | None]:
    """Walk and assess in one call."""
    walk = walk_tree(tree, answers)
    return walk, assess(tree, walk)
