"""AHP weights, aggregation and the price-weight warning."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import decisioncore as dc

# Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
# European Journal of Operational Research 48(1), 9-26, the "buying a house"
# example (also in Saaty 1980, The Analytic Hierarchy Process, ch. 3).
# Criteria: size of house, transportation, neighbourhood, age of house, yard
# space, modern facilities, general condition, financing.  Published: priority
# vector .173 .054 .188 .018 .031 .036 .167 .333, lambda_max = 9.669,
# C.I. = 0.238, C.R. = 0.169 (all rounded to 3 decimals).
HOUSE = np.array(
    [
        [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
        [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
        [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
        [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
        [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
        [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
        [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
        [4, 7, 5, 8, 6, 6, 2, 1],
    ]
)
HOUSE_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]


def test_saaty_house_example_matches_published_values() -> None:
    """Saaty (1990), EJOR 48:9-26, house example: weights, lambda_max, CI, CR."""
    r = dc.ahp_weights(HOUSE)
    np.testing.assert_allclose(r.weights, HOUSE_WEIGHTS, atol=5e-4)
    assert r.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert r.ci == pytest.approx(0.238, abs=5e-4)
    assert r.cr == pytest.approx(0.169, abs=5e-4)
    assert not r.is_consistent
    assert r.weights.sum() == pytest.approx(1.0)


def test_house_example_agrees_with_lapack_eigenvector() -> None:
    """The repeated-squaring power method equals numpy's eigen-decomposition."""
    values, vectors = np.linalg.eig(HOUSE)
    k = np.argmax(values.real)
    v = np.abs(vectors[:, k].real)
    r = dc.ahp_weights(HOUSE)
    np.testing.assert_allclose(r.weights, v / v.sum(), rtol=1e-10)
    assert r.lambda_max == pytest.approx(values[k].real, rel=1e-12)


def test_inconsistent_pairs_point_at_the_worst_judgement() -> None:
    r = dc.ahp_weights(HOUSE, max_pairs=2)
    assert len(r.inconsistent_pairs) == 2
    worst = r.inconsistent_pairs[0]
    # neighbourhood (2) vs general condition (6): judged 6, weights imply ~1.1
    assert (worst.row, worst.col) == (2, 6)
    assert worst.judgement == 6.0
    assert worst.consistent_value == pytest.approx(r.weights[2] / r.weights[6])
    assert worst.deviation >= r.inconsistent_pairs[1].deviation


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 15), elements=st.floats(0.05, 20.0)))
def test_consistent_matrix_has_cr_zero_and_recovers_weights(raw: np.ndarray) -> None:
    w = raw / raw.sum()
    a = np.outer(w, 1.0 / w)
    r = dc.ahp_weights(a)
    np.testing.assert_allclose(r.weights, w, rtol=1e-9, atol=1e-12)
    assert r.cr == pytest.approx(0.0, abs=1e-9)
    assert r.inconsistent_pairs == ()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 9).flatmap(
        lambda n: hnp.arrays(
            np.float64, n * (n - 1) // 2, elements=st.sampled_from([1 / 9, 1 / 5, 1 / 3, 1.0, 3.0, 5.0, 9.0])
        )
    )
)
def test_weights_are_a_probability_vector(upper: np.ndarray) -> None:
    n = int((1 + np.sqrt(1 + 8 * upper.size)) / 2)
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    a[iu] = upper
    a[(iu[1], iu[0])] = 1.0 / upper
    r = dc.ahp_weights(a)
    assert (r.weights >= 0).all()
    assert r.weights.sum() == pytest.approx(1.0)
    assert r.lambda_max >= n - 1e-9
    assert r.cr >= 0.0


def test_two_criteria() -> None:
    r = dc.ahp_weights([[1, 3], [1 / 3, 1]])
    np.testing.assert_allclose(r.weights, [0.75, 0.25])
    assert r.cr == 0.0


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, 2], [0.4, 1]], "not reciprocal"),
        ([[2, 1], [1, 2]], "diagonal"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, np.nan], [1, 1]], "NaN"),
        ([], "pairwise"),
        (np.ones((16, 16)), "at most 15"),
    ],
)
def test_invalid_pairwise_matrix(matrix: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        dc.ahp_weights(matrix)  # type: ignore[arg-type]
    assert "pairwise" in str(info.value)


def test_aggregate_is_elementwise_geometric_mean_and_reciprocal() -> None:
    a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    b = np.array([[1, 1 / 3, 1], [3, 1, 4], [1, 1 / 4, 1]])
    g = dc.ahp_aggregate([a, b])
    np.testing.assert_allclose(g, np.sqrt(a * b))
    np.testing.assert_allclose(g * g.T, 1.0)
    weighted = dc.ahp_aggregate([a, b], weights=[3, 1])
    np.testing.assert_allclose(weighted, a**0.75 * b**0.25)
    with pytest.raises(ValueError, match="weights"):
        dc.ahp_aggregate([a, b], weights=[1, 1, 1])
    with pytest.raises(ValueError, match="matrices"):
        dc.ahp_aggregate([a, np.ones((3, 3)) * 2])


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(0, 1e6)))
def test_normalise_weights_sums_to_one(raw: np.ndarray) -> None:
    if raw.sum() <= 0:
        with pytest.raises(ValueError, match="zero"):
            dc.normalise_weights(raw)
        return
    w = dc.normalise_weights(raw)
    assert (w >= 0).all()
    assert w.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("raw", [[1, -1], [np.nan, 1], [np.inf, 1], [], [[1, 2]]])
def test_normalise_weights_rejects_bad_input(raw: object) -> None:
    with pytest.raises(ValueError, match="raw"):
        dc.normalise_weights(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weights", "level"),
    [
        ([22, 78], dc.PriceWeightLevel.NONE),
        ([0.2200001, 0.7799999], dc.PriceWeightLevel.WARNING),
        ([25, 75], dc.PriceWeightLevel.WARNING),
        ([29.9, 70.1], dc.PriceWeightLevel.WARNING),
        ([30, 70], dc.PriceWeightLevel.STRONG),
        ([0.38, 0.62], dc.PriceWeightLevel.STRONG),
        ([0, 1], dc.PriceWeightLevel.NONE),
    ],
)
def test_price_weight_warning(weights: list[float], level: dc.PriceWeightLevel) -> None:
    assert dc.price_weight_warning(weights, 0) is level
    assert dc.price_weight_warning(weights, 0) == level.value


def test_price_weight_warning_rejects_bad_index() -> None:
    with pytest.raises(ValueError, match="price_index"):
        dc.price_weight_warning([1, 2], 2)
    with pytest.raises(ValueError, match="price_index"):
        dc.price_weight_warning([1, 2], True)  # type: ignore[arg-type]
