"""Issue 13, clicked in Dutch: the owner uploads actual costs (a CSV with one bad row: the row's
error shown and nothing stored; the corrected file previewed and stored) and scores the partner on
the scorecard, which sets the selection's score beside the review ("Verschil (laatste − selectie)").

Before the browser starts: an organisation in Dutch, a use case with a KPI, a selection whose
preferred partner is chosen and scored on end-to-end guidance (consensus 4), a budget with two
cost categories and the project started three months ago. Dates are relative to today. Every click
is followed by an auto-waiting ``expect`` that proves the next page arrived.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from partnerwijzer.budget.models import Budget, CostLine
from partnerwijzer.contract.services import decision_save
from partnerwijzer.evaluation.models import ConsensusScore, Criterion
from partnerwijzer.planning.usecases.services import kpi_create, use_case_create
from partnerwijzer.results import services
from partnerwijzer.results.models import ActualCost, PartnerReview
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.browser.conftest import screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def _month_start(day: date, back: int) -> date:
    month = day.month - 1 - back
    return date(day.year + month // 12, month % 12 + 1, 1)


def test_owner_uploads_costs_with_a_bad_row_then_scores_the_partner(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any,
) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 2000
    today = date.today()
    start = _month_start(today, 3)
    personas = make_personas()
    organisation, owner = personas.organisation, personas.owner
    use_case = use_case_create(actor=owner, organisation=organisation, title="Offertes sneller",
                               department="sales_marketing", archetype="document_analysis",
                               problem_statement="Een offerte kost 16 uur.")
    kpi_create(actor=owner, use_case=use_case, name="Doorlooptijd", unit="uur per offerte", direction="lower",
               baseline_value=16, baseline_date=start - timedelta(days=1), target_value=6,
               target_date=today + timedelta(days=200))
    selection = selection_create(actor=owner, organisation=organisation, title="Partner offertes", use_case=use_case)
    candidate = candidate_create(actor=owner, selection=selection, name="Noordlicht AI")
    Criterion.objects.filter(selection=selection).delete()  # only the criterion this test scores
    end_to_end = Criterion.objects.create(selection=selection, reference_key="end_to_end", weight=Decimal(100))
    ConsensusScore.objects.create(candidate=candidate, criterion=end_to_end, value=4, justification="Sterk plan")
    decision_save(actor=owner, selection=selection, candidate=candidate, rationale="Beste fit.")
    budget = Budget.objects.create(use_case=use_case, go_live_month=4, ramp_months=3)
    CostLine.objects.create(budget=budget, category="development", low=20000, likely=30000, high=45000)
    CostLine.objects.create(budget=budget, category="training", low=3000, likely=5000, high=8000, position=1)
    project = services.project_start(actor=owner, use_case=use_case, candidate=candidate, start_date=start)
    first, second = _month_start(today, 3), _month_start(today, 2)
    future = _month_start(today, -2)
    bad_csv = ("maand;categorie;bedrag;notitie\n"
               f"{first:%Y-%m};development;8.000;Factuur 1\n"
               f"{future:%Y-%m};training;1.500;Te vroeg ingevoerd\n")
    good_csv = ("maand;categorie;bedrag;notitie\n"
                f"{first:%Y-%m};development;8.000;Factuur 1\n"
                f"{second:%Y-%m};training;1.500;Training sleutelgebruikers\n")
    base = live_server.url

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(owner.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()
    page.goto(base + reverse("results:project", args=[project.pk]))
    expect(page.locator("#project-facts")).to_contain_text("Noordlicht AI")

    # --- Actual costs by upload: one bad row, nothing stored --------------------------------------------
    page.get_by_role("link", name="Werkelijke kosten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkelijke kosten")
    page.get_by_role("link", name="Werkelijke kosten uploaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkelijke kosten uploaden")
    page.get_by_label("CSV- of XLSX-bestand").set_input_files(
        files=[{"name": "kosten.csv", "mimeType": "text/csv", "buffer": bad_csv.encode()}])
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.locator("#row-errors")).to_contain_text("Er is niets opgeslagen")
    bad_row = page.locator("#row-errors tr[data-row='3']")
    expect(bad_row).to_contain_text("toekomst")
    expect(page.locator("#row-errors tbody tr")).to_have_count(1)
    assert not ActualCost.objects.exists()

    # --- The corrected file: preview, then stored ------------------------------------------------------
    page.get_by_label("CSV- of XLSX-bestand").set_input_files(
        files=[{"name": "kosten.csv", "mimeType": "text/csv", "buffer": good_csv.encode()}])
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.locator("#preview")).to_contain_text("Voorvertoning: 2 kostenposten")
    screenshot(page, "results-cost-preview-nl")
    assert not ActualCost.objects.exists()
    page.get_by_role("button", name="Deze kosten opslaan").click()
    expect(page.locator(".messages")).to_contain_text("2 werkelijke kostenposten zijn opgeslagen")
    expect(page.locator("#costs-table")).to_contain_text("8.000")
    expect(page.locator("#costs-table")).to_contain_text("1.500")
    assert sorted(ActualCost.objects.values_list("amount", flat=True)) == [Decimal(1500), Decimal(8000)]

    # --- The partner's scorecard -------------------------------------------------------------------------
    page.locator(".eyebrow a").click()
    expect(page.locator("#project-facts")).to_be_visible()
    page.get_by_role("link", name="Prestaties van de partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prestaties van de partner")
    expect(page.locator("#aspects thead")).to_contain_text("Verschil (laatste − selectie)")
    expect(page.locator("#aspects tr[data-aspect='delivery'] td").nth(0)).to_have_text("4,0")
    expect(page.locator("#reviews")).to_contain_text("Nog geen beoordeling")
    page.get_by_label("Beoordeelde maand (een willekeurige dag erin)").fill(second.isoformat())
    for label, score in (("Levering volgens plan", "3"), ("Kwaliteit", "4"), ("Communicatie", "5"),
                         ("Kennisoverdracht", "2")):
        page.locator(".field", has=page.locator("label", has_text=label)).get_by_label(score, exact=True).check()
    page.get_by_label("Notitie").fill("Planning liep een week uit.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De beoordeling van de partner is opgeslagen.")
    delivery = page.locator("#aspects tr[data-aspect='delivery']")
    expect(delivery.locator("td").nth(1)).to_have_text("3")
    expect(delivery.locator("td[data-gap]")).to_have_text("-1,0")
    expect(page.locator("#review-list")).to_contain_text("Planning liep een week uit.")
    review = PartnerReview.objects.get()
    assert (review.period, review.delivery, review.knowledge_transfer) == (second, 3, 2)
    screenshot(page, "results-partner-nl")
    context.close()
    # the file with the bad row is answered with 400 (the form's status for invalid input): the one
    # console line allowed; no script or CSP error
    assert errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"], errors
