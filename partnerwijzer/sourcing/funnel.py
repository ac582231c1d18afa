"""The guide's funnel: how many candidates to carry into each stage, and warnings when a
selection falls outside it.

The numbers live here, once, with their provenance. They are reference values from the guide
(source key ``guide-2025``, section 9), not rules: the warnings inform and never block.

How counting works: a candidate counts for every stage it has reached, so a firm in first
talks also counts for the shortlist. Rejected candidates do not count; they are out of the
race. Because the funnel narrows on purpose, an earlier stage is only judged "too few" while it
is the furthest stage the selection has reached (three candidates left after first talks are
not "too few for a shortlist"); "too many" is always worth a warning.

This module is pure: it takes counts and returns data, so it is tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import ngettext

from partnerwijzer.sourcing.stages import STAGE_ORDER, Stage


@dataclass(frozen=True)
class Band:
    """The guide's range for the number of candidates at or beyond ``stage``."""

    stage: Stage
    low: int
    high: int


FUNNEL_GUIDE: Mapping[str, object] = {
    "source": "guide-2025",
    "section": "9",
    "bands": (
        Band(Stage.SHORTLIST, 5, 8),  # "Shortlist 5-8 firms"
        Band(Stage.TALKS, 3, 5),  # "talk with 3-5"
        Band(Stage.RFP, 2, 3),  # "send a detailed request (RFP) to 2-3"
        Band(Stage.WORKSHOP, 1, 1),  # one preferred candidate for the workshop / proof of concept
    ),
}
"""The funnel of the guide, with its source key (a key of knowledge/data/sources.yaml)."""

FUNNEL_SOURCE: str = str(FUNNEL_GUIDE["source"])
BANDS: tuple[Band, ...] = FUNNEL_GUIDE["bands"]  # type: ignore[assignment]


class Verdict(StrEnum):
    NOT_REACHED = "not_reached"
    WITHIN = "within"
    # Fewer than the band, but the selection has moved beyond it: the funnel narrowed on purpose.
    PASSED = "passed"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class FunnelRow:
    band: Band
    count: int
    verdict: Verdict

    @property
    def stage(self) -> Stage:
        return self.band.stage

    @property
    def range_text(self) -> str:
        if self.band.low == self.band.high:
            return str(self.band.low)
        return f"{self.band.low}–{self.band.high}"

    @property
    def warning(self) -> bool:
        return self.verdict in (Verdict.TOO_FEW, Verdict.TOO_MANY)


@dataclass(frozen=True)
class FunnelWarning:
    stage: Stage
    verdict: Verdict
    count: int
    message: str


@dataclass(frozen=True)
class FunnelReport:
    rows: tuple[FunnelRow, ...]
    warnings: tuple[FunnelWarning, ...]
    active: int
    source: str = FUNNEL_SOURCE


def reached_counts(stages: Iterable[Stage | str]) -> dict[Stage, int]:
    """For each stage, how many of ``stages`` (one per active candidate) are at or beyond it."""
    positions = [Stage(s).position for s in stages]
    return {stage: sum(1 for p in positions if p >= stage.position) for stage in STAGE_ORDER}


def _message(row: FunnelRow) -> str:
    stage = row.stage.label
    params = {"count": row.count, "stage": stage, "range": row.range_text}
    if row.band.stage == Stage.WORKSHOP:
        return ngettext(
            "%(count)s candidate has reached the workshop / proof of concept. The guide advises "
            "one preferred candidate at this point: a proof of concept with several firms costs "
            "time and money on both sides.",
            "%(count)s candidates have reached the workshop / proof of concept. The guide advises "
            "one preferred candidate at this point: a proof of concept with several firms costs "
            "time and money on both sides.",
            row.count,
        ) % params
    if row.verdict == Verdict.TOO_FEW:
        return ngettext(
            "%(count)s candidate has reached the stage “%(stage)s”; the guide advises %(range)s. "
            "With fewer, you have little to compare. Consider adding candidates before moving on.",
            "%(count)s candidates have reached the stage “%(stage)s”; the guide advises %(range)s. "
            "With fewer, you have little to compare. Consider adding candidates before moving on.",
            row.count,
        ) % params
    return ngettext(
        "%(count)s candidate has reached the stage “%(stage)s”; the guide advises %(range)s. "
        "More costs you and the firms time without better choices. Consider narrowing down.",
        "%(count)s candidates have reached the stage “%(stage)s”; the guide advises %(range)s. "
        "More costs you and the firms time without better choices. Consider narrowing down.",
        row.count,
    ) % params


def funnel_check(stages: Iterable[Stage | str]) -> FunnelReport:
    """Compare the stages of the active (not rejected) candidates with the guide's funnel.

    Returns a row per band of :data:`FUNNEL_GUIDE` and a warning for each band outside its
    range (see the module docstring for when "too few" applies). Never raises on counts.
    """
    stage_list = [Stage(s) for s in stages]
    counts = reached_counts(stage_list)
    reached = [band for band in BANDS if counts[band.stage] > 0]
    furthest = reached[-1].stage if reached else None
    rows = []
    for band in BANDS:
        count = counts[band.stage]
        if count == 0:
            verdict = Verdict.NOT_REACHED
        elif count > band.high:
            verdict = Verdict.TOO_MANY
        elif count < band.low:
            verdict = Verdict.TOO_FEW if band.stage == furthest else Verdict.PASSED
        else:
            verdict = Verdict.WITHIN
        rows.append(FunnelRow(band=band, count=count, verdict=verdict))
    warnings = tuple(
        FunnelWarning(stage=row.stage, verdict=row.verdict, count=row.count, message=_message(row))
        for row in rows
        if row.warning
    )
    return FunnelReport(rows=tuple(rows), warnings=warnings, active=len(stage_list))
