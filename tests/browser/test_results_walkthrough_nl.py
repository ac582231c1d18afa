"""Issue 13, clicked in Dutch: from the contract step the owner starts the project, uploads a CSV
of measurements (preview first, then stored), enters an actual cost, passes the analysis gate
with a decision (the evidence beside the form), sees the KPI chart, the burn chart and the
realised return, and downloads the progress report, which is opened and checked.

Before the browser starts: an organisation in Dutch, a use case with two KPIs, a selection whose
preferred partner is chosen (the contract step) and a budget with costs and a benefit linked to a
KPI. Dates are relative to today, so the test never goes stale. Every click is followed by an
auto-waiting ``expect`` that proves the next page arrived.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from partnerwijzer.budget.models import BenefitLine, Budget, CostLine
from partnerwijzer.contract.services import decision_save
from partnerwijzer.planning.usecases.services import kpi_create, use_case_create
from partnerwijzer.results.models import GateDecision, Measurement
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.browser.conftest import screenshot, wait_until
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

USE_CASE = "Factuurverwerking"


def _month_start(day: date, back: int) -> date:
    month = day.month - 1 - back
    return date(day.year + month // 12, month % 12 + 1, 1)


def test_owner_starts_the_project_measures_decides_and_downloads_the_report(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 3000
    today = date.today()
    start = _month_start(today, 4)
    personas = make_personas()
    organisation, owner = personas.organisation, personas.owner
    use_case = use_case_create(actor=owner, organisation=organisation, title=USE_CASE, department="sales_marketing",
                               archetype="document_analysis", problem_statement="Facturen kosten 12 minuten elk.")
    kpi_create(actor=owner, use_case=use_case, name="Verwerkingstijd", unit="minuten", direction="lower",
               baseline_value=12, baseline_date=start - timedelta(days=1), target_value=4,
               target_date=today + timedelta(days=240))
    kpi_create(actor=owner, use_case=use_case, name="Foutloos", unit="%", direction="higher", baseline_value=80,
               target_value=95, target_date=today + timedelta(days=120))
    selection = selection_create(actor=owner, organisation=organisation, title="Partner facturen", use_case=use_case)
    candidate = candidate_create(actor=owner, selection=selection, name="Acme AI")
    decision_save(actor=owner, selection=selection, candidate=candidate, rationale="Beste fit.")
    budget = Budget.objects.create(use_case=use_case, go_live_month=3, ramp_months=3)
    CostLine.objects.create(budget=budget, category="development", low=40000, likely=50000, high=70000)
    BenefitLine.objects.create(budget=budget, name="Uren bespaard", factor="productivity", method="hours",
                               kpi=use_case.kpis.get(name="Verwerkingstijd"), low=1500, likely=2000, high=2500,
                               unit_value=50)
    days = [start + timedelta(days=30 * n) for n in (1, 2, 3)]
    csv = "kpi;datum;waarde;bron\n" + "".join(
        f"Verwerkingstijd;{d.isoformat()};{value};ERP\n" for d, value in zip(days, ("11", "9,5", "8"), strict=True))
    base = live_server.url

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(owner.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()

    # --- From the contract step, start the project ------------------------------------------------------
    page.goto(base + reverse("contract:overview"))
    page.get_by_role("link", name="Partner facturen").click()
    expect(page.locator("#preferred")).to_have_text("Acme AI")
    page.get_by_role("link", name="Start het project").click()
    expect(page.locator("#chosen-partner")).to_contain_text("Acme AI")
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Contractreferentie").fill("C-2026-7")
    page.get_by_role("button", name="Start het project").click()
    expect(page.locator("#project-facts")).to_contain_text("Acme AI")
    expect(page.locator(".messages")).to_contain_text("vijf fasen")

    # --- Upload a CSV of measurements: preview, then store -----------------------------------------
    page.locator("#to-upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Metingen uploaden")
    page.get_by_label("CSV- of XLSX-bestand").set_input_files(
        files=[{"name": "metingen.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.locator("#preview")).to_contain_text("Voorvertoning: 3 metingen")
    assert not Measurement.objects.exists()
    page.get_by_role("button", name="Deze metingen opslaan").click()
    expect(page.locator(".messages")).to_contain_text("3 metingen zijn opgeslagen")
    assert Measurement.objects.count() == 3

    # --- Enter an actual cost ------------------------------------------------------------------------
    page.locator("#to-costs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkelijke kosten")
    page.get_by_label("Kostencategorie").select_option(value="development")
    page.get_by_label("Maand (een willekeurige dag erin)").fill(_month_start(today, 2).isoformat())
    page.get_by_label("Bedrag (€)").fill("12.500")
    page.locator("#save-cost").click()
    expect(page.locator("#costs-table")).to_contain_text("12.500")
    expect(page.locator("#burn-verdict")).to_be_visible()

    # --- Pass the analysis gate with a decision, the evidence beside it ------------------------------
    page.locator(".eyebrow a").click()
    expect(page.locator("#project-facts")).to_be_visible()
    page.locator("#to-gates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fasen en beslismomenten")
    page.locator("#decide-analysis").click()
    expect(page.locator("#evidence")).to_contain_text("Verwerkingstijd")
    page.get_by_label("Go", exact=True).check()
    page.get_by_label("Waarom").fill("Analyse afgerond: data op orde, meetplan afgesproken.")
    page.get_by_label("Besloten op").fill((start + timedelta(days=31)).isoformat())
    page.locator("#save-decision").click()
    expect(page.locator("#phase-analysis .gate-decision")).to_have_attribute("data-outcome", "go")
    assert GateDecision.objects.get().outcome == "go"
    expect(page.locator("#phase-proof_of_concept")).to_have_attribute("data-state", "running")

    # --- The KPI chart, the burn chart and the realised return ---------------------------------------
    page.locator(".eyebrow a").click()
    expect(page.locator("#realised-to-date")).to_be_visible()
    kpi_article = page.locator("article.kpi-result").first
    expect(kpi_article).to_have_attribute("data-status", "on_track")
    chart = kpi_article.locator("img.results-chart")
    expect(chart).to_be_visible()
    wait_until(page, "(el) => el.complete && el.naturalWidth > 0", chart.element_handle())
    expect(page.locator("#burn img.results-chart")).to_be_visible()
    expect(page.locator("#realised-percentile")).to_contain_text("percentiel")
    screenshot(page, "results-project-nl")

    # --- Download the progress report and open it ----------------------------------------------------
    with page.expect_download(timeout=90_000) as download_info:
        page.locator("#report-pdf").click()
    data = download_info.value.path().read_bytes()
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)
    assert "Voortgangsrapport" in text
    assert "Verwerkingstijd" in text
    assert "Analyse afgerond" in text
    context.close()
    assert not errors, errors
