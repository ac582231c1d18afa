"""Issue 17, in Dutch: the demo adviser signs in and lands on the portfolio (the adviser's home),
with the adviser organisation's navigation instead of the seven steps; opening a client brings the
client's journey, and the way back leads to the portfolio again. Every click is followed by an
auto-waiting ``expect``."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from partnerwijzer.demo import DEMO_ADVISER_EMAIL, DEMO_ORGANISATION, DEMO_PASSWORD, demo_seed
from tests.browser.conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_the_demo_adviser_signs_in_and_sees_the_portfolio_first(  # type: ignore[no-untyped-def]
    live_server, browser: Browser,
) -> None:
    demo_seed()
    context = new_context(browser, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("E-mailadres").fill(DEMO_ADVISER_EMAIL)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # The portfolio comes first, with every client and the new status columns.
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    table = page.locator("main table")
    expect(table).to_contain_text(DEMO_ORGANISATION)
    expect(table).to_contain_text("Bakkerij Verhoeven B.V. (demo)")
    for column in ("Gereedheid", "Contract", "Resultaten"):
        expect(table.get_by_role("columnheader", name=column, exact=True)).to_be_visible()
    nav = page.locator("#adviser-nav")
    expect(nav.get_by_role("link", name="Portfolio")).to_have_attribute("aria-current", "page")
    expect(nav).to_contain_text("Toegang van klanten")
    expect(page.locator(".journey-nav__num")).to_have_count(0)  # no seven steps for a hub
    screenshot(page, "adviser-portfolio-nl")

    # The adviser navigation leads to the hub's own pages.
    nav.get_by_role("link", name="Criteriasets en adviesteksten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Criteriasets en adviesteksten")
    expect(page.locator("#adviser-nav").get_by_role("link", name="Criteriasets en adviesteksten")).to_have_attribute(
        "aria-current", "page")
    screenshot(page, "adviser-nav-nl")

    # Opening a client shows the client's journey; the way back leads to the portfolio.
    page.locator("#adviser-nav").get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    page.get_by_role("button", name=f"{DEMO_ORGANISATION} openen").click()
    expect(page.locator(".adviser-banner")).to_contain_text(DEMO_ORGANISATION)
    expect(page.locator(".journey-nav__num")).to_have_count(7)
    expect(page.locator("#adviser-nav")).to_have_count(0)
    page.get_by_role("button", name="Terug naar uw portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    expect(page.locator("#adviser-nav")).to_be_visible()
    context.close()
