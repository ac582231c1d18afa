"""The readiness scoring core (planning/readiness/rules.py), table by table, on the real question file."""

from __future__ import annotations

from typing import Any

import pytest

from partnerwijzer.knowledge.topics.readiness import ReadinessFile, Thresholds, load
from partnerwijzer.planning.readiness.rules import Light, light_for, score_readiness

DATA: ReadinessFile = load()


def best(*factors: str) -> dict[str, str]:
    """The best option of every question (of ``factors``, or of all)."""
    return {
        q.key: max(q.options, key=lambda o: o.score).key
        for f in DATA.items if not factors or f.key in factors for q in f.questions
    }


def worst(*factors: str) -> dict[str, str]:
    return {
        q.key: min(q.options, key=lambda o: o.score).key
        for f in DATA.items if not factors or f.key in factors for q in f.questions
    }


@pytest.mark.parametrize(
    ("score", "light"),
    [(100, Light.GREEN), (70, Light.GREEN), (69, Light.AMBER), (40, Light.AMBER), (39, Light.RED), (0, Light.RED)],
)
def test_traffic_light_thresholds(score: int, light: Light) -> None:
    assert light_for(score, DATA.thresholds) is light


def test_thresholds_are_the_documented_ones() -> None:
    assert DATA.thresholds == Thresholds(green=70, amber=40)


# Each row: the answers of the "data" factor (5 checks: 0-2, 0-3, 0-2, 0-2, 0-2; best 11 points),
# the expected score, light and weak questions.
DATA_ROWS: list[tuple[str, dict[str, str], int, Light, set[str]]] = [
    ("all best", {"data_available": "accessible", "data_quality": "checked_good", "data_legal": "clear",
                  "data_format": "machine_readable", "data_supply": "automatic"}, 100, Light.GREEN, set()),
    ("all worst", {"data_available": "unknown", "data_quality": "unknown", "data_legal": "not_checked",
                   "data_format": "paper", "data_supply": "none"}, 0, Light.RED,
     {"data_available", "data_quality", "data_legal", "data_format", "data_supply"}),
    # 2+2+2+2+1 = 9 of 11 -> 82
    ("manual supply", {"data_available": "accessible", "data_quality": "mostly_good", "data_legal": "clear",
                       "data_format": "machine_readable", "data_supply": "manual"}, 82, Light.GREEN, set()),
    # 1+1+1+1+1 = 5 of 11 -> 45; known gaps (1) is weak because data_quality.weak_at_most is 1
    ("middling", {"data_available": "scattered", "data_quality": "known_gaps", "data_legal": "open_points",
                  "data_format": "needs_conversion", "data_supply": "manual"}, 45, Light.AMBER, {"data_quality"}),
    # 2+0+1+1+0 = 4 of 11 -> 36
    ("legal open, no supply", {"data_available": "accessible", "data_quality": "unknown", "data_legal": "open_points",
                               "data_format": "needs_conversion", "data_supply": "none"}, 36, Light.RED,
     {"data_quality", "data_supply"}),
    # 2+3+2+2+0 = 9 of 11 -> 82, yet one risk: a green factor can still carry a risk
    ("green with a risk", {"data_available": "accessible", "data_quality": "checked_good", "data_legal": "clear",
                           "data_format": "machine_readable", "data_supply": "none"}, 82, Light.GREEN, {"data_supply"}),
]


@pytest.mark.parametrize(("name", "answers", "score", "light", "weak"), DATA_ROWS, ids=[r[0] for r in DATA_ROWS])
def test_data_factor_scores(name: str, answers: dict[str, str], score: int, light: Light, weak: set[str]) -> None:
    result = score_readiness(DATA, answers).factor("data")
    assert result.complete
    assert result.score == score
    assert result.light is light
    assert {r.question_key for r in result.risks} == weak
    for risk in result.risks:
        assert risk.risk.en
        assert risk.action.en


# management: sponsor 0-2, staff_freed 0-3 (weak up to 1), budget 0-2, priority 0-2; best 9.
MANAGEMENT_ROWS: list[tuple[dict[str, str], int, Light]] = [
    ({"sponsor": "active", "staff_freed": "dedicated", "budget": "including_operation", "priority": "yes"}, 100,
     Light.GREEN),
    ({"sponsor": "active", "staff_freed": "some_hours", "budget": "project_only", "priority": "yes"}, 78, Light.GREEN),
    ({"sponsor": "interested", "staff_freed": "ad_hoc", "budget": "project_only", "priority": "unclear"}, 44,
     Light.AMBER),
    ({"sponsor": "interested", "staff_freed": "none", "budget": "project_only", "priority": "unclear"}, 33, Light.RED),
    ({"sponsor": "none", "staff_freed": "none", "budget": "none", "priority": "no"}, 0, Light.RED),
]


@pytest.mark.parametrize(("answers", "score", "light"), MANAGEMENT_ROWS)
def test_management_factor_scores(answers: dict[str, str], score: int, light: Light) -> None:
    result = score_readiness(DATA, answers).factor("management")
    assert (result.score, result.light) == (score, light)


def test_empty_answers_compute_nothing() -> None:
    result = score_readiness(DATA, {})
    assert not result.started
    assert not result.complete
    assert result.score is None
    assert result.light is None
    assert all(f.score is None and f.light is None for f in result.factors)
    assert result.risks == ()
    assert len(result.missing) == result.total == len(DATA.questions)


def test_incomplete_factor_has_no_score_or_light_but_keeps_its_risks() -> None:
    answers = {"data_available": "accessible", "data_quality": "unknown"}
    result = score_readiness(DATA, answers)
    data = result.factor("data")
    assert (data.answered, data.total) == (2, 5)
    assert data.score is None
    assert data.light is None
    assert data.missing == ("data_legal", "data_format", "data_supply")
    assert [r.question_key for r in data.risks] == ["data_quality"]
    assert result.score is None
    assert result.light is None
    assert result.started
    assert not result.complete


def test_complete_factors_score_while_others_are_open() -> None:
    result = score_readiness(DATA, best("problem_goals"))
    assert result.factor("problem_goals").score == 100
    assert result.factor("problem_goals").light is Light.GREEN
    assert result.factor("iterative").light is None
    assert result.score is None


@pytest.mark.parametrize(
    ("answers", "overall", "light"),
    [(best(), 100, Light.GREEN), (worst(), 0, Light.RED)],
    ids=["all best", "all worst"],
)
def test_overall_score_when_complete(answers: dict[str, str], overall: int, light: Light) -> None:
    result = score_readiness(DATA, answers)
    assert result.complete
    assert (result.score, result.light) == (overall, light)
    assert result.missing == ()


def test_overall_is_the_mean_of_factor_scores() -> None:
    answers = {**best(), **worst("data")}
    result = score_readiness(DATA, answers)
    scores = [f.score for f in result.factors]
    assert scores.count(0) == 1
    assert result.score == round(sum(s or 0 for s in scores) / len(scores)) == 80
    assert result.light is Light.GREEN
    assert len(result.risks) == 5


@pytest.mark.parametrize(
    ("value", "why"),
    [("no_such_option", "unknown option"), (3, "not a key"), (None, "null"), (["accessible"], "a list")],
)
def test_unknown_or_malformed_answers_count_as_open_and_are_reported(value: Any, why: str) -> None:
    answers = {**best("data"), "data_available": value}
    result = score_readiness(DATA, answers)
    data = result.factor("data")
    assert data.missing == ("data_available",), why
    assert data.score is None
    assert result.stale == ("data_available",)


def test_keys_that_are_not_questions_are_ignored() -> None:
    result = score_readiness(DATA, {**best("iterative"), "not_a_question": "x"})
    assert result.factor("iterative").score == 100
    assert result.stale == ()


def test_scores_round_half_up() -> None:
    # problem_goals: four questions of 0-2, best 8; 5 of 8 is 62.5 -> 63 (Python's round() gives 62).
    answers = {"problem_defined": "concrete", "baseline_measured": "estimate", "kpi_targets": "vague",
               "ai_fit": "plausible"}
    result = score_readiness(DATA, answers).factor("problem_goals")
    assert result.score == 63
    assert result.light is Light.AMBER
