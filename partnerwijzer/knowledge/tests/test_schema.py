"""Figure formatting per language, Figure validation and LocalisedText fallback."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from partnerwijzer.knowledge.schema import Figure, LocalisedText, normalise_language

NBSP = "\u00a0"
LABEL = {"nl": "iets", "en": "something", "de": "etwas"}


def figure(**fields: Any) -> Figure:
    return Figure.model_validate({"source": "guide-2025", "as_of": "2025", "label": LABEL, **fields})


FORMATS: list[tuple[dict[str, Any], str, str, str]] = [
    # fields, Dutch, English, German
    ({"value": 22, "unit": "percent"}, "22%", "22%", f"22{NBSP}%"),
    ({"value": 22.5, "unit": "percent"}, "22,5%", "22.5%", f"22,5{NBSP}%"),
    ({"low": 15, "high": 25, "unit": "percent"}, "15–25%", "15–25%", f"15–25{NBSP}%"),
    (
        {"low": 20000, "high": 50000, "unit": "eur"},
        f"€{NBSP}20.000 – €{NBSP}50.000",
        "€20,000 – €50,000",
        f"20.000{NBSP}€ – 50.000{NBSP}€",
    ),
    ({"value": 142000, "unit": "eur"}, f"€{NBSP}142.000", "€142,000", f"142.000{NBSP}€"),
    ({"value": 2.5, "unit": "eur"}, f"€{NBSP}2,5", "€2.5", f"2,5{NBSP}€"),
    (
        {"low": 20000, "high": 60000, "unit": "eur_per_year"},
        f"€{NBSP}20.000 – €{NBSP}60.000 per jaar",
        "€20,000 – €60,000 per year",
        f"20.000{NBSP}€ – 60.000{NBSP}€ pro Jahr",
    ),
    ({"low": 12, "high": 24, "unit": "months"}, f"12–24{NBSP}maanden", f"12–24{NBSP}months", f"12–24{NBSP}Monate"),
    ({"value": 18, "unit": "months"}, f"18{NBSP}maanden", f"18{NBSP}months", f"18{NBSP}Monate"),
    ({"value": 1, "unit": "months"}, f"1{NBSP}maand", f"1{NBSP}month", f"1{NBSP}Monat"),
    ({"value": 3.2, "unit": "factor"}, "3,2×", "3.2×", "3,2×"),
    ({"value": 3.7, "unit": "count"}, "3,7", "3.7", "3,7"),
    ({"value": 1500, "unit": "count"}, "1.500", "1,500", "1.500"),
    (
        {"value": 30, "bound": "less_than", "unit": "percent"},
        "minder dan 30%",
        "less than 30%",
        f"weniger als 30{NBSP}%",
    ),
    ({"value": 3, "bound": "at_least", "unit": "count"}, "minstens 3", "at least 3", "mindestens 3"),
]


@pytest.mark.parametrize(("fields", "nl", "en", "de"), FORMATS, ids=[str(f[0]) for f in FORMATS])
def test_format_per_language(fields: dict[str, Any], nl: str, en: str, de: str) -> None:
    fig = figure(**fields)
    assert (fig.format("nl"), fig.format("en"), fig.format("de")) == (nl, en, de)


def test_format_falls_back_to_dutch_and_accepts_regional_codes() -> None:
    fig = figure(value=3.2, unit="factor")
    assert fig.format("fr") == fig.format("nl") == "3,2×"
    assert fig.format("de-DE") == fig.format("de_AT") == "3,2×"
    assert fig.format("en-gb") == "3.2×"
    assert fig.format(None) == "3,2×"


def test_midpoint() -> None:
    assert figure(low=20000, high=50000, unit="eur").midpoint == 35000
    assert figure(value=22, unit="percent").midpoint == 22


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": 1, "low": 0, "high": 2}, "give either value or low/high, not both"),
        ({"low": 1}, "give either value or both low and high"),
        ({}, "give either value or both low and high"),
        ({"low": 3, "high": 2}, "low (3) must not be greater than high (2)"),
        ({"low": 1, "high": 2, "bound": "at_least"}, "bound applies to a single value"),
        ({"value": 1, "as_of": "soon"}, "as_of must be a year or a date"),
        ({"value": 1, "unit": "dollar"}, "Input should be 'percent'"),
        ({"value": 1, "source": "Guide 2025"}, "String should match pattern"),
    ],
)
def test_figure_rejects(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        figure(**{"unit": "count", **fields})


def test_as_of_accepts_year_and_dates_as_yaml_reads_them() -> None:
    import datetime as dt

    assert figure(value=1, unit="count", as_of=2024).as_of == "2024"
    assert figure(value=1, unit="count", as_of=dt.date(2025, 6, 30)).as_of == "2025-06-30"
    assert figure(value=1, unit="count", as_of="2025-06").as_of == "2025-06"


def test_figure_is_frozen() -> None:
    fig = figure(value=1, unit="count")
    with pytest.raises(ValidationError):
        fig.value = 2


def test_localised_text_get() -> None:
    text = LocalisedText(nl="Prijs", en="Price", de="Preis")
    assert [text.get(lang) for lang in ("nl", "en", "de")] == ["Prijs", "Price", "Preis"]
    assert text.get("fr") == "Prijs"
    assert text.get("DE-ch") == "Preis"
    assert text.get("") == "Prijs"
    assert str(text) == "Prijs"


def test_localised_text_requires_all_three_non_empty() -> None:
    with pytest.raises(ValidationError) as caught:
        LocalisedText.model_validate({"nl": "Prijs", "en": ""})
    locations = {error["loc"] for error in caught.value.errors()}
    assert locations == {("en",), ("de",)}


@pytest.mark.parametrize(("lang", "expected"), [("nl", "nl"), ("en-GB", "en"), ("de_DE", "de"), ("fr", "nl")])
def test_normalise_language(lang: str, expected: str) -> None:
    assert normalise_language(lang) == expected
