"""The guide's figures page (Budget) in Dutch: padded cards, units beside the inputs, each figure
once, and at 390 px wide no sideways scrolling and every "Use my value" button inside its card.

The page lists some ninety figures; at 390 px it was over 30,000 px tall. The figures sit in one
collapsible group per data file (open only where the organisation has its own value), and a filter
box narrows the list as one types (with JavaScript) or on submit (without)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.models import FigureOverride
from tests.browser.conftest import screenshot
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

EMAIL = "eigenaar@example.com"
PAYBACK_TITLE = "Terugverdientijd van geslaagde AI-projecten in het mkb, na volledige invoering"
PAYBACK = "costs.roi.payback"
HR_SHARE = '[data-figure="department_budget.hr.share"]'
HEIGHT_BOUND = 4000
"""At 390 px wide, with every group closed, the page must fit in a few screens (it was 30,904 px)."""


def _log_in(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.create(name="Bakkerij de Vries", language="nl")
    owner = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Els de Vries")
    Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # Logged in before the next goto: going on at once could cancel the login's POST (no session).
    expect(page.locator(".user-menu summary")).to_be_visible()


def _height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def test_figures_page_fits_a_phone_and_shows_units(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    _log_in(live_server, page)
    page.goto(live_server.url + reverse("budget:figures"))
    page.locator("summary").filter(has_text="Kosten en rendement").click()
    expect(page.get_by_role("heading", name=PAYBACK_TITLE)).to_have_count(1)
    payback = page.locator(f'[data-figure="{PAYBACK}"]')
    expect(payback.get_by_label("Laag (maanden)")).to_be_visible()
    screenshot(page, "budget-figures-nl-1280")
    # The card's padding keeps the heading off the card's edge.
    gap = page.evaluate("""() => {
        const card = document.querySelector('[data-figure="costs.roi.payback"]');
        return card.querySelector('h3').getBoundingClientRect().left - card.getBoundingClientRect().left;
    }""")
    assert gap >= 12, gap
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    outside = page.evaluate("""() => [...document.querySelectorAll('#figures li.card')]
        .filter(card => card.getClientRects().length).filter(card => {
        const box = card.getBoundingClientRect();
        const button = card.querySelector('button[type=submit]').getBoundingClientRect();
        return button.right > box.right || button.left < box.left;
    }).map(card => card.dataset.figure)""")
    assert outside == []
    screenshot(page, "budget-figures-nl-390")


def test_figures_page_is_short_on_a_phone_and_the_filter_finds_a_figure(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(live_server, page)
    page.goto(live_server.url + reverse("budget:figures"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De cijfers van de gids en uw eigen waarden")
    # Every group closed: the page is a few screens, not thirty thousand pixels.
    groups = page.locator("details.budget-figures__group")
    expect(groups).to_have_count(8)
    expect(page.locator("details.budget-figures__group[open]")).to_have_count(0)
    assert _height(page) < HEIGHT_BOUND, _height(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "budget-figures-nl-390-closed")

    # Typing narrows the list at once: the payback shows, the HR share does not.
    total = page.locator("#figures li.card").count()
    assert total > 50, total
    search = page.get_by_label("Zoek een cijfer")
    search.fill("terugverdientijd")
    payback = page.locator(f'[data-figure="{PAYBACK}"]')
    expect(payback.get_by_role("heading", name=PAYBACK_TITLE)).to_be_visible()
    expect(page.locator(HR_SHARE)).to_be_hidden()
    expect(page.locator("[data-figure-count]")).to_contain_text("Cijfers die passen:")
    shown = page.locator("#figures li.card:visible")
    expect(shown).not_to_have_count(0)
    assert shown.count() < total / 3, (shown.count(), total)
    # Two words: both must occur ("HR" and "budget" find the department's share only).
    search.fill("hr budget")
    expect(page.locator(HR_SHARE)).to_be_visible()
    expect(payback).to_be_hidden()
    # Cleared: back to the closed groups.
    search.fill("")
    expect(page.locator("details.budget-figures__group[open]")).to_have_count(0)
    expect(page.locator("[data-figure-count]")).to_have_text("")

    # An own value: saved, its group open after the save, the others still closed, the page short.
    search.fill("terugverdientijd")
    payback.get_by_label("Laag (maanden)").fill("6")
    payback.get_by_label("Hoog (maanden)").fill("9")
    payback.get_by_label("Reden").fill("Onze laatste twee projecten")
    payback.get_by_role("button", name="Mijn waarde gebruiken").click()
    expect(page.locator(".messages")).to_contain_text("Uw waarde is opgeslagen en geldt in elke berekening.")
    own = page.locator(f'[data-figure="{PAYBACK}"] [data-own-value]')
    expect(own).to_be_visible()
    expect(own).to_contain_text("Onze laatste twee projecten")
    expect(page.locator("details.budget-figures__group[open]")).to_have_count(1)
    expect(page.locator("details#group-costs")).to_have_attribute("open", "")
    expect(page.locator("details#group-costs summary")).to_contain_text("1 eigen waarde")
    assert FigureOverride.objects.filter(key=PAYBACK, low=6, high=9).exists()
    screenshot(page, "budget-figures-nl-390-own")

    # Submitting the box filters on the server (the same words, without JavaScript too).
    search = page.get_by_label("Zoek een cijfer")
    search.fill("personeelszaken")
    search.press("Enter")
    expect(page.locator("[data-figure-count]")).to_contain_text("Cijfers die passen:")
    expect(page.locator(HR_SHARE)).to_be_visible()
    expect(page.locator(f'[data-figure="{PAYBACK}"]')).to_have_count(0)
    # Nothing matches: say so, and lead back to every figure.
    search = page.get_by_label("Zoek een cijfer")
    search.fill("xyzzy")
    search.press("Enter")
    expect(page.locator("[data-figures-empty]")).to_contain_text("Geen cijfer past bij “xyzzy”.")
    page.locator("[data-figures-empty]").get_by_role("link", name="Toon alle cijfers").click()
    expect(groups).to_have_count(8)
    expect(page.get_by_label("Zoek een cijfer")).to_have_value("")
