"""The supplier portal of a GERMAN company, clicked through by a firm whose browser says Dutch.

Before the browser starts: an organisation in German, a selection with the guide's criteria, a
sent RFP (weights shown) with three questions tied to criteria and one link per firm (made by the
service, as the owner's page does). The firm opens its link (the only ``page.goto``), answers,
enters a price, asks a question, uploads a PDF, reviews, submits and reads its receipt and its
read-only answers. Every page is in the organisation's language (German), not the browser's
(docs/portal.md), and every amount, percentage and moment goes through the one formatter: German
writes "1.250,50 €" and "28 %", where the pages wrote "€ 1.250,50" and "28%" before.

A second test: a DUTCH company's portal opened by a firm whose browser says German stays Dutch.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from partnerwijzer import formatting
from partnerwijzer.portal.models import FirmQuestion, PortalLink
from partnerwijzer.portal.tests import builders as f
from tests.browser.conftest import new_context, screenshot
from tests.personas import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

ANSWER = "Wir beginnen mit einer zweiwöchigen Analyse Ihrer Sensordaten und Wartungsprotokolle."
ASKED = "Dürfen wir die Störungsdaten von Linie 3 vorab einsehen?"
EURO = "\u00a0€"  # German: the amount, a no-break space, then the sign


def _weight(setup: f.PortalSetup, language: str) -> str:
    criterion = setup.questions[0].criterion
    assert criterion is not None
    return formatting.percent(criterion.weight / 100, language=language)


def test_a_firm_answers_a_german_companys_rfp_wholly_in_german(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any, tmp_path: Path
) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    personas = make_personas()
    setup = f.make_portal(personas, language="de", kind="rfp")
    setup.questionnaire.show_weights = True
    setup.questionnaire.save(update_fields=["show_weights"])
    proposal = tmp_path / "Angebot Acme.pdf"
    proposal.write_bytes(f.PDF_BYTES)
    weight = _weight(setup, "de")
    assert weight.endswith(" %")  # "28 %": the formatter's style, which the page must show (it wrote "28%")
    errors: list[str] = []
    context = new_context(browser, locale="nl-NL")  # the firm's browser asks for Dutch
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(live_server.url + reverse("portal:questionnaire", kwargs={"token": setup.token_a}))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_text("Anbieterportal")).to_be_visible()
    deadline = formatting.date_time(timezone.localtime(setup.questionnaire.deadline), language="de")
    expect(page.locator("dd time").first).to_have_text(deadline)
    expect(page.locator("#group-1 .tag")).to_have_text(f"Gewicht {weight}")

    field = page.get_by_label(f.QUESTIONS[0], exact=True)
    field.fill(ANSWER)
    expect(page.locator(f"#status-{setup.questions[0].pk}")).to_have_text("Gespeichert")
    page.get_by_label("Strategieberatung und Konzept (einmalig)").fill("1250,50")
    expect(page.locator("#status-price-strategy")).to_have_text("Gespeichert")

    page.get_by_label("Eine Frage zu diesem Fragebogen stellen").fill(ASKED)
    page.get_by_role("button", name="Frage senden").click()
    expect(page.locator(".messages")).to_contain_text("Ihre Frage ist gesendet")
    expect(page.locator("#own-questions")).to_contain_text(ASKED)
    expect(page.locator("#own-questions")).to_contain_text("Noch nicht beantwortet.")
    assert FirmQuestion.objects.filter(link=setup.link_a, text=ASKED).count() == 1

    page.get_by_label("Datei hochladen").set_input_files(str(proposal))
    page.get_by_role("button", name="Hochladen", exact=True).click()
    expect(page.get_by_text("Die Datei wurde hochgeladen.")).to_be_visible()
    expect(page.locator("#uploads li")).to_contain_text("Angebot Acme.pdf")
    # After the reload the price field holds the stored amount as a German number.
    expect(page.get_by_label("Strategieberatung und Konzept (einmalig)")).to_have_value("1.250,50")
    screenshot(page, "portal-de-answer")

    page.get_by_role("link", name="Prüfen und abgeben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Antworten abgeben")
    expect(page.locator("#submit-summary")).to_have_text(
        "Sie haben 1 von 3 Fragen beantwortet und 1 Datei hochgeladen.")  # not "Datei(en)"
    expect(page.locator("#submit-price li")).to_have_text(
        re.compile(r"^Strategieberatung und Konzept: 1\.250,50" + EURO + "$"))
    screenshot(page, "portal-de-submit")
    page.get_by_role("button", name="Jetzt abgeben").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank: Ihre Antworten wurden abgegeben")
    link = PortalLink.objects.get(pk=setup.link_a.pk)
    assert link.submitted_at is not None
    expect(page.locator("#receipt-code")).to_have_text(link.receipt_code)
    expect(page.locator("#receipt-time")).to_have_text(
        formatting.date_time(timezone.localtime(link.submitted_at), language="de"))
    screenshot(page, "portal-de-receipt")

    page.get_by_role("link", name="Ihre abgegebenen Antworten lesen").click()
    expect(page.locator("#submitted-note")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator("div#price-strategy")).to_have_text(re.compile(r"^1\.250,50" + EURO + "$"))
    expect(page.locator("div#price-data")).to_have_text("Nicht angeboten")
    # Submitted: the price no longer says it is "saved as you type".
    expect(page.locator("#price-hint")).to_have_text("Beträge in Euro, ohne Mehrwertsteuer.")
    expect(page.locator("#group-1 .tag")).to_have_text(f"Gewicht {weight}")
    screenshot(page, "portal-de-read-only")
    context.close()
    # One error is expected by nobody: no CSP violation, no failed request.
    assert not errors, errors


def test_a_dutch_companys_portal_stays_dutch_in_a_german_browser(  # type: ignore[no-untyped-def]
    live_server, browser: Browser,
) -> None:
    """docs/portal.md: the portal speaks the organisation's language, not the visitor's."""
    personas = make_personas()
    setup = f.make_portal(personas, language="nl", kind="rfp")
    setup.questionnaire.show_weights = True
    setup.questionnaire.save(update_fields=["show_weights"])
    context = new_context(browser, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:questionnaire", kwargs={"token": setup.token_b}))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_text("Leveranciersportaal")).to_be_visible()
    expect(page.locator("#group-1 .tag")).to_have_text(f"gewicht {_weight(setup, 'nl')}")
    page.get_by_label("Strategisch advies en concept (eenmalig)").fill("1250,5")
    expect(page.locator("#status-price-strategy")).to_have_text("Opgeslagen")
    page.get_by_role("link", name="Controleren en indienen").click()
    expect(page.locator("#submit-price li")).to_have_text(
        re.compile(r"^Strategisch advies en concept: €\u00a01\.250,50$"))
    context.close()
