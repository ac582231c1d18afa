"""Types of AI application (archetypes) with the guide's reference payback and duration.

``data/archetypes.yaml``: each archetype has a localised name and description and, only where
the guide gives one, a payback range (``payback``) and a complexity class (``complexity``)
whose implementation duration the guide names. The file also carries the general context
figures: payback of successful projects and the first visible value with agile delivery.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final, Literal

from pydantic import Field, model_validator

from partnerwijzer.knowledge import overrides
from partnerwijzer.knowledge.loader import load_topic_file
from partnerwijzer.knowledge.schema import DataFile, Figure, Key, LocalisedText, _Frozen

FILE: Final = "archetypes.yaml"

Complexity = Literal["simple", "medium", "complex"]


class DurationClass(_Frozen):
    """One of the guide's three complexity classes and its implementation duration."""

    key: Complexity
    name: LocalisedText
    duration: Figure


class Archetype(_Frozen):
    key: Key
    name: LocalisedText
    description: LocalisedText
    complexity: Complexity | None = None
    payback: Figure | None = None


class ArchetypesFile(DataFile):
    general_payback: Figure
    first_value: Figure
    durations: tuple[DurationClass, ...] = Field(min_length=3, max_length=3)
    items: tuple[Archetype, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _durations_complete(self) -> ArchetypesFile:
        keys = [d.key for d in self.durations]
        if sorted(keys) != ["complex", "medium", "simple"]:
            raise ValueError("durations must name simple, medium and complex once each")
        return self

    def archetype(self, key: str) -> Archetype:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"no archetype with key {key!r}")

    def duration_for(self, archetype: Archetype) -> DurationClass | None:
        """The guide's duration class for ``archetype``, or None where the guide gives none."""
        if archetype.complexity is None:
            return None
        return next(d for d in self.durations if d.key == archetype.complexity)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


@functools.cache
def load_guide() -> ArchetypesFile:
    """The guide's figures as the data file holds them."""
    return load_topic_file(FILE, ArchetypesFile)


def load() -> ArchetypesFile:
    """The figures every calculation uses: the guide's, with the active organisation's own values."""
    return overrides.applied(FILE, load_guide(), with_own_values)


def figures(data: ArchetypesFile) -> dict[str, Figure]:
    """Every figure of the file that an organisation may replace, by a stable key."""
    out: dict[str, Figure] = {"archetypes.general_payback": data.general_payback,
                              "archetypes.first_value": data.first_value}
    for duration in data.durations:
        out[f"archetypes.durations.{duration.key}"] = duration.duration
    for item in data.items:
        if item.payback is not None:
            out[f"archetypes.items.{item.key}.payback"] = item.payback
    return out


def with_own_values(data: ArchetypesFile, values: Mapping[str, overrides.OwnValue]) -> ArchetypesFile:
    def f(key: str, fig: Figure) -> Figure:
        return overrides.apply(key, fig, values)

    return data.model_copy(update={
        "general_payback": f("archetypes.general_payback", data.general_payback),
        "first_value": f("archetypes.first_value", data.first_value),
        "durations": tuple(d.model_copy(update={"duration": f(f"archetypes.durations.{d.key}", d.duration)})
                           for d in data.durations),
        "items": tuple(
            i.model_copy(update={"payback": f(f"archetypes.items.{i.key}.payback", i.payback)})
            if i.payback is not None else i
            for i in data.items
        ),
    })


def summary(data: ArchetypesFile) -> str:
    with_payback = sum(1 for item in data.items if item.payback is not None)
    return f"{FILE}: {len(data.items)} archetypes ({with_payback} with a reference payback), version {data.version}"
