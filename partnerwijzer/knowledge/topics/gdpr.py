"""The GDPR screening as data: DPIA screening, Article 22, processors and transfers.

``data/gdpr.yaml`` uses the question-tree shape of the AI Act screening (see
:mod:`partnerwijzer.knowledge.topics.ai_act`): nodes with options that set flags, a multiple-choice
node for the EDPB's nine criteria (``criteria_node``) and one per national DPIA list
(``national_nodes``, asked only for companies in that country). The verdict texts and the
checklist ``actions`` live here too; the rules that combine them are in
the planning app (its GDPR screening; reference data imports no app).
"""

from __future__ import annotations

import functools
from typing import Final, Literal

from pydantic import Field, model_validator

from partnerwijzer.knowledge.loader import load_topic_file
from partnerwijzer.knowledge.schema import Key, LocalisedText, _Frozen
from partnerwijzer.knowledge.topics.ai_act import Country, QuestionTree, Verification, check_sources, flags_of

FILE: Final = "gdpr.yaml"

VerdictName = Literal["required", "recommended", "not_required"]
VERDICTS: Final[tuple[str, ...]] = ("required", "recommended", "not_required")


class Verdict(_Frozen):
    key: VerdictName
    title: LocalisedText
    summary: LocalisedText


class Action(_Frozen):
    """A checklist action. It applies when the verdict is in ``verdicts`` (if given), the
    company's country in ``countries`` (if given), every flag in ``when_all`` and one of
    ``when_any`` (if given) was set, and none in ``unless``."""

    key: Key
    title: LocalisedText
    explanation: LocalisedText
    refs: tuple[Key, ...] = ()
    verdicts: tuple[VerdictName, ...] = ()
    countries: tuple[Country, ...] = ()
    when_all: tuple[Key, ...] = ()
    when_any: tuple[Key, ...] = ()
    unless: tuple[Key, ...] = ()
    verification: Verification = "verified"


class GdprFile(QuestionTree):
    criteria_node: Key
    criteria_threshold: int = Field(2, ge=1)
    national_nodes: dict[Country, Key]
    # Flags the application sets from outside the answers (e.g. the AI Act result).
    context_flags: tuple[Key, ...] = ()
    verdicts: tuple[Verdict, ...] = Field(min_length=3, max_length=3)
    actions: tuple[Action, ...] = Field(min_length=1)

    def verdict(self, key: str) -> Verdict:
        return next(v for v in self.verdicts if v.key == key)

    def problems(self) -> list[str]:
        problems = super().problems()
        nodes = set(self.node_keys)
        for key in (self.criteria_node, *self.national_nodes.values()):
            if key not in nodes:
                problems.append(f"unknown node {key!r}")
            elif self.node(key).kind != "multiple":
                problems.append(f"node {key!r} must be a multiple-choice node")
        if sorted(v.key for v in self.verdicts) != sorted(VERDICTS):
            problems.append("verdicts must name required, recommended and not_required once each")
        keys = [a.key for a in self.actions]
        if len(set(keys)) != len(keys):
            problems.append("action keys must be unique")
        flags, refs = flags_of(self) | set(self.context_flags), {r.key for r in self.refs}
        for action in self.actions:
            for flag in (*action.when_all, *action.when_any, *action.unless):
                if flag not in flags:
                    problems.append(f"actions.{action.key}: no option sets the flag {flag!r}")
            problems.extend(f"actions.{action.key}.refs: unknown reference {r!r}" for r in action.refs if r not in refs)
        return problems

    @model_validator(mode="after")
    def _consistent(self) -> GdprFile:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self


@functools.cache
def load() -> GdprFile:
    data = load_topic_file(FILE, GdprFile)
    check_sources(FILE, data)
    return data


def summary(data: GdprFile) -> str:
    return f"{FILE}: {len(data.nodes)} questions, {len(data.actions)} actions, version {data.version}"
