"""Known cases through the AI Act tree, as a table: answers -> tier, role and duties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partnerwijzer.knowledge.topics.ai_act import AiActFile, load
from partnerwijzer.planning.compliance import ai_act

IN_SCOPE = {"ai_system": "yes", "scope_exclusions": "none"}
DEPLOYER = {**IN_SCOPE, "role": "buy_use", "role_changes": "none"}
NOT_PROHIBITED = {"prohibited": "none"}
PLAIN_END = {"transparency": ["none"], "gpai": "no"}

HR_CV_SCREENING = {
    **DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
    "public_service": "no", **PLAIN_END,
}
DEPLOYER_HR_DUTIES = {
    "deployer_use_per_instructions", "deployer_human_oversight", "deployer_input_data", "deployer_monitor_report",
    "deployer_keep_logs", "deployer_inform_workers", "deployer_inform_affected", "deployer_dpia",
}
PROVIDER_HR_DUTIES = {
    "provider_risk_management", "provider_data_governance", "provider_documentation_logging",
    "provider_instructions_oversight", "provider_accuracy_robustness", "provider_quality_management",
    "provider_conformity_ce", "provider_post_market",
}

CASES: list[tuple[str, dict[str, Any], str, tuple[str, ...], set[str], set[str]]] = [
    # (name, answers, tier, roles, duties that must be there, duties that must not)
    ("hr_cv_screening_deployer", HR_CV_SCREENING, "high_risk", ("deployer",),
     DEPLOYER_HR_DUTIES | {"ai_literacy"}, PROVIDER_HR_DUTIES | {"deployer_fria"}),
    ("customer_chatbot_deployer",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "none", "transparency": ["interacts"],
      "gpai": "uses_model"},
     "limited_risk", ("deployer",), {"deployer_compliant_system", "gpai_supplier_information", "ai_literacy"},
     {"provider_disclose_ai", "gpai_model_duties"}),
    ("customer_chatbot_built_in_house",
     {**IN_SCOPE, "role": "build_use", **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "none",
      "transparency": ["interacts", "generates"], "gpai": "uses_model"},
     "limited_risk", ("provider", "deployer"), {"provider_disclose_ai", "provider_mark_content"},
     {"deployer_compliant_system", "gpai_model_duties"}),
    ("predictive_maintenance_own_machines",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "none", **PLAIN_END},
     "minimal_risk", ("deployer",), {"ai_literacy"}, DEPLOYER_HR_DUTIES),
    ("predictive_maintenance_safety_component",
     {**IN_SCOPE, "role": "build_offer", **NOT_PROHIBITED, "annex_i": "third_party", **PLAIN_END},
     "high_risk", ("provider",), PROVIDER_HR_DUTIES, {"provider_registration", "deployer_keep_logs"}),
    ("emotion_recognition_of_workers",
     {**DEPLOYER, "prohibited": "emotion_work"}, "prohibited", ("deployer",), {"stop_prohibited"}, {"ai_literacy"}),
    ("social_scoring_by_a_company",
     {**DEPLOYER, "prohibited": "social_scoring"}, "prohibited", ("deployer",), {"stop_prohibited"}, set()),
    ("new_omnibus_ban",
     {**DEPLOYER, "prohibited": "intimate_imagery"}, "prohibited", ("deployer",), {"stop_prohibited_new"},
     {"stop_prohibited"}),
    ("rebranded_hr_system",
     {**IN_SCOPE, "role": "buy_use", "role_changes": "rebrand", **NOT_PROHIBITED, "annex_i": "no",
      "annex_iii": "employment", "exception_6_3": "none", "public_service": "no", **PLAIN_END},
     "high_risk", ("provider", "deployer"), PROVIDER_HR_DUTIES | {"provider_registration"}, set()),
    ("repurposed_into_high_risk",
     {**IN_SCOPE, "role": "buy_use", "role_changes": "repurpose", **NOT_PROHIBITED, "annex_i": "no",
      "annex_iii": "employment", "exception_6_3": "none", "public_service": "no", **PLAIN_END},
     "high_risk", ("provider", "deployer"), PROVIDER_HR_DUTIES, set()),
    ("repurposed_but_not_high_risk",
     {**IN_SCOPE, "role": "buy_use", "role_changes": "repurpose", **NOT_PROHIBITED, "annex_i": "no",
      "annex_iii": "none", **PLAIN_END},
     "minimal_risk", ("deployer",), {"ai_literacy"}, PROVIDER_HR_DUTIES),
    ("exception_6_3_with_profiling_stays_high_risk",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "employment", "exception_6_3": "preparatory",
      "profiling": "yes", "public_service": "no", **PLAIN_END},
     "high_risk", ("deployer",), DEPLOYER_HR_DUTIES, {"deployer_exception_check"}),
    ("exception_6_3_without_profiling",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "employment", "exception_6_3": "narrow_procedural",
      "profiling": "no", **PLAIN_END},
     "minimal_risk", ("deployer",), {"deployer_exception_check"}, DEPLOYER_HR_DUTIES),
    ("exception_6_3_own_system_documents_it",
     {**IN_SCOPE, "role": "build_offer", **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "education",
      "exception_6_3": "improve_human", "profiling": "no", **PLAIN_END},
     "minimal_risk", ("provider",), {"provider_exception_record"}, {"deployer_exception_check"}),
    ("credit_scoring_needs_fria",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "credit_scoring", "exception_6_3": "none",
      "public_service": "no", **PLAIN_END},
     "high_risk", ("deployer",), {"deployer_fria"}, set()),
    ("public_service_critical_infrastructure_no_fria",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "critical_infrastructure", "exception_6_3": "none",
      "public_service": "yes", **PLAIN_END},
     "high_risk", ("deployer",), DEPLOYER_HR_DUTIES, {"deployer_fria"}),
    ("public_service_education_fria",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "education", "exception_6_3": "none",
      "public_service": "yes", **PLAIN_END},
     "high_risk", ("deployer",), {"deployer_fria"}, set()),
    ("high_risk_with_chatbot_keeps_tier_and_adds_transparency",
     {**HR_CV_SCREENING, "transparency": ["interacts"]},
     "high_risk", ("deployer",), DEPLOYER_HR_DUTIES | {"deployer_compliant_system"}, set()),
    ("deepfakes_in_marketing",
     {**DEPLOYER, **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "none", "transparency": ["generates", "deepfake"],
      "gpai": "uses_model"},
     "limited_risk", ("deployer",), {"deployer_label_deepfakes", "deployer_compliant_system"},
     {"provider_mark_content"}),
    ("own_gpai_model",
     {**IN_SCOPE, "role": "build_offer", **NOT_PROHIBITED, "annex_i": "no", "annex_iii": "none",
      "transparency": ["generates"], "gpai": "own_model"},
     "limited_risk", ("provider",), {"gpai_model_duties", "provider_mark_content"}, set()),
    ("not_an_ai_system", {"ai_system": "no"}, "out_of_scope", (), set(), {"ai_literacy"}),
    ("rules_only_after_help_question", {"ai_system": "unsure", "ai_system_infers": "no"}, "out_of_scope", (),
     set(), set()),
    ("research_only", {"ai_system": "yes", "scope_exclusions": "research_only"}, "out_of_scope", (), set(), set()),
]


@pytest.fixture(scope="module")
def tree() -> AiActFile:
    return load()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_known_case(tree: AiActFile, case: tuple) -> None:
    name, answers, tier, roles, present, absent = case
    walk, result = ai_act.screen(tree, answers)
    assert walk.complete, f"{name}: stopped at {walk.next_node.key if walk.next_node else None}"
    assert result is not None
    assert result.tier == tier
    assert result.roles == roles
    keys = {d.key for d in result.duties}
    assert present <= keys, present - keys
    assert not (absent & keys), absent & keys


def test_hr_cv_screening_is_annex_iii_point_4_with_dates(tree: AiActFile) -> None:
    _walk, result = ai_act.screen(tree, HR_CV_SCREENING)
    assert result is not None
    assert result.annex_iii_point == 4
    assert result.role == "deployer"
    assert any("bijlage III, punt 4" in r.text.nl and "Annex III, point 4" in r.text.en for r in result.reasons)
    logs = next(d for d in result.duties if d.key == "deployer_keep_logs")
    assert logs.date is not None
    assert (logs.date.original, logs.date.amended) == (dt.date(2026, 8, 2), dt.date(2027, 12, 2))
    assert "six months" in logs.duty.title.en
    literacy = next(d for d in result.duties if d.key == "ai_literacy")
    assert literacy.date is not None
    assert literacy.date.original == dt.date(2025, 2, 2)
    assert literacy.roles == ()


def test_annex_i_duties_use_the_annex_i_dates(tree: AiActFile) -> None:
    answers = {**IN_SCOPE, "role": "build_offer", **NOT_PROHIBITED, "annex_i": "third_party", **PLAIN_END}
    _walk, result = ai_act.screen(tree, answers)
    assert result is not None
    risk = next(d for d in result.duties if d.key == "provider_risk_management")
    assert risk.date is not None
    assert (risk.date.original, risk.date.amended) == (dt.date(2027, 8, 2), dt.date(2028, 8, 2))
    # The Annex I date is stated by the Council's press release on the final adoption (issue 14).
    assert risk.verification == "verified"


def test_omnibus_facts_carry_their_verification_status(tree: AiActFile) -> None:
    assert tree.date("annex_iii_high_risk").amended == dt.date(2027, 12, 2)
    assert tree.date("new_ban").verification == "not_verified"
    assert tree.date("new_ban").original == dt.date(2026, 12, 2)
    assert tree.date("transparency").amended is None, "Art 50 was not postponed"
    assert tree.node("prohibited").option("intimate_imagery").verification == "not_verified"
    _walk, result = ai_act.screen(tree, {**DEPLOYER, "prohibited": "intimate_imagery"})
    assert result is not None
    assert result.reasons[-1].verification == "not_verified"
    assert all(d.verification == "not_verified" for d in result.duties)
