"""The assessment rules against the guide's reference values, at their boundaries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from partnerwijzer.budget.returns.assessment import (
    BenefitRange,
    Level,
    Reference,
    ReturnFigures,
    assess,
    composition_findings,
    go_live_finding,
    narrow_range_finding,
    no_payback_finding,
    payback_finding,
    ramp_finding,
    roi_finding,
)

GUIDE = Reference(
    payback_months=(12, 24), roi_percent=(150, 300),
    composition={("cost_savings",): 40, ("productivity",): 30, ("revenue", "strategic"): 30},
    factor_names={"cost_savings": "Direct cost savings", "revenue": "Revenue growth"},
)
FIGURES = ReturnFigures(
    horizon_months=36, go_live_month=6, ramp_months=6, payback=(20, 24, 30), no_payback_probability=0.0,
    roi_three_years=2.0, factor_shares={"cost_savings": 0.4, "productivity": 0.3, "revenue": 0.3},
    benefits=(BenefitRange("Faster quotes", 10_000, 20_000),),
)


pytestmark = pytest.mark.usefixtures("english")  # texts in English (tests/fixtures.py)


def _codes(figures: ReturnFigures, reference: Reference = GUIDE) -> set[str]:
    return {f.code for f in assess(figures, reference)}


def test_a_plan_in_line_with_the_guide_has_only_ok_findings() -> None:
    findings = assess(FIGURES, GUIDE)
    assert {f.code for f in findings} == {"payback_in_range", "roi_in_range"}
    assert all(f.level == Level.OK for f in findings)
    payback = next(f for f in findings if f.code == "payback_in_range")
    assert "18 months after go-live (month 24)" in payback.message
    assert "12–24 months" in payback.message
    assert "guide's reference" in payback.message


@pytest.mark.parametrize(
    ("p50", "code"),
    [
        (6 + 8.99, "payback_optimistic"),  # 8.99 < 0.75 x 12
        (6 + 9, "payback_faster"),  # exactly 0.75 x 12: only a little faster
        (6 + 11.9, "payback_faster"),
        (6 + 12, "payback_in_range"),
        (6 + 24, "payback_in_range"),
        (6 + 24.5, "payback_slower"),
    ],
)
def test_payback_against_the_general_range(p50: float, code: str) -> None:
    finding = payback_finding(replace(FIGURES, payback=(p50 - 1, p50, p50 + 1)), GUIDE)
    assert finding is not None
    assert finding.code == code
    assert finding.level == {"payback_optimistic": Level.WARNING, "payback_in_range": Level.OK}.get(code, Level.INFO)


@pytest.mark.parametrize(
    ("after", "code"), [(4.49, "payback_optimistic"), (4.5, "payback_faster"), (6, "payback_in_range")]
)
def test_payback_uses_the_archetypes_range_where_the_guide_gives_one(after: float, code: str) -> None:
    reference = replace(GUIDE, archetype_payback_months=(6, 10), archetype_name="Document analysis")
    finding = payback_finding(replace(FIGURES, payback=(None, 6 + after, None)), reference)
    assert finding is not None
    assert finding.code == code
    assert "Document analysis" in finding.message
    assert "6–10 months" in finding.message


def test_payback_beyond_the_horizon_is_left_to_the_no_payback_rule() -> None:
    assert payback_finding(replace(FIGURES, payback=(30, None, None)), GUIDE) is None


@pytest.mark.parametrize(
    ("roi", "code"),
    [(1.49, "roi_below"), (1.5, "roi_in_range"), (3.0, "roi_in_range"), (3.01, "roi_above"), (4.5, "roi_above"),
     (4.51, "roi_far_above")],
)
def test_roi_against_the_guide(roi: float, code: str) -> None:
    finding = roi_finding(replace(FIGURES, roi_three_years=roi), GUIDE)
    assert finding is not None
    assert finding.code == code
    assert "150–300 %" in finding.message


def test_roi_far_above_is_a_warning_with_the_numbers() -> None:
    finding = roi_finding(replace(FIGURES, roi_three_years=6.0), GUIDE)
    assert finding is not None
    assert finding.level == Level.WARNING
    assert "600 %" in finding.message


def test_unknown_roi_gives_no_finding() -> None:
    assert roi_finding(replace(FIGURES, roi_three_years=None), GUIDE) is None


@pytest.mark.parametrize(("ramp", "flagged"), [(0, True), (2, True), (3, False), (12, False)])
def test_short_ramp_up(ramp: int, flagged: bool) -> None:
    finding = ramp_finding(replace(FIGURES, ramp_months=ramp))
    assert (finding is not None) == flagged
    if finding:
        assert finding.code == "ramp_short"
        assert f"{ramp} months after go-live" in finding.message


@pytest.mark.parametrize(("go_live", "flagged"), [(5, True), (6, False), (12, False)])
def test_go_live_earlier_than_the_guides_duration(go_live: int, flagged: bool) -> None:
    reference = replace(GUIDE, duration_months=(6, 12))
    finding = go_live_finding(replace(FIGURES, go_live_month=go_live), reference)
    assert (finding is not None) == flagged
    if finding:
        assert finding.code == "go_live_early"
        assert "6–12 months" in finding.message


def test_no_duration_class_no_go_live_finding() -> None:
    assert go_live_finding(replace(FIGURES, go_live_month=0), GUIDE) is None


@pytest.mark.parametrize(
    ("shares", "codes"),
    [
        ({"cost_savings": 0.79, "productivity": 0.21}, set()),
        ({"cost_savings": 0.8, "productivity": 0.2}, {"one_factor_dominates"}),
        ({"cost_savings": 1.0}, {"one_factor_dominates"}),
        ({"cost_savings": 0.5, "revenue": 0.3, "strategic": 0.2}, set()),
        ({"cost_savings": 0.49, "revenue": 0.3, "strategic": 0.21}, {"revenue_strategic_high"}),
        ({"revenue": 0.9, "productivity": 0.1}, {"one_factor_dominates", "revenue_strategic_high"}),
    ],
)
def test_composition(shares: dict[str, float], codes: set[str]) -> None:
    findings = composition_findings(replace(FIGURES, factor_shares=shares), GUIDE)
    assert {f.code for f in findings} == codes


def test_composition_messages_name_the_factor_and_the_guide() -> None:
    findings = composition_findings(replace(FIGURES, factor_shares={"revenue": 1.0}), GUIDE)
    dominant = next(f for f in findings if f.code == "one_factor_dominates")
    assert "100 %" in dominant.message
    assert "Revenue growth" in dominant.message
    assert "40/30/30" in dominant.message
    soft = next(f for f in findings if f.code == "revenue_strategic_high")
    assert soft.level == Level.WARNING
    assert "30 %" in soft.message


@pytest.mark.parametrize(
    ("low", "high", "flagged"),
    [(10_000, 11_999, True), (10_000, 12_000, False), (5_000, 5_000, True), (0, 1_000, False), (0, 0, False)],
)
def test_narrow_benefit_range(low: float, high: float, flagged: bool) -> None:
    figures = replace(FIGURES, benefits=(BenefitRange("Scrap", low, high), BenefitRange("Wide", 1, 10)))
    finding = narrow_range_finding(figures)
    assert (finding is not None) == flagged
    if finding:
        assert finding.code == "range_narrow"
        assert "Scrap" in finding.message
        assert "Wide" not in finding.message


@pytest.mark.parametrize(("share", "flagged"), [(0.4999, False), (0.5, True), (1.0, True)])
def test_no_payback_in_half_of_the_simulations_needs_attention(share: float, flagged: bool) -> None:
    finding = no_payback_finding(replace(FIGURES, no_payback_probability=share))
    assert (finding is not None) == flagged
    if finding:
        assert finding.level == Level.WARNING
        assert "36 months" in finding.message


def test_warnings_come_first() -> None:
    figures = replace(FIGURES, ramp_months=1, payback=(10, 12, 14))
    levels = [f.level for f in assess(figures, GUIDE)]
    assert levels == sorted(levels, key=[Level.WARNING, Level.INFO, Level.OK].index)
    assert "ramp_short" in _codes(figures)
    assert "payback_optimistic" in _codes(figures)


def test_without_a_range_in_the_reference_data_there_is_no_payback_or_roi_finding() -> None:
    """Issue 14, point 14: no hard-coded fallback figures; a missing range gives no comparison."""
    bare = Reference(composition=GUIDE.composition, factor_names=GUIDE.factor_names)
    assert payback_finding(FIGURES, bare) is None
    assert roi_finding(FIGURES, bare) is None
    assert payback_finding(FIGURES, GUIDE) is not None


def test_the_selector_takes_the_ranges_from_the_data_and_invents_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from partnerwijzer.budget.returns import selectors as roi_selectors
    from partnerwijzer.knowledge.topics import costs

    data = costs.load()
    guide = roi_selectors.GuideReference(payback=data.roi.payback, roi_three_years=data.roi.roi_three_years,
                                         archetype=None, duration=None, suggested_go_live=None)
    reference = roi_selectors.assessment_reference(guide)
    assert reference.payback_months == (data.roi.payback.low, data.roi.payback.high)
    assert reference.roi_percent == (data.roi.roi_three_years.low, data.roi.roi_three_years.high)

    single = data.roi.payback.model_copy(update={"low": None, "high": None, "value": 18})
    monkeypatch.setattr(roi_selectors.cost_reference, "load",
                        lambda: data.model_copy(update={"roi": data.roi.model_copy(update={"payback": single})}))
    assert roi_selectors.assessment_reference(guide).payback_months is None
