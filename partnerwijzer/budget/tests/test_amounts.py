"""The one rule for reading amounts in the budget services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerwijzer.budget.amounts import MONEY_MAX, AmountError, Problem, checked_amount, to_decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12.345", Decimal("12.35")), (" 7 ", Decimal("7.00")), (3, Decimal("3.00")), (Decimal("0.005"), Decimal("0.01")),
     (0.1, Decimal("0.10")), (MONEY_MAX, MONEY_MAX)],
)
def test_accepted_amounts_are_rounded_half_up_to_cents(raw: object, expected: Decimal) -> None:
    assert checked_amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("abc", Problem.INVALID), (True, Problem.INVALID), ("NaN", Problem.INVALID), ("Infinity", Problem.INVALID),
     (None, Problem.INVALID), ("-0.01", Problem.NEGATIVE), (MONEY_MAX + Decimal("0.01"), Problem.TOO_LARGE)],
)
def test_refused_amounts_say_what_is_wrong(raw: object, problem: Problem) -> None:
    with pytest.raises(AmountError) as caught:
        checked_amount(raw)
    assert caught.value.problem is problem


def test_to_decimal_keeps_precision_and_sign() -> None:
    assert to_decimal("-1.2345") == Decimal("-1.2345")
