"""The budget of one use case as an Excel workbook (issue 6): costs, quotes, return, sources.

Four sheets, in the organisation's language:

* **Costs**: every cost line, the internal effort per role (people x hours x rate), planned
  hidden costs, the buffer and the totals as native Excel formulas, so a controller can change
  a number and see the totals follow; then the simulation's P10/P50/P90 as plain values.
* **Quotes**: per candidate the quoted amount per cost category, running cost per year and the
  three-year total cost of ownership as a formula.
* **Return**: benefits (volume x unit value as a formula), the return settings, and the
  simulated payback, ROI and NPV percentiles as values.
* **Sources**: the guide's reference values shown beside the estimate, with their source.

Formulas only ever come from this module. Every text a user typed goes through
:func:`safe_text`, which writes it as a string cell that cannot become a formula (see there).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import decisioncore as dc
from partnerwijzer.budget import simulation
from partnerwijzer.budget.models import (
    FUNDING_COUNTS_IN_ROI,
    TCO_YEARS,
    BenefitLine,
    BenefitMethod,
    Budget,
    CostKind,
    CostLine,
    EffortRole,
    FundingApplication,
    HiddenCost,
    HiddenCostStatus,
    Quote,
)
from partnerwijzer.formatting import long_date, number
from partnerwijzer.knowledge import loader
from partnerwijzer.knowledge.schema import Figure, normalise_language
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import UseCase

CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- Writing user text safely ------------------------------------------------------------------

# A spreadsheet treats a cell that starts with one of these as a formula once someone edits it
# (and a CSV saved from the sheet as one on opening): = + - @, tab and CR (OWASP, "CSV
# injection"), plus LF and the full-width forms some input methods produce.
_FORMULA_START: Final = re.compile(r"^\s*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")
MAX_CELL_TEXT: Final = 32_767
"""Excel's limit on the characters in one cell."""


def looks_like_formula(text: str) -> bool:
    """True if ``text`` would be read as a formula (also after leading whitespace)."""
    return bool(_FORMULA_START.match(text))


def safe_text(cell: Cell, value: object) -> Cell:
    """Write user text into ``cell`` so that it is, and stays, text: never a formula.

    openpyxl turns any string starting with ``=`` into a formula cell, and Excel re-reads a text
    cell starting with ``= + - @`` as a formula as soon as someone edits it. So the value is
    stored as a string cell (``data_type = "s"``, which overrides openpyxl's guess) and, when
    it looks like a formula, the cell gets Excel's *quote prefix*: the flag Excel itself sets
    when one types a leading apostrophe. The text is shown exactly as the user typed it, without
    a visible apostrophe, and stays text when edited. Characters XML cannot hold are dropped and
    the text is cut at Excel's 32,767 characters. ``None`` leaves the cell empty.

    Reusable by any export: pass the target cell and the value.
    """
    if value is None:
        cell.value = None
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


_SHEET_NAME_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str) -> str:
    """A valid sheet name: without ``[ ] : * ? / \\`` and at most Excel's 31 characters."""
    return _SHEET_NAME_FORBIDDEN.sub(" ", text).strip()[:31] or "Sheet"


# --- Formats -----------------------------------------------------------------------------------

# Excel applies the reader's own separators; the position of the euro sign follows the language.
_EUR: Final = {"nl": '"€" #,##0.00', "en": '"€"#,##0.00', "de": '#,##0.00 "€"'}
_EUR_WHOLE: Final = {"nl": '"€" #,##0', "en": '"€"#,##0', "de": '#,##0 "€"'}
PERCENT: Final = "0%"
PERCENT_1: Final = "0.0%"
HOURS: Final = "#,##0.0"
MONTHS: Final = "0.0"

_BOLD: Final = Font(bold=True)
_TITLE: Final = Font(bold=True, size=14)
_HEADING: Final = Font(bold=True, size=12)
_NOTE: Final = Font(italic=True, color="555555")
_HEADER_FILL: Final = PatternFill("solid", fgColor="E8EEF4")
_WRAP: Final = Alignment(wrap_text=True, vertical="top")


@dataclass
class _Sheet:
    """A worksheet written top to bottom; ``row`` is the next empty row."""

    ws: Worksheet
    lang: str
    row: int = 1

    @property
    def eur(self) -> str:
        return _EUR[self.lang]

    @property
    def eur_whole(self) -> str:
        return _EUR_WHOLE[self.lang]

    def _at(self, row: int, column: int) -> Cell:
        cell = self.ws.cell(row=row, column=column)
        if not isinstance(cell, Cell):  # a merged cell; this module merges none
            raise TypeError(f"cell {_ref(column, row)} is merged")
        return cell

    def cell(self, column: int, value: Any = None, *, fmt: str | None = None, font: Font | None = None,
             row: int | None = None) -> Cell:
        """A value of ours (number, formula, label). User text goes through :meth:`text`."""
        cell = self._at(row or self.row, column)
        cell.value = value
        if fmt:
            cell.number_format = fmt
        if font:
            cell.font = font
        return cell

    def text(self, column: int, value: object, *, font: Font | None = None) -> Cell:
        cell = safe_text(self._at(self.row, column), value)
        if font:
            cell.font = font
        return cell

    def title(self, text: str) -> None:
        self.text(1, text, font=_TITLE)
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1
        self.cell(1, text, font=_HEADING)
        self.row += 1

    def header(self, labels: Sequence[str]) -> None:
        for column, label in enumerate(labels, start=1):
            if label:
                cell = self.cell(column, label, font=_BOLD)
                cell.fill = _HEADER_FILL
        self.row += 1

    def note(self, text: str) -> None:
        self.cell(1, text, font=_NOTE)
        self.row += 1

    def widths(self, *widths: int) -> None:
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width


def _ref(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _sum(column: int, first: int, last: int) -> str:
    return f"=SUM({_ref(column, first)}:{_ref(column, last)})"


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


# --- What goes into the workbook ---------------------------------------------------------------


@dataclass
class ExportData:
    """Everything one export shows, read once (also usable without a budget: empty tables)."""

    use_case: UseCase
    budget: Budget
    cost_lines: list[CostLine] = field(default_factory=list)
    roles: list[EffortRole] = field(default_factory=list)
    hidden: dict[str, HiddenCost] = field(default_factory=dict)
    benefits: list[BenefitLine] = field(default_factory=list)
    funding: list[FundingApplication] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    estimate: dc.CostEstimate | None = None
    roi: dc.RoiResult | None = None
    samples: int = 0


def collect(use_case: UseCase, *, samples: int | None = None) -> ExportData:
    """Read the use case's budget, its quotes and run the simulation (the pages' figures)."""
    quotes = list(
        Quote.objects.filter(candidate__selection__use_case=use_case)
        .select_related("candidate")
        .prefetch_related("lines")
        .order_by("candidate__name", "candidate__id")
    )
    budget = Budget.objects.filter(use_case=use_case).first()
    if budget is None:  # nothing entered yet: the settings' defaults, empty tables
        return ExportData(use_case=use_case, budget=Budget(use_case=use_case), quotes=quotes)
    inputs = simulation.inputs_for(budget)
    n = samples or simulation.iterations()
    return ExportData(
        use_case=use_case,
        budget=budget,
        cost_lines=list(budget.cost_lines.all()),
        roles=list(budget.effort_roles.all()),
        hidden={h.key: h for h in budget.hidden_costs.all()},
        benefits=list(budget.benefits.select_related("kpi")),
        funding=list(budget.funding.all()),
        quotes=quotes,
        estimate=simulation.estimate_for(inputs, samples=n),
        roi=simulation.roi_for(inputs, samples=n),
        samples=n,
    )


def budget_workbook(use_case: UseCase, *, language: str, samples: int | None = None) -> bytes:
    """The XLSX file of ``use_case``'s budget, labelled in ``language`` (nl, en or de)."""
    lang = normalise_language(language)
    data = collect(use_case, samples=samples)
    with translation.override(lang):
        workbook = Workbook()
        costs = workbook.create_sheet(sheet_name(_("Costs")))
        workbook.remove(workbook.worksheets[0])  # the default "Sheet"
        _costs_sheet(_Sheet(costs, lang), data)
        _quotes_sheet(_Sheet(workbook.create_sheet(sheet_name(_("Quotes"))), lang), data)
        _return_sheet(_Sheet(workbook.create_sheet(sheet_name(_("Return"))), lang), data)
        _sources_sheet(_Sheet(workbook.create_sheet(sheet_name(_("Sources"))), lang))
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


# --- Names from the reference data -------------------------------------------------------------


def category_name(key: str, lang: str) -> str:
    reference = cost_reference.load()
    if key == reference.running.key:
        return reference.running.name.get(lang)
    try:
        return reference.category(key).name.get(lang)
    except KeyError:
        return key


def _line_name(line: CostLine, lang: str) -> str:
    return line.name or category_name(line.category, lang)


def _hidden_name(key: str, lang: str) -> str:
    try:
        return cost_reference.load().hidden_cost(key).name.get(lang)
    except KeyError:
        return key


def _hidden_kind(key: str) -> str:
    try:
        return cost_reference.load().hidden_cost(key).kind
    except KeyError:  # as the simulation does: an unknown key counts as one-off
        return CostKind.ONE_OFF


# --- Costs -------------------------------------------------------------------------------------

# Columns of the cost tables.
C_ITEM, C_KIND, C_LOW, C_LIKELY, C_HIGH, C_PEOPLE, C_HOURS_LOW, C_HOURS_HIGH, C_RATE, C_NOTE = range(1, 11)
_RANGE_COLUMNS: Final = (C_LOW, C_LIKELY, C_HIGH)


def _sheet_title(s: _Sheet, what: str, data: ExportData) -> None:
    s.title(f"{what}: {data.use_case.title}")
    s.note(_("Exported on %(date)s from Partnerwijzer.") % {"date": long_date(timezone.localdate(), language=s.lang)})


def _range_row(s: _Sheet, name: str, kind: str, values: tuple[Decimal, Decimal, Decimal], note: str = "") -> None:
    s.text(C_ITEM, name)
    s.cell(C_KIND, kind)
    for column, value in zip(_RANGE_COLUMNS, values, strict=True):
        s.cell(column, value, fmt=s.eur)
    if note:
        s.text(C_NOTE, note).alignment = _WRAP
    s.row += 1


def _empty_row(s: _Sheet) -> None:
    """A placeholder so a total's SUM always spans at least one row."""
    s.cell(C_ITEM, _("(none)"), font=_NOTE)
    s.row += 1


def _total_row(s: _Sheet, label: str, first: int, last: int) -> int:
    s.cell(C_ITEM, label, font=_BOLD)
    for column in _RANGE_COLUMNS:
        s.cell(column, _sum(column, first, last), fmt=s.eur, font=_BOLD)
    s.row += 1
    return s.row - 1


def _costs_sheet(s: _Sheet, data: ExportData) -> None:
    _sheet_title(s, _("Budget"), data)
    headers = [
        _("Item"), _("Kind"), _("Low"), _("Most likely"), _("High"),
        _("People"), _("Hours, low"), _("Hours, high"), _("Hourly rate"), _("Note"),
    ]
    running_hidden = [
        h for h in data.hidden.values()
        if h.status == HiddenCostStatus.PLANNED and h.amount is not None and _hidden_kind(h.key) == CostKind.RUNNING
    ]
    one_off_total = _one_off_block(s, data, headers)
    running_sum = _running_block(s, data, [*headers[:5], "", "", "", "", headers[C_NOTE - 1]], running_hidden)
    s.row += 1
    s.cell(C_ITEM, _("Total cost of ownership over %(years)d years") % {"years": TCO_YEARS}, font=_BOLD)
    for column in _RANGE_COLUMNS:
        formula = f"={_ref(column, one_off_total)}+{TCO_YEARS}*{_ref(column, running_sum)}"
        s.cell(column, formula, fmt=s.eur, font=_BOLD)
    s.row += 1
    s.note(_("Low and high add up the ends of every range, as if every item came out at its lowest or highest at "
             "once. The simulated percentiles below are the realistic band."))
    _simulated_costs_block(s, data.estimate)
    _hidden_costs_block(s, data)
    s.widths(44, 22, 16, 16, 16, 9, 11, 11, 13, 40)


def _one_off_block(s: _Sheet, data: ExportData, headers: list[str]) -> int:
    """Cost lines, internal effort per role, planned one-off hidden costs, sum, buffer and total.
    Returns the row of the total including the buffer."""
    s.heading(_("One-off costs"))
    s.header(headers)
    first = s.row
    for line in data.cost_lines:
        if line.kind == CostKind.ONE_OFF:
            _range_row(s, _line_name(line, s.lang), str(CostKind.ONE_OFF.label), (line.low, line.likely, line.high),
                       line.note)
    effort_kind = _("Internal effort")
    for role in data.roles:
        r = s.row
        s.text(C_ITEM, role.name)
        s.cell(C_KIND, effort_kind)
        s.cell(C_PEOPLE, role.people)
        s.cell(C_HOURS_LOW, role.hours_low, fmt=HOURS)
        s.cell(C_HOURS_HIGH, role.hours_high, fmt=HOURS)
        s.cell(C_RATE, role.hourly_rate, fmt=s.eur)
        people, rate = _ref(C_PEOPLE, r), _ref(C_RATE, r)
        s.cell(C_LOW, f"={people}*{_ref(C_HOURS_LOW, r)}*{rate}", fmt=s.eur)
        s.cell(C_HIGH, f"={people}*{_ref(C_HOURS_HIGH, r)}*{rate}", fmt=s.eur)
        # As the simulation: most likely is the middle of the role's range.
        s.cell(C_LIKELY, f"=({_ref(C_LOW, r)}+{_ref(C_HIGH, r)})/2", fmt=s.eur)
        s.row += 1
    for hidden in data.hidden.values():
        if hidden.status != HiddenCostStatus.PLANNED or hidden.amount is None:
            continue
        if _hidden_kind(hidden.key) != CostKind.RUNNING:
            _range_row(s, _hidden_name(hidden.key, s.lang), _("Hidden cost, planned"), (hidden.amount,) * 3,
                       hidden.note)
    if s.row == first:
        _empty_row(s)
    one_off_sum = _total_row(s, _("Sum of one-off costs"), first, s.row - 1)

    buffer_row = s.row
    s.cell(C_ITEM, _("Budget buffer"))
    s.cell(C_KIND, data.budget.buffer_percent / 100, fmt=PERCENT)
    buffer_cell = f"${get_column_letter(C_KIND)}${buffer_row}"
    for column in _RANGE_COLUMNS:
        s.cell(column, f"={_ref(column, one_off_sum)}*{buffer_cell}", fmt=s.eur)
    s.cell(C_NOTE, _("Change the percentage in column B: the totals follow."), font=_NOTE)
    s.row += 1
    s.cell(C_ITEM, _("One-off costs including buffer"), font=_BOLD)
    for column in _RANGE_COLUMNS:
        s.cell(column, f"={_ref(column, one_off_sum)}+{_ref(column, buffer_row)}", fmt=s.eur, font=_BOLD)
    s.row += 1
    return s.row - 1


def _running_block(s: _Sheet, data: ExportData, headers: list[str], running_hidden: list[HiddenCost]) -> int:
    """Running cost lines and planned running hidden costs; returns the row of their sum."""
    s.heading(_("Running costs per year"))
    s.header(headers)
    first = s.row
    for line in data.cost_lines:
        if line.kind == CostKind.RUNNING:
            _range_row(s, _line_name(line, s.lang), str(CostKind.RUNNING.label), (line.low, line.likely, line.high),
                       line.note)
    for hidden in running_hidden:
        amount = hidden.amount or Decimal(0)
        _range_row(s, _hidden_name(hidden.key, s.lang), _("Hidden cost, planned"), (amount,) * 3, hidden.note)
    if s.row == first:
        _empty_row(s)
    return _total_row(s, _("Running costs per year"), first, s.row - 1)


def _simulated_costs_block(s: _Sheet, estimate: dc.CostEstimate | None) -> None:
    """The simulation's percentiles: values, clearly labelled as simulated."""
    s.heading(_("Simulated (Monte Carlo): values, not formulas"))
    if estimate is None:
        s.note(_("Not simulated yet: enter at least one one-off cost."))
        return
    s.note(_("%(samples)s simulations with the same seed as the page; P10: 1 in 10 comes out lower, P90: 1 in "
             "10 comes out higher.") % {"samples": number(estimate.iterations, language=s.lang)})
    s.header(["", "", "P10", "P50", "P90"])
    rows = [
        (_("One-off costs (simulated)"), estimate.one_off),
        (_("Buffer (simulated)"), estimate.buffer),
        (_("One-off costs including buffer (simulated)"), estimate.one_off_total),
        (_("Running costs per year (simulated)"), estimate.running_per_year),
        (_("Total cost of ownership over %(years)d years (simulated)") % {"years": TCO_YEARS}, estimate.total),
    ]
    for label, values in rows:
        s.cell(C_ITEM, label)
        for column, value in zip(_RANGE_COLUMNS, values, strict=True):
            s.cell(column, round(float(value)), fmt=s.eur_whole)
        s.row += 1


def _hidden_costs_block(s: _Sheet, data: ExportData) -> None:
    """The guide's five hidden costs and how the company handles each (planned ones are above)."""
    s.heading(_("Hidden costs"))
    s.header([_("Hidden cost"), _("Status"), _("Amount"), _("Remedy"), "", "", "", "", "", _("Note")])
    for ref in cost_reference.load().hidden_costs:
        hidden = data.hidden.get(ref.key)
        status = HiddenCostStatus(hidden.status) if hidden else HiddenCostStatus.OPEN
        s.cell(C_ITEM, ref.name.get(s.lang))
        s.cell(C_KIND, str(status.label))
        if hidden is not None and hidden.amount is not None:
            s.cell(C_LOW, hidden.amount, fmt=s.eur)
        s.cell(C_LIKELY, ref.remedy.get(s.lang))
        if hidden is not None and hidden.note:
            s.text(C_NOTE, hidden.note)
        s.row += 1


# --- Quotes ------------------------------------------------------------------------------------


def _quotes_sheet(s: _Sheet, data: ExportData) -> None:
    lang = s.lang
    _sheet_title(s, _("Quotes"), data)
    if not data.quotes:
        s.row += 1
        s.note(_("No quotes entered yet."))
        s.widths(44)
        return
    s.row += 1
    own = {line.category: line.likely for line in data.cost_lines if line.kind == CostKind.ONE_OFF and line.category}
    own_running = sum((line.likely for line in data.cost_lines if line.kind == CostKind.RUNNING), Decimal(0))
    columns = range(2, 3 + len(data.quotes))  # own estimate, then one column per candidate
    s.cell(1, _("Cost category"), font=_BOLD).fill = _HEADER_FILL
    s.cell(2, _("Own estimate, most likely"), font=_BOLD).fill = _HEADER_FILL
    for column, quote in zip(columns[1:], data.quotes, strict=True):
        cell = s.text(column, quote.candidate.name, font=_BOLD)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
    s.row += 1
    first = s.row
    for key in cost_reference.CATEGORY_KEYS:
        s.cell(1, category_name(key, lang))
        if key in own:
            s.cell(2, own[key], fmt=s.eur)
        for column, quote in zip(columns[1:], data.quotes, strict=True):
            amount = next((line.amount for line in quote.lines.all() if line.category == key), None)
            if amount is not None:
                s.cell(column, amount, fmt=s.eur)
        s.row += 1
    last = s.row - 1
    s.cell(1, _("One-off total"), font=_BOLD)
    for column in columns:
        s.cell(column, _sum(column, first, last), fmt=s.eur, font=_BOLD)
    s.row += 1
    running_row = s.row
    s.cell(1, _("Running cost per year"))
    s.cell(2, own_running, fmt=s.eur)
    for column, quote in zip(columns[1:], data.quotes, strict=True):
        s.cell(column, quote.running_per_year, fmt=s.eur)
    s.row += 1
    s.cell(1, _("Total cost of ownership over %(years)d years") % {"years": TCO_YEARS}, font=_BOLD)
    for column in columns:
        formula = f"=SUM({_ref(column, first)}:{_ref(column, last)})+{TCO_YEARS}*{_ref(column, running_row)}"
        s.cell(column, formula, fmt=s.eur, font=_BOLD)
    s.row += 1
    _quote_details(s, data.quotes, columns[1:])
    s.row += 1
    s.note(_("The own estimate covers the cost categories only, without internal effort, hidden costs and buffer."))
    s.widths(44, 20, *([22] * len(data.quotes)))


def _quote_details(s: _Sheet, quotes: list[Quote], columns: range) -> None:
    s.cell(1, _("Received on"))
    for column, quote in zip(columns, quotes, strict=True):
        if quote.received_on:
            s.cell(column, quote.received_on, fmt="yyyy-mm-dd")
    s.row += 1
    s.cell(1, _("Note"))
    for column, quote in zip(columns, quotes, strict=True):
        if quote.note:
            s.text(column, quote.note).alignment = _WRAP
    s.row += 1


# --- Return ------------------------------------------------------------------------------------

(B_NAME, B_FACTOR, B_METHOD, B_LOW, B_LIKELY, B_HIGH, B_UNIT, B_AMOUNT_LOW, B_AMOUNT_LIKELY, B_AMOUNT_HIGH,
 B_KPI) = range(1, 12)


def _factor_name(key: str, lang: str) -> str:
    try:
        return cost_reference.load().factor(key).name.get(lang)
    except KeyError:
        return key


def _return_sheet(s: _Sheet, data: ExportData) -> None:  # noqa: PLR0915 - one sheet, top to bottom
    lang = s.lang
    budget = data.budget
    _sheet_title(s, _("Return"), data)
    s.heading(_("Benefits per year, once fully ramped up"))
    s.header([
        _("Benefit"), _("Benefit factor"), _("How it is derived"), _("Volume, low"), _("Volume, most likely"),
        _("Volume, high"), _("Value per unit"), _("Amount, low"), _("Amount, most likely"), _("Amount, high"),
        _("KPI"),
    ])
    first = s.row
    for benefit in data.benefits:
        r = s.row
        is_amount = benefit.method == BenefitMethod.AMOUNT
        s.text(B_NAME, benefit.name)
        s.cell(B_FACTOR, _factor_name(benefit.factor, lang))
        s.cell(B_METHOD, str(BenefitMethod(benefit.method).label))
        for column, value in ((B_LOW, benefit.low), (B_LIKELY, benefit.likely), (B_HIGH, benefit.high)):
            s.cell(column, value, fmt=s.eur if is_amount else "#,##0.##")
        s.cell(B_UNIT, benefit.unit_value, fmt=s.eur)
        unit = f"${get_column_letter(B_UNIT)}{r}"
        for volume, amount in ((B_LOW, B_AMOUNT_LOW), (B_LIKELY, B_AMOUNT_LIKELY), (B_HIGH, B_AMOUNT_HIGH)):
            s.cell(amount, f"={_ref(volume, r)}*{unit}", fmt=s.eur)
        if benefit.kpi is not None:
            s.text(B_KPI, benefit.kpi.name)
        s.row += 1
    if s.row == first:
        _empty_row(s)
    s.cell(B_NAME, _("Benefit per year"), font=_BOLD)
    for column in (B_AMOUNT_LOW, B_AMOUNT_LIKELY, B_AMOUNT_HIGH):
        s.cell(column, _sum(column, first, s.row - 1), fmt=s.eur, font=_BOLD)
    s.row += 1

    s.heading(_("Settings"))
    funding = sum((a.expected_amount for a in data.funding if a.status in FUNDING_COUNTS_IN_ROI), Decimal(0))
    settings_rows: list[tuple[str, Any, str | None]] = [
        (_("Horizon (months)"), budget.horizon_months, None),
        (_("Go-live month"), budget.go_live_month, None),
        (_("Months to full benefit"), budget.ramp_months, None),
        (_("Discount rate per year"), budget.discount_rate / 100, PERCENT_1),
        (_("Budget buffer"), budget.buffer_percent / 100, PERCENT),
        (_("Expected funding (applied for or granted)"), funding, s.eur),
    ]
    for label, value, fmt in settings_rows:
        s.cell(1, label)
        s.cell(2, value, fmt=fmt)
        s.row += 1

    s.heading(_("Simulated (Monte Carlo): values, not formulas"))
    roi = data.roi
    if roi is None:
        s.note(_("Not simulated yet: enter costs and at least one benefit."))
    else:
        samples = number(roi.iterations, language=s.lang)
        s.note(_("%(samples)s simulations over %(months)d months; P10: 1 in 10 comes out lower, P90: 1 in 10 "
                 "comes out higher.") % {"samples": samples, "months": roi.horizon_months})
        s.header(["", "P10", "P50", "P90"])
        beyond = _("beyond the horizon")
        s.cell(1, _("Payback (month)"))
        for column, value in zip((2, 3, 4), roi.payback, strict=True):
            finite = _finite(value)
            s.cell(column, finite if finite is not None else beyond, fmt=MONTHS)
        s.row += 1
        s.cell(1, _("ROI at the horizon"))
        for column, value in zip((2, 3, 4), roi.roi, strict=True):
            s.cell(column, _finite(value), fmt=PERCENT)
        s.row += 1
        s.cell(1, _("Net present value (NPV)"))
        for column, value in zip((2, 3, 4), roi.npv, strict=True):
            s.cell(column, round(float(value)), fmt=s.eur_whole)
        s.row += 1
        s.cell(1, _("Chance of no payback within the horizon"))
        s.cell(2, roi.no_payback_probability, fmt=PERCENT)
        s.row += 1
    s.widths(40, 24, 30, 14, 16, 14, 14, 16, 18, 16, 30)


# --- Sources -----------------------------------------------------------------------------------


def _figures(lang: str) -> Iterable[tuple[str, Figure]]:
    """The reference values the budget pages show beside the estimate."""
    ref = cost_reference.load()
    for category in ref.categories:
        yield category.name.get(lang), category.typical
        yield category.name.get(lang), category.share
    yield ref.running.name.get(lang), ref.running.typical
    yield ref.running.name.get(lang), ref.running.share_of_initial
    yield _("Internal effort"), ref.internal_effort
    yield _("Budget buffer"), ref.buffer
    for hidden in ref.hidden_costs:
        if hidden.figure is not None:
            yield hidden.name.get(lang), hidden.figure
    yield _("Return"), ref.roi.payback
    yield _("Return"), ref.roi.roi_three_years
    for share in ref.roi.composition:
        yield ", ".join(_factor_name(f, lang) for f in share.factors), share.share


def _sources_sheet(s: _Sheet) -> None:
    lang = s.lang
    ref = cost_reference.load()
    s.title(_("Reference values and their sources"))
    s.note(_("Reference values from the sources below (%(context)s), not our own measurements.")
           % {"context": ref.context.get(lang)})
    s.row += 1
    s.header([_("Topic"), _("Reference value"), _("Value"), _("Low"), _("High"), _("Source"), _("As of")])
    used: dict[str, None] = {}
    for topic, figure in _figures(lang):
        source = loader.source(figure.source)
        used[figure.source] = None
        s.cell(1, topic)
        s.cell(2, figure.label.get(lang)).alignment = _WRAP
        s.cell(3, figure.format(lang))
        s.cell(4, figure.low if figure.low is not None else figure.value)
        s.cell(5, figure.high if figure.high is not None else figure.value)
        s.cell(6, source.title.get(lang))
        s.cell(7, figure.as_of)
        s.row += 1
    s.heading(_("Sources"))
    for key in used:
        source = loader.source(key)
        s.cell(1, source.title.get(lang), font=_BOLD)
        s.row += 1
        s.cell(1, source.caveat.get(lang)).alignment = _WRAP
        s.row += 1
    s.widths(34, 60, 26, 10, 10, 50, 9)
