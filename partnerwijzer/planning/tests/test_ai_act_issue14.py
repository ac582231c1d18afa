"""Issue 14, points 2-6: dates relative to today, size relief, internal use of a general-purpose
model, exceptions stated in the result, and no next steps after a prohibited result."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerwijzer.knowledge.topics.ai_act import load
from partnerwijzer.planning.compliance import ai_act

IN_SCOPE = {"ai_system": "yes", "scope_exclusions": "none"}
DEPLOYER = {**IN_SCOPE, "role": "buy_use", "role_changes": "none", "prohibited": "none"}
NO_HIGH_RISK = {"annex_i": "no", "annex_iii": "none"}
HR = {**DEPLOYER, "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none", "public_service": "no",
      "transparency": ["none"], "gpai": "no"}


def _assess(answers: dict[str, object], *, staff: int | None = None) -> ai_act.AiActAssessment:
    _walk, result = ai_act.screen(load(), answers, staff_count=staff)
    assert result is not None, "the answers should complete the walk"
    return result


def _duty(result: ai_act.AiActAssessment, key: str) -> ai_act.DutyItem:
    return next(item for item in result.duties if item.key == key)


# --- Point 2: past deadlines apply now ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "day_before", "day_of"),
    [("prohibitions", "2025-02-01", "2025-02-02"), ("gpai", "2025-08-01", "2025-08-02"),
     ("transparency", "2026-08-01", "2026-08-02"), ("new_ban", "2026-12-01", "2026-12-02")],
)
def test_a_date_applies_since_once_it_has_come(rule: str, day_before: str, day_of: str) -> None:
    date = load().date(rule)
    assert date.state_on(dt.date.fromisoformat(day_before)) == "applies_from"
    assert date.state_on(dt.date.fromisoformat(day_of)) == "applies_since"


def test_on_the_verification_day_literacy_and_transparency_apply_since_and_annex_iii_lies_ahead() -> None:
    result = _assess({**DEPLOYER, **NO_HIGH_RISK, "transparency": ["interacts"], "gpai": "uses_model"})
    today = dt.date(2026, 12, 7)
    assert _duty(result, "ai_literacy").date_state(today) == "applies_since"
    assert _duty(result, "deployer_compliant_system").date_state(today) == "applies_since"
    assert _duty(result, "gpai_supplier_information").date_state(today) == "applies_since"
    hr = _assess(HR)
    assert _duty(hr, "deployer_human_oversight").date_state(today) == "applies_from"


def test_the_content_marking_grace_period_is_stated_as_over() -> None:
    note = load().date("content_marking").note
    assert note is not None
    assert "2 December 2026" in note.en
    assert "over" in note.en


def test_a_postponement_note_is_listed_once_per_result() -> None:
    result = _assess(HR)
    rules = [rule.key for rule in result.date_rules()]
    assert rules.count("annex_iii_high_risk") == 1
    # several duties share the rule, but the note is one entry
    assert sum(1 for item in result.duties if item.date and item.date.key == "annex_iii_high_risk") > 1


# --- Point 3: small mid-caps ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "size", "verification"),
    [(40, "sme", "verified"), (249, "sme", "verified"), (250, "small_mid_cap", "not_verified"),
     (749, "small_mid_cap", "not_verified"), (750, "large", "verified")],
)
def test_the_result_names_the_size_relief(staff: int, size: str, verification: str) -> None:
    result = _assess(HR, staff=staff)
    assert result.relief is not None
    assert result.relief.size == size
    assert result.relief.verification == verification
    if size != "large":
        assert "lower of the two" in result.relief.text.en
        assert "simplified technical documentation" in result.relief.text.en


def test_no_relief_without_a_head_count_or_out_of_scope() -> None:
    assert _assess(HR).relief is None
    assert _assess({"ai_system": "no"}, staff=40).relief is None


# --- Point 4: internal use of a general-purpose model -----------------------------------------


def test_internal_drafting_with_a_gpai_via_api_is_a_deployer_with_the_literacy_duty_only() -> None:
    result = _assess({**DEPLOYER, **NO_HIGH_RISK, "transparency": ["generates_internal"], "gpai": "uses_model"})
    keys = {item.key for item in result.duties}
    assert result.tier == "minimal_risk"
    assert result.roles == ("deployer",)
    assert "ai_literacy" in keys
    assert not result.transparency
    assert not keys & ai_act.TRANSPARENCY_DUTIES


def test_unreviewed_public_interest_text_needs_the_deployers_label() -> None:
    result = _assess({**DEPLOYER, **NO_HIGH_RISK, "transparency": ["public_text_unreviewed"], "gpai": "uses_model"})
    assert "deployer_label_deepfakes" in {item.key for item in result.duties}
    assert result.tier == "limited_risk"


def test_reviewed_outward_text_needs_no_label_of_the_deployer() -> None:
    result = _assess({**DEPLOYER, **NO_HIGH_RISK, "transparency": ["generates"], "gpai": "uses_model"})
    keys = {item.key for item in result.duties}
    assert "deployer_label_deepfakes" not in keys
    assert "deployer_compliant_system" in keys


def test_a_provider_marks_content_even_for_internal_use() -> None:
    answers = {**IN_SCOPE, "role": "build_use", "prohibited": "none", **NO_HIGH_RISK,
               "transparency": ["generates_internal"], "gpai": "no"}
    assert "provider_mark_content" in {item.key for item in _assess(answers).duties}


# --- Point 5: exceptions belong in the result --------------------------------------------------


def test_credit_scoring_result_states_the_fraud_detection_exception() -> None:
    result = _assess({**HR, "annex_iii": "credit_scoring"})
    assert any("detect financial fraud" in reason.text.en for reason in result.reasons)


def test_an_art_6_3_result_states_the_conditions() -> None:
    result = _assess({**DEPLOYER, "annex_i": "no", "annex_iii": "employment", "exception_6_3": "preparatory",
                      "profiling": "no", "transparency": ["none"], "gpai": "no"})
    text = " ".join(reason.text.en for reason in result.reasons)
    assert "no significant risk" in text
    assert "does not profile people" in text
    assert "registers the system" in text


# --- Point 6: a prohibited result offers no next steps ------------------------------------------


def test_a_prohibited_result_may_not_continue() -> None:
    result = _assess({**IN_SCOPE, "role": "buy_use", "role_changes": "none", "prohibited": "social_scoring"})
    assert result.tier == "prohibited"
    assert not result.may_continue
    assert _assess(HR).may_continue
