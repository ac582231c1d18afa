"""Evaluator agreement: score aggregation, Kendall's W and the chi-square tail."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import decisioncore as dc
from decisioncore._special import chi2_sf, gammaincc

NAN = np.nan


def test_aggregate_scores_mean_spread_and_flag() -> None:
    # 3 evaluators x 2 candidates x 2 criteria, one cell never scored
    s = np.array(
        [
            [[1, 5], [3, NAN]],
            [[3, 5], [3, NAN]],
            [[2, 4], [4, NAN]],
        ]
    )
    r = dc.aggregate_scores(s)
    np.testing.assert_allclose(r.mean, [[2, 14 / 3], [10 / 3, NAN]])
    np.testing.assert_allclose(r.spread, [[2, 1], [1, NAN]])
    assert r.count.tolist() == [[3, 3], [3, 0]]
    # 30 % of the 1..5 scale = 1.2: a two-point spread is flagged, one point not
    assert r.threshold == pytest.approx(1.2)
    assert r.disagreement.tolist() == [[True, False], [False, False]]


def test_threshold_is_inclusive_and_scale_aware() -> None:
    s = np.array([[[0.0]], [[3.0]]])
    assert dc.aggregate_scores(s, scale_min=0, scale_max=10).disagreement[0, 0]
    assert not dc.aggregate_scores(s, scale_min=0, scale_max=10.5).disagreement[0, 0]
    single = dc.aggregate_scores(np.array([[[1.0]], [[NAN]]]))
    assert single.spread[0, 0] == 0.0
    assert not single.disagreement[0, 0]


@pytest.mark.parametrize(
    ("scores", "kwargs", "message"),
    [
        (np.full((1, 1, 1), 6.0), {}, "outside the scale"),
        (np.full((1, 1, 1), np.inf), {}, "infinite"),
        (np.ones((2, 2)), {}, "3-dimensional"),
        (np.ones((1, 1, 1)), {"scale_min": 5, "scale_max": 1}, "scale_min"),
        (np.ones((1, 1, 1)), {"share": 0}, "share"),
    ],
)
def test_aggregate_scores_rejects(scores: np.ndarray, kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dc.aggregate_scores(scores, **kwargs)


def test_kendall_w_by_hand() -> None:
    """Rank sums 4, 6, 8, 12 (mean 7.5): S = 35, W = 12 S / (m^2 (n^3 - n)) = 420/540."""
    r = dc.kendall_w([[1, 2, 3, 4], [1, 3, 2, 4], [2, 1, 3, 4]])
    assert r.w == pytest.approx(7 / 9)
    assert r.chi2 == pytest.approx(3 * 3 * 7 / 9)
    assert r.df == 3
    assert r.p_value == pytest.approx(chi2_sf(7.0, 3))


def test_kendall_w_tie_correction_by_hand() -> None:
    """Ties get mid-ranks; T = sum(t^3 - t) per rater enters the denominator.

    Raters (as mid-ranks): [1.5, 1.5, 3, 4], [1, 2.5, 2.5, 4], [1, 2, 3.5, 3.5];
    rank sums 3.5, 6, 9, 11.5 -> S = 16 + 2.25 + 2.25 + 16 = 36.5; sum T = 3 * 6 = 18;
    W = 12 * 36.5 / (9 * 60 - 3 * 18) = 438 / 486.
    """
    r = dc.kendall_w([[1, 1, 2, 3], [1, 2, 2, 3], [1, 2, 3, 3]])
    assert r.w == pytest.approx(438 / 486)


def test_kendall_w_perfect_and_degenerate() -> None:
    assert dc.kendall_w([[1, 2, 3], [10, 20, 30]]).w == pytest.approx(1.0)
    assert dc.kendall_w([[1, 2], [2, 1]]).w == pytest.approx(0.0)
    assert math.isnan(dc.kendall_w([[1, 1], [2, 2]]).w)
    with pytest.raises(ValueError, match="rankings"):
        dc.kendall_w([[1, 2, 3]])
    with pytest.raises(ValueError, match="rankings"):
        dc.kendall_w([[1, np.nan], [1, 2]])


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(2, 8), st.integers(2, 9)), elements=st.integers(1, 5)))
def test_kendall_w_bounds(r: np.ndarray) -> None:
    res = dc.kendall_w(r)
    if not math.isnan(res.w):
        assert 0.0 <= res.w <= 1.0
        assert 0.0 <= res.p_value <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 30), st.floats(0.0, 200.0))
def test_chi2_sf_matches_closed_form_for_even_df(half_df: int, x: float) -> None:
    """For df = 2k: P(X > x) = exp(-x/2) * sum_{i<k} (x/2)^i / i!."""
    y = x / 2.0
    expected = math.exp(-y) * sum(y**i / math.factorial(i) for i in range(half_df))
    assert chi2_sf(x, 2 * half_df) == pytest.approx(expected, rel=1e-11, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 100.0))
def test_chi2_sf_df1_is_erfc(x: float) -> None:
    assert chi2_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2.0)), rel=1e-11, abs=1e-300)


def test_chi2_sf_known_quantile_and_edges() -> None:
    assert chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, rel=1e-12)
    assert chi2_sf(0.0, 3) == 1.0
    assert gammaincc(2.0, math.inf) == 0.0
    with pytest.raises(ValueError, match="df"):
        chi2_sf(1.0, 0)


@pytest.mark.parametrize(("a", "x"), [(0.0, 1.0), (-1.0, 1.0), (1.0, -0.5), (math.nan, 1.0), (1.0, math.nan)])
def test_gammaincc_rejects_a_not_positive_or_x_negative(a: float, x: float) -> None:
    with pytest.raises(ValueError, match="need a > 0 and x >= 0"):
        gammaincc(a, x)
