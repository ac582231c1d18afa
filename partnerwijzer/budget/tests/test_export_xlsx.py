"""The budget's XLSX export: the company's own figures, totals as real formulas that add up the
right cells, user text that can never become a formula, headers and the organisation's language."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from partnerwijzer.api.services import api_token_create
from partnerwijzer.budget.export.views import export_filename
from partnerwijzer.budget.export.xlsx import CONTENT_TYPE, budget_workbook, looks_like_formula, safe_text
from partnerwijzer.budget.models import (
    BenefitLine,
    Budget,
    CostLine,
    EffortRole,
    FundingApplication,
    HiddenCost,
    Quote,
    QuoteLine,
)
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db

SAMPLES = 2_000
INJECTIONS = ['=HYPERLINK("http://x","click")', "+1", "-2", "@SUM(A1)", "  =1+1", "\t=cmd", "\r=cmd"]


def _use_case(p: Personas, title: str = "Predictive maintenance") -> UseCase:
    return use_case_create(
        actor=p.owner, organisation=p.organisation, title=title, department="production_operations",
        archetype="predictive_maintenance", problem_statement="Cut unplanned downtime by 30%.",
    )


def _budget(use_case: UseCase, *, name: str = "Sensor retrofit") -> Budget:
    """A budget with every kind of row, amounts chosen so the sums are easy to check."""
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(25))
    CostLine.objects.create(budget=budget, category="strategy", low=20_000, likely=30_000, high=50_000, position=0)
    CostLine.objects.create(budget=budget, category="data", low=30_000, likely=45_000, high=70_000, position=1)
    CostLine.objects.create(budget=budget, name=name, low=5_000, likely=6_000, high=9_000, position=2)
    CostLine.objects.create(budget=budget, kind="running", category="running", low=20_000, likely=25_000,
                            high=40_000)
    EffortRole.objects.create(budget=budget, name="Maintenance engineer", people=2, hours_low=100, hours_high=200,
                              hourly_rate=Decimal(80))
    HiddenCost.objects.create(budget=budget, key="data_cleaning", status="planned", amount=Decimal(8_000))
    HiddenCost.objects.create(budget=budget, key="retraining", status="planned", amount=Decimal(6_000))
    HiddenCost.objects.create(budget=budget, key="scaling", status="acknowledged")
    BenefitLine.objects.create(budget=budget, name="Downtime avoided", factor="cost_savings", method="hours",
                               low=100, likely=150, high=200, unit_value=Decimal(900))
    BenefitLine.objects.create(budget=budget, name="Planner hours", factor="productivity", method="amount",
                               low=10_000, likely=15_000, high=20_000, position=1)
    FundingApplication.objects.create(budget=budget, programme="nl-mit", status="applied",
                                      expected_amount=Decimal(20_000))
    return budget


def _quote(selection: Selection, name: str, amounts: dict[str, int], running: int) -> Quote:
    candidate = Candidate.objects.create(selection=selection, name=name)
    quote = Quote.objects.create(candidate=candidate, running_per_year=Decimal(running))
    for category, amount in amounts.items():
        QuoteLine.objects.create(quote=quote, category=category, amount=Decimal(amount))
    return quote


def _workbook(use_case: UseCase, language: str = "en") -> Workbook:
    return load_workbook(io.BytesIO(budget_workbook(use_case, language=language, samples=SAMPLES)))


def _rows(ws: Worksheet) -> dict[str, int]:
    """Row number by the text in column A (first occurrence)."""
    out: dict[str, int] = {}
    for row in ws.iter_rows(min_col=1, max_col=1):
        value = row[0].value
        if isinstance(value, str) and value not in out:
            out[value] = row[0].row
    return out


def _number(ws: Worksheet, ref: str, seen: set[str] | None = None) -> float:
    """Evaluate the cell by hand: a number, or a formula of our small vocabulary (SUM, + - * /)."""
    value = ws[ref].value
    if value is None:
        return 0.0
    if not (isinstance(value, str) and value.startswith("=")):
        return float(value)
    seen = (seen or set()) | {ref}
    expression = value[1:]

    def sum_range(match: re.Match[str]) -> str:
        cells = ws[f"{match.group(1)}:{match.group(2)}"]
        total = sum(_number(ws, c.coordinate, seen) for row in cells for c in row)
        return repr(total)

    expression = re.sub(r"SUM\((\$?[A-Z]+\$?\d+):(\$?[A-Z]+\$?\d+)\)", sum_range, expression)
    expression = re.sub(r"\$?([A-Z]+)\$?(\d+)", lambda m: repr(_number(ws, f"{m.group(1)}{m.group(2)}", seen)),
                        expression)
    assert re.fullmatch(r"[\d.+\-*/() e]+", expression), expression
    return float(eval(expression))  # noqa: S307 - digits and operators only, checked above


def _values(ws: Worksheet) -> list[Any]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


# --- Content and formulas -----------------------------------------------------------------------


def test_costs_sheet_holds_the_lines_and_formula_totals_that_add_up(personas: Personas) -> None:
    use_case = _use_case(personas)
    _budget(use_case)
    wb = _workbook(use_case)
    assert len(wb.sheetnames) == 4
    ws = wb.worksheets[0]
    rows = _rows(ws)
    # The company's own content, category names from the reference data.
    assert "Strategy consulting and concept" in rows
    assert "Data preparation and integration" in rows
    assert "Sensor retrofit" in rows
    assert "Maintenance engineer" in rows
    assert "Data cleaning and preparation" in rows  # planned one-off hidden cost
    line = rows["Sensor retrofit"]
    assert [ws.cell(line, c).value for c in (3, 4, 5)] == [5000, 6000, 9000]

    # Totals are formulas, and the formulas add up exactly the rows above them.
    one_off = rows["Sum of one-off costs"]
    for column in "CDE":
        assert ws[f"{column}{one_off}"].data_type == "f"
        assert ws[f"{column}{one_off}"].value.startswith("=SUM(")
    effort_low, effort_high = 2 * 100 * 80, 2 * 200 * 80
    expected = {
        "C": 20_000 + 30_000 + 5_000 + effort_low + 8_000,
        "D": 30_000 + 45_000 + 6_000 + (effort_low + effort_high) / 2 + 8_000,
        "E": 50_000 + 70_000 + 9_000 + effort_high + 8_000,
    }
    for column, value in expected.items():
        assert _number(ws, f"{column}{one_off}") == pytest.approx(value)
    buffer = rows["Budget buffer"]
    assert ws[f"B{buffer}"].value == pytest.approx(0.25)
    assert ws[f"C{buffer}"].value == f"=C{one_off}*$B${buffer}"
    total = rows["One-off costs including buffer"]
    for column, value in expected.items():
        assert _number(ws, f"{column}{total}") == pytest.approx(value * 1.25)
    running = rows["Running costs per year"] + 2  # heading, header, then the sum row after the lines
    running_sum = next(r for r in range(running, ws.max_row + 1)
                       if ws.cell(r, 1).value == "Running costs per year" and ws.cell(r, 3).data_type == "f")
    assert _number(ws, f"C{running_sum}") == 20_000 + 6_000  # running line + retraining (running hidden cost)
    tco = rows["Total cost of ownership over 3 years"]
    assert ws[f"D{tco}"].value == f"=D{total}+3*D{running_sum}"
    assert _number(ws, f"D{tco}") == pytest.approx(expected["D"] * 1.25 + 3 * (25_000 + 6_000))


def test_costs_sheet_shows_the_simulation_as_labelled_values(personas: Personas) -> None:
    from partnerwijzer.budget import simulation

    use_case = _use_case(personas)
    budget = _budget(use_case)
    ws = _workbook(use_case).worksheets[0]
    rows = _rows(ws)
    assert "Simulated (Monte Carlo): values, not formulas" in rows
    row = rows["Total cost of ownership over 3 years (simulated)"]
    values = [ws.cell(row, c).value for c in (3, 4, 5)]
    assert all(isinstance(v, int) for v in values)  # values, not formulas
    estimate = simulation.estimate_for(simulation.inputs_for(budget), samples=SAMPLES)
    assert estimate is not None
    assert values == [round(float(v)) for v in estimate.total]  # the page's seed, the page's figures
    assert values[0] < values[1] < values[2]


def test_hidden_costs_list_all_five_with_their_status(personas: Personas) -> None:
    use_case = _use_case(personas)
    _budget(use_case)
    ws = _workbook(use_case).worksheets[0]
    start = _rows(ws)["Hidden cost"]
    statuses = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(start + 1, start + 6)}
    assert statuses == {
        "Data cleaning and preparation": "Planned with an amount",
        "Integration with legacy systems without modern APIs": "Not yet considered",
        "Model retraining": "Planned with an amount",
        "Change management and process adaptation": "Not yet considered",
        "Scaling costs at higher usage, especially in the cloud": "Acknowledged, no amount",
    }


def test_quotes_sheet_compares_candidates_on_three_year_tco(personas: Personas) -> None:
    use_case = _use_case(personas)
    _budget(use_case)
    selection = Selection.objects.create(organisation=personas.organisation, title="Partner", use_case=use_case)
    _quote(selection, "Alpha AI", {"strategy": 25_000, "data": 40_000, "model": 30_000}, running=18_000)
    _quote(selection, "Beta Data", {"strategy": 15_000, "implementation": 60_000}, running=30_000)
    other = Selection.objects.create(organisation=personas.organisation, title="Other use case")
    _quote(other, "Not for this use case", {"strategy": 1}, running=1)
    ws = _workbook(use_case).worksheets[1]
    header = _rows(ws)["Cost category"]
    names = [ws.cell(header, c).value for c in range(2, 5)]
    assert names == ["Own estimate, most likely", "Alpha AI", "Beta Data"]
    rows = _rows(ws)
    tco = rows["Total cost of ownership over 3 years"]
    for column, expected in (("C", 95_000 + 3 * 18_000), ("D", 75_000 + 3 * 30_000), ("B", 75_000 + 3 * 25_000)):
        cell = ws[f"{column}{tco}"]
        assert cell.data_type == "f"
        assert re.fullmatch(rf"=SUM\({column}\d+:{column}\d+\)\+3\*{column}\d+", cell.value)
        assert _number(ws, cell.coordinate) == expected
    assert ws[f"C{rows['Strategy consulting and concept']}"].value == 25_000


def test_return_sheet_derives_amounts_by_formula_and_shows_simulated_percentiles(personas: Personas) -> None:
    use_case = _use_case(personas)
    _budget(use_case)
    ws = _workbook(use_case).worksheets[2]
    rows = _rows(ws)
    downtime = rows["Downtime avoided"]
    assert ws[f"I{downtime}"].value == f"=E{downtime}*$G{downtime}"
    assert _number(ws, f"I{downtime}") == 150 * 900
    total = rows["Benefit per year"]
    assert ws[f"J{total}"].data_type == "f"
    assert _number(ws, f"H{total}") == 100 * 900 + 10_000
    assert _number(ws, f"J{total}") == 200 * 900 + 20_000
    assert ws[f"B{rows['Horizon (months)']}"].value == 36
    assert ws[f"B{rows['Expected funding (applied for or granted)']}"].value == 20_000
    payback = [ws.cell(rows["Payback (month)"], c).value for c in (2, 3, 4)]
    assert all(isinstance(v, (int, float)) or v == "beyond the horizon" for v in payback)
    npv = [ws.cell(rows["Net present value (NPV)"], c).value for c in (2, 3, 4)]
    assert npv == sorted(npv)


def test_sources_sheet_names_the_guide_for_every_reference_value(personas: Personas) -> None:
    use_case = _use_case(personas)
    ws = _workbook(use_case).worksheets[3]
    rows = _rows(ws)
    first = rows["Topic"] + 1
    sources = {ws.cell(r, 6).value for r in range(first, rows["Sources"] - 1) if ws.cell(r, 1).value}
    assert sources == {"Guide: choosing the right AI consulting partner for mid-sized companies (2025)"}
    typical = next(r for r in range(first, ws.max_row) if ws.cell(r, 1).value == "Strategy consulting and concept")
    assert (ws.cell(typical, 4).value, ws.cell(typical, 5).value) == (20_000, 50_000)


def test_a_use_case_without_budget_exports_empty_tables(personas: Personas) -> None:
    wb = _workbook(_use_case(personas))
    ws = wb.worksheets[0]
    rows = _rows(ws)
    assert _number(ws, f"C{rows['Sum of one-off costs']}") == 0
    assert "Not simulated yet: enter at least one one-off cost." in rows
    assert "No quotes entered yet." in _rows(wb.worksheets[1])


# --- Formula injection -------------------------------------------------------------------------


@pytest.mark.parametrize("text", INJECTIONS, ids=[f"injection-{i}" for i in range(len(INJECTIONS))])
def test_user_text_that_looks_like_a_formula_stays_text(personas: Personas, text: str) -> None:
    use_case = _use_case(personas, title=text)
    budget = _budget(use_case, name=text)
    EffortRole.objects.create(budget=budget, name=text, hours_low=1, hours_high=2, hourly_rate=1)
    BenefitLine.objects.create(budget=budget, name=text, factor="strategic", low=1, likely=1, high=1)
    HiddenCost.objects.filter(budget=budget, key="scaling").update(note=text)
    selection = Selection.objects.create(organisation=personas.organisation, title="S", use_case=use_case)
    quote = _quote(selection, text, {"strategy": 1}, running=0)
    Quote.objects.filter(pk=quote.pk).update(note=text)
    content = budget_workbook(use_case, language="en", samples=SAMPLES)
    wb = load_workbook(io.BytesIO(content))
    exact = []
    # The XML writer may keep a CR (lxml) or normalise it to a line feed (the standard library).
    stored = {text, text.replace("\r", "\n")}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and text.strip() in cell.value:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                if cell.value in stored:
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    exact.append(f"{ws.title}!{cell.coordinate}")
    # cost line, effort role, benefit, hidden-cost note, candidate, quote note
    assert len(exact) == 6, exact
    # And in the file itself: no formula element carries the user's text.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        formulas = [
            f for name in archive.namelist() if name.startswith("xl/worksheets/")
            for f in re.findall(r"<f>(.*?)</f>", archive.read(name).decode())
        ]
    assert formulas
    assert all(re.fullmatch(r"[A-Z0-9$:()+*/.]+", f.replace("SUM", "")) for f in formulas), formulas


@pytest.mark.parametrize(
    ("text", "formula"),
    [("=1", True), ("+1", True), ("-2", True), ("@A1", True), (" \t=1", True), ("\t1", True), ("\r1", True),
     ("＝1", True), ("Data 2026", False), ("a=b", False), ("", False), ("3 - 2", False)],
)
def test_looks_like_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def test_safe_text_drops_characters_xml_cannot_hold_and_keeps_the_rest() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    safe_text(ws["A1"], "Line\x00with\x07controls")
    safe_text(ws["A2"], None)
    safe_text(ws["A3"], "x" * 40_000)
    safe_text(ws["A4"], 42)
    assert ws["A1"].value == "Linewithcontrols"
    assert ws["A2"].value is None
    assert len(ws["A3"].value) == 32_767
    assert (ws["A4"].value, ws["A4"].data_type) == ("42", "s")


# --- The download -----------------------------------------------------------------------------


def test_download_is_an_attachment_with_a_safe_name(personas: Personas, settings: Any) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = SAMPLES
    use_case = _use_case(personas, title='Onderhoud "CNC" / lijn 3 <script>')
    _budget(use_case)
    response = personas.client("viewer").get(reverse("budget:export_xlsx", kwargs={"use_case_id": use_case.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="budget-onderhoud-cnc-lijn-3-script.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value.endswith(use_case.title)


@pytest.mark.parametrize(
    ("title", "name"),
    [("Predictive maintenance", "budget-predictive-maintenance.xlsx"), ("Überwachung der Öfen",
     "budget-uberwachung-der-ofen.xlsx"), ("=HYPERLINK()", "budget-hyperlink.xlsx"), ("€€€", "budget.xlsx"),
     ("../../etc/passwd", "budget-etcpasswd.xlsx"), ("a" * 300, f"budget-{'a' * 60}.xlsx")],
    ids=["plain", "umlauts", "formula", "symbols-only", "path", "long"],
)
def test_export_filename(title: str, name: str) -> None:
    assert export_filename(title) == name


def test_outsider_gets_the_uniform_404(personas: Personas) -> None:
    use_case = _use_case(personas)
    response = personas.client("outsider").get(reverse("budget:export_xlsx", kwargs={"use_case_id": use_case.pk}))
    assert response.status_code == 404


# --- Language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "category", "running"),
    [("nl", "Strategisch advies en concept", "Lopende kosten na livegang"),
     ("en", "Strategy consulting and concept", "Running costs after go-live"),
     ("de", "Strategieberatung und Konzept", "Laufende Kosten nach dem Go-live")],
)
def test_workbook_speaks_the_organisation_language(
    personas: Personas, settings: Any, language: str, category: str, running: str
) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = SAMPLES
    personas.organisation.language = language
    personas.organisation.save()
    use_case = _use_case(personas)
    _budget(use_case)
    response = personas.client("owner").get(reverse("budget:export_xlsx", kwargs={"use_case_id": use_case.pk}))
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    rows = _rows(ws)
    assert category in rows
    assert running in rows
    with translation.override(language):
        assert wb.sheetnames == [translation.gettext(n) for n in ("Costs", "Quotes", "Return", "Sources")]
        assert translation.gettext("Sum of one-off costs") in rows
        header = rows[translation.gettext("Item")]
        assert ws.cell(header, 4).value == translation.gettext("Most likely")


def test_sheet_names_are_valid_whatever_the_translation() -> None:
    from partnerwijzer.budget.export.xlsx import sheet_name

    assert sheet_name("Kosten") == "Kosten"
    assert sheet_name("Kosten [€] / jaar: *?") == "Kosten  €    jaar"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("///") == "Sheet"


@pytest.mark.django_db
def test_the_api_serves_the_same_workbook_with_a_token(personas: Personas) -> None:
    """The export operation of /api/v1/ gives the page's file: an attachment openpyxl can read."""
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Offertes")
    _, token = api_token_create(user=personas.viewer, name="export")
    response = Client().get(
        f"/api/v1/use-cases/{use_case.pk}/budget/export.xlsx", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="budget-')
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 4
