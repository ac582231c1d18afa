"""Scaling the guide's cost ranges to the company: an assumption of ours, not a figure of the guide.

The guide's typical ranges are for a firm of 100-250 staff and one typical project. A 60-person
firm starting a customer-service chatbot at those ranges gets an estimate of a larger firm's
project. When the user keeps it switched on, the estimate starts from the ranges multiplied by

    factor = size × kind
    size   = √(staff ÷ 175), held between 0.35 and 1.5   (175: the middle of 100-250 staff)
    kind   = the guide's implementation duration of the use case's complexity class relative to a
             medium project (simple 3-6 months: 0.5, medium 6-12: 1, complex 12-24: 2); 1 when the
             guide names no class for the archetype

The square root says costs grow with size, but less than in proportion (a chatbot for 60 people
needs most of the same build as one for 175). The page shows the factor and its parts, and the
user can start from the unscaled ranges instead. Pure: no database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

REFERENCE_STAFF: Final = 175
"""The middle of the guide's 100-250 staff."""
GUIDE_STAFF_RANGE: Final = (100, 250)
SIZE_LIMITS: Final = (0.35, 1.5)
KIND_FACTORS: Final = {"simple": 0.5, "medium": 1.0, "complex": 2.0}


@dataclass(frozen=True, slots=True)
class Scaling:
    size: float
    kind: float
    staff: int | None
    complexity: str | None

    @property
    def factor(self) -> float:
        return round(self.size * self.kind, 2)

    @property
    def changes_anything(self) -> bool:
        return self.factor != 1.0

    def apply(self, amount: float | Decimal) -> Decimal:
        return (Decimal(str(amount)) * Decimal(str(self.factor))).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def scaling_for(*, staff: int | None, complexity: str | None) -> Scaling:
    """The factor for a company of ``staff`` people and a use case of ``complexity``."""
    if staff is None or staff <= 0:
        size = 1.0
    else:
        low, high = SIZE_LIMITS
        size = round(min(high, max(low, math.sqrt(staff / REFERENCE_STAFF))), 2)
    kind = KIND_FACTORS.get(complexity or "", 1.0)
    return Scaling(size=size, kind=kind, staff=staff, complexity=complexity)


def outside_guide_size(staff: int | None) -> bool:
    low, high = GUIDE_STAFF_RANGE
    return staff is not None and not low <= staff <= high
