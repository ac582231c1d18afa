"""The adviser's portfolio at 1280 px (polish4): the twelve columns scroll sideways inside their
wrapper (the page itself does not), the client's name keeps a sensible width instead of five lines,
and rows stay compact (they were 147-170 px tall: the name, the next step's holder and the "Open
<client>" button each squeezed into a narrow column)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from partnerwijzer.demo import DEMO_ADVISER_EMAIL, DEMO_ORGANISATION, DEMO_PASSWORD, demo_seed
from tests.browser.conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_the_portfolio_table_scrolls_in_its_wrapper_with_compact_rows(  # type: ignore[no-untyped-def]
    live_server, browser: Browser,
) -> None:
    demo_seed()
    context = new_context(browser, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("E-mailadres").fill(DEMO_ADVISER_EMAIL)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    table = page.locator("main table")
    expect(table).to_contain_text(DEMO_ORGANISATION)
    screenshot(page, "adviser-portfolio-1280-nl")

    wrap = page.locator("main .table-wrap").first  # the clients table; the exports come below it
    assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its wrapper...
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280  # ...not the page

    name = table.get_by_role("rowheader").filter(has_text=DEMO_ORGANISATION)
    assert name.evaluate("e => e.getBoundingClientRect().width") >= 220  # 14rem, not ~160 px
    assert name.evaluate("e => getComputedStyle(e).position") == "sticky"  # stays in view while scrolling
    heights = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert heights
    assert max(heights) < 140, heights
    context.close()
