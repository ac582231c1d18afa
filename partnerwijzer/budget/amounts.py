"""Reading an amount the user typed (or an API client sent) into a ``Decimal``: one rule for
every budget service. Each service words its own messages; this module only says what is wrong.
"""

from __future__ import annotations

import enum
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from partnerwijzer.forms import is_plain_number

CENT: Final = Decimal("0.01")
MONEY_MAX: Final = Decimal("9999999999.99")
"""The largest amount an amount column stores (12 digits, 2 decimals)."""


class Problem(enum.StrEnum):
    INVALID = "invalid"  # not a finite number
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"


class AmountError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def to_decimal(value: Any) -> Decimal:
    """``value`` (Decimal, int or text) as a finite Decimal; :class:`AmountError` otherwise.

    Booleans are refused (``True`` is not 1 euro); floats are converted through ``str`` so 0.1
    stays 0.1. Text with letters (``1e5``, ``inf``) is refused as well (forms.is_plain_number).
    """
    if isinstance(value, bool) or (isinstance(value, str) and not is_plain_number(value)):
        raise AmountError(Problem.INVALID)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise AmountError(Problem.INVALID) from None
    if not number.is_finite():
        raise AmountError(Problem.INVALID)
    return number


def checked_amount(value: Any, *, maximum: Decimal = MONEY_MAX, step: Decimal = CENT) -> Decimal:
    """A non-negative amount up to ``maximum``, rounded half-up to ``step``."""
    number = to_decimal(value)
    if number < 0:
        raise AmountError(Problem.NEGATIVE)
    if number > maximum:
        raise AmountError(Problem.TOO_LARGE)
    return number.quantize(step, rounding=ROUND_HALF_UP)
