"""How the audit log names the codes the AI Act and GDPR screenings record.

An answer is recorded as ``{<question key>: [<option key before>, <option key after>]}`` and a
checklist change as ``{"created": [<duty key>, ...]}``: codes of the reference data. The audit app,
below planning, cannot read that data, so planning registers these describers at start-up
(``PlanningConfig.ready``) and the audit page shows the question, its options and the duties in the
reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation

from partnerwijzer.knowledge.schema import LocalisedText
from partnerwijzer.knowledge.topics import ai_act as ai_act_topic
from partnerwijzer.knowledge.topics import gdpr as gdpr_topic
from partnerwijzer.knowledge.topics.ai_act import QuestionTree

CHECKLIST_KEYS = ("created", "reopened", "not_applicable")


def _describer(load: Callable[[], QuestionTree], items: Callable[[QuestionTree], Mapping[str, LocalisedText]]
               ) -> Callable[[str, Mapping[str, Any]], tuple[str | None, Mapping[str, str]]]:
    def describe(key: str, changes: Mapping[str, Any]) -> tuple[str | None, Mapping[str, str]]:
        tree = load()
        lang = translation.get_language()
        if key in CHECKLIST_KEYS:
            return None, {code: text.get(lang) for code, text in items(tree).items()}
        try:
            node = tree.node(key)
        except KeyError:
            return None, {}  # not a question of the current tree (an older version, another key)
        return node.question.get(lang), {option.key: option.label.get(lang) for option in node.options}

    return describe


describe_ai_act = _describer(
    ai_act_topic.load, lambda tree: {d.key: d.title for d in tree.duties}  # type: ignore[attr-defined]
)
describe_gdpr = _describer(
    gdpr_topic.load, lambda tree: {a.key: a.title for a in tree.actions}  # type: ignore[attr-defined]
)
