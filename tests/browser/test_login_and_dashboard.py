"""The demo user logs in and sees the dashboard in Dutch, English and German."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD, demo_seed
from tests.browser.conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "nl": "Uw weg naar de juiste AI-partner",
    "en": "Your way to the right AI partner",
    "de": "Ihr Weg zum richtigen KI-Partner",
}


def test_demo_user_logs_in_and_switches_language(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    demo_seed()
    page.goto(live_server.url + "/")
    # Anonymous visitors land on the login page, in Dutch by default.
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    screenshot(page, "login-nl")
    page.get_by_label("E-mailadres").fill(DEMO_OWNER_EMAIL)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["nl"])
    screenshot(page, "dashboard-nl")
    for language in ("en", "de", "nl"):
        page.select_option("#lang-switch", language)  # the switcher submits on change
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[language])
        screenshot(page, f"dashboard-{language}")


def test_browser_language_decides_for_anonymous_visitors(live_server, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    for locale, lang, heading in [("de-DE", "de", "Anmelden"), ("en-GB", "en", "Log in")]:
        context = new_context(browser, locale=locale)
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        context.close()


def test_dashboard_on_a_phone_is_usable_with_the_keyboard(live_server, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    demo_seed()
    context = new_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip-link")).to_be_focused()
    page.get_by_label("E-mailadres").fill(DEMO_OWNER_EMAIL)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["nl"])
    # Nothing wider than the screen: no sideways scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "dashboard-phone")
    context.close()
