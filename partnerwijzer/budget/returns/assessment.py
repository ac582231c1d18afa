"""How a simulated return compares with the guide's reference values, in plain words.

Pure functions on numbers: no database, no request; only ``gettext`` for the sentences. The
page and the API pass the simulation's figures and the guide's reference ranges in; each rule
returns at most one :class:`Finding` (a stable ``code``, a ``level`` and one sentence with the
numbers). The guide's values are reference values from its source, never our measurements, and
every sentence says so ("the guide's reference").

Conventions:

* Payback months count from the project start (month 0), as the simulation reports them. The
  guide's payback ranges are "after full implementation", so the rules compare the payback
  *after go-live* (P50 month minus the go-live month) with them.
* ROI values are fractions (1.5 = 150 %); the guide's ROI range is in percent after three years.
* ``None`` for a payback percentile means "beyond the horizon".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from django.utils.translation import gettext as _

__all__ = [
    "BenefitRange",
    "Finding",
    "Level",
    "Reference",
    "ReturnFigures",
    "assess",
]

CLEARLY_SHORTER: Final = 0.75
"""A P50 payback below 75 % of the reference's lower end counts as clearly shorter."""
ROI_FAR_ABOVE: Final = 1.5
"""A P50 ROI above 1.5 x the reference's upper end (450 % for 150-300 %) counts as far above."""
SHORT_RAMP_MONTHS: Final = 3
"""Ramp-up shorter than this many months is optimistic (the guide: a learning curve first)."""
DOMINANT_SHARE: Final = 0.8
"""One benefit factor with at least this share of the expected benefit dominates."""
REVENUE_STRATEGIC_HIGH: Final = 0.5
"""Revenue growth plus strategic advantage above this share: far above the guide's 30 %."""
NARROW_RATIO: Final = 1.2
"""A benefit whose high / low is below this is a very narrow (overconfident) range."""
NO_PAYBACK_ATTENTION: Final = 0.5
"""No payback within the horizon in at least this share of the simulations needs attention."""
REVENUE_STRATEGIC: Final = ("revenue", "strategic")


class Level(StrEnum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    level: Level
    message: str


@dataclass(frozen=True, slots=True)
class BenefitRange:
    """One benefit's yearly amount range (euro) and its name, for the narrow-range rule."""

    name: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class ReturnFigures:
    """The simulation's figures and the plan's settings.

    ``payback`` holds P10/P50/P90 months from the project start (None: beyond the horizon);
    ``roi_three_years`` is the P50 ROI after 36 months as a fraction (None if not known);
    ``factor_shares`` maps benefit factor keys to their share of the expected benefit (0-1).
    """

    horizon_months: int
    go_live_month: int
    ramp_months: int
    payback: tuple[float | None, float | None, float | None]
    no_payback_probability: float
    roi_three_years: float | None
    factor_shares: Mapping[str, float] = field(default_factory=dict)
    benefits: Sequence[BenefitRange] = ()


@dataclass(frozen=True, slots=True)
class Reference:
    """The guide's reference values (ranges as (low, high)); None where the guide gives none."""

    payback_months: tuple[float, float] = (12, 24)
    roi_percent: tuple[float, float] = (150, 300)
    archetype_payback_months: tuple[float, float] | None = None
    archetype_name: str = ""
    duration_months: tuple[float, float] | None = None
    composition: Mapping[tuple[str, ...], float] = field(default_factory=dict)
    """Factor group -> the guide's share in percent, e.g. ``{("cost_savings",): 40, ...}``."""
    factor_names: Mapping[str, str] = field(default_factory=dict)
    """Factor key -> its name in the reader's language."""


def _n(value: float) -> str:
    """A month count or a percentage as a whole number (12, not 12.0)."""
    return f"{value:.0f}"


def _range(bounds: tuple[float, float]) -> str:
    return f"{_n(bounds[0])}–{_n(bounds[1])}"


def payback_finding(figures: ReturnFigures, reference: Reference) -> Finding | None:
    """P50 payback after go-live against the archetype's range where the guide gives one, else
    the general 12-24 months. None when the P50 lies beyond the horizon (see the no-payback rule)."""
    p50 = figures.payback[1]
    if p50 is None or not math.isfinite(p50):
        return None
    after = max(p50 - figures.go_live_month, 0.0)
    if reference.archetype_payback_months is not None:
        low, high = reference.archetype_payback_months
        which = _("the guide's reference payback for %(type)s (%(range)s months after go-live)") % {
            "type": reference.archetype_name, "range": _range((low, high)),
        }
    else:
        low, high = reference.payback_months
        which = _("the guide's reference payback of successful SME AI projects (%(range)s months after full "
                  "implementation)") % {"range": _range((low, high))}
    numbers = {"months": _n(after), "month": _n(p50), "reference": which}
    if after < CLEARLY_SHORTER * low:
        return Finding("payback_optimistic", Level.WARNING, _(
            "Optimistic: half of the simulations pay back within %(months)s months after go-live (month "
            "%(month)s), clearly faster than %(reference)s. Check the benefit amounts and the ramp-up."
        ) % numbers)
    if after < low:
        return Finding("payback_faster", Level.INFO, _(
            "The median payback, %(months)s months after go-live (month %(month)s), is a little faster than "
            "%(reference)s."
        ) % numbers)
    if after > high:
        return Finding("payback_slower", Level.INFO, _(
            "The median payback, %(months)s months after go-live (month %(month)s), is slower than "
            "%(reference)s. That can be realistic for a first project; check whether costs can be phased."
        ) % numbers)
    return Finding("payback_in_range", Level.OK, _(
        "The median payback, %(months)s months after go-live (month %(month)s), lies within %(reference)s."
    ) % numbers)


def roi_finding(figures: ReturnFigures, reference: Reference) -> Finding | None:
    """P50 ROI after three years against the guide's 150-300 %."""
    roi = figures.roi_three_years
    if roi is None or not math.isfinite(roi):
        return None
    percent = roi * 100.0
    low, high = reference.roi_percent
    numbers = {"roi": _n(percent), "range": _range((low, high))}
    if percent > ROI_FAR_ABOVE * high:
        return Finding("roi_far_above", Level.WARNING, _(
            "Optimistic: the median ROI after three years is %(roi)s %%, far above the guide's reference of "
            "%(range)s %% for successful SME AI projects. Check whether every benefit will really be realised "
            "and measured."
        ) % numbers)
    if percent > high:
        return Finding("roi_above", Level.INFO, _(
            "The median ROI after three years, %(roi)s %%, is above the guide's reference of %(range)s %% "
            "for successful SME AI projects."
        ) % numbers)
    if percent < low:
        return Finding("roi_below", Level.INFO, _(
            "The median ROI after three years, %(roi)s %%, is below the guide's reference of %(range)s %% "
            "for successful SME AI projects."
        ) % numbers)
    return Finding("roi_in_range", Level.OK, _(
        "The median ROI after three years, %(roi)s %%, lies within the guide's reference of %(range)s %% "
        "for successful SME AI projects."
    ) % numbers)


def ramp_finding(figures: ReturnFigures) -> Finding | None:
    if figures.ramp_months >= SHORT_RAMP_MONTHS:
        return None
    return Finding("ramp_short", Level.WARNING, _(
        "Optimistic: the full benefit is reached %(months)s months after go-live. The guide says the benefit "
        "grows only after a learning curve and several optimisation cycles; plan at least %(minimum)s months."
    ) % {"months": _n(figures.ramp_months), "minimum": _n(SHORT_RAMP_MONTHS)})


def go_live_finding(figures: ReturnFigures, reference: Reference) -> Finding | None:
    if reference.duration_months is None:
        return None
    low, _high = reference.duration_months
    if figures.go_live_month >= low:
        return None
    return Finding("go_live_early", Level.WARNING, _(
        "Optimistic: go-live in month %(month)s is earlier than the guide's reference implementation time "
        "for this type of project (%(range)s months)."
    ) % {"month": _n(figures.go_live_month), "range": _range(reference.duration_months)})


def composition_findings(figures: ReturnFigures, reference: Reference) -> list[Finding]:
    shares = {k: v for k, v in figures.factor_shares.items() if v > 0}
    if not shares:
        return []
    findings: list[Finding] = []
    guide = "/".join(_n(v) for v in reference.composition.values()) or "40/30/30"
    top, top_share = max(shares.items(), key=lambda item: item[1])
    if top_share >= DOMINANT_SHARE:
        findings.append(Finding("one_factor_dominates", Level.INFO, _(
            "%(share)s %% of the expected benefit comes from one factor (%(factor)s). In the guide's reference "
            "the ROI of successful projects is spread over several factors (%(guide)s %%); ask whether other "
            "benefits were missed, or whether the plan depends on one assumption."
        ) % {"share": _n(top_share * 100), "factor": reference.factor_names.get(top, top), "guide": guide}))
    soft = sum(shares.get(k, 0.0) for k in REVENUE_STRATEGIC)
    if soft > REVENUE_STRATEGIC_HIGH:
        guide_soft = reference.composition.get(REVENUE_STRATEGIC, 30)
        findings.append(Finding("revenue_strategic_high", Level.WARNING, _(
            "Optimistic: %(share)s %% of the expected benefit is revenue growth or strategic advantage, far "
            "above the guide's reference share of %(guide)s %%. These benefits are the hardest to prove; "
            "tie them to a KPI with a baseline."
        ) % {"share": _n(soft * 100), "guide": _n(guide_soft)}))
    return findings


def narrow_range_finding(figures: ReturnFigures) -> Finding | None:
    narrow = [
        b.name for b in figures.benefits
        if b.high > 0 and (b.low >= b.high or (b.low > 0 and b.high / b.low < NARROW_RATIO))
    ]
    if not narrow:
        return None
    return Finding("range_narrow", Level.WARNING, _(
        "Overconfident: the range between low and high is very narrow (high less than %(ratio)s × low) for: "
        "%(names)s. Early estimates of benefit are rarely that certain; widen the range."
    ) % {"ratio": f"{NARROW_RATIO:g}", "names": ", ".join(narrow)})


def no_payback_finding(figures: ReturnFigures) -> Finding | None:
    share = figures.no_payback_probability
    if share < NO_PAYBACK_ATTENTION:
        return None
    return Finding("no_payback_likely", Level.WARNING, _(
        "Needs attention: in %(share)s %% of the simulations the project does not pay back within the "
        "horizon of %(horizon)s months. Look at costs, benefits and timing before you commit."
    ) % {"share": _n(share * 100), "horizon": _n(figures.horizon_months)})


def assess(figures: ReturnFigures, reference: Reference) -> list[Finding]:
    """Every finding, warnings first, then information, then what is in line with the guide."""
    found = [
        no_payback_finding(figures),
        payback_finding(figures, reference),
        roi_finding(figures, reference),
        ramp_finding(figures),
        go_live_finding(figures, reference),
        *composition_findings(figures, reference),
        narrow_range_finding(figures),
    ]
    order = {Level.WARNING: 0, Level.INFO: 1, Level.OK: 2}
    return sorted((f for f in found if f is not None), key=lambda f: order[f.level])
