"""The GDPR screening: DPIA need, Article 22, processors and transfers, and the action list.

Pure Python (no Django). The questions are ``knowledge/data/gdpr.yaml``; the walk is the one of
the AI Act screening (:func:`partnerwijzer.planning.compliance.ai_act.walk_tree`), with the company's
country deciding which national DPIA list is asked.

The DPIA verdict of a complete walk (an incomplete one gives ``None``):

* no personal data -> ``not_required`` (the GDPR does not apply);
* a hit on the national list of the company's country (NL: Autoriteit Persoonsgegevens, DE: DSK
  Muss-Liste) -> ``required`` (Art 35(4));
* at least ``criteria_threshold`` (2) of the EDPB's nine criteria -> ``required`` (WP248 rev.01:
  "in most cases" two or more mean a DPIA is needed);
* exactly one criterion -> ``recommended``; none -> ``not_required``.

Actions apply by verdict, country and the flags the answers set; ``ai_act_high_risk`` comes
from the AI Act screening of the same use case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from partnerwijzer.knowledge.topics.ai_act import LegalRef, Option, Outcome
from partnerwijzer.knowledge.topics.gdpr import Action, GdprFile, Verdict
from partnerwijzer.planning.compliance.ai_act import Reason, Walk, reasons_of, walk_tree

AI_ACT_HIGH_RISK = "ai_act_high_risk"


@dataclass(frozen=True)
class ActionItem:
    action: Action
    refs: tuple[LegalRef, ...]

    @property
    def key(self) -> str:
        return self.action.key

    @property
    def verification(self) -> str:
        return self.action.verification


@dataclass(frozen=True)
class GdprAssessment:
    verdict: Verdict
    outcome: Outcome
    personal_data: bool
    criteria: tuple[Option, ...]
    national_list: str | None
    national_hits: tuple[Option, ...]
    art22: str
    processor: bool
    transfer: str
    reasons: tuple[Reason, ...]
    actions: tuple[ActionItem, ...]
    flags: frozenset[str]

    @property
    def criteria_count(self) -> int:
        return len(self.criteria)


def _selected(walk: Walk, node_key: str) -> tuple[Option, ...]:
    for step in walk.steps:
        if step.node.key == node_key:
            return tuple(option for option in step.options if not option.exclusive)
    return ()


def _answer(walk: Walk, node_key: str, default: str) -> str:
    value = walk.answers().get(node_key)
    return value if isinstance(value, str) else default


def _art22(walk: Walk) -> str:
    """none | human_review | automated_with_basis | automated_without_basis."""
    answer = _answer(walk, "art22", "no")
    if answer == "human_review":
        return "human_review"
    if answer == "solely_automated":
        basis = _answer(walk, "art22_basis", "none")
        return "automated_without_basis" if basis == "none" else "automated_with_basis"
    return "none"


def action_applies(action: Action, *, verdict: str, country: str, flags: frozenset[str]) -> bool:
    if action.verdicts and verdict not in action.verdicts:
        return False
    if action.countries and country not in action.countries:
        return False
    if not flags.issuperset(action.when_all):
        return False
    if action.when_any and flags.isdisjoint(action.when_any):
        return False
    return flags.isdisjoint(action.unless)


def assess(
    tree: GdprFile, walk: Walk, *, country: str | None = None, ai_act_high_risk: bool = False
) -> GdprAssessment | None:
    """The verdict and actions of a complete walk (see the module docstring); None otherwise."""
    if walk.outcome is None:
        return None
    country = country or "other"
    flags = walk.flags | ({AI_ACT_HIGH_RISK} if ai_act_high_risk else set())
    personal_data = "personal_data" in flags
    criteria = _selected(walk, tree.criteria_node)
    national_node = tree.national_nodes.get(country)  # type: ignore[call-overload]
    national_hits = _selected(walk, national_node) if national_node else ()
    reasons = list(reasons_of(tree, walk))
    refs = {ref.key: ref for ref in tree.refs}
    if not personal_data:
        verdict = "not_required"
    elif national_hits or len(criteria) >= tree.criteria_threshold:
        verdict = "required"
    elif len(criteria) == 1:
        verdict = "recommended"
    else:
        verdict = "not_required"
    actions = tuple(
        ActionItem(action=action, refs=tuple(refs[r] for r in action.refs))
        for action in tree.actions
        if action_applies(action, verdict=verdict, country=country, flags=frozenset(flags))
    )
    transfer = _answer(walk, "transfer", "no") if personal_data else "no"
    return GdprAssessment(
        verdict=tree.verdict(verdict), outcome=walk.outcome, personal_data=personal_data, criteria=criteria,
        national_list=country if national_node else None, national_hits=national_hits, art22=_art22(walk),
        processor="processor" in flags, transfer=transfer, reasons=tuple(reasons), actions=actions,
        flags=frozenset(flags),
    )


def screen(
    tree: GdprFile, answers: Mapping[str, object], *, country: str | None = None, ai_act_high_risk: bool = False
) -> tuple[Walk, GdprAssessment | None]:
    walk = walk_tree(tree, answers, country=country)
    return walk, assess(tree, walk, country=country, ai_act_high_risk=ai_act_high_risk)
