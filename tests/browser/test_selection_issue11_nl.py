"""Issue 11, findings 1, 2 and 6, clicked in Dutch: the owner reaches the portal links from the
questionnaire, learns that "mark as sent" sends nothing, makes a link; the firm opening it reads
the project (problem, baseline, KPI); the owner who created the selection opens the Scores tab,
is told why they do not score yet and adds themself with one button.

Before the browser starts: an organisation in Dutch with a profile, a use case with a problem
statement, baseline and KPI, a selection for it with one candidate, and a draft RFI. Everything
else is clicked; a ``page.goto`` only opens the start page and the portal link the product shows.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.planning.usecases.services import kpi_create, profile_update, use_case_create
from partnerwijzer.questionnaires.services import questionnaire_create
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

PROBLEM = "Onze klantenservice krijgt 400 vragen per week; de helft gaat over levertijden en storingen."
BASELINE = "Drie medewerkers beantwoorden alles per e-mail; de gemiddelde reactietijd is twee werkdagen."
TITLE = "Partner voor de klantenservice-chatbot"


def test_owner_sends_an_rfi_the_firm_reads_the_project_and_the_owner_scores_too(  # type: ignore[no-untyped-def]
    live_server, browser: Browser
) -> None:
    personas = make_personas()
    organisation = personas.organisation
    organisation.language = "nl"
    organisation.save(update_fields=["language"])
    owner = personas.owner
    profile_update(actor=owner, organisation=organisation, nace_section="F", industry="Installatietechniek",
                   country="NL", region="Noord-Brabant", staff_count=60, revenue_band="10-50m",
                   ai_experience="first_pilot", it_capacity="limited", data_capacity="none", works_council=True)
    use_case = use_case_create(actor=owner, organisation=organisation, title="Klantenservice-chatbot",
                               department="sales_marketing", archetype="customer_service", problem_statement=PROBLEM,
                               current_state=BASELINE)
    kpi_create(actor=owner, use_case=use_case, name="Reactietijd", unit="uur", direction="lower",
               baseline_value=48, baseline_date=date(2026, 9, 30), target_value=4, target_date=date(2027, 9, 30))
    selection = selection_create(actor=owner, organisation=organisation, title=TITLE, use_case=use_case)
    candidate_create(actor=owner, selection=selection, name="Acme AI")
    questionnaire_create(actor=owner, selection=selection, kind="rfi", title="RFI chatbot",
                         deadline=timezone.now() + timedelta(days=21))
    base = live_server.url

    context = new_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(owner.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()

    # --- Finding 1: from the questionnaire to the portal links --------------------------------------
    page.goto(base + reverse("sourcing:selection_list"))
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Vragenlijsten").click()
    page.get_by_role("link", name="RFI chatbot").click()
    expect(page.locator("#how-firms-answer")).to_contain_text(
        "stuur daarna op de linkspagina elk bedrijf zijn link per e-mail")
    page.get_by_role("link", name="Markeren als verstuurd").click()
    expect(page.locator("#sends-nothing")).to_contain_text("verstuurt niets per e-mail")
    page.get_by_role("button", name="Ja, markeren als verstuurd").click()
    expect(page.locator(".messages")).to_contain_text("er is nog niets verstuurd")
    page.locator("#portal-links").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portaallinks")
    page.get_by_label("Kandidaat").select_option(label="Acme AI")
    page.get_by_role("button", name="De link maken").click()
    # Wait for the answer page: reading page.content() straight after the click raced the navigation.
    link_field = page.get_by_label("Kopieer deze link nu")
    expect(link_field).to_be_visible()
    portal_url = re.fullmatch(r"https?://[^\"'<\s]+/portal/[A-Za-z0-9_-]{20,}/", link_field.input_value())
    assert portal_url is not None, link_field.input_value()
    screenshot(page, "issue11-nl-links")

    # --- Finding 2: the firm reads the project ----------------------------------------------------
    firm = new_context(browser).new_page()
    firm.goto(portal_url.group(0))
    project = firm.locator("#company")
    expect(project).to_contain_text("Het project")
    expect(project.locator("#problem")).to_contain_text(PROBLEM)
    expect(project.locator("#baseline")).to_contain_text(BASELINE)
    expect(project.locator("#kpis")).to_contain_text("Reactietijd")
    expect(project).to_contain_text("Ja, het bedrijf heeft een ondernemingsraad")
    expect(project).not_to_contain_text("Jaaromzet")  # revenue is not shared by default
    screenshot(firm, "issue11-nl-portal")
    firm.context.close()

    # --- Finding 6: the owner's Scores tab says why and offers to score ------------------------------
    page.goto(base + reverse("sourcing:selection_list"))
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Scores").click()
    expect(page.locator("[data-no-seat]")).to_contain_text("U scoort deze selectie nog niet")
    page.get_by_role("button", name="Zelf deze selectie scoren").click()
    expect(page.locator(".messages")).to_contain_text("U bent nu beoordelaar van deze selectie")
    expect(page.locator("table.score-matrix")).to_contain_text("Acme AI")
    assert Evaluator.objects.filter(selection=selection, user=owner).exists()
    screenshot(page, "issue11-nl-my-scores")
    context.close()
    assert not errors, errors
