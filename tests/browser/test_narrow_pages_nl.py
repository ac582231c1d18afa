"""At 390 px wide, in Dutch, pages of the demo organisation do not scroll sideways.

Found by walking the demo at phone width: long Dutch compounds ("gegevensbeschermingseffect-
beoordeling") and source URLs pushed the sources page to 526 px and the GDPR result to 420 px,
the API token page's curl example to 520 px, a fieldset of checkboxes (questionnaire sharing) to
393 px, and the pairwise comparison's seventeen-point scale to 484 px. Each page is opened
directly (the link checker proves that members reach them by links) and its width measured once
its heading is there; the journey navigation scrolls inside its own box and is not the page's width.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partnerwijzer.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD, demo_seed
from partnerwijzer.planning.models import Answer, GuidedCheck, UseCase
from partnerwijzer.sourcing.models import Selection
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

EVALUATOR = "pieter.bakker@partnerwijzer.example"


def _selection() -> Selection:
    return Selection.objects.order_by("created_at").first()  # type: ignore[return-value]


def _use_case_with_gdpr() -> UseCase:
    answered = Answer.objects.filter(questionnaire=GuidedCheck.GDPR).values("use_case")
    return UseCase.objects.filter(pk__in=answered).order_by("created_at").first()  # type: ignore[return-value]


PAGES: dict[str, tuple[str, Callable[[], str]]] = {
    "sources": (DEMO_OWNER_EMAIL, lambda: reverse("knowledge:sources")),
    "api-tokens": (DEMO_OWNER_EMAIL, lambda: reverse("api:tokens")),
    "gdpr-result": (DEMO_OWNER_EMAIL, lambda: reverse("planning:gdpr_result", args=[_use_case_with_gdpr().pk])),
    "questionnaire-new": (DEMO_OWNER_EMAIL,
                          lambda: reverse("questionnaires:questionnaire_create", args=[_selection().pk]) + "?kind=rfi"),
    "pairwise": (EVALUATOR, lambda: reverse("evaluation:pairwise", args=[_selection().pk])),
}


def _log_in(live_server, page: Page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_phone(live_server, page: Page, name: str) -> None:  # type: ignore[no-untyped-def]
    demo_seed()
    email, url = PAGES[name]
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(live_server, page, email)
    page.goto(live_server.url + url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, f"narrow-nl-{name}")
    assert width <= 390, (name, width)
