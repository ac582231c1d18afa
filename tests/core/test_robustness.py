"""SMAA-2 and weight sensitivity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import decisioncore as dc


def _problem(seed: int, m: int = 6, n: int = 4) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 5, (m, n))
    b = np.ones(n, dtype=bool)
    b[0] = False
    return x, b


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(2, 7),
    st.integers(1, 5),
    st.sampled_from(["none", "bounds", "tolerance", "fixed"]),
    st.sampled_from([None, 0.3]),
    st.sampled_from(["linear", "minmax"]),
)
def test_acceptabilities_are_doubly_stochastic(  # noqa: PLR0917 - hypothesis arguments
    seed: int, m: int, n: int, weight_mode: str, spread: float | None, norm: str
) -> None:
    x, b = _problem(seed, m, n)
    kwargs: dict[str, object] = {}
    w = np.full(n, 1.0 / n)
    if weight_mode == "bounds":
        kwargs["weight_bounds"] = (np.full(n, 0.5 / n), np.full(n, min(1.0, 2.0 / n)))
    elif weight_mode == "tolerance":
        kwargs.update(weights=w, weight_tolerance=0.1)
    elif weight_mode == "fixed":
        kwargs["weights"] = w
    r = dc.smaa(
        x, b, score_spread=spread, normalisation=norm, iterations=500, rng=np.random.default_rng(seed), **kwargs
    )  # type: ignore[arg-type]
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(r.win_probability, r.acceptability[:, 0])
    winners = r.win_probability > 0
    assert np.isnan(r.central_weights[~winners]).all()
    np.testing.assert_allclose(r.central_weights[winners].sum(axis=1), 1.0)
    assert ((r.confidence[winners] >= 0) & (r.confidence[winners] <= 1)).all()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 8), st.integers(1, 6))
def test_zero_spread_and_fixed_weights_give_the_deterministic_ranking(seed: int, m: int, n: int) -> None:
    x, b = _problem(seed, m, n)
    w = np.random.default_rng(seed + 1).dirichlet(np.ones(n))
    expected = dc.weighted_sum(x, w, b)
    r = dc.smaa(x, b, weights=w, iterations=200, rng=np.random.default_rng(seed))
    assert r.win_probability[expected.winner] == 1.0
    for rank, cand in enumerate(expected.order):
        assert r.acceptability[cand, rank] == 1.0
    # the same through the simulation path: a zero spread still simulates
    r2 = dc.smaa(x, b, weights=w, score_spread=0.0, iterations=200, rng=np.random.default_rng(seed))
    np.testing.assert_array_equal(r2.acceptability, r.acceptability)
    mm = dc.weighted_sum(x, w, b, normalisation="minmax")
    r3 = dc.smaa(x, b, weights=w, normalisation="minmax", iterations=10, rng=np.random.default_rng(seed))
    assert r3.win_probability[mm.winner] == 1.0


def test_same_seed_same_result_and_different_seed_differs() -> None:
    rng = np.random.default_rng(0)
    scores = np.clip(rng.uniform(1, 5, (8, 7))[None] + rng.normal(0, 0.7, (5, 8, 7)), 1, 5)
    b = np.array([False, True, True, True, True, True, True])
    a1 = dc.smaa(scores, b, iterations=3000, rng=np.random.default_rng(42))
    a2 = dc.smaa(scores, b, iterations=3000, rng=np.random.default_rng(42))
    a3 = dc.smaa(scores, b, iterations=3000, rng=np.random.default_rng(43))
    for field in ("acceptability", "central_weights", "confidence"):
        np.testing.assert_array_equal(getattr(a1, field), getattr(a2, field))
    assert not np.array_equal(a1.acceptability, a3.acceptability)


def test_evaluator_scores_use_the_range_of_opinions() -> None:
    # candidate 0 is better on the only criterion unless evaluators disagree
    agree = np.array([[[4.0], [3.0]], [[4.0], [3.0]]])
    r = dc.smaa(agree, [True], iterations=200, rng=np.random.default_rng(1))
    assert r.win_probability.tolist() == [1.0, 0.0]
    disagree = np.array([[[5.0], [3.0]], [[1.0], [np.nan]]])  # candidate 0 in [1, 5], 1 fixed at 3
    r = dc.smaa(disagree, [True], iterations=20_000, rng=np.random.default_rng(1))
    assert r.win_probability[0] == pytest.approx(0.5, abs=0.02)
    with pytest.raises(ValueError, match="candidate 1 has no score on criterion 0"):
        dc.smaa(np.array([[[5.0], [np.nan]]]), [True], rng=np.random.default_rng(1))


def test_uniform_weights_give_symmetric_acceptabilities() -> None:
    """Two candidates that mirror each other win equally often."""
    x = np.array([[1.0, 2.0], [2.0, 1.0]])
    r = dc.smaa(x, [True, True], iterations=40_000, rng=np.random.default_rng(5))
    assert r.win_probability[0] == pytest.approx(0.5, abs=0.01)
    # candidate 0 wins iff w1 > w0 (linear: 0.5 w0 + w1 vs w0 + 0.5 w1)
    np.testing.assert_allclose(r.central_weights[0], [0.25, 0.75], atol=0.01)


def test_bounded_weights_stay_within_bounds() -> None:
    x, b = _problem(3, 5, 3)
    lower = np.array([0.5, 0.0, 0.1])
    upper = np.array([0.6, 0.5, 0.5])
    r = dc.smaa(x, b, weight_bounds=(lower, upper), iterations=2000, rng=np.random.default_rng(0))
    winners = r.win_probability > 0
    cw = r.central_weights[winners]
    assert (cw >= lower - 1e-12).all()
    assert (cw <= upper + 1e-12).all()


def test_weight_sampler_is_uniform_on_the_truncated_simplex() -> None:
    from decisioncore.robustness import _WeightSampler

    lower = np.array([0.2, 0.0, 0.0])
    upper = np.array([1.0, 0.5, 1.0])
    w = _WeightSampler(lower, upper, np.random.default_rng(0)).sample(200_000)
    assert (w >= lower - 1e-12).all()
    assert (w <= upper + 1e-12).all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    # uniform on the region: compare with rejection from the plain simplex
    ref = np.random.default_rng(1).dirichlet(np.ones(3), 600_000)
    ref = ref[(ref >= lower).all(axis=1) & (ref <= upper).all(axis=1)]
    np.testing.assert_allclose(w.mean(axis=0), ref.mean(axis=0), atol=3e-3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [1, 1], "weight_bounds": ([0, 0], [1, 1])}, "not both"),
        ({"weight_tolerance": 0.1}, "needs weights"),
        ({"weight_bounds": ([0.6, 0.6], [1, 1])}, "no weights summing to 1"),
        ({"weight_bounds": ([0.5, 0], [0.4, 1])}, "exceeds upper"),
        ({"weight_bounds": ([0, 0, 0], [1, 1, 1])}, "expected 2 entries"),
        ({"score_spread": [1, 2, 3]}, "score_spread"),
        ({"score_spread": -1.0}, "score_spread"),
        ({"iterations": 0}, "iterations"),
        ({"rng": 42}, "rng"),
        ({"normalisation": "vector"}, "normalisation"),
        ({"weights": [1, -1]}, "weights: must not be negative"),
    ],
)
def test_smaa_rejects_invalid_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"iterations": 10, "rng": np.random.default_rng(0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        dc.smaa([[1.0, 2.0], [2.0, 1.0]], [True, True], **args)  # type: ignore[arg-type]


def _winner_at(x: np.ndarray, w: np.ndarray, b: np.ndarray, j: int, t: float) -> int:
    rest = 1.0 - w[j]
    v = w * (1.0 - t) / rest
    v[j] = t
    return dc.weighted_sum(x, v, b).winner


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000), st.integers(2, 7), st.integers(2, 6))
def test_weight_sensitivity_thresholds_are_exact(seed: int, m: int, n: int) -> None:
    """Just inside a threshold the winner is unchanged; just beyond it changes."""
    x, b = _problem(seed, m, n)
    w = np.random.default_rng(seed).dirichlet(np.ones(n))
    s = dc.weight_sensitivity(x, w, b)
    base = dc.weighted_sum(x, w, b)
    assert s.winner == base.winner
    np.testing.assert_allclose(s.scores, base.scores)
    eps = 1e-7
    for j in range(n):
        if np.isfinite(s.increase[j]) and s.increase[j] > 2 * eps:
            t = w[j] + s.increase[j]
            assert _winner_at(x, w, b, j, t - eps) == s.winner
            if t + eps <= 1:
                assert _winner_at(x, w, b, j, t + eps) == s.winner_if_increased[j]
        elif not np.isfinite(s.increase[j]):
            for t in np.linspace(w[j], 1.0, 7):
                assert _winner_at(x, w, b, j, t) == s.winner
            assert s.winner_if_increased[j] == -1
        if np.isfinite(s.decrease[j]) and s.decrease[j] > 2 * eps:
            t = w[j] - s.decrease[j]
            assert _winner_at(x, w, b, j, t + eps) == s.winner
            if t - eps >= 0:
                assert _winner_at(x, w, b, j, t - eps) == s.winner_if_decreased[j]
        elif not np.isfinite(s.decrease[j]):
            for t in np.linspace(0.0, w[j], 7):
                assert _winner_at(x, w, b, j, t) == s.winner


def test_weight_sensitivity_by_hand() -> None:
    # A = (1, 0.5), B = (0.5, 1) after linear normalisation; w = (0.7, 0.3):
    # S_A = 0.85, S_B = 0.65; they tie at w0 = 0.5 -> decrease of 0.2 makes B win.
    x = np.array([[2.0, 1.0], [1.0, 2.0]])
    s = dc.weight_sensitivity(x, [0.7, 0.3], [True, True])
    assert s.winner == 0
    assert s.decrease[0] == pytest.approx(0.2)
    assert s.winner_if_decreased[0] == 1
    assert s.increase[0] == np.inf
    assert s.increase[1] == pytest.approx(0.2)
    assert s.winner_if_increased[1] == 1
    assert s.decrease[1] == np.inf


def test_weight_sensitivity_with_all_weight_on_one_criterion() -> None:
    x = np.array([[2.0, 1.0, 1.0], [1.0, 2.0, 2.0]])
    s = dc.weight_sensitivity(x, [1.0, 0.0, 0.0], [True, True, True])
    assert s.winner == 0
    assert s.decrease[0] == pytest.approx(0.5)  # others share 1 - t equally
    assert s.winner_if_decreased[0] == 1


@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.float64, (4, 3), elements=st.floats(0.5, 10)))
def test_weight_sensitivity_never_reports_a_negative_move(x: np.ndarray) -> None:
    s = dc.weight_sensitivity(x, [0.2, 0.5, 0.3], [True, False, True])
    assert (s.increase >= 0).all()
    assert (s.decrease >= 0).all()
