"""Locale-aware numbers, money and dates for the three interface languages (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as _format_date
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import translation

LOCALES = {"nl": "nl_NL", "en": "en_GB", "de": "de_DE"}


def current_locale(language: str | None = None) -> str:
    lang = (language or translation.get_language() or "nl")[:2]
    return LOCALES.get(lang, "nl_NL")


_WHOLE_MONEY = {"nl_NL": "¤ #,##0", "en_GB": "¤#,##0", "de_DE": "#,##0 ¤"}


def money(amount: Decimal | float | int, *, currency: str = "EUR", language: str | None = None,
          decimals: bool = False) -> str:
    """``€ 20.000`` in Dutch, ``€20,000`` in English, ``20.000 €`` in German (whole euros by default)."""
    locale = current_locale(language)
    if decimals:
        return format_currency(amount, currency, locale=locale)
    return format_currency(amount, currency, format=_WHOLE_MONEY[locale], locale=locale, currency_digits=False)


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
