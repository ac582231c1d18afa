"""Funding programmes for an AI project in Germany, the Netherlands and the EU (``data/funding.yaml``).

Each programme says what it funds and for whom, where (country, and a state for regional
programmes), for which company sizes and project types, its typical rate and cap as
:class:`~partnerwijzer.knowledge.schema.Figure` s with source and date (only where the research
gives them: a missing figure is left out and ``amount_note`` says why), its status with dates,
when the status was last verified and against which source, and ``not_verified`` with a note
where the research marks a fact NV.

Status words: ``open`` (applications possible, until ``closes_on`` if given), ``window_unknown``
(the programme runs, but whether an application window is open now is not verified), ``closed``
(applications closed on ``ended_on``; a successor may exist) and ``ended`` (the programme ended
on ``ended_on``). What holds *today* follows from the dates: see
``status_on`` in the budget app's funding matcher.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Final, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from partnerwijzer.formatting import partial_date
from partnerwijzer.knowledge.loader import ReferenceDataError, load_topic_file, reference
from partnerwijzer.knowledge.schema import (
    DataFile,
    Figure,
    Key,
    LocalisedText,
    NonEmptyText,
    _Frozen,
    normalise_language,
)

FILE: Final = "funding.yaml"

SME_MAX_STAFF: Final = 249
"""The EU definition of an SME (Recommendation 2003/361/EC): fewer than 250 staff. Programmes
marked ``sme_only`` use it; the turnover and balance-sheet limits of the definition are not
checked here (the page says so)."""

Country = Literal["DE", "NL", "EU"]
ProgrammeStatus = Literal["open", "window_unknown", "closed", "ended"]
Kind = Literal["grant", "tax_credit", "loan", "free_service"]
ProjectType = Literal["consulting", "strategy", "implementation", "rnd", "training", "feasibility"]
PROJECT_TYPES: Final[tuple[str, ...]] = ("consulting", "strategy", "implementation", "rnd", "training", "feasibility")

PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")]
"""A date as precise as the source gives it: ``2025``, ``2025-10`` or ``2025-09-16``."""


def _partial_date_text(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, int):
        return str(raw)
    return raw


def format_partial_date(value: str, lang: str | None) -> str:
    """``2025`` stays ``2025``; ``2025-10`` becomes ``October 2025``; a full date its long form."""
    return partial_date(value, language=normalise_language(lang))


_SPLIT: Final = re.compile(r"[,;/()]")
_NOT_ALNUM: Final = re.compile(r"[^0-9a-zäöüß]")


def normalise_region(text: str) -> str:
    """``"Nordrhein Westfalen"``, ``"nordrhein-westfalen"`` → ``"nordrheinwestfalen"``."""
    return _NOT_ALNUM.sub("", text.casefold())


class Region(_Frozen):
    """A German state or Dutch province; ``aliases`` are the other names people type."""

    name: NonEmptyText
    aliases: tuple[NonEmptyText, ...] = ()

    def matches(self, text: str) -> bool:
        """Whether ``text`` (the company profile's region) names this region, case-insensitively.

        The whole text or one of its parts separated by ``, ; / ( )`` must be a name or an
        alias: ``"Bavaria"``, ``"BY"``, ``"München (Bayern)"`` match Bayern; ``"Baden"`` does not.
        """
        names = {normalise_region(n) for n in (self.name, *self.aliases)}
        candidates = {normalise_region(text), *(normalise_region(part) for part in _SPLIT.split(text))}
        return bool(names & (candidates - {""}))


class Window(_Frozen):
    """One application window the sources name (a call, a round, a budget period), inclusive days."""

    label: LocalisedText
    opens_on: dt.date | None = None
    closes_on: dt.date
    source: Key

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.opens_on is not None and self.opens_on > self.closes_on:
            raise ValueError(f"window opens_on ({self.opens_on}) must not be after closes_on ({self.closes_on})")
        return self


class NextWindow(_Frozen):
    """The next window a source announces, as precise as the source gives it (``2027``, ``2027-03``)."""

    expected: PartialDate
    note: LocalisedText
    source: Key

    @field_validator("expected", mode="before")
    @classmethod
    def _expected_text(cls, raw: Any) -> Any:
        return _partial_date_text(raw)


class Programme(_Frozen):
    key: Key
    name: LocalisedText
    country: Country
    region: Region | None = None
    kind: Kind
    free_of_charge: bool = False
    """The support costs the company nothing (EDIH, Mittelstand-Digital Zentren): no rate or cap, and
    an application may be recorded with an expected amount of € 0."""
    funds: LocalisedText
    for_whom: LocalisedText
    min_staff: int | None = Field(None, ge=1)
    max_staff: int | None = Field(None, ge=1)
    sme_only: bool = False
    project_types: tuple[ProjectType, ...] = Field(min_length=1)
    rate: Figure | None = None
    cap: Figure | None = None
    figures: tuple[Figure, ...] = ()
    amount_note: LocalisedText | None = None
    status: ProgrammeStatus
    status_note: LocalisedText | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    ended_on: dt.date | None = None
    # Application windows the sources name, oldest first; today's date decides whether one is open,
    # coming or past (budget.funding.match.status_on). ``next_window``: the next one a source
    # announces; without it a closed programme says "next window not yet announced".
    windows: tuple[Window, ...] = ()
    next_window: NextWindow | None = None
    verified_on: PartialDate
    # When the entry must be checked again; check_reference lists entries past it and the pages
    # say "last verified <date>, may be out of date".
    verify_by: dt.date
    source: Key
    not_verified: bool = False
    not_verified_note: LocalisedText | None = None

    @field_validator("verified_on", mode="before")
    @classmethod
    def _verified_on_text(cls, raw: Any) -> Any:
        return _partial_date_text(raw)

    @model_validator(mode="after")
    def _consistent(self) -> Programme:
        if self.min_staff is not None and self.max_staff is not None and self.min_staff > self.max_staff:
            raise ValueError(f"min_staff ({self.min_staff}) must not be greater than max_staff ({self.max_staff})")
        if self.sme_only and self.max_staff is not None and self.max_staff > SME_MAX_STAFF:
            raise ValueError(f"sme_only with max_staff {self.max_staff}: an SME has at most {SME_MAX_STAFF} staff")
        if len(set(self.project_types)) != len(self.project_types):
            raise ValueError("project_types lists a type twice")
        if self.region is not None and self.country == "EU":
            raise ValueError("an EU programme has no region")
        if self.status in ("ended", "closed"):
            if self.ended_on is None:
                raise ValueError(f"a {self.status} programme needs ended_on (the date applications stopped)")
            if self.closes_on is not None:
                raise ValueError(f"a {self.status} programme has ended_on, not closes_on")
        elif self.ended_on is not None:
            raise ValueError(f"an {self.status} programme has no ended_on; give closes_on for its last day")
        if self.opens_on and self.closes_on and self.opens_on >= self.closes_on:
            raise ValueError(f"opens_on ({self.opens_on}) must be before closes_on ({self.closes_on})")
        if self.opens_on and self.ended_on and self.opens_on > self.ended_on:
            raise ValueError(f"opens_on ({self.opens_on}) must not be after ended_on ({self.ended_on})")
        if self.not_verified != (self.not_verified_note is not None):
            raise ValueError("not_verified and not_verified_note go together: say what is not verified")
        self._check_amount()
        return self

    @model_validator(mode="after")
    def _windows_in_order(self) -> Programme:
        for earlier, later in zip(self.windows, self.windows[1:], strict=False):
            if later.closes_on <= earlier.closes_on:
                raise ValueError("windows are listed oldest first, each closing after the one before")
        if self.next_window is not None:
            last = self.last_day
            if last is not None and self.next_window.expected <= last.isoformat()[: len(self.next_window.expected)]:
                raise ValueError(f"next_window {self.next_window.expected} must come after the last window ({last})")
        return self

    def _check_amount(self) -> None:
        if self.free_of_charge and (self.rate is not None or self.cap is not None):
            raise ValueError("a free_of_charge programme has no rate or cap")
        if self.rate is None and self.amount_note is None:
            raise ValueError("give a rate, or an amount_note saying why there is none")

    @property
    def last_day(self) -> dt.date | None:
        """The last day applications were or are possible as far as the sources say: the last
        window's, else ``closes_on`` or ``ended_on``."""
        if self.windows:
            return self.windows[-1].closes_on
        return self.closes_on or self.ended_on

    def stale_on(self, today: dt.date) -> bool:
        """Whether the entry is past its ``verify_by`` date on ``today``."""
        return self.verify_by < today

    @property
    def all_figures(self) -> tuple[Figure, ...]:
        return tuple(f for f in (self.rate, self.cap, *self.figures) if f is not None)

    @property
    def staff_limits(self) -> tuple[int | None, int | None]:
        """(min, max) staff, inclusive; ``sme_only`` caps the max at :data:`SME_MAX_STAFF`."""
        high = self.max_staff
        if self.sme_only:
            high = SME_MAX_STAFF if high is None else min(high, SME_MAX_STAFF)
        return self.min_staff, high


class FundingFile(DataFile):
    note: LocalisedText
    items: tuple[Programme, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_not_after_version(self) -> FundingFile:
        released = self.version.split(".", 1)[0]
        for item in self.items:
            if item.verified_on > released:
                raise ValueError(f"{item.key}: verified_on {item.verified_on} is after the file's date {released}")
            if item.ended_on is not None and item.ended_on.isoformat() > released:
                raise ValueError(
                    f"{item.key}: {item.status} on {item.ended_on}, after the file's date {released}; "
                    "a programme that ends later is open with closes_on"
                )
        return self

    def programme(self, key: str) -> Programme:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"no funding programme with key {key!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


def check_sources(data: FundingFile) -> None:
    """Every programme names a source of ``sources.yaml``; raise listing the others."""
    known = {source.key for source in reference().sources}
    problems = [
        f"{FILE}: items.{item.key}.{where}: unknown source {key!r}"
        for item in data.items
        for where, key in (
            ("source", item.source),
            *((f"windows[{i}].source", w.source) for i, w in enumerate(item.windows)),
            *((("next_window.source", item.next_window.source),) if item.next_window else ()),
        )
        if key not in known
    ]
    if problems:
        raise ReferenceDataError(problems)


@functools.cache
def load() -> FundingFile:
    data = load_topic_file(FILE, FundingFile)
    check_sources(data)
    return data


def summary(data: FundingFile) -> str:
    ended = sum(1 for item in data.items if item.status in ("ended", "closed"))
    unverified = sum(1 for item in data.items if item.not_verified)
    return (
        f"{FILE}: {len(data.items)} programmes ({ended} ended or closed, {unverified} with unverified facts), "
        f"version {data.version}"
    )
