"""The guide's figures an organisation may replace, each with the organisation's own value.

The keys come from the reference data (``costs``, ``archetypes``, ``readiness`` and the reference set:
criteria, implementation models, provider types, sourcing channels, department budget); the guide's
figure is always read from the file as it is (``load_guide``), the effective one is the guide's
with the organisation's value applied, which is what every calculation uses.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerwijzer.budget.models import FigureOverride
from partnerwijzer.knowledge import loader, overrides
from partnerwijzer.knowledge.schema import Figure
from partnerwijzer.knowledge.topics import archetypes, costs, readiness

GROUPS: dict[str, Any] = {
    "costs": gettext_lazy("Costs and return"),
    "archetypes": gettext_lazy("Payback and duration by kind of project"),
    "readiness": gettext_lazy("Readiness"),
    "criteria": gettext_lazy("Selection criteria"),
    "implementation_models": gettext_lazy("Ways of working with partners"),
    "provider_types": gettext_lazy("Kinds of consulting firms"),
    "sourcing_channels": gettext_lazy("Where to find partners"),
    "department_budget": gettext_lazy("AI budget by department"),
}
"""The page's headings, one per data file, in the order the files are listed."""


@functools.cache
def guide_figures() -> dict[str, Figure]:
    """Every replaceable figure of the guide, by key, in a stable order (grouped as :data:`GROUPS`)."""
    return {
        **costs.figures(costs.load_guide()), **archetypes.figures(archetypes.load_guide()),
        **readiness.figures(readiness.load_guide()), **loader.reference_figures(loader.reference_guide()),
    }


@functools.cache
def contexts() -> dict[str, Any]:
    """For figures that sit in a named item (a readiness factor, a criterion, a department, ...): the
    item's name, so that rows whose labels are alike ("Share of the AI budget") can be told apart."""
    parts = [("readiness.items", readiness.load_guide().items)]
    parts += [(part, getattr(loader.reference_guide(), part)) for part in loader.FIGURE_FILES]
    out: dict[str, Any] = {}
    for path, items in parts:
        for item in items:
            for key, _fig in overrides.figures_in(item, f"{path}.{item.key}"):
                out[key] = item.name
    return out


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
    context: Any = None
    """The name (LocalisedText) of the item the figure belongs to, if any."""

    @property
    def group(self) -> str:
        """The heading the row is listed under: the data file the figure comes from."""
        return str(GROUPS.get(self.key.split(".", 1)[0], ""))

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
    # Only across files: within one file, equal figures are different statements (two departments
    # may have the same share).
    def file_of(k: str) -> str:
        return k.split(".", 1)[0]

    return [k for k, fig in figures.items() if k == key or (fig == figures[key] and file_of(k) != file_of(key))]


def figure_rows(organisation: Any) -> list[FigureRow]:
    """One row per distinct guide figure: a figure the guide states twice is listed once (under its
    first key) unless the organisation stored a value on the second key only."""
    stored = {o.key: o for o in FigureOverride.objects.filter(organisation=organisation).select_related("updated_by")}
    names, figures = contexts(), guide_figures()
    rows: list[FigureRow] = []
    listed: set[str] = set()
    for key in figures:
        if key in listed:
            continue
        group = twins(key)
        listed.update(group)
        shown = next((k for k in group if k in stored), key)
        rows.append(FigureRow(shown, figures[shown], stored.get(shown), names.get(shown)))
    return rows


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """One heading of the page (a data file) with its rows; ``open`` when it holds a figure the
    organisation replaced (or the one whose form was refused), or when the rows were filtered."""

    key: str
    name: str
    rows: list[FigureRow]
    own_count: int
    open: bool


def search_text(row: FigureRow, language: str) -> str:
    """What the page's filter box searches: the group, the item's name and the figure's label, in
    ``language``, case-folded (the same text the page shows the user)."""
    parts = [row.group, row.context.get(language) if row.context is not None else "", row.guide.label.get(language)]
    return " ".join(p for p in parts if p).casefold()


def matches(row: FigureRow, query: str, language: str) -> bool:
    """Whether every word of ``query`` occurs in the row's :func:`search_text`."""
    text = search_text(row, language)
    return all(word in text for word in query.casefold().split())


def figure_groups(
    organisation: Any, *, language: str, query: str = "", open_key: str | None = None
) -> list[FigureGroup]:
    """The page's groups in :data:`GROUPS` order, each with its rows matching ``query`` (all rows when
    it is blank); a group without a matching row is left out."""
    query = query.strip()
    by_group: dict[str, list[FigureRow]] = {}
    for row in figure_rows(organisation):
        if not query or matches(row, query, language):
            by_group.setdefault(row.key.split(".", 1)[0], []).append(row)
    groups = []
    for key in [*(k for k in GROUPS if k in by_group), *(k for k in by_group if k not in GROUPS)]:
        rows = by_group[key]
        own_count = sum(1 for r in rows if r.own is not None)
        is_open = bool(query) or own_count > 0 or any(r.key == open_key for r in rows)
        groups.append(FigureGroup(key, rows[0].group, rows, own_count, is_open))
    return groups
