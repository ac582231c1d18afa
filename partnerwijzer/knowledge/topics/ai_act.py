"""The AI Act screening as data: a question tree with routing, outcomes, duties and dates.

``data/ai_act.yaml`` holds nodes (one question each, with a plain explanation, legal references
and options), and every option routes to the next node (``next``) or to an outcome
(``outcome``). Options also record facts about the path: a candidate risk ``tier``, the company's
``roles`` and ``flags`` (``annex_iii_4``, ``interacts``, ...). The pure walker in
the planning app (AI Act screening) follows the stored answers through the tree and turns the
facts into a result; the duties below name the facts they need.

The models here are shared with the GDPR screening (``gdpr.yaml``), which uses the same tree
shape with actions instead of duties. The whole-tree checks (every key referenced exists, the
start node exists, routing is well-formed) run at load time; the path-by-path checks (no cycles,
no dead ends, every node reachable) are tests in ``planning/tests/test_ai_act_tree.py``.

The structure was modelled on the Dutch government's AI Act decision aid
(MinBZK/ai-verordening-beslishulp, EUPL-1.2); the questions and texts are our own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Final, Literal

from pydantic import Field, model_validator

from partnerwijzer.knowledge.loader import load_topic_file
from partnerwijzer.knowledge.schema import DataFile, Key, LocalisedText, _Frozen

FILE: Final = "ai_act.yaml"

Tier = Literal["prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope"]
TIERS: Final[tuple[str, ...]] = ("prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope")
RoleName = Literal["provider", "deployer"]
Verification = Literal["verified", "not_verified"]
Country = Literal["NL", "DE", "other"]


class LegalRef(_Frozen):
    """An article, annex or guideline. ``url`` may contain ``{LANG}`` (EN, NL, DE) for EUR-Lex."""

    key: Key
    label: LocalisedText
    url: str = Field(pattern=r"^https://")
    source: Key | None = None
    verification: Verification = "verified"

    def url_for(self, lang: str | None) -> str:
        code = {"nl": "NL", "de": "DE"}.get((lang or "nl")[:2], "EN")
        return self.url.replace("{LANG}", code)


class Option(_Frozen):
    """One answer. In a single-choice node it routes (``next`` or ``outcome``); it may add facts."""

    key: Key
    label: LocalisedText
    hint: LocalisedText | None = None
    next: Key | None = None
    outcome: Key | None = None
    tier: Tier | None = None
    roles: tuple[RoleName, ...] = ()
    flags: tuple[Key, ...] = ()
    # Why this answer matters, shown among the reasons of the result.
    reason: LocalisedText | None = None
    refs: tuple[Key, ...] = ()
    verification: Verification = "verified"
    # In a multiple-choice node: this option cannot be combined with others ("none of these").
    exclusive: bool = False


class Section(_Frozen):
    key: Key
    title: LocalisedText


class Node(_Frozen):
    """One question page. ``single``: one option, which routes. ``multiple``: any number of
    options (an exclusive one stands alone); the node itself routes with ``next``/``outcome``.
    ``countries``: asked only for companies in these countries, otherwise skipped to ``next``."""

    key: Key
    section: Key
    kind: Literal["single", "multiple"] = "single"
    question: LocalisedText
    explanation: LocalisedText
    refs: tuple[Key, ...] = ()
    options: tuple[Option, ...] = Field(min_length=2)
    next: Key | None = None
    outcome: Key | None = None
    countries: tuple[Country, ...] = ()

    @model_validator(mode="after")
    def _routing(self) -> Node:
        keys = [o.key for o in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"node {self.key}: option keys must be unique")
        if self.kind == "single":
            for option in self.options:
                if (option.next is None) == (option.outcome is None):
                    raise ValueError(f"node {self.key}, option {option.key}: give exactly one of next or outcome")
        else:
            if (self.next is None) == (self.outcome is None):
                raise ValueError(f"node {self.key}: a multiple-choice node needs exactly one of next or outcome")
            if any(o.next or o.outcome for o in self.options):
                raise ValueError(f"node {self.key}: options of a multiple-choice node do not route")
        if self.countries and self.next is None:
            raise ValueError(f"node {self.key}: a node asked only in some countries needs next (for the others)")
        return self

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"node {self.key} has no option {key!r}")


class Outcome(_Frozen):
    """Where a path ends. ``tier`` fixes the tier; without it the tier follows from the facts."""

    key: Key
    tier: Tier | None = None
    title: LocalisedText
    summary: LocalisedText
    refs: tuple[Key, ...] = ()


class DateRule(_Frozen):
    """When a duty applies: the original date of the Act and, where the 2026 amendment (the
    Digital Omnibus) moved it, the amended date with how far we could verify it."""

    key: Key
    label: LocalisedText
    original: dt.date
    amended: dt.date | None = None
    verification: Verification = "verified"
    note: LocalisedText | None = None
    refs: tuple[Key, ...] = ()

    @property
    def applies_from(self) -> dt.date:
        return self.amended or self.original


class Duty(_Frozen):
    """A duty (AI Act) or action (GDPR) and the facts it needs.

    It applies when the result's tier is in ``tiers`` (if given), the company holds one of
    ``roles`` (if given), every flag in ``when_all`` and at least one in ``when_any`` (if
    given) was set on the path, and none in ``unless`` was.
    """

    key: Key
    title: LocalisedText
    explanation: LocalisedText
    refs: tuple[Key, ...] = ()
    tiers: tuple[Tier, ...] = ()
    roles: tuple[RoleName, ...] = ()
    when_all: tuple[Key, ...] = ()
    when_any: tuple[Key, ...] = ()
    unless: tuple[Key, ...] = ()
    date: Key | None = None
    # A flag that picks another date rule: {annex_i: annex_i_high_risk}.
    date_if: dict[str, Key] = Field(default_factory=dict)
    verification: Verification = "verified"


class QuestionTree(DataFile):
    """A screening questionnaire as a tree: start node, sections, nodes, outcomes, references."""

    start: Key
    credits: LocalisedText | None = None
    intro: LocalisedText
    sections: tuple[Section, ...] = Field(min_length=1)
    refs: tuple[LegalRef, ...] = Field(min_length=1)
    nodes: tuple[Node, ...] = Field(min_length=1)
    outcomes: tuple[Outcome, ...] = Field(min_length=1)

    def node(self, key: str) -> Node:
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(f"no node {key!r}")

    def outcome(self, key: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.key == key:
                return outcome
        raise KeyError(f"no outcome {key!r}")

    def ref(self, key: str) -> LegalRef:
        for ref in self.refs:
            if ref.key == key:
                return ref
        raise KeyError(f"no reference {key!r}")

    @property
    def node_keys(self) -> tuple[str, ...]:
        return tuple(n.key for n in self.nodes)

    def section_index(self, key: str) -> int:
        return [s.key for s in self.sections].index(key)

    def _ref_lists(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        for node in self.nodes:
            yield f"nodes.{node.key}.refs", node.refs
            for option in node.options:
                yield f"nodes.{node.key}.options.{option.key}.refs", option.refs
        for outcome in self.outcomes:
            yield f"outcomes.{outcome.key}.refs", outcome.refs

    def problems(self) -> list[str]:
        """Keys that are referenced but do not exist (checked at load time)."""
        problems: list[str] = []
        for what, keys in (("node", self.node_keys), ("outcome", [o.key for o in self.outcomes]),
                           ("reference", [r.key for r in self.refs]), ("section", [s.key for s in self.sections])):
            if len(set(keys)) != len(keys):
                problems.append(f"{what} keys must be unique")
        nodes, outcomes = set(self.node_keys), {o.key for o in self.outcomes}
        refs, sections = {r.key for r in self.refs}, {s.key for s in self.sections}
        if self.start not in nodes:
            problems.append(f"start: unknown node {self.start!r}")
        for node in self.nodes:
            if node.section not in sections:
                problems.append(f"nodes.{node.key}.section: unknown section {node.section!r}")
            targets = [(node.next, node.outcome)] + [(o.next, o.outcome) for o in node.options]
            for next_key, outcome_key in targets:
                if next_key is not None and next_key not in nodes:
                    problems.append(f"nodes.{node.key}: routes to unknown node {next_key!r}")
                if outcome_key is not None and outcome_key not in outcomes:
                    problems.append(f"nodes.{node.key}: routes to unknown outcome {outcome_key!r}")
        for where, keys in self._ref_lists():
            problems.extend(f"{where}: unknown reference {key!r}" for key in keys if key not in refs)
        return problems


class AiActFile(QuestionTree):
    # A plain explanation per tier, for paths whose outcome does not fix the tier.
    tier_texts: dict[Literal["high_risk", "limited_risk", "minimal_risk"], LocalisedText]
    dates: tuple[DateRule, ...] = Field(min_length=1)
    duties: tuple[Duty, ...] = Field(min_length=1)

    def date(self, key: str) -> DateRule:
        for rule in self.dates:
            if rule.key == key:
                return rule
        raise KeyError(f"no date rule {key!r}")

    def problems(self) -> list[str]:
        problems = super().problems()
        problems.extend(duty_problems(self, self.duties, {d.key for d in self.dates}))
        return problems

    @model_validator(mode="after")
    def _consistent(self) -> AiActFile:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self


def flags_of(tree: QuestionTree) -> set[str]:
    return {flag for node in tree.nodes for option in node.options for flag in option.flags}


def duty_problems(tree: QuestionTree, duties: tuple[Duty, ...], dates: set[str]) -> list[str]:
    """Duties that name an unknown flag, date or reference, or a duplicate key."""
    problems: list[str] = []
    keys = [d.key for d in duties]
    if len(set(keys)) != len(keys):
        problems.append("duty keys must be unique")
    flags, refs = flags_of(tree), {r.key for r in tree.refs}
    for duty in duties:
        for flag in (*duty.when_all, *duty.when_any, *duty.unless, *duty.date_if):
            if flag not in flags:
                problems.append(f"duties.{duty.key}: no option sets the flag {flag!r}")
        for date_key in (duty.date, *duty.date_if.values()):
            if date_key is not None and date_key not in dates:
                problems.append(f"duties.{duty.key}: unknown date {date_key!r}")
        problems.extend(f"duties.{duty.key}.refs: unknown reference {r!r}" for r in duty.refs if r not in refs)
    return problems


def check_sources(name: str, tree: QuestionTree) -> None:
    """Every reference names a source of ``sources.yaml`` (or none); raise listing the others."""
    from partnerwijzer.knowledge.loader import ReferenceDataError, reference

    known = {source.key for source in reference().sources}
    problems = [
        f"{name}: refs.{ref.key}.source: unknown source {ref.source!r}"
        for ref in tree.refs
        if ref.source is not None and ref.source not in known
    ]
    if problems:
        raise ReferenceDataError(problems)


@functools.cache
def load() -> AiActFile:
    data = load_topic_file(FILE, AiActFile)
    check_sources(FILE, data)
    return data


def summary(data: AiActFile) -> str:
    return (
        f"{FILE}: {len(data.nodes)} questions, {len(data.outcomes)} outcomes, {len(data.duties)} duties, "
        f"version {data.version}"
    )
