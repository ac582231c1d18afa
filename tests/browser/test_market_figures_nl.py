"""Issue 17 item 6 in real Chromium, in Dutch: a client of an adviser organisation sees the hub's
market figures beside the guide's ranges in its budget step, labelled with the number of companies
and the date they were computed; its owner withdraws consent on the Advisers page, the figures are
recomputed at once without the company, fall below five companies and disappear from the page.

Beforehand: the hub and five client companies (the owner's among them) with quotes for predictive
maintenance, each consenting, and one computation on 1 December 2026. Everything else is clicks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from partnerwijzer.accounts.models import AccessRole, Membership, Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_grant
from partnerwijzer.advisers.market.services import market_consent_set, market_figures_compute
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.browser.conftest import screenshot
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

OWNER_EMAIL = "sanne@example.com"
TITLE = "Voorspellend onderhoud persstraat"


def _setup() -> None:
    hub = Organisation.objects.create(name="Hub Brabant", language="nl", kind=OrganisationKind.HUB)
    for index in range(5):
        client = Organisation.objects.create(name=f"Klant {index}", language="nl")
        email = OWNER_EMAIL if index == 0 else f"eigenaar{index}@example.com"
        owner = User.objects.create_user(email=email, password=PASSWORD, full_name=f"Eigenaar {index}", language="nl")
        Membership.objects.create(user=owner, organisation=client, role=Role.OWNER)
        access = adviser_access_grant(actor=owner, client=client, adviser=hub, role=AccessRole.READ)
        use_case = use_case_create(actor=owner, organisation=client, title=TITLE, archetype="predictive_maintenance")
        selection = selection_create(actor=owner, organisation=client, title="Partner", use_case=use_case)
        candidate = candidate_create(actor=owner, selection=selection, name="Datafirma")
        quote_save(actor=owner, candidate=candidate, lines={"data": Decimal(10_000 * (index + 1))},
                   running_per_year=Decimal(5_000))
        market_consent_set(actor=owner, grant=access, consent=True)
    market_figures_compute(actor=None, adviser=hub)


def test_a_client_sees_the_market_figures_and_withdraws_its_consent(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-01"
    _setup()
    page.goto(live_server.url + "/")
    page.get_by_label("E-mailadres").fill(OWNER_EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()

    page.get_by_role("navigation", name="Stappenplan").get_by_role("link", name="Budget").click()
    page.get_by_role("link", name=TITLE).first.click()
    market = page.locator(".budget-market")
    expect(market.get_by_role("heading")).to_have_text("Marktcijfers van Hub Brabant: 5 bedrijven, 1 december 2026")
    data_row = market.locator('tr[data-category="data"]')
    expect(data_row).to_contain_text("€ 20.000 – € 40.000")  # P25-P75 of 10k..50k
    expect(data_row).to_contain_text("€ 30.000")
    expect(market).to_contain_text("De gids stelt", ignore_case=True)  # the guide's range beside it
    screenshot(page, "market_figures_budget_nl")

    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="Adviseurs").click()
    consent = page.locator("#market-consent")
    expect(consent).to_contain_text("toestemming gegeven op")
    consent.get_by_role("button", name="Toestemming intrekken").click()
    expect(page.locator(".messages, .message").first).to_contain_text(
        "Hub Brabant gebruikt uw cijfers niet meer in zijn marktcijfers.")
    expect(page.locator("#market-consent")).to_contain_text("geen toestemming.")

    page.get_by_role("navigation", name="Stappenplan").get_by_role("link", name="Budget").click()
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator(".budget-market")).to_have_count(0)
