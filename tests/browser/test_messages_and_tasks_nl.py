"""Issue 16 items 1-3, clicked in Dutch: the owner gives a colleague a seat and has the product send a
firm its portal link; the outgoing messages page shows both; the worker sends them (the evaluator's seat
message is read from the outbox); the evaluator signs in and sees the task first, and on "Mijn taken".

Before the browser starts: an organisation in Dutch with a selection, one candidate with a contact
e-mail and a sent RFI. Everything else is clicked; ``page.goto`` only opens the login page.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.outbox import delivery
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.questionnaires.services import questionnaire_create, questionnaire_send
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

TITLE = "Partner voor onderhoudsvoorspelling"


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()


def test_owner_gives_a_seat_and_sends_a_portal_link_the_evaluator_sees_the_task_first(  # type: ignore[no-untyped-def]
    live_server, browser: Browser
) -> None:
    personas = make_personas()
    organisation = personas.organisation
    owner = personas.owner
    selection = selection_create(actor=owner, organisation=organisation, title=TITLE)
    candidate_create(actor=owner, selection=selection, name="Acme AI", contact_name="Ada de Vries",
                     contact_email="ada@acme.example")
    questionnaire = questionnaire_create(actor=owner, selection=selection, kind="rfi", title="RFI onderhoud",
                                         deadline=timezone.now() + timedelta(days=21))
    questionnaire_send(actor=owner, questionnaire=questionnaire)
    base = live_server.url
    errors: list[str] = []

    context = new_context(browser)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _log_in(page, base, owner.email)

    # --- The owner gives the evaluator a seat ---------------------------------------------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Selectie").click()
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Scores").click()
    page.locator("nav.eval-tabs").get_by_role("link", name="Beoordelaars").click()
    page.get_by_label("Collega").select_option(label="Evaluator (evaluator@example.com)")
    page.get_by_role("button", name="Beoordelaar toevoegen").click()
    expect(page.locator(".messages")).to_contain_text("Evaluator kan nu de kandidaten scoren")

    # --- ... and has the product send the firm its portal link -----------------------------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Selectie").click()
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Vragenlijsten").click()
    page.get_by_role("link", name="RFI onderhoud", exact=True).click()
    page.locator("#portal-links").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portaallinks")
    page.get_by_role("button", name=re.compile(r"^Stuur een link per e-mail\s*:\s*Acme AI$")).click()
    expect(page.locator(".messages")).to_contain_text("ada@acme.example")
    expect(page.locator("#links-table")).to_contain_text("Stuur een nieuwe link per e-mail")
    screenshot(page, "messages-nl-portal-links")

    # --- The outgoing messages page shows both, waiting for the worker ----------------------------------
    page.locator(".user-menu summary").click()
    page.locator(".user-menu").get_by_role("link", name="Uitgaande berichten").click()
    table = page.locator("#outbox-table")
    expect(table).to_contain_text("evaluator@example.com")
    expect(table).to_contain_text(f"U hebt een plaats om “{TITLE}” te scoren")
    expect(table).to_contain_text("ada@acme.example")
    expect(table).to_contain_text("Van Dijk Machinebouw vraagt Acme AI om “RFI onderhoud” te beantwoorden")
    expect(table).not_to_contain_text("/portal/")  # never a token on the page
    expect(table.locator(".outbox-state")).to_have_text(["Wacht op verzending", "Wacht op verzending"])

    # The background worker sends them (here in the test's thread); the page shows them sent.
    assert delivery.send_due() == 2
    seat_mail = next(m for m in mail.outbox if m.to == ["evaluator@example.com"])
    assert seat_mail.subject == f"U hebt een plaats om “{TITLE}” te scoren"
    assert f"/selections/{selection.pk}/scoring/" in seat_mail.body
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#outbox-table .outbox-state")).to_have_text(["Verstuurd", "Verstuurd"])
    screenshot(page, "messages-nl-outbox")
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}
    context.close()

    # --- The evaluator signs in and sees the task first ------------------------------------------------
    context = new_context(browser)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _log_in(page, base, personas.evaluator.email)
    first_panel = page.locator("main section").first
    expect(first_panel).to_have_id("your-tasks")
    expect(first_panel).to_contain_text(TITLE)
    screenshot(page, "messages-nl-evaluator-dashboard")
    page.locator("nav.journey-nav").get_by_role("link", name="Mijn taken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn taken")
    expect(page.locator("#task-list")).to_contain_text(TITLE)
    page.locator("#task-list").get_by_role("link", name="Beginnen met scoren").click()
    expect(page.locator("table.score-matrix")).to_contain_text("Acme AI")
    screenshot(page, "messages-nl-evaluator-scores")
    context.close()
    assert not errors, errors
