"""The ranking page of a selection and its three charts (SVG images from their own URLs).

Access: the selection (with its scoring setup) is fetched through
:func:`partnerwijzer.evaluation.access.selection_for` (the uniform 404 for other organisations);
:func:`partnerwijzer.evaluation.ranking.selectors.ranking_denial` then decides whether this member may see
the ranking yet (seat holders, owners included, after submitting; everyone once scoring is closed).

A member who may not see it yet gets the page "not available to you yet" with the reason and a way
forward, as a normal page (200): it is a step of the process, not an error, and a 4xx document is
logged by the browser as a console error. The charts (the data) answer 403, as the API does.
"""

from __future__ import annotations

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
from partnerwijzer.evaluation.access import selection_for
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.ranking import charts, wording
from partnerwijzer.evaluation.ranking.selectors import (
    DEFAULT_ITERATIONS,
    METHODS,
    WEIGHT_TOLERANCE,
    Method,
    Ranking,
    State,
    ranking_denial,
    ranking_for,
)
from partnerwijzer.evaluation.selectors import decision_matrix_for
from partnerwijzer.formatting import percent
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


@require_GET
@membership_required()
def ranking(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection, denial = _selection(request, selection_id)
    if denial is not None:
        return render(
            request, "evaluation/ranking_denied.html",
            {"selection": selection, "message": denial, "active_step": "selection"},
        )
    method = _method(request)
    result = ranking_for(selection=selection, method=method)
    dm = result.matrix
    ranked_rows = []
    for r in result.candidates:
        cells = [
            {"value": r.values[j], "disagreement": bool(dm.disagreement[r.index, j]),
             "consensus": not np.isnan(dm.consensus[r.index, j]),
             # the column's name and weight, shown beside the value on a phone
             "label": f"{result.criterion_names[j]} ({percent(float(dm.weights[j]), digits=0)})"}
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
        "summary": wording.summary(result),
        "criteria": criteria,
        "ranked_rows": ranked_rows,
        "rank_numbers": list(range(1, result.ranked_count + 1)),
        "sensitivity_lines": wording.sensitivity_lines(result),
        "sensitivity_headline": wording.closest_call(result),
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
        context["acceptability_alt"] = wording.acceptability_description(result)
        context["tornado_alt"] = wording.tornado_description(result)
        context["radar_charts"] = [
            {
                "result": r,
                "url": reverse(
                    "evaluation:ranking_radar", kwargs={"selection_id": selection.pk, "candidate_id": r.candidate.pk}
                ),
                "alt": wording.radar_description(r.candidate.name, result.criterion_names, r.values),
            }
            for r in result.candidates
        ]
    return render(request, "evaluation/ranking.html", context)


# --- Charts ----------------------------------------------------------------------------------------


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
        desc=wording.acceptability_description(result),
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
        desc=wording.tornado_description(result),
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
        desc=wording.radar_description(name, axes, values),
    )
    return _svg(svg, "radar.svg")
