"""Every action code the code base records has a readable, translated label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from partnerwijzer.audit.labels import ACTION_LABELS, SUFFIX_LABELS, action_label

PACKAGE = Path(__file__).resolve().parents[2]
CODE = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*"
# action="a.b", action="a.b" if x else "c.d", and the constants passed as action=NAME_ACTION.
LITERAL = re.compile(rf'\baction=\(?\s*"({CODE})"(?:\s+if\s+[^"\n]+?\s+else\s+"({CODE})")?')
CONSTANT = re.compile(rf'^[A-Z_]*ACTION\b[^=\n]*=\s*"({CODE})"', re.MULTILINE)
# action=f"{questionnaire}.answer_save": the part after the placeholder is the suffix.
FSTRING = re.compile(r'\baction=f"\{[^}"]+\}\.([a-z][a-z0-9_]*)"')


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def _recorded_codes() -> tuple[set[str], set[str]]:
    literals: set[str] = set()
    suffixes: set[str] = set()
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for match in LITERAL.finditer(text):
            literals.update(code for code in match.groups() if code)
        literals.update(CONSTANT.findall(text))
        suffixes.update(FSTRING.findall(text))
    return literals, suffixes


def test_the_scan_finds_the_code_bases_actions() -> None:
    literals, suffixes = _recorded_codes()
    assert {"candidate.stage_move", "budget.created", "portal.quote_submit", "profile.update",
            "use_case.lighthouse_clear", "readiness.answer"} <= literals
    assert {"answer_save", "checklist_sync"} <= suffixes


def test_every_recorded_action_code_has_a_label() -> None:
    literals, suffixes = _recorded_codes()
    assert sorted(literals - ACTION_LABELS.keys()) == [], "add a label to partnerwijzer/audit/labels.py"
    assert sorted(suffixes - SUFFIX_LABELS.keys()) == [], "add a suffix label to partnerwijzer/audit/labels.py"


def test_labels_are_readable_and_distinct() -> None:
    with translation.override("en"):
        labels = [str(label) for label in ACTION_LABELS.values()]
    assert len(set(labels)) == len(labels)
    assert all(label and label[0].isupper() and "." not in label and "_" not in label for label in labels)


def test_codes_built_from_a_screening_key_are_named_by_their_suffix() -> None:
    with translation.override("en"):
        assert action_label("ai_act.answer_save") == "AI Act screening answer saved"
        assert action_label("some_future_screening.checklist_sync") == "Checklist updated"


@pytest.mark.parametrize("code", ["test.thing", "x", "", "unknown.answer_saved", "candidate"])
def test_unknown_codes_fall_back_to_the_code(code: str) -> None:
    assert action_label(code) == code


def test_labels_are_translated() -> None:
    with translation.override("en"):
        assert action_label("candidate.stage_move") == "Candidate moved to another stage"
    with translation.override("nl"):
        nl = action_label("candidate.stage_move")
    with translation.override("de"):
        de = action_label("candidate.stage_move")
    assert nl != "Candidate moved to another stage"
    assert de != "Candidate moved to another stage"
    assert nl != de
