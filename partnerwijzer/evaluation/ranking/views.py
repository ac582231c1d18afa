"""The ranking page of a selection and its three charts (SVG images from their own URLs).

Access: the selection is fetched through the scoring engineer's
:func:`partnerwijzer.evaluation.access.selection_for` (the uniform 404 for other organisations);
:func:`partnerwijzer.evaluation.ranking.selectors.ranking_denial` then decides whether this member may see
the ranking yet (owners always; evaluators after submitting; everyone once scoring is closed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import numpy as np
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.ranking import charts
from partnerwijzer.evaluation.ranking.selectors import (
    DEFAULT_ITERATIONS,
    METHODS,
    WEIGHT_TOLERANCE,
    Method,
    Ranking,
    SensitivityRow,
    State,
    ranking_denial,
    ranking_for,
)
from partnerwijzer.evaluation.selectors import decision_matrix_for
from partnerwijzer.formatting import number, percent
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Selection


def _selection(request: OrgRequest, selection_id: UUID) -> tuple[Selection, str | None]:
    selection = selection_for(request, selection_id)
    return selection, ranking_denial(selection=selection, membership=request.membership)


def _method(request: OrgRequest) -> Method:
    value = request.GET.get("method", "weighted_sum")
    return next((m for m in METHODS if m == value), "weighted_sum")


def _svg(body: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # The data behind a chart changes with every score; never serve a stale one.
    response["Cache-Control"] = "private, no-cache"
    return response


# --- Page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivityLine:
    row: SensitivityRow
    name: str
    sentences: list[str]


def _sensitivity_lines(ranking: Ranking) -> list[SensitivityLine]:
    winner = ranking.winner
    if winner is None:
        return []
    lines = []
    names = dict(zip(ranking.criteria, ranking.criterion_names, strict=True))  # already in the reader's language
    for row in ranking.sensitivity:
        name = names[row.criterion]
        sentences = []
        if row.increase is not None and row.winner_if_increased is not None:
            sentences.append(
                _(
                    "Would need to weigh %(points)s percentage points more (%(before)s → %(after)s) "
                    "for %(candidate)s to win."
                )
                % {
                    "points": number(100 * row.increase, digits=1),
                    "before": percent(row.weight, digits=1), "after": percent(row.high, digits=1),
                    "candidate": row.winner_if_increased.name,
                }
            )
        if row.decrease is not None and row.winner_if_decreased is not None:
            sentences.append(
                _(
                    "Would need to weigh %(points)s percentage points less (%(before)s → %(after)s) "
                    "for %(candidate)s to win."
                )
                % {
                    "points": number(100 * row.decrease, digits=1),
                    "before": percent(row.weight, digits=1), "after": percent(row.low, digits=1),
                    "candidate": row.winner_if_decreased.name,
                }
            )
        if not sentences:
            sentences.append(
                _("No change of this weight alone makes another candidate win.")
            )
        lines.append(SensitivityLine(row, name, sentences))
    return lines


def _sensitivity_headline(ranking: Ranking) -> str:
    """The closest call in one sentence, or reassurance that no single weight flips the winner."""
    winner = ranking.winner
    if winner is None or not ranking.sensitivity:
        return ""
    first = ranking.sensitivity[0]
    names = dict(zip(ranking.criteria, ranking.criterion_names, strict=True))
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
        "criterion": names[first.criterion], "points": number(100 * first.smallest_change, digits=1),
        "candidate": other.name if other else "", "winner": winner.candidate.name,
    }


def _summary(ranking: Ranking) -> str:
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
    if winner.win_probability is not None:
        text += " " + _(
            "It comes first in %(share)s of the simulations that vary the scores and weights."
        ) % {"share": percent(winner.win_probability)}
    return text


@require_GET
@membership_required()
def ranking(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection, denial = _selection(request, selection_id)
    if denial is not None:
        return render(
            request, "evaluation/ranking_denied.html",
            {"selection": selection, "message": denial, "active_step": "selection"}, status=403,
        )
    method = _method(request)
    result = ranking_for(selection=selection, method=method)
    dm = result.matrix
    ranked_rows = []
    for r in result.candidates:
        cells = [
            {"value": r.values[j], "disagreement": bool(dm.disagreement[r.index, j]),
             "consensus": not np.isnan(dm.consensus[r.index, j])}
            for j in range(len(dm.criteria))
        ]
        ranked_rows.append({"result": r, "cells": cells})
    criteria = [
        {"criterion": c, "name": name, "weight": float(dm.weights[j])}
        for j, (c, name) in enumerate(zip(dm.criteria, result.criterion_names, strict=True))
    ]
    names = dict(zip(dm.criteria, result.criterion_names, strict=True))
    base = reverse("evaluation:ranking", kwargs={"selection_id": selection.pk})
    context: dict[str, Any] = {
        "selection": selection,
        "ranking": result,
        "method": method,
        "method_links": [
            {"method": "weighted_sum", "label": _("Weighted sum"), "url": base},
            {"method": "topsis", "label": _("TOPSIS"), "url": f"{base}?method=topsis"},
        ],
        "summary": _summary(result),
        "criteria": criteria,
        "ranked_rows": ranked_rows,
        "rank_numbers": list(range(1, result.ranked_count + 1)),
        "sensitivity_lines": _sensitivity_lines(result),
        "sensitivity_headline": _sensitivity_headline(result),
        "disagreements": [(d, names[d.criterion]) for d in result.disagreements],
        "unscored": [(u, [names[c] for c in u.missing]) for u in result.unscored],
        "excluded": [(e, [(names[c], reason) for c, reason in e.failures]) for e in result.excluded],
        "is_owner": request.membership.is_owner,
        "tolerance_points": round(100 * WEIGHT_TOLERANCE),
        "iterations": result.iterations or DEFAULT_ITERATIONS,
        "State": State,
        "active_step": "selection",
    }
    if result.state == State.READY:
        winner = result.winner
        assert winner is not None  # noqa: S101 - READY always has a winner
        context["acceptability_alt"] = _acceptability_desc(result)
        context["tornado_alt"] = _tornado_desc(result)
        context["radar_charts"] = [
            {
                "result": r,
                "url": reverse(
                    "evaluation:ranking_radar", kwargs={"selection_id": selection.pk, "candidate_id": r.candidate.pk}
                ),
                "alt": _radar_desc(r.candidate.name, result.criterion_names, r.values),
            }
            for r in result.candidates
        ]
    return render(request, "evaluation/ranking.html", context)


# --- Charts ----------------------------------------------------------------------------------------


def _acceptability_desc(result: Ranking) -> str:
    winner = result.winner
    assert winner is not None  # noqa: S101
    return _(
        "Stacked bars: for each candidate, the share of %(iterations)s simulations in which it came first, "
        "second and so on. %(candidate)s comes first in %(share)s of them. The table beside the chart "
        "lists every share."
    ) % {
        "iterations": number(result.iterations), "candidate": winner.candidate.name,
        "share": percent(winner.win_probability or 0.0),
    }


def _tornado_desc(result: Ranking) -> str:
    winner = result.winner
    assert winner is not None  # noqa: S101
    first = result.sensitivity[0] if result.sensitivity else None
    text = _("For each criterion, the range of weights within which %(candidate)s stays the winner.") % {
        "candidate": winner.candidate.name
    }
    if first is not None and first.smallest_change < 1:
        names = dict(zip(result.criteria, result.criterion_names, strict=True))
        text += " " + _("Most sensitive: %(criterion)s, from %(low)s to %(high)s (now %(weight)s).") % {
            "criterion": names[first.criterion], "low": percent(first.low, digits=1),
            "high": percent(first.high, digits=1), "weight": percent(first.weight, digits=1),
        }
    return text


def _radar_desc(name: str, axes: tuple[str, ...], values: tuple[float, ...]) -> str:
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


def _ready_or_404(result: Ranking) -> None:
    # A chart of a ranking that cannot be made yet would show misleading numbers; the page
    # explains what is missing and does not link to it.
    if result.state != State.READY:
        raise Http404(_("There is no chart yet."))


@require_GET
@membership_required()
def acceptability_chart(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection, denial = _selection(request, selection_id)
    if denial is not None:
        raise PermissionDenied(denial)
    result = ranking_for(selection=selection)
    _ready_or_404(result)
    svg = charts.acceptability_svg(
        candidates=[r.candidate.name for r in result.candidates],
        acceptability=[r.acceptability for r in result.candidates],
        rank_label=_("Rank {rank}"),
        title=_("Rank acceptability of each candidate"),
        desc=_acceptability_desc(result),
    )
    return _svg(svg, "acceptability.svg")


@require_GET
@membership_required()
def tornado_chart(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection, denial = _selection(request, selection_id)
    if denial is not None:
        raise PermissionDenied(denial)
    result = ranking_for(selection=selection, iterations=0)
    _ready_or_404(result)
    names = dict(zip(result.criteria, result.criterion_names, strict=True))
    svg = charts.tornado_svg(
        bars=[charts.TornadoBar(names[r.criterion], r.weight, r.low, r.high) for r in result.sensitivity],
        axis_label=_("Weight of the criterion; outside the bar another candidate wins"),
        title=_("How far each weight can move before the winner changes"),
        desc=_tornado_desc(result),
    )
    return _svg(svg, "tornado.svg")


@require_GET
@membership_required()
def radar_chart(request: OrgRequest, selection_id: UUID, candidate_id: UUID) -> HttpResponse:
    selection, denial = _selection(request, selection_id)
    if denial is not None:
        raise PermissionDenied(denial)
    dm = decision_matrix_for(selection=selection)
    complete = ~dm.missing.any(axis=1)
    index = next((i for i, c in enumerate(dm.candidates) if c.pk == candidate_id), None)
    if index is None or not complete[index] or not dm.evaluators:
        raise not_found()
    axes = [criterion_label(c) for c in dm.criteria]
    values = [float(v) for v in dm.mean[index]]
    reference = [float(v) for v in dm.mean[complete].mean(axis=0)] if complete.sum() > 1 else None
    name = dm.candidates[index].name
    svg = charts.radar_svg(
        axes=axes,
        values=values,
        reference=reference,
        reference_label=_("Average of the ranked candidates"),
        series_label=name,
        title=_("Scores of %(candidate)s per criterion") % {"candidate": name},
        desc=_radar_desc(name, tuple(axes), tuple(values)),
    )
    return _svg(svg, "radar.svg")
