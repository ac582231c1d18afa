"""The guide's figures an organisation may replace, each with the organisation's own value.

The keys come from the reference data (``costs.figures`` and ``archetypes.figures``); the guide's
figure is always read from the file as it is (``load_guide``), the effective one is the guide's
with the organisation's value applied, which is what every calculation uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from partnerwijzer.budget.models import FigureOverride
from partnerwijzer.knowledge import overrides
from partnerwijzer.knowledge.schema import Figure
from partnerwijzer.knowledge.topics import archetypes, costs


def guide_figures() -> dict[str, Figure]:
    """Every replaceable figure of the guide, by key, in a stable order."""
    return {**costs.figures(costs.load_guide()), **archetypes.figures(archetypes.load_guide())}


def own_values(organisation_id: Any) -> Mapping[str, overrides.OwnValue]:
    """The organisation's replacements as plain numbers (registered with the knowledge layer)."""
    return {
        o.key: overrides.OwnValue(
            value=float(o.value) if o.value is not None else None,
            low=float(o.low) if o.low is not None else None,
            high=float(o.high) if o.high is not None else None,
        )
        for o in FigureOverride.objects.filter(organisation_id=organisation_id)
    }


@dataclass(frozen=True, slots=True)
class FigureRow:
    key: str
    guide: Figure
    own: FigureOverride | None

    @property
    def is_range(self) -> bool:
        return self.guide.value is None

    @property
    def unit_label(self) -> str:
        """The unit the owner types in, shown beside the inputs."""
        return {"percent": "%", "eur": "€", "eur_per_year": _("€ per year"), "months": _("months"),
                "factor": "×"}.get(self.guide.unit, "")

    @property
    def effective(self) -> Figure:
        if self.own is None:
            return self.guide
        values = own_values_of(self.own)
        return overrides.apply(self.key, self.guide, {self.key: values})


def own_values_of(own: FigureOverride) -> overrides.OwnValue:
    return overrides.OwnValue(
        value=float(own.value) if own.value is not None else None,
        low=float(own.low) if own.low is not None else None,
        high=float(own.high) if own.high is not None else None,
    )


def twins(key: str) -> list[str]:
    """``key`` and every other key whose guide figure is the same statement (the guide's
    payback appears in both the costs and the archetypes file): one row on the page, one own value
    for all of them."""
    figures = guide_figures()
    if key not in figures:
        return [key]
    return [k for k, fig in figures.items() if k == key or fig == figures[key]]


def figure_rows(organisation: Any) -> list[FigureRow]:
    """One row per distinct guide figure: a figure the guide states twice is listed once (under its
    first key) unless the organisation stored a value on the second key only."""
    stored = {o.key: o for o in FigureOverride.objects.filter(organisation=organisation).select_related("updated_by")}
    rows: list[FigureRow] = []
    seen: list[Figure] = []
    for key, fig in guide_figures().items():
        if fig in seen and key not in stored:
            continue
        seen.append(fig)
        rows.append(FigureRow(key, fig, stored.get(key)))
    return rows
