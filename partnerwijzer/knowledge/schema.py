"""Typed, immutable models of the reference data in ``data/*.yaml``.

Every human text is a :class:`LocalisedText` (Dutch, English, German, all required) and every
number is a :class:`Figure` that names its source and date, so no figure can reach a page
without its provenance. The models check what one value can check on its own; checks that
need the whole set (does a figure's source exist, are keys unique, do shares add up) live in
:mod:`partnerwijzer.knowledge.loader`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

LANGUAGES: Final = ("nl", "en", "de")
"""Supported languages; the first is the default and the fallback."""

DEFAULT_LANGUAGE: Final = "nl"

# Babel locale per language: the number conventions of the Netherlands, the UK and Germany.
LOCALES: Final[dict[str, str]] = {"nl": "nl_NL", "en": "en_GB", "de": "de_DE"}

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")]
"""A stable identifier: lower-case ASCII words joined by ``_`` or ``-`` (``industry_expertise``)."""

Version = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}\.\d+$")]
"""A data-file version: release date plus a counter, e.g. ``2026-11-27.1``."""

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Unit = Literal["percent", "eur", "eur_per_year", "months", "factor", "count"]

Factor = Literal["hard", "soft"]

Bound = Literal["less_than", "at_least"]
"""For a value the source gives as a bound: "less than 30 %", "at least 3 projects"."""

_AS_OF = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def normalise_language(lang: str | None) -> str:
    """Map ``"de"``, ``"de-DE"`` or ``"en_GB"`` to a supported language; unknown → Dutch."""
    if not lang:
        return DEFAULT_LANGUAGE
    base = lang.replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalisedText(_Frozen):
    """One text in Dutch, English and German; all three are required and non-empty."""

    nl: NonEmptyText
    en: NonEmptyText
    de: NonEmptyText

    def get(self, lang: str | None) -> str:
        """The text in ``lang`` (``"de"``, ``"de-de"``, ...); Dutch for unknown languages."""
        return str(getattr(self, normalise_language(lang)))

    def __str__(self) -> str:
        return self.nl


LocalisedList = tuple[LocalisedText, ...]

# Words after a number, per unit and language. Percent and euro come from Babel instead.
_UNIT_WORDS: Final[dict[str, dict[str, str]]] = {
    "months": {"nl": "maanden", "en": "months", "de": "Monate"},
    "month": {"nl": "maand", "en": "month", "de": "Monat"},
    "per_year": {"nl": "per jaar", "en": "per year", "de": "pro Jahr"},
}

_BOUND_WORDS: Final[dict[str, dict[str, str]]] = {
    "less_than": {"nl": "minder dan", "en": "less than", "de": "weniger als"},
    "at_least": {"nl": "minstens", "en": "at least", "de": "mindestens"},
}

# Between the ends of a range: an en dash, spaced when the ends carry a currency sign.
_RANGE_DASH: Final = "\u2013"


def _dec(number: float) -> Decimal:
    # Through str() so 0.22 stays 0.22 and does not become 0.2200000000000000011...
    return Decimal(str(number))


def _eur(number: float, locale: str) -> str:
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";", 1)[0]
    pattern = pattern.replace("#,##0.00", "#,##0.##")  # cents only when a figure has them
    return str(format_currency(_dec(number), "EUR", format=pattern, locale=locale, currency_digits=False))


def _num(number: float, locale: str) -> str:
    return str(format_decimal(_dec(number), locale=locale, decimal_quantization=False))


def _pct(number: float, locale: str) -> str:
    return str(format_percent(_dec(number) / 100, locale=locale, decimal_quantization=False))


class Figure(_Frozen):
    """A reference value from a source: one number (``value``) or a range (``low``–``high``).

    ``bound`` marks a value the source gives only as a limit ("less than 30 %").
    ``label`` says what the number means, ``source`` is a key of ``sources.yaml`` and ``as_of``
    the date (``2025``, ``2025-06`` or ``2025-06-30``) the source gives for it.
    """

    value: float | None = None
    low: float | None = None
    high: float | None = None
    bound: Bound | None = None
    unit: Unit
    label: LocalisedText
    source: Key
    as_of: str
    note: LocalisedText | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_to_text(cls, raw: Any) -> Any:
        # YAML reads an unquoted 2025 as int and 2025-06-30 as date; accept both as text.
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | dt.date):
            return raw.isoformat() if isinstance(raw, dt.date) else str(raw)
        return raw

    @field_validator("as_of")
    @classmethod
    def _as_of_format(cls, as_of: str) -> str:
        if not _AS_OF.match(as_of):
            raise ValueError("as_of must be a year or a date: 2025, 2025-06 or 2025-06-30")
        return as_of

    @model_validator(mode="after")
    def _value_or_range(self) -> Figure:
        has_value = self.value is not None
        has_low, has_high = self.low is not None, self.high is not None
        if has_value and (has_low or has_high):
            raise ValueError("give either value or low/high, not both")
        if not has_value and not (has_low and has_high):
            raise ValueError("give either value or both low and high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not be greater than high ({self.high:g})")
        if self.bound is not None and not has_value:
            raise ValueError("bound applies to a single value, not to a range")
        return self

    @property
    def is_range(self) -> bool:
        return self.value is None

    @property
    def midpoint(self) -> float:
        """The value, or the middle of the range (for defaults a user can then override)."""
        if self.value is not None:
            return self.value
        low, high = self._range()
        return (low + high) / 2

    def _range(self) -> tuple[float, float]:
        if self.low is None or self.high is None:  # pragma: no cover - the validator prevents it
            raise ValueError("this figure is a single value, not a range")
        return self.low, self.high

    def format(self, lang: str | None = DEFAULT_LANGUAGE) -> str:
        """The number with its unit (and bound) in the conventions of ``lang``; see ``_format``."""
        text = self._format(normalise_language(lang))
        if self.bound is not None:
            text = f"{_BOUND_WORDS[self.bound][normalise_language(lang)]} {text}"
        return text

    def _format(self, lang: str) -> str:
        """The number with its unit, written the way readers of ``lang`` expect.

        Examples (nl / en / de): ``22%`` / ``22%`` / ``22 %``;
        ``€ 20.000 – € 50.000`` / ``€20,000 – €50,000`` / ``20.000 € – 50.000 €``;
        ``12–24 maanden`` / ``12–24 months`` / ``12–24 Monate``; ``3,2×`` / ``3.2×``.
        Babel separates number and sign with a no-break space where the locale wants one.
        """
        locale = LOCALES[lang]
        unit = self.unit
        if unit in ("eur", "eur_per_year"):
            if self.value is not None:
                text = _eur(self.value, locale)
            else:
                low, high = self._range()
                text = f"{_eur(low, locale)} {_RANGE_DASH} {_eur(high, locale)}"
            if unit == "eur_per_year":
                text = f"{text} {_UNIT_WORDS['per_year'][lang]}"
            return text
        if unit == "percent":
            if self.value is not None:
                return _pct(self.value, locale)
            low, high = self._range()
            # "15–25 %": the sign once, after the range, as in the guide's own tables.
            return f"{_num(low, locale)}{_RANGE_DASH}{_pct(high, locale)}"
        if self.value is not None:
            number = _num(self.value, locale)
        else:
            low, high = self._range()
            number = f"{_num(low, locale)}{_RANGE_DASH}{_num(high, locale)}"
        if unit == "factor":
            return f"{number}\u00d7"
        if unit == "months":
            word = "month" if self.value == 1 else "months"
            return f"{number}\u00a0{_UNIT_WORDS[word][lang]}"
        return number  # count


class Source(_Frozen):
    """Where figures come from. ``caveat`` says how far the source can be trusted."""

    key: Key
    title: LocalisedText
    kind: NonEmptyText
    year: int = Field(ge=1900, le=2100)
    publisher: NonEmptyText | None = None
    author: NonEmptyText | None = None
    original_language: Literal["nl", "en", "de"] | None = None
    url: NonEmptyText | None = None
    description: LocalisedText
    caveat: LocalisedText


class Rubric(_Frozen):
    """What a poor (1), adequate (3) and excellent (5) answer looks like on one criterion.

    In YAML the keys are the scores themselves: ``1:``, ``3:``, ``5:``.
    """

    poor: LocalisedText = Field(alias="1")
    adequate: LocalisedText = Field(alias="3")
    excellent: LocalisedText = Field(alias="5")

    @model_validator(mode="before")
    @classmethod
    def _score_keys_as_text(cls, raw: Any) -> Any:
        # YAML reads "1:" as the integer 1; the field aliases are strings.
        if isinstance(raw, dict):
            return {str(key): value for key, value in raw.items()}
        return raw

    def for_score(self, score: int) -> LocalisedText:
        """The description for score 1, 3 or 5 (2 and 4 lie between and have none)."""
        try:
            return {1: self.poor, 3: self.adequate, 5: self.excellent}[score]
        except KeyError:
            raise KeyError(f"the rubric describes scores 1, 3 and 5, not {score}") from None


class Criterion(_Frozen):
    """A selection criterion for an AI consulting partner (or, with ``is_price``, the price)."""

    key: Key
    is_price: bool = False
    factor: Factor
    name: LocalisedText
    summary: LocalisedText
    why: LocalisedText
    figures: tuple[Figure, ...] = ()
    check_items: LocalisedList = Field(min_length=1)
    practical_tests: LocalisedList = Field(min_length=1)
    warning_signs: LocalisedList = ()
    rubric: Rubric


class ImplementationModel(_Frozen):
    """One way to organise the work with external partners (generalist, hybrid, ...)."""

    key: Key
    name: LocalisedText
    what: LocalisedText
    pros: LocalisedList = Field(min_length=1)
    cons: LocalisedList = Field(min_length=1)
    suits_when: LocalisedList = Field(min_length=1)
    share: Figure
    figures: tuple[Figure, ...] = ()


class ProviderType(_Frozen):
    """A kind of AI consulting firm on the market, with its market share."""

    key: Key
    name: LocalisedText
    description: LocalisedText
    strengths: LocalisedList = Field(min_length=1)
    watch_outs: LocalisedList = Field(min_length=1)
    share: Figure


class SourcingChannel(_Frozen):
    """A place to find candidate partners for the shortlist."""

    key: Key
    name: LocalisedText
    description: LocalisedText
    how_to: LocalisedText
    highlight: bool = False
    figures: tuple[Figure, ...] = ()


class DepartmentShare(_Frozen):
    """A department's share of a typical SME AI budget and its common use cases."""

    key: Key
    name: LocalisedText
    use_cases: LocalisedList = Field(min_length=1)
    share: Figure


# One model per data file: a version and the items (plus file-level texts where needed).


class DataFile(_Frozen):
    """What every data file has: a ``version`` such as ``2026-11-27.1``."""

    version: Version


class SourcesFile(DataFile):
    items: tuple[Source, ...] = Field(min_length=1)


class CriteriaFile(DataFile):
    items: tuple[Criterion, ...] = Field(min_length=1)


class ImplementationModelsFile(DataFile):
    typical_path: LocalisedText
    note: LocalisedText | None = None
    items: tuple[ImplementationModel, ...] = Field(min_length=1)


class ProviderTypesFile(DataFile):
    items: tuple[ProviderType, ...] = Field(min_length=1)


class SourcingChannelsFile(DataFile):
    items: tuple[SourcingChannel, ...] = Field(min_length=1)


class DepartmentBudgetFile(DataFile):
    items: tuple[DepartmentShare, ...] = Field(min_length=1)


FILE_MODELS: Final[dict[str, type[DataFile]]] = {
    "sources.yaml": SourcesFile,
    "criteria.yaml": CriteriaFile,
    "implementation_models.yaml": ImplementationModelsFile,
    "provider_types.yaml": ProviderTypesFile,
    "sourcing_channels.yaml": SourcingChannelsFile,
    "department_budget.yaml": DepartmentBudgetFile,
}
"""The data files, in loading order, and the model each must match."""


def _by_key[T: BaseModel](items: tuple[T, ...], key: str, what: str) -> T:
    for item in items:
        if getattr(item, "key", None) == key:
            return item
    raise KeyError(f"no {what} with key {key!r}")


class ReferenceData(_Frozen):
    """The whole validated set, as returned by :func:`~partnerwijzer.knowledge.loader.reference`.

    ``versions`` maps each file name (``criteria.yaml``) to its version; ``version`` is the
    newest of them, a single label for "the reference data in use".
    """

    versions: dict[str, Version]
    sources: tuple[Source, ...]
    criteria: tuple[Criterion, ...]
    implementation_models: tuple[ImplementationModel, ...]
    typical_path: LocalisedText
    implementation_models_note: LocalisedText | None = None
    provider_types: tuple[ProviderType, ...]
    sourcing_channels: tuple[SourcingChannel, ...]
    department_budget: tuple[DepartmentShare, ...]

    @property
    def version(self) -> str:
        return max(self.versions.values())

    @property
    def selection_criteria(self) -> tuple[Criterion, ...]:
        """The seven criteria, in the guide's order, without price."""
        return tuple(c for c in self.criteria if not c.is_price)

    @property
    def price_criterion(self) -> Criterion:
        return next(c for c in self.criteria if c.is_price)

    def source(self, key: str) -> Source:
        return _by_key(self.sources, key, "source")

    def criterion(self, key: str) -> Criterion:
        return _by_key(self.criteria, key, "criterion")

    def implementation_model(self, key: str) -> ImplementationModel:
        return _by_key(self.implementation_models, key, "implementation model")

    def provider_type(self, key: str) -> ProviderType:
        return _by_key(self.provider_types, key, "provider type")

    def sourcing_channel(self, key: str) -> SourcingChannel:
        return _by_key(self.sourcing_channels, key, "sourcing channel")

    def department(self, key: str) -> DepartmentShare:
        return _by_key(self.department_budget, key, "department")

    def all_figures(self) -> Iterator[tuple[str, Figure]]:
        """Every figure in the set with a readable path such as ``criteria[0].figures[0]``."""
        for name in (
            "criteria",
            "implementation_models",
            "provider_types",
            "sourcing_channels",
            "department_budget",
        ):
            yield from iter_figures(getattr(self, name), name)


def iter_figures(node: object, path: str) -> Iterator[tuple[str, Figure]]:
    """Walk models and tuples below ``node`` and yield ``(path, figure)`` for each Figure.

    Paths use the YAML spelling (field aliases, ``[i]`` for list positions) so a problem can be
    reported where an author will look for it.
    """
    if isinstance(node, Figure):
        yield path, node
    elif isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            label = field.alias or name
            yield from iter_figures(getattr(node, name), f"{path}.{label}" if path else label)
    elif isinstance(node, tuple | list):
        for index, child in enumerate(node):
            yield from iter_figures(child, f"{path}[{index}]")
