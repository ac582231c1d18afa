"""The guide's funnel: counts at or beyond each stage, warnings that never block (pure, no database)."""

from __future__ import annotations

import pytest
from django.utils import translation

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.sourcing.funnel import BANDS, FUNNEL_GUIDE, FUNNEL_SOURCE, Verdict, funnel_check, reached_counts
from partnerwijzer.sourcing.stages import Stage

L, S, RFI, T, RFP, REF, W, N, C = (
    Stage.LONGLIST,
    Stage.SHORTLIST,
    Stage.RFI,
    Stage.TALKS,
    Stage.RFP,
    Stage.REFERENCES,
    Stage.WORKSHOP,
    Stage.NEGOTIATION,
    Stage.CHOSEN,
)


def test_the_numbers_are_the_guides_and_name_their_source() -> None:
    assert FUNNEL_GUIDE["source"] == "guide-2025"
    assert reference().source(FUNNEL_SOURCE).year == 2025  # the key exists in sources.yaml
    assert [(b.stage, b.low, b.high) for b in BANDS] == [(S, 5, 8), (T, 3, 5), (RFP, 2, 3), (W, 1, 1)]


def test_a_candidate_counts_for_every_stage_it_has_reached() -> None:
    counts = reached_counts([L, S, T, T, W])
    assert counts[L] == 5
    assert counts[S] == 4
    assert counts[RFI] == 3
    assert counts[T] == 3
    assert counts[RFP] == 1
    assert counts[W] == 1
    assert counts[C] == 0


# (stages of the active candidates, expected {stage: verdict} for the warnings)
CASES = [
    pytest.param([], {}, id="empty selection: nothing to warn about"),
    pytest.param([L] * 12, {}, id="only a longlist: the funnel has not started"),
    pytest.param([S] * 3 + [L] * 4, {S: Verdict.TOO_FEW}, id="shortlist of 3 is too few"),
    pytest.param([S] * 5, {}, id="shortlist of 5 is within"),
    pytest.param([S] * 8, {}, id="shortlist of 8 is within"),
    pytest.param([S] * 9, {S: Verdict.TOO_MANY}, id="shortlist of 9 is too many"),
    pytest.param([S] * 3 + [T] * 3, {}, id="talks with 3 of a shortlist of 6"),
    pytest.param([T] * 3, {}, id="3 left after talks: the shortlist is passed, not too few"),
    pytest.param([S] * 4 + [T] * 2, {T: Verdict.TOO_FEW}, id="talks with 2 is too few"),
    pytest.param([T] * 6 + [S], {T: Verdict.TOO_MANY}, id="talks with 6 is too many"),
    pytest.param([T] * 2 + [RFP] * 2, {}, id="RFP to 2 of 4 in talks"),
    pytest.param([T] + [RFP] * 4, {RFP: Verdict.TOO_MANY}, id="RFP to 4 is too many"),
    pytest.param([T] * 3 + [RFP], {RFP: Verdict.TOO_FEW}, id="RFP to 1 is too few"),
    pytest.param([RFP] * 2 + [W], {}, id="one preferred candidate in the workshop"),
    pytest.param([RFP] + [W] * 2, {W: Verdict.TOO_MANY}, id="two in the workshop"),
    pytest.param([RFP, N, C], {W: Verdict.TOO_MANY}, id="negotiation and chosen count as beyond the workshop"),
    pytest.param([S] * 10 + [T] * 7, {S: Verdict.TOO_MANY, T: Verdict.TOO_MANY}, id="two warnings at once"),
    pytest.param([C], {}, id="a chosen partner alone"),
]


@pytest.mark.parametrize(("stages", "expected"), CASES)
def test_funnel_warnings(stages: list[Stage], expected: dict[Stage, Verdict]) -> None:
    report = funnel_check(stages)
    assert {w.stage: w.verdict for w in report.warnings} == expected
    assert report.active == len(stages)
    assert [row.stage for row in report.rows] == [S, T, RFP, W]
    for warning in report.warnings:
        assert str(warning.count) in warning.message


def test_rows_say_why_a_stage_is_quiet() -> None:
    report = funnel_check([T] * 3)
    verdicts = {row.stage: row.verdict for row in report.rows}
    assert verdicts == {S: Verdict.PASSED, T: Verdict.WITHIN, RFP: Verdict.NOT_REACHED, W: Verdict.NOT_REACHED}


def test_stage_names_as_strings_work_too() -> None:
    assert funnel_check(["shortlist"] * 9).warnings[0].verdict == Verdict.TOO_MANY


def test_messages_are_plain_and_cite_the_range() -> None:
    with translation.override("en"):
        message = funnel_check([S] * 9).warnings[0].message
    assert message.startswith("9 candidates have reached the stage “Shortlist”; the guide advises 5–8.")
