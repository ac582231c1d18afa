"""Found walking the demo in German (a German-speaking colleague in a Dutch company), clicked: the
questionnaire page's head shows the deadline in German through the formatter and the preview of what
the firms read is wholly Dutch (no German sentence around a Dutch date); the audit log names its
change keys and object types in German (no "Added:", "To:", "message" or "X for Y"). Every click is
followed by an auto-waiting ``expect``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.questionnaires.services import questionnaire_create
from partnerwijzer.sourcing.services import selection_create
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_a_german_owner_of_a_dutch_company_reads_one_language_per_sentence(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any,
) -> None:
    personas = make_personas()
    owner, organisation = personas.owner, personas.organisation
    assert organisation.language == "nl"
    User.objects.filter(pk=owner.pk).update(language="de")
    selection = selection_create(actor=owner, organisation=organisation, title="Voorspellend onderhoud")
    deadline = timezone.make_aware(timezone.datetime(2027, 1, 25, 17, 0))
    questionnaire_create(actor=owner, selection=selection, kind="rfi", title="RFI onderhoud", deadline=deadline,
                         contact_name="Sanne", contact_email="sanne@example.com", timeline="Start in maart.")
    AuditEvent.objects.create(
        organisation=organisation, actor=owner, actor_label=owner.email, action="message.queue",
        target_type="outbox.message", target_id="x", target_label="x",
        changes={"to": "firma@example.com", "essential": True},
    )

    context = new_context(browser, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-Mail-Adresse").fill(owner.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator(".user-menu summary")).to_be_visible()

    # --- The questionnaire: the head in German, the firms' preview in Dutch -----------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Auswahl").click()
    expect(page.get_by_role("link", name="Voorspellend onderhoud").first).to_be_visible()
    page.get_by_role("link", name="Voorspellend onderhoud").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorspellend onderhoud")
    page.get_by_role("link", name="Fragebögen").first.click()
    expect(page.get_by_role("link", name="RFI onderhoud")).to_be_visible()
    page.get_by_role("link", name="RFI onderhoud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("RFI onderhoud")
    expect(page.locator(".q-meta")).to_contain_text("Frist: 25. Januar 2027 17:00")
    preview = page.locator("#company")
    expect(preview).to_contain_text("Was die Firmen über Sie lesen")  # the owner's own note, German
    expect(preview).to_contain_text("Antwoorden moeten uiterlijk 25 januari 2027 17:00 binnen zijn.")
    expect(preview).not_to_contain_text("erwartet")
    expect(preview.get_by_role("heading", name="Planning")).to_be_visible()
    screenshot(page, "walkde_questionnaire_de")

    # --- The audit log: keys and object types in German ------------------------------------------
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="Änderungsprotokoll").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderungsprotokoll")
    table = page.locator("table")
    expect(table).to_contain_text("An: firma@example.com")
    expect(table).to_contain_text("Unverzichtbar: ja")
    expect(table).to_contain_text("Nachricht")
    expect(table).not_to_contain_text("Essential:")
    screenshot(page, "walkde_audit_de")
    context.close()
