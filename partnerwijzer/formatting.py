"""Locale-aware numbers, money and dates for the three interface languages (Babel)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import translation

LOCALES = {"nl": "nl_NL", "en": "en_GB", "de": "de_DE"}


def current_locale(language: str | None = None) -> str:
    lang = (language or translation.get_language() or "nl")[:2]
    return LOCALES.get(lang, "nl_NL")


NBSP = "\u00a0"
MINUS = "\u2212"  # the minus sign: a hyphen is a place where browsers and PDF renderers may break
_WHOLE_MONEY = {"nl_NL": "¤ #,##0", "en_GB": "¤#,##0", "de_DE": "#,##0 ¤"}


def money(amount: Decimal | float | int, *, currency: str = "EUR", language: str | None = None,
          decimals: bool = False) -> str:
    """``€ 20.000`` in Dutch, ``€20,000`` in English, ``20.000 €`` in German (whole euros by default)."""
    locale = current_locale(language)
    if decimals:
        text = format_currency(amount, currency, locale=locale)
    else:
        text = format_currency(amount, currency, format=_WHOLE_MONEY[locale], locale=locale, currency_digits=False)
    # No line break between the sign, the symbol and the digits (a table cell or PDF column must
    # never show "-€" or "€" alone on a line).
    return text.replace(" ", NBSP).replace("-", MINUS)


def number(value: Decimal | float | int, *, digits: int = 0, language: str | None = None) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=current_locale(language))


def percent(fraction: Decimal | float, *, digits: int = 0, language: str | None = None) -> str:
    """A fraction (0.22) as a percentage in the locale's style (22 % / 22%)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + " %"
    locale = current_locale(language)
    if locale == "en_GB":
        pattern = pattern.replace(" %", "%")
    return format_percent(fraction, format=pattern, locale=locale)


def long_date(value: date | datetime, *, language: str | None = None) -> str:
    return _format_date(value, format="long", locale=current_locale(language))


def date_time(value: datetime, *, language: str | None = None) -> str:
    """``28 december 2026 17:00`` / ``28. Dezember 2026 17:00`` / ``28 December 2026 17:00``: a moment in
    running text (never ``2026-12-28T17:00:00+01:00``). ``value`` is shown as given (make it local first)."""
    locale = current_locale(language)
    return f"{long_date(value, language=language)} {_format_datetime(value, format='HH:mm', locale=locale)}"


def month_year(value: date | datetime, *, language: str | None = None) -> str:
    """``december 2027`` / ``Dezember 2027`` / ``December 2027``: a month in running text (never
    ``2027-12``)."""
    return _format_date(value, format="LLLL y", locale=current_locale(language))


def partial_date(value: str | int | date, *, language: str | None = None) -> str:
    """A date the sources give to the year, month or day: ``2025`` stays ``2025`` (no thousands
    separator), ``2025-10`` becomes ``oktober 2025``, ``2025-09-16`` its long form."""
    if isinstance(value, date):
        return long_date(value, language=language)
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return month_year(date(parts[0], parts[1], 1), language=language)
    return long_date(date(parts[0], parts[1], parts[2]), language=language)


def year(value: int | str) -> str:
    """A year as people write it: ``2025``, never ``2.025`` or ``2,025``."""
    return str(int(value))


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def sentence(text: str) -> str:
    """A sentence that ends in a name ending in a full stop (``Brabant AI B.V.``) keeps one stop,
    not ``B.V..``; an ellipsis (``...``) is left alone."""
    return _DOUBLE_STOP.sub(".", text)
