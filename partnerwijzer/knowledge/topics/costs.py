"""Cost and return reference values of the guide (``data/costs.yaml``).

The five cost categories with share and typical range, running costs, internal effort, the
budget buffer, the five hidden costs (each one-off or running) with their remedy, the ROI
reference values (payback, ROI after three years, composition) and the five benefit factors.
"""

from __future__ import annotations

import functools
from typing import Final, Literal

from pydantic import Field, model_validator

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
def load() -> CostsFile:
    return load_topic_file(FILE, CostsFile)


def summary(data: CostsFile) -> str:
    return (
        f"{FILE}: {len(data.categories)} cost categories, {len(data.hidden_costs)} hidden costs, "
        f"{len(data.benefit_factors)} benefit factors, version {data.version}"
    )
