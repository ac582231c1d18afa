"""decisioncore.market: the k >= 5 rule, one value per company, percentiles (issue 17 item 6)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisioncore.market import (
    MIN_COMPANIES,
    aggregate,
    company_count,
    company_values,
    group_aggregates,
    payback_months,
)

amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
figures = st.lists(st.tuples(st.integers(0, 12), amounts), min_size=0, max_size=60)


@settings(deadline=None)
@given(figures)
def test_an_aggregate_exists_exactly_when_five_distinct_companies_contribute(rows: list[tuple[int, float]]) -> None:
    companies = [c for c, _ in rows]
    result = aggregate([v for _, v in rows], companies)
    distinct = len(set(companies))
    if distinct < MIN_COMPANIES:
        assert result is None
    else:
        assert result is not None
        assert result.companies == distinct


@settings(deadline=None)
@given(figures)
def test_percentiles_are_ordered_and_inside_the_companies_values(rows: list[tuple[int, float]]) -> None:
    result = aggregate([v for _, v in rows], [c for c, _ in rows])
    if result is None:
        return
    own = company_values([v for _, v in rows], [c for c, _ in rows])
    tolerance = 1e-6 * max(1.0, *own.values())
    assert min(own.values()) - tolerance <= result.p25 <= result.median + tolerance
    assert result.median <= result.p75 + tolerance <= max(own.values()) + 2 * tolerance


@settings(deadline=None)
@given(figures, st.randoms(use_true_random=False))
def test_the_order_of_the_figures_does_not_matter(rows: list[tuple[int, float]], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    first = aggregate([v for _, v in rows], [c for c, _ in rows])
    second = aggregate([v for _, v in shuffled], [c for c, _ in shuffled])
    if first is None:
        assert second is None
    else:
        assert second is not None
        assert second.companies == first.companies
        assert second.median == pytest.approx(first.median)
        assert second.p25 == pytest.approx(first.p25)
        assert second.p75 == pytest.approx(first.p75)


@settings(deadline=None)
@given(st.lists(amounts, min_size=1, max_size=30), st.lists(amounts, min_size=4, max_size=4))
def test_a_company_with_many_figures_counts_once_at_its_median(many: list[float], others: list[float]) -> None:
    values = [*many, *others]
    companies = ["big"] * len(many) + ["a", "b", "c", "d"]
    result = aggregate(values, companies)
    assert result is not None
    assert result.companies == 5
    expected = np.percentile([float(np.median(many)), *others], [25, 50, 75])
    assert (result.p25, result.median, result.p75) == pytest.approx(tuple(expected))


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 9), amounts), max_size=80))
def test_every_group_shown_has_five_companies_and_groups_below_are_left_out(
    rows: list[tuple[str, int, float]],
) -> None:
    shown = group_aggregates([g for g, _, _ in rows], [c for _, c, _ in rows], [v for _, _, v in rows])
    for group in "ABC":
        distinct = {c for g, c, _ in rows if g == group}
        if len(distinct) >= MIN_COMPANIES:
            assert shown[group].companies == len(distinct)
        else:
            assert group not in shown
    assert all(a.companies >= MIN_COMPANIES for a in shown.values())


def test_four_companies_give_no_figure_and_five_give_the_percentiles() -> None:
    assert aggregate([10, 20, 30, 40], ["a", "b", "c", "d"]) is None
    result = aggregate([10, 20, 30, 40, 50], ["a", "b", "c", "d", "e"])
    assert result is not None
    assert (result.companies, result.p25, result.median, result.p75) == (5, 20.0, 30.0, 40.0)


def test_the_minimum_cannot_be_loosened_and_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="min_companies"):
        aggregate([1, 2], ["a", "b"], min_companies=2)
    with pytest.raises(ValueError, match="companies"):
        aggregate([1, 2], ["a"])
    with pytest.raises(ValueError, match="finite"):
        aggregate([1, float("nan")], ["a", "b"])
    with pytest.raises(ValueError, match="groups"):
        group_aggregates(["x"], ["a", "b"], [1, 2])


@settings(deadline=None)
@given(st.lists(st.integers(0, 9), max_size=40))
def test_a_count_of_companies_shows_exactly_when_five_distinct_companies_are_behind_it(names: list[int]) -> None:
    distinct = len(set(names))
    count = company_count(names)
    assert count == (distinct if distinct >= MIN_COMPANIES else None)
    with pytest.raises(ValueError, match="min_companies"):
        company_count(names, min_companies=MIN_COMPANIES - 1)


# --- Realised payback (issue 17 item 6) ------------------------------------------------------------

money = st.floats(min_value=0, max_value=1e8, allow_nan=False, allow_infinity=False)
benefit = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)


def test_payback_months_of_the_textbook_example() -> None:
    # EUR 60,000 one-off, EUR 40,000 a year measured now: paid back after 18 months.
    np.testing.assert_allclose(payback_months([60_000.0, 12_000.0], [40_000.0, 12_000.0]), [18.0, 12.0])


@settings(deadline=None)
@given(st.lists(st.tuples(money, benefit), min_size=1, max_size=40))
def test_payback_is_cost_over_monthly_benefit_and_none_without_a_positive_benefit(
        rows: list[tuple[float, float]]) -> None:
    costs, benefits = [c for c, _ in rows], [b for _, b in rows]
    months = payback_months(costs, benefits)
    for cost, yearly, got in zip(costs, benefits, months.tolist(), strict=True):
        if yearly > 0 and np.isfinite(12 * cost / yearly):
            assert got >= 0
            assert got == pytest.approx(12 * cost / yearly)
        else:
            assert np.isnan(got)


@settings(deadline=None)
@given(st.lists(st.tuples(money, st.floats(min_value=1, max_value=1e7)), min_size=1, max_size=20),
       st.floats(min_value=0.1, max_value=10))
def test_payback_does_not_depend_on_the_currency_unit(rows: list[tuple[float, float]], factor: float) -> None:
    costs, benefits = np.array([c for c, _ in rows]), np.array([b for _, b in rows])
    np.testing.assert_allclose(payback_months(costs * factor, benefits * factor), payback_months(costs, benefits),
                               rtol=1e-9, atol=1e-9)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), money, benefit), min_size=0, max_size=40))
def test_payback_aggregates_keep_the_five_companies_rule(rows: list[tuple[int, float, float]]) -> None:
    months = payback_months([c for _, c, _ in rows], [b for _, _, b in rows]) if rows else np.zeros(0)
    kept = [(company, m) for (company, _, _), m in zip(rows, months.tolist(), strict=True) if np.isfinite(m)]
    result = aggregate([m for _, m in kept], [c for c, _ in kept])
    paying = {c for c, _ in kept}
    assert (result is None) == (len(paying) < MIN_COMPANIES)
    if result is not None:
        assert result.companies == len(paying)
        assert result.p25 <= result.median <= result.p75


def test_payback_refuses_what_is_not_a_cost() -> None:
    with pytest.raises(ValueError, match="one_off_costs"):
        payback_months([-1.0], [10.0])
    with pytest.raises(ValueError, match="one entry per project"):
        payback_months([1.0, 2.0], [10.0])
    with pytest.raises(ValueError, match="finite"):
        payback_months([1.0], [float("inf")])
