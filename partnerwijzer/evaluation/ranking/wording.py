"""The ranking in words: the one place that phrases a ranking for people.

The ranking page, its charts, the ranking API (``summary``, ``closest_call``) and the decision
report (documents) all take their sentences from here, so a reader gets the same words wherever
they look: the summary sentence (who leads, and how often they come first in the simulations),
what would change the winner (the closest call, and per criterion) and the text descriptions of
the three charts (their ``<desc>``, the page's alt texts and the report's captions).

Every function returns text in the active language, numbers and shares through
:mod:`partnerwijzer.formatting`; each returns ``""`` (or an empty list) when the ranking has no
winner to talk about.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.ranking.selectors import CandidateResult, Ranking, SensitivityRow
from partnerwijzer.formatting import number, percent

__all__ = [
    "SensitivityLine",
    "acceptability_description",
    "closest_call",
    "radar_description",
    "sensitivity_lines",
    "summary",
    "tornado_description",
    "win_share",
]


def _names(ranking: Ranking) -> dict[Criterion, str]:
    """Each criterion's name in the reader's language."""
    return dict(zip(ranking.criteria, ranking.criterion_names, strict=True))


def win_share(result: CandidateResult) -> str:
    """How often the candidate comes first in the simulations, or "" without simulations."""
    if result.win_probability is None:
        return ""
    return _("It comes first in %(share)s of the simulations that vary the scores and weights.") % {
        "share": percent(result.win_probability)
    }


def summary(ranking: Ranking) -> str:
    """Who leads, with the score of the ranking's method, and how often they come first."""
    winner = ranking.winner
    if winner is None:
        return ""
    if ranking.method == "topsis":
        text = _("%(candidate)s is closest to the ideal candidate (closeness %(score)s of 1).") % {
            "candidate": winner.candidate.name, "score": number(winner.score, digits=2),
        }
    else:
        text = _("%(candidate)s leads with a weighted score of %(score)s out of 5.") % {
            "candidate": winner.candidate.name, "score": number(winner.score, digits=2),
        }
    share = win_share(winner)
    return f"{text} {share}" if share else text


def closest_call(ranking: Ranking) -> str:
    """What would change the winner: the smallest change of one weight that makes another
    candidate first, or the reassurance that none does."""
    winner = ranking.winner
    if winner is None or not ranking.sensitivity:
        return ""
    first = ranking.sensitivity[0]
    if first.smallest_change == math.inf:
        return _("No change of a single weight makes another candidate win: %(candidate)s stays first.") % {
            "candidate": winner.candidate.name
        }
    up = first.increase is not None and first.increase == first.smallest_change
    other = first.winner_if_increased if up else first.winner_if_decreased
    if up:
        text = _(
            "The closest call: if %(criterion)s weighed %(points)s percentage points more, "
            "%(candidate)s would come first instead of %(winner)s."
        )
    else:
        text = _(
            "The closest call: if %(criterion)s weighed %(points)s percentage points less, "
            "%(candidate)s would come first instead of %(winner)s."
        )
    return text % {
        "criterion": _names(ranking)[first.criterion], "points": number(100 * first.smallest_change, digits=1),
        "candidate": other.name if other else "", "winner": winner.candidate.name,
    }


@dataclass(frozen=True)
class SensitivityLine:
    """One criterion of the sensitivity analysis in words."""

    row: SensitivityRow
    name: str
    sentences: list[str]


def sensitivity_lines(ranking: Ranking) -> list[SensitivityLine]:
    """Per criterion, how far its weight must move (up, down) for another candidate to win."""
    if ranking.winner is None:
        return []
    names = _names(ranking)
    lines = []
    for row in ranking.sensitivity:
        sentences = [
            _move_sentence(template, change, row.weight, to, winner.name)
            for template, change, to, winner in (
                (_("Would need to weigh %(points)s percentage points more (%(before)s → %(after)s) "
                   "for %(candidate)s to win."), row.increase, row.high, row.winner_if_increased),
                (_("Would need to weigh %(points)s percentage points less (%(before)s → %(after)s) "
                   "for %(candidate)s to win."), row.decrease, row.low, row.winner_if_decreased),
            )
            if change is not None and winner is not None
        ]
        if not sentences:
            sentences.append(_("No change of this weight alone makes another candidate win."))
        lines.append(SensitivityLine(row, names[row.criterion], sentences))
    return lines


def _move_sentence(template: str, change: float, before: float, after: float, candidate: str) -> str:
    return template % {
        "points": number(100 * change, digits=1), "before": percent(before, digits=1),
        "after": percent(after, digits=1), "candidate": candidate,
    }


def acceptability_description(ranking: Ranking) -> str:
    """The rank-acceptability chart in words."""
    winner = ranking.winner
    if winner is None:
        return ""
    return _(
        "Stacked bars: for each candidate, the share of %(iterations)s simulations in which it came first, "
        "second and so on. %(candidate)s comes first in %(share)s of them. The table beside the chart "
        "lists every share."
    ) % {
        "iterations": number(ranking.iterations), "candidate": winner.candidate.name,
        "share": percent(winner.win_probability or 0.0),
    }


def tornado_description(ranking: Ranking) -> str:
    """The weight-sensitivity (tornado) chart in words, naming the most sensitive criterion."""
    winner = ranking.winner
    if winner is None:
        return ""
    first = ranking.sensitivity[0] if ranking.sensitivity else None
    text = _("For each criterion, the range of weights within which %(candidate)s stays the winner.") % {
        "candidate": winner.candidate.name
    }
    if first is not None and first.smallest_change < 1:
        text += " " + _("Most sensitive: %(criterion)s, from %(low)s to %(high)s (now %(weight)s).") % {
            "criterion": _names(ranking)[first.criterion], "low": percent(first.low, digits=1),
            "high": percent(first.high, digits=1), "weight": percent(first.weight, digits=1),
        }
    return text


def radar_description(name: str, axes: Sequence[str], values: Sequence[float]) -> str:
    """One candidate's radar chart in words: its highest and lowest criterion."""
    if not values:
        return _("Scores of %(candidate)s per criterion.") % {"candidate": name}
    best = max(range(len(values)), key=lambda j: values[j])
    worst = min(range(len(values)), key=lambda j: values[j])
    return _(
        "Scores of %(candidate)s per criterion on the scale 1 to 5, with the average of the ranked "
        "candidates as a dashed line. Highest on %(best)s (%(best_value)s), lowest on %(worst)s (%(worst_value)s)."
    ) % {
        "candidate": name, "best": axes[best], "best_value": number(values[best], digits=1),
        "worst": axes[worst], "worst_value": number(values[worst], digits=1),
    }
