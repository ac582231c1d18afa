"""The guide's figures page (Budget) in Dutch: padded cards, units beside the inputs, each figure
once, and at 390 px wide no sideways scrolling and every "Use my value" button inside its card."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from tests.browser.conftest import screenshot
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

EMAIL = "eigenaar@example.com"
PAYBACK_TITLE = "Terugverdientijd van geslaagde AI-projecten in het mkb, na volledige invoering"


def test_figures_page_fits_a_phone_and_shows_units(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.create(name="Bakkerij de Vries", language="nl")
    owner = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Els de Vries")
    Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # Logged in before the next goto: going on at once could cancel the login's POST (no session).
    expect(page.locator(".user-menu summary")).to_be_visible()
    page.goto(live_server.url + reverse("budget:figures"))
    expect(page.get_by_role("heading", name=PAYBACK_TITLE)).to_have_count(1)
    payback = page.locator('[data-figure="costs.roi.payback"]')
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
    outside = page.evaluate("""() => [...document.querySelectorAll('#figures > li.card')].filter(card => {
        const box = card.getBoundingClientRect();
        const button = card.querySelector('button[type=submit]').getBoundingClientRect();
        return button.right > box.right || button.left < box.left;
    }).map(card => card.dataset.figure)""")
    assert outside == []
    screenshot(page, "budget-figures-nl-390")
