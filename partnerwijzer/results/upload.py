"""Reading a CSV or XLSX file of KPI measurements, or of actual costs, into rows the services check.

Measurements: columns (first row, in any order, named in English, Dutch or German): ``kpi`` (the
KPI's name), ``date`` (ISO, 2026-03-31, or an Excel date cell), ``value`` (a number; 12.5 or
12,5), ``source`` and ``note`` (optional). Actual costs: ``month`` (2026-03, any ISO date in it,
or an Excel date cell), ``category`` (the budget's category, by key or by name in the user's
language), ``amount`` (12500 or 12.500,00) and ``note`` (optional). Every problem is reported per
row, with the row number as the file shows it; nothing is stored here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from partnerwijzer.inputs import parse_amount
from partnerwijzer.planning.models import Kpi
from partnerwijzer.results.services import CostInput, MeasurementInput
from partnerwijzer.tabular import MAX_BYTES, MAX_ROWS  # noqa: F401 (the limits of an upload, named here too)
from partnerwijzer.tabular import cell as _cell
from partnerwijzer.tabular import table as _table

COLUMNS: dict[str, tuple[str, ...]] = {
    "kpi": ("kpi", "indicator", "name", "naam"),
    "date": ("date", "datum", "measured_on"),
    "value": ("value", "waarde", "wert"),
    "source": ("source", "bron", "quelle", "method", "methode"),
    "note": ("note", "notitie", "opmerking", "notiz"),
}


COST_COLUMNS: dict[str, tuple[str, ...]] = {
    "month": ("month", "maand", "monat", "date", "datum"),
    "category": ("category", "categorie", "kategorie", "cost category", "kostencategorie", "kostenkategorie"),
    "amount": ("amount", "bedrag", "betrag", "amount (€)", "bedrag (€)", "betrag (€)"),
    "note": ("note", "notitie", "opmerking", "notiz"),
}


@dataclass
class Parsed:
    rows: list[tuple[int, MeasurementInput]] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    problem: str = ""
    """A problem with the whole file (not CSV/XLSX, no header, too large)."""


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return Decimal(repr(value))
    return parse_amount(str(value))


def _month(value: Any) -> date:
    """A month as 2026-03, or any date in it."""
    if isinstance(value, datetime | date):
        return _date(value) or date.min
    text = str(value).strip()
    if len(text) == 7:
        text += "-01"
    return date.fromisoformat(text)


def parse(name: str, content: bytes, kpis: list[Kpi]) -> Parsed:
    """The rows of an uploaded file, matched to ``kpis`` by name (case-insensitive)."""
    result = Parsed()
    table, index, result.problem = _table(name, content, COLUMNS, ("kpi", "date", "value"), _(
        "The first row must name the columns kpi, date and value (missing: %(columns)s)."))
    if result.problem:
        return result
    by_name = {kpi.name.strip().lower(): kpi for kpi in kpis}

    def cell(row: list[Any], key: str) -> Any:
        return _cell(index, row, key)

    for number, row in enumerate(table, start=2):
        problems: list[str] = []
        kpi = by_name.get(str(cell(row, "kpi") or "").strip().lower())
        if kpi is None:
            problems.append(_("“%(name)s” is not a KPI of this use case.") % {"name": str(cell(row, "kpi") or "")[:80]})
        try:
            day = _date(cell(row, "date"))
        except (TypeError, ValueError):
            day = None
            problems.append(_("The date must look like 2026-03-31."))
        try:
            value = _number(cell(row, "value"))
            if value is None:
                raise ValueError
        except (TypeError, ValueError, ArithmeticError):
            value = None
            problems.append(_("The value must be a number, for example 12.5."))
        if problems or kpi is None:
            result.errors[number] = problems
            continue
        result.rows.append((number, MeasurementInput(
            kpi=kpi, measured_on=day, value=value, source=str(cell(row, "source") or "").strip(),
            note=str(cell(row, "note") or "").strip(),
        )))
    return result


@dataclass
class ParsedCosts:
    rows: list[tuple[int, CostInput]] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    problem: str = ""


def parse_costs(name: str, content: bytes, categories: list[tuple[str, str]]) -> ParsedCosts:
    """The actual-cost rows of an uploaded file; ``categories``: (key, label) of the budget's
    categories, matched by key or label (case-insensitive)."""
    result = ParsedCosts()
    table, index, result.problem = _table(name, content, COST_COLUMNS, ("month", "category", "amount"), _(
        "The first row must name the columns month, category and amount (missing: %(columns)s)."))
    if result.problem:
        return result
    by_name = {str(text).strip().lower(): key for key, label in categories for text in (key, label)}
    for number, row in enumerate(table, start=2):
        problems: list[str] = []
        written = str(_cell(index, row, "category") or "").strip()
        category = by_name.get(written.lower())
        if category is None:
            problems.append(_("“%(name)s” is not a cost category of the budget.") % {"name": written[:80]})
        try:
            month = _month(_cell(index, row, "month"))
        except (TypeError, ValueError):
            month = None
            problems.append(_("The month must look like 2026-03."))
        try:
            amount = _number(_cell(index, row, "amount"))
            if amount is None:
                raise ValueError
        except (TypeError, ValueError, ArithmeticError):
            amount = None
            problems.append(_("Enter an amount in euro, for example 12.500."))
        if problems or category is None:
            result.errors[number] = problems
            continue
        result.rows.append((number, CostInput(category=category, month=month, amount=amount,
                                              note=str(_cell(index, row, "note") or "").strip())))
    return result
