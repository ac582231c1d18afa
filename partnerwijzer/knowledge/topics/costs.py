"""Cost and return reference values of the guide (``data/costs.yaml``).

The five cost categories with share and typical range, running costs, internal effort, the
budget buffer, the five hidden costs (each one-off or running) with their remedy, the ROI
reference values (payback, ROI after three years, composition) and the five benefit factors.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final, Literal

from pydantic import Field, model_validator

from partnerwijzer.knowledge import overrides
from partnerwijzer.knowledge.loader import load_topic_file
from partnerwijzer.knowledge.schema import DataFile, Figure, Key, LocalisedText, _Frozen

FILE: Final = "costs.yaml"

CATEGORY_KEYS: Final = ("strategy", "data", "model", "implementation", "training")
HIDDEN_COST_KEYS: Final = ("data_cleaning", "legacy_integration", "retraining", "change_management", "scaling")
FACTOR_KEYS: Final = ("cost_savings", "productivity", "revenue", "strategic", "risk_reduction")


class CostCategoryRef(_Frozen):
    key: Key
    name: LocalisedText
    share: Figure
    typical: Figure


class RunningRef(_Frozen):
    key: Literal["running"]
    name: LocalisedText
    share_of_initial: Figure
    typical: Figure


class HiddenCostRef(_Frozen):
    key: Key
    kind: Literal["one_off", "running"]
    name: LocalisedText
    remedy: LocalisedText
    figure: Figure | None = None


class RoiShare(_Frozen):
    factors: tuple[Key, ...] = Field(min_length=1)
    share: Figure


class RoiRef(_Frozen):
    payback: Figure
    roi_three_years: Figure
    composition: tuple[RoiShare, ...]


class BenefitFactorRef(_Frozen):
    key: Key
    name: LocalisedText
    description: LocalisedText


class CostsFile(DataFile):
    context: LocalisedText
    categories: tuple[CostCategoryRef, ...]
    running: RunningRef
    internal_effort: Figure
    buffer: Figure
    hidden_costs: tuple[HiddenCostRef, ...]
    roi: RoiRef
    benefit_factors: tuple[BenefitFactorRef, ...]

    @model_validator(mode="after")
    def _keys_complete(self) -> CostsFile:
        # The app stores these keys; a renamed key would orphan stored rows.
        for what, found, expected in (
            ("categories", tuple(c.key for c in self.categories), CATEGORY_KEYS),
            ("hidden_costs", tuple(h.key for h in self.hidden_costs), HIDDEN_COST_KEYS),
            ("benefit_factors", tuple(f.key for f in self.benefit_factors), FACTOR_KEYS),
        ):
            if found != expected:
                raise ValueError(
                    f"{what} must have the keys {', '.join(expected)} in this order, got {', '.join(found)}"
                )
        for share in self.roi.composition:
            unknown = set(share.factors) - set(FACTOR_KEYS)
            if unknown:
                raise ValueError(f"roi.composition: unknown factor(s) {', '.join(sorted(unknown))}")
        return self

    def category(self, key: str) -> CostCategoryRef:
        for item in self.categories:
            if item.key == key:
                return item
        raise KeyError(f"no cost category with key {key!r}")

    def hidden_cost(self, key: str) -> HiddenCostRef:
        for item in self.hidden_costs:
            if item.key == key:
                return item
        raise KeyError(f"no hidden cost with key {key!r}")

    def factor(self, key: str) -> BenefitFactorRef:
        for item in self.benefit_factors:
            if item.key == key:
                return item
        raise KeyError(f"no benefit factor with key {key!r}")


@functools.cache
def load_guide() -> CostsFile:
    """The guide's figures as the data file holds them (for pages that show them as such)."""
    return load_topic_file(FILE, CostsFile)


def load() -> CostsFile:
    """The figures every calculation uses: the guide's, with the active organisation's own
    values where it set one (see :mod:`partnerwijzer.knowledge.overrides`)."""
    return overrides.applied(FILE, load_guide(), with_own_values)


def figures(data: CostsFile) -> dict[str, Figure]:
    """Every figure of the file that an organisation may replace, by a stable key."""
    out: dict[str, Figure] = {}
    for cat in data.categories:
        out[f"costs.categories.{cat.key}.share"] = cat.share
        out[f"costs.categories.{cat.key}.typical"] = cat.typical
    out["costs.running.share_of_initial"] = data.running.share_of_initial
    out["costs.running.typical"] = data.running.typical
    out["costs.internal_effort"] = data.internal_effort
    out["costs.buffer"] = data.buffer
    for hidden in data.hidden_costs:
        if hidden.figure is not None:
            out[f"costs.hidden_costs.{hidden.key}"] = hidden.figure
    out["costs.roi.payback"] = data.roi.payback
    out["costs.roi.roi_three_years"] = data.roi.roi_three_years
    for group in data.roi.composition:
        out[f"costs.roi.composition.{'+'.join(group.factors)}"] = group.share
    return out


def with_own_values(data: CostsFile, values: Mapping[str, overrides.OwnValue]) -> CostsFile:
    """``data`` with each figure replaced where ``values`` has the figure's key."""

    def f(key: str, fig: Figure) -> Figure:
        return overrides.apply(key, fig, values)

    categories = tuple(
        c.model_copy(update={"share": f(f"costs.categories.{c.key}.share", c.share),
                             "typical": f(f"costs.categories.{c.key}.typical", c.typical)})
        for c in data.categories
    )
    running = data.running.model_copy(update={
        "share_of_initial": f("costs.running.share_of_initial", data.running.share_of_initial),
        "typical": f("costs.running.typical", data.running.typical),
    })
    hidden = tuple(
        h.model_copy(update={"figure": f(f"costs.hidden_costs.{h.key}", h.figure)}) if h.figure is not None else h
        for h in data.hidden_costs
    )
    roi = data.roi.model_copy(update={
        "payback": f("costs.roi.payback", data.roi.payback),
        "roi_three_years": f("costs.roi.roi_three_years", data.roi.roi_three_years),
        "composition": tuple(
            g.model_copy(update={"share": f(f"costs.roi.composition.{'+'.join(g.factors)}", g.share)})
            for g in data.roi.composition
        ),
    })
    return data.model_copy(update={
        "categories": categories, "running": running, "hidden_costs": hidden, "roi": roi,
        "internal_effort": f("costs.internal_effort", data.internal_effort),
        "buffer": f("costs.buffer", data.buffer),
    })


def summary(data: CostsFile) -> str:
    return (
        f"{FILE}: {len(data.categories)} cost categories, {len(data.hidden_costs)} hidden costs, "
        f"{len(data.benefit_factors)} benefit factors, version {data.version}"
    )
