"""quote_selectors: the flags against the guide's range and the own estimate at their
boundaries, the TCO and its order, the estimate's P10-P90 for context, and who lacks a quote."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from partnerwijzer.budget.models import TCO_YEARS, CostKind, CostLine
from partnerwijzer.budget.quotes.selectors import (
    FAR_ABOVE_FACTOR,
    FAR_BELOW_FACTOR,
    RUNNING,
    Flag,
    Range,
    compare_line,
    quotes_overview,
    tco,
)
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.budget.services import ensure_budget
from partnerwijzer.budget.simulation import estimate_for, inputs_for
from partnerwijzer.budget.tests.builders import make_quote_world
from partnerwijzer.evaluation.models import Criterion, KnockoutCheck
from partnerwijzer.evaluation.scoring.services import price_from_quotes_set
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.sourcing.services import candidate_reject
from tests.personas import Personas

GUIDE = Range(Decimal(20000), Decimal(50000))  # the guide's strategy range
OWN = Range(Decimal(30000), Decimal(40000))


def test_thresholds_are_the_agreed_ones() -> None:
    assert Decimal("0.5") == FAR_BELOW_FACTOR
    assert Decimal("1.5") == FAR_ABOVE_FACTOR
    assert TCO_YEARS == 3


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("9999.99", (Flag.FAR_BELOW_GUIDE, Flag.BELOW_ESTIMATE)),
        ("10000", (Flag.BELOW_ESTIMATE,)),  # exactly 0.5 x the guide's low end: not far below
        ("29999.99", (Flag.BELOW_ESTIMATE,)),
        ("30000", ()),  # exactly the own low end: inside
        ("40000", ()),  # exactly the own high end: inside
        ("40000.01", (Flag.ABOVE_ESTIMATE,)),
        ("75000", (Flag.ABOVE_ESTIMATE,)),  # exactly 1.5 x the guide's high end: not far above
        ("75000.01", (Flag.FAR_ABOVE_GUIDE, Flag.ABOVE_ESTIMATE)),
        ("0", (Flag.FAR_BELOW_GUIDE, Flag.BELOW_ESTIMATE)),
    ],
    ids=lambda v: str(v) if isinstance(v, str) else None,
)
def test_flags_at_the_boundaries(amount: str, expected: tuple[Flag, ...]) -> None:
    assert compare_line(Decimal(amount), guide=GUIDE, own=OWN) == expected


def test_without_own_estimate_only_the_guide_counts_and_a_missing_amount_is_not_flagged() -> None:
    assert compare_line(Decimal("9999.99"), guide=GUIDE, own=None) == (Flag.FAR_BELOW_GUIDE,)
    assert compare_line(Decimal(35000), guide=GUIDE, own=None) == ()
    assert compare_line(None, guide=GUIDE, own=OWN) == ()


def test_tco_is_one_off_plus_three_years_running() -> None:
    assert tco(Decimal(100000), Decimal(20000)) == Decimal(160000)
    assert tco(Decimal(0), Decimal(0)) == Decimal(0)


def test_overview_compares_with_the_guide_data_and_the_own_estimate(personas: Personas) -> None:
    use_case, _selection, (alpha, beta, _gamma) = make_quote_world(personas)
    budget = ensure_budget(actor=personas.owner, use_case=use_case)
    CostLine.objects.create(budget=budget, category="strategy", low=30000, likely=35000, high=40000)
    CostLine.objects.create(budget=budget, kind=CostKind.RUNNING, name="Hosting", low=5000, likely=6000, high=8000)
    CostLine.objects.create(budget=budget, kind=CostKind.RUNNING, name="Support", low=10000, likely=12000, high=15000)
    guide_low = Decimal(str(cost_reference.load().category("strategy").typical.low))
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": guide_low * FAR_BELOW_FACTOR - 1},
               running_per_year=20000)
    quote_save(actor=personas.owner, candidate=beta, lines={"strategy": 35000, "data": 40000}, running_per_year=24000)

    overview = quotes_overview(use_case)
    (sq,) = overview.selections
    rows = {cq.candidate.name: cq for cq in sq.candidates}
    alpha_lines = {line.key: line for line in rows["Alpha"].lines}
    assert [line.key for line in rows["Alpha"].lines] == [*cost_reference.CATEGORY_KEYS, RUNNING]
    assert alpha_lines["strategy"].flags == (Flag.FAR_BELOW_GUIDE, Flag.BELOW_ESTIMATE)
    assert alpha_lines["strategy"].own == Range(Decimal(30000), Decimal(40000))
    assert alpha_lines["data"].amount is None  # not quoted: no flag
    assert alpha_lines["data"].flags == ()
    assert alpha_lines["data"].own is None
    # Running: against the sum of the running lines, 15,000-23,000 per year.
    assert alpha_lines[RUNNING].own == Range(Decimal(15000), Decimal(23000))
    assert alpha_lines[RUNNING].flags == ()
    beta_lines = {line.key: line for line in rows["Beta"].lines}
    assert beta_lines[RUNNING].flags == (Flag.ABOVE_ESTIMATE,)
    assert beta_lines["strategy"].flags == ()


def test_tco_table_is_sorted_and_lists_who_lacks_a_quote(personas: Personas) -> None:
    use_case, _selection, (alpha, beta, gamma) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 50000, "data": 50000}, running_per_year=30000)
    quote_save(actor=personas.owner, candidate=beta, lines={"strategy": 40000, "model": 60000}, running_per_year=10000)
    (sq,) = quotes_overview(use_case).selections
    assert [(cq.candidate.name, cq.tco) for cq in sq.ranked] == [("Beta", Decimal(130000)), ("Alpha", Decimal(190000))]
    assert sq.ranked[0].one_off == Decimal(100000)
    assert [c.name for c in sq.missing] == ["Gamma"]
    assert sq.has_price_criterion  # selection_create gives the guide's criteria plus price
    assert not sq.price_from_quotes_active
    assert gamma.pk not in {cq.candidate.pk for cq in sq.ranked}


def test_rejected_and_knocked_out_candidates_do_not_block_price_from_quotes(personas: Personas) -> None:
    use_case, selection, (alpha, beta, gamma) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 50000})
    candidate_reject(actor=personas.owner, candidate=beta, reason="No comparable projects")
    criterion = Criterion.objects.filter(selection=selection, is_price=False).first()
    assert criterion is not None
    criterion.knockout = True
    criterion.save(update_fields=["knockout"])
    KnockoutCheck.objects.create(candidate=gamma, criterion=criterion, passed=False, reason="No GDPR experience")
    price_from_quotes_set(actor=personas.owner, selection=selection, enabled=True)
    (sq,) = quotes_overview(use_case).selections
    assert [cq.candidate.name for cq in sq.candidates] == ["Alpha", "Gamma"]  # the rejected one is not shown
    assert sq.missing == ()
    assert sq.price_from_quotes_active
    assert sq.ranked[0].price_score == 5.0


def test_estimate_total_is_the_simulations_p10_p90(personas: Personas) -> None:
    use_case, _selection, _cands = make_quote_world(personas)
    assert quotes_overview(use_case).estimate_total is None  # no budget yet
    budget = ensure_budget(actor=personas.owner, use_case=use_case)
    CostLine.objects.create(budget=budget, category="strategy", low=20000, likely=30000, high=50000)
    CostLine.objects.create(budget=budget, kind=CostKind.RUNNING, name="Hosting", low=5000, likely=6000, high=8000)
    total = quotes_overview(use_case).estimate_total
    estimate = estimate_for(inputs_for(budget))
    assert estimate is not None
    assert total is not None
    np.testing.assert_allclose(total, (estimate.total[0], estimate.total[2]))
    assert total[0] < total[1]
