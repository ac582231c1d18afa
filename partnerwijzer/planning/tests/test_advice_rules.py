"""The implementation-model advice (planning/advice/rules.py) on the real rules: a table of profiles.

Each row is a company situation with the model the rules must recommend. The points are worked
out by hand in the comments, so a change to a rule that flips a row fails here and must be a
deliberate decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.topics.model_advice import MODELS, ModelAdviceFile, load
from partnerwijzer.planning.advice.rules import TOP_REASONS, advise, company_size, resolve_inputs, tech_capacity

DATA: ModelAdviceFile = load()

NEUTRAL = {"coordination": "part_time", "build_competence": "somewhat", "speed": "normal",
           "problem_bounded": "fairly", "champions": "interested", "convince": "not_needed"}


@dataclass(frozen=True)
class Profile:
    name: str
    inputs: dict[str, str]
    expected: str
    tied: bool = False
    reasons: tuple[str, ...] | None = None
    points: dict[str, int] = field(default_factory=dict)


def p(name: str, expected: str, *, tied: bool = False, reasons: tuple[str, ...] | None = None,
      points: dict[str, int] | None = None, **inputs: str) -> Profile:
    return Profile(name, {**NEUTRAL, **inputs}, expected, tied, reasons, points or {})


PROFILES: list[Profile] = [
    # --- generalist ---------------------------------------------------------------------------
    # gen 2 + 3 = 5; lighthouse 2; hybrid 1; specialist -3 - 2 = -5
    p("beginner without coordination capacity", "generalist", ai_experience="none", coordination="none",
      reasons=("generalist_no_coordination", "generalist_beginner"),
      points={"generalist": 5, "lighthouse": 2, "hybrid": 1, "specialist_network": -5}),
    # gen 2 + 3 + 1 + 1 + 1 = 8
    p("small beginner without IT, buying a solution", "generalist", ai_experience="none", tech_capacity="none",
      company_size="small", coordination="none", build_competence="not_important", champions="none",
      reasons=("generalist_no_coordination", "generalist_beginner", "generalist_buy_solution"),
      points={"generalist": 8}),
    # gen 3 + 2 + 1 = 6; lighthouse 1; hybrid 1 - 1 = 0
    p("in a hurry, nobody to coordinate", "generalist", ai_experience="first_pilot", coordination="none",
      build_competence="not_important", speed="urgent", points={"generalist": 6, "lighthouse": 1}),
    # gen 2 + 1 = 3; hybrid 2; lighthouse 2 - 1 = 1; specialist -4
    p("beginner with a vague problem", "generalist", ai_experience="none", problem_bounded="vague",
      points={"generalist": 3, "hybrid": 2, "lighthouse": 1, "specialist_network": -4}),
    # gen 3; specialist 2 - 3 + 2 = 1: experience alone does not carry a network without a coordinator
    p("experienced but nobody to coordinate", "generalist", ai_experience="several", coordination="none",
      problem_bounded="specific", points={"generalist": 3, "specialist_network": 1}),
    # gen 2 + 3 = 5; hybrid 3 - 2 = 1: wishing to learn is not enough without champions
    p("wants competence but has no champions nor coordinator", "generalist", ai_experience="none",
      coordination="none", build_competence="important", champions="none", points={"generalist": 5, "hybrid": 1}),
    # --- specialist network -------------------------------------------------------------------
    # specialist 2 + 3 + 2 = 7; hybrid 1 + 1 = 2; lighthouse -2 + 1 = -1
    p("experienced, coordination capacity, bounded problem", "specialist_network", ai_experience="several",
      coordination="dedicated", problem_bounded="specific",
      reasons=("specialist_coordination", "specialist_experienced", "specialist_bounded"),
      points={"specialist_network": 7, "hybrid": 2, "lighthouse": -1, "generalist": 0}),
    # specialist 2 + 3 + 2 + 1 + 1 = 9
    p("large experienced company with a data team", "specialist_network", ai_experience="several",
      tech_capacity="team", company_size="large", coordination="dedicated", build_competence="not_important",
      speed="low", problem_bounded="specific", champions="none", points={"specialist_network": 9}),
    # no profile: specialist 3 + 2 = 5; generalist 1; lighthouse 1
    p("no profile yet, coordinator and bounded problem", "specialist_network", coordination="dedicated",
      build_competence="not_important", problem_bounded="specific", champions="none",
      points={"specialist_network": 5, "generalist": 1, "lighthouse": 1}),
    # specialist 7; lighthouse -2 + 4 + 1 = 3: experienced firms need no pilot to convince
    p("experienced and still needs to convince", "specialist_network", ai_experience="several",
      coordination="dedicated", build_competence="not_important", problem_bounded="specific", champions="none",
      convince="needed", points={"specialist_network": 7, "lighthouse": 3}),
    # --- hybrid ----------------------------------------------------------------------------------
    # hybrid 3 + 3 + 1 + 1 = 8
    p("wants competence and has champions", "hybrid", ai_experience="first_pilot", build_competence="important",
      champions="with_time", reasons=("hybrid_build_competence", "hybrid_champions", "hybrid_after_pilot"),
      points={"hybrid": 8}),
    # hybrid 3 + 3 + 1 + 1 = 8; generalist 2; lighthouse 2
    p("beginner with champions and freed-up staff", "hybrid", ai_experience="none", staff_freed="some_hours",
      build_competence="important", speed="low", champions="with_time",
      points={"hybrid": 8, "generalist": 2, "lighthouse": 2}),
    # hybrid 3 + 3 + 1 = 7; specialist 2 + 3 = 5
    p("experienced, wants to do it themselves", "hybrid", ai_experience="several", coordination="dedicated",
      build_competence="important", champions="with_time", points={"hybrid": 7, "specialist_network": 5}),
    # hybrid 1 (part-time coordination) = generalist 1 (buying a solution): tie, hybrid comes first
    p("nothing stands out: tie goes along the typical path", "hybrid", tied=True, build_competence="not_important",
      points={"hybrid": 1, "generalist": 1, "lighthouse": 0, "specialist_network": 0}),
    # specialist 2 = hybrid 1 + 1 = 2: tie, hybrid before specialist network
    p("medium company with several projects, nothing else stands out", "hybrid", tied=True,
      ai_experience="several", company_size="medium", tech_capacity="limited",
      points={"hybrid": 2, "specialist_network": 2, "lighthouse": -2}),
    # --- lighthouse ----------------------------------------------------------------------------
    # lighthouse 4 + 2 = 6; generalist 2; hybrid 2
    p("first AI project, must convince", "lighthouse", ai_experience="none", convince="needed",
      reasons=("lighthouse_convince", "lighthouse_first_project"),
      points={"lighthouse": 6, "generalist": 2, "hybrid": 2}),
    # lighthouse 6; generalist 2 + 3 = 5
    p("first AI project, must convince, no coordinator", "lighthouse", ai_experience="none", convince="needed",
      coordination="none", points={"lighthouse": 6, "generalist": 5}),
    # generalist 2 + 3 + 2 = 7 = lighthouse 4 + 2 + 1 = 7: tie, lighthouse first on the typical path
    p("first project, must convince, no coordinator, urgent", "lighthouse", tied=True, ai_experience="none",
      convince="needed", coordination="none", speed="urgent", points={"lighthouse": 7, "generalist": 7}),
    # lighthouse 1 + 1 + 1 = 3; hybrid 2; specialist 2; generalist 1
    p("weak sponsor, bounded problem, some doubt", "lighthouse", ai_experience="first_pilot", sponsor="none",
      build_competence="not_important", problem_bounded="specific", convince="somewhat",
      points={"lighthouse": 3, "hybrid": 2, "specialist_network": 2, "generalist": 1}),
    # no profile: lighthouse 4 + 1 = 5
    p("no profile yet, must convince, bounded problem", "lighthouse", problem_bounded="specific",
      convince="needed", points={"lighthouse": 5}),
    # lighthouse 2 + 1 = 3; generalist 2; hybrid 2; specialist 0
    p("first project with a bounded problem", "lighthouse", ai_experience="none", speed="low",
      problem_bounded="specific", points={"lighthouse": 3, "generalist": 2, "hybrid": 2, "specialist_network": 0}),
    # lighthouse 4 + 1 = 5 (sponsor only interested); hybrid 1 + 1 + 1 = 3
    p("after a pilot, management still unconvinced", "lighthouse", ai_experience="first_pilot",
      sponsor="interested", convince="needed", points={"lighthouse": 5, "hybrid": 3}),
]


def test_the_table_is_large_and_every_model_wins_somewhere() -> None:
    assert len(PROFILES) >= 20
    assert {profile.expected for profile in PROFILES} == set(MODELS)
    assert any(profile.tied for profile in PROFILES)


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.name for profile in PROFILES])
def test_profile_gets_the_expected_advice(profile: Profile) -> None:
    advice = advise(DATA, profile.inputs)
    assert advice.complete
    assert advice.recommended == profile.expected, [(s.model, s.points) for s in advice.ranking]
    assert advice.tied is profile.tied
    for model, points in profile.points.items():
        score = advice.score_of(model)
        assert score is not None
        assert score.points == points, model
    if profile.reasons is not None:
        assert tuple(r.key for r in advice.reasons) == profile.reasons
    assert 1 <= len(advice.reasons) <= TOP_REASONS
    assert all(r.model == profile.expected and r.points > 0 for r in advice.reasons)


def test_reasons_are_the_strongest_first_in_file_order_among_equals() -> None:
    advice = advise(DATA, {**NEUTRAL, "ai_experience": "none", "tech_capacity": "none", "company_size": "small",
                           "coordination": "none", "build_competence": "not_important", "speed": "urgent"})
    # generalist: no coordination 3, beginner 2, speed 2, then three rules of 1: the top three shown.
    assert [r.key for r in advice.reasons] == ["generalist_no_coordination", "generalist_beginner", "generalist_speed"]
    score = advice.score_of("generalist")
    assert score is not None
    assert len(score.pros) == 6


def test_ranking_is_sorted_and_covers_all_four_models() -> None:
    advice = advise(DATA, {**NEUTRAL, "ai_experience": "several", "coordination": "dedicated"})
    points = [s.points for s in advice.ranking]
    assert points == sorted(points, reverse=True)
    assert sorted(s.model for s in advice.ranking) == sorted(MODELS)


def test_ties_follow_the_documented_order() -> None:
    assert DATA.tie_order == ("lighthouse", "hybrid", "generalist", "specialist_network")


def test_typical_path_and_next_step() -> None:
    path = reference().typical_path
    advice = advise(DATA, {**NEUTRAL, "ai_experience": "none", "convince": "needed"}, typical_path=path)
    assert advice.recommended == "lighthouse"
    assert advice.next_model == "hybrid"
    assert advice.typical_path is not None
    assert advice.typical_path.en == path.en
    other = advise(DATA, {**NEUTRAL, "ai_experience": "none", "coordination": "none"})
    assert other.next_model is None


@pytest.mark.parametrize("open_question", [q.key for q in DATA.questions])
def test_incomplete_answers_recommend_nothing(open_question: str) -> None:
    inputs = {k: v for k, v in NEUTRAL.items() if k != open_question}
    advice = advise(DATA, inputs)
    assert not advice.complete
    assert advice.missing == (open_question,)
    assert advice.recommended is None
    assert advice.ranking == ()
    assert advice.reasons == ()
    assert (advice.answered, advice.total) == (5, 6)


def test_missing_profile_and_readiness_inputs_are_reported() -> None:
    advice = advise(DATA, NEUTRAL)
    assert advice.complete
    assert set(advice.missing_context) == {"ai_experience", "tech_capacity", "company_size", "sponsor", "staff_freed"}


def test_resolve_inputs_takes_each_source_and_drops_unknown_values() -> None:
    inputs = resolve_inputs(
        DATA,
        profile={"ai_experience": "several", "tech_capacity": None, "company_size": "huge"},
        readiness={"sponsor": "active", "staff_freed": 3, "champions": "with_time"},
        answers={"speed": "urgent", "convince": "maybe"},
    )
    assert inputs == {"ai_experience": "several", "sponsor": "active", "speed": "urgent", "champions": "with_time"}


def test_the_own_champions_answer_wins_over_the_readiness_answer() -> None:
    inputs = resolve_inputs(DATA, profile={}, readiness={"champions": "with_time"}, answers={"champions": "none"})
    assert inputs["champions"] == "none"


@pytest.mark.parametrize(
    ("staff", "size"), [(None, None), (1, "small"), (49, "small"), (50, "medium"), (249, "medium"), (250, "large")]
)
def test_company_size_bands(staff: int | None, size: str | None) -> None:
    assert company_size(staff) == size


@pytest.mark.parametrize(
    ("it", "data", "expected"),
    [("", "", None), ("none", "", "none"), ("limited", "none", "limited"), ("none", "team", "team"),
     ("team", "limited", "team")],
)
def test_tech_capacity_is_the_better_of_it_and_data(it: str, data: str, expected: str | None) -> None:
    assert tech_capacity(it, data) == expected
