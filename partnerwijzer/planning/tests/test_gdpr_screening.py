"""The GDPR screening as a table: answers and country -> DPIA verdict, findings and actions."""

from __future__ import annotations

from typing import Any

import pytest

from partnerwijzer.knowledge.topics.gdpr import GdprFile, load
from partnerwijzer.planning.compliance import ai_act, gdpr

BASE = {"personal_data": "yes", "employees": "no"}
END = {"art22": "no", "processor": "no", "transfer": "no"}
ALWAYS = {"purpose_legal_basis", "record_of_processing", "dpia_screening_record", "minimise", "privacy_notice",
          "data_subject_rights", "security"}

CASES: list[tuple[str, str, dict[str, Any], str, set[str], set[str]]] = [
    # (name, country, answers, verdict, actions present, actions absent)
    ("no_personal_data", "NL", {"personal_data": "no"}, "not_required", set(), ALWAYS),
    ("no_criteria", "other", {**BASE, "edpb_criteria": ["none"], **END}, "not_required", ALWAYS,
     {"dpia_carry_out", "dpia_consider"}),
    ("one_criterion_recommended", "other", {**BASE, "edpb_criteria": ["innovative"], **END}, "recommended",
     ALWAYS | {"dpia_consider"}, {"dpia_carry_out"}),
    ("two_criteria_required", "other", {**BASE, "edpb_criteria": ["innovative", "scoring"], **END}, "required",
     {"dpia_carry_out"}, {"dpia_consider"}),
    ("hr_cv_screening_nl", "NL",
     {"personal_data": "yes", "employees": "yes", "edpb_criteria": ["scoring", "innovative", "vulnerable"],
      "nl_list": ["profiling"], "art22": "human_review", "processor": "yes", "transfer": "us_dpf"},
     "required", {"dpia_carry_out", "works_council_nl", "processor_agreement", "transfer_dpf_check",
                  "human_review_record"}, {"works_council_de", "de_dpo", "transfer_scc_tia"}),
    ("national_list_alone_requires_dpia_nl", "NL",
     {**BASE, "edpb_criteria": ["none"], "nl_list": ["employee_monitoring"], **END}, "required",
     {"dpia_carry_out"}, set()),
    ("dsk_ai_item_requires_dpia_de", "DE",
     {**BASE, "edpb_criteria": ["innovative"], "de_list": ["ai_interaction_evaluation"], **END}, "required",
     {"dpia_carry_out", "de_dpo"}, {"works_council_de"}),
    ("employees_de_works_council", "DE",
     {"personal_data": "yes", "employees": "yes", "edpb_criteria": ["monitoring", "vulnerable"],
      "de_list": ["none"], **END}, "required", {"works_council_de"}, {"works_council_nl"}),
    ("automated_decision_without_basis", "other",
     {**BASE, "edpb_criteria": ["automated_decision", "innovative"], "art22": "solely_automated",
      "art22_basis": "none", "processor": "no", "transfer": "no"},
     "required", {"art22_redesign"}, {"art22_safeguards"}),
    ("automated_decision_with_contract", "other",
     {**BASE, "edpb_criteria": ["automated_decision"], "art22": "solely_automated", "art22_basis": "contract",
      "processor": "no", "transfer": "no"},
     "recommended", {"art22_safeguards"}, {"art22_redesign"}),
    ("us_without_dpf_needs_scc", "other",
     {**BASE, "edpb_criteria": ["none"], "art22": "no", "processor": "yes", "transfer": "other"},
     "not_required", {"processor_agreement", "transfer_scc_tia"}, {"transfer_dpf_check"}),
    ("transfer_unknown", "NL",
     {**BASE, "edpb_criteria": ["none"], "nl_list": ["none"], "art22": "no", "processor": "yes",
      "transfer": "unknown"},
     "not_required", {"transfer_find_out"}, set()),
]


@pytest.fixture(scope="module")
def tree() -> GdprFile:
    return load()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_gdpr_case(tree: GdprFile, case: tuple) -> None:
    name, country, answers, verdict, present, absent = case
    walk, result = gdpr.screen(tree, answers, country=country)
    assert walk.complete, f"{name}: stopped at {walk.next_node.key if walk.next_node else None}"
    assert result is not None
    assert result.verdict.key == verdict
    keys = {a.key for a in result.actions}
    assert present <= keys, present - keys
    assert not (absent & keys), absent & keys


def test_national_list_is_asked_only_in_its_country(tree: GdprFile) -> None:
    answers = {**BASE, "edpb_criteria": ["none"]}
    assert gdpr.walk_tree(tree, answers, country="NL").next_node.key == "nl_list"  # type: ignore[union-attr]
    assert gdpr.walk_tree(tree, answers, country="DE").next_node.key == "de_list"  # type: ignore[union-attr]
    assert gdpr.walk_tree(tree, answers, country="other").next_node.key == "art22"  # type: ignore[union-attr]
    with pytest.raises(ai_act.AnswerError) as exc:
        ai_act.check_answer(tree, answers, "nl_list", ["profiling"], country="DE")
    assert exc.value.code == "not_on_path"


def test_findings(tree: GdprFile) -> None:
    _walk, result = gdpr.screen(tree, CASES[4][2], country="NL")
    assert result is not None
    assert result.criteria_count == 3
    assert result.national_list == "NL"
    assert [o.key for o in result.national_hits] == ["profiling"]
    assert (result.art22, result.processor, result.transfer) == ("human_review", True, "us_dpf")


def test_ai_act_high_risk_adds_the_alignment_action(tree: GdprFile) -> None:
    answers = CASES[4][2]
    _w, plain = gdpr.screen(tree, answers, country="NL")
    _w, aligned = gdpr.screen(tree, answers, country="NL", ai_act_high_risk=True)
    assert plain is not None
    assert aligned is not None
    assert "align_ai_act" not in {a.key for a in plain.actions}
    assert "align_ai_act" in {a.key for a in aligned.actions}


@pytest.mark.parametrize("country", ["NL", "DE", "other"])
def test_every_gdpr_path_ends_in_a_verdict(tree: GdprFile, country: str) -> None:
    paths = list(ai_act.enumerate_paths(tree, country=country))
    assert paths
    for answers in paths:
        walk, result = gdpr.screen(tree, answers, country=country)
        assert walk.complete
        assert result is not None


def test_an_incomplete_gdpr_walk_has_no_verdict(tree: GdprFile) -> None:
    walk, result = gdpr.screen(tree, BASE, country="NL")
    assert not walk.complete
    assert result is None
