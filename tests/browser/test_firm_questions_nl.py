"""Issue 16, items 4 and 5, clicked in Dutch: a firm asks a question through its portal link, the
owner finds it as a task on the dashboard and publishes the answer (anonymised) to every firm, the
firm reads the addendum; then the owner opens the answers side by side and downloads the XLSX.

Before the browser starts: an organisation in Dutch, a selection with two firms, a sent RFI with a
link per firm (made by the service), and Beta's answers submitted (so the side-by-side table has a
column). A ``page.goto`` only opens each actor's first page: the firm's portal link and the login.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.portal import services
from partnerwijzer.portal.models import FirmQuestion
from partnerwijzer.portal.tests import builders as f
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

ASKED = "Wij zijn Acme AI: mogen wij de storingsdata van lijn 3 vooraf inzien?"
PUBLISHED = "Mogen bedrijven de storingsdata vooraf inzien?"
ANSWER = "Ja: elk bedrijf krijgt op verzoek een geanonimiseerd extract van drie maanden."


def _watch(page: Page, errors: list[str]) -> Page:
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page


def test_firm_asks_owner_publishes_firm_reads_addendum_owner_compares(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any, tmp_path: Path
) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    personas = make_personas()
    setup = f.make_portal(personas, language="nl")
    for i, question in enumerate(setup.questions):
        services.answer_save(link=setup.link_b, question_id=question.pk, text=f"Antwoord van Beta {i + 1}")
    services.submit(link=setup.link_b)
    base = live_server.url
    errors: list[str] = []

    # --- The firm asks -----------------------------------------------------------------------------
    firm_context = new_context(browser)
    firm = _watch(firm_context.new_page(), errors)
    firm.goto(base + reverse("portal:questionnaire", kwargs={"token": setup.token_a}))
    expect(firm.locator("html")).to_have_attribute("lang", "nl")
    firm.get_by_label("Stel een vraag over deze vragenlijst").fill(ASKED)
    firm.get_by_role("button", name="Vraag versturen").click()
    expect(firm.locator(".messages")).to_contain_text("Uw vraag is verstuurd")
    expect(firm.locator("#own-questions")).to_contain_text(ASKED)
    expect(firm.locator("#own-questions")).to_contain_text("Nog niet beantwoord.")
    assert FirmQuestion.objects.get().link_id == setup.link_a.pk

    # --- The owner answers from the dashboard's task and publishes it ------------------------------
    owner_context = new_context(browser)
    owner = _watch(owner_context.new_page(), errors)
    owner.goto(base + reverse("accounts:login"))
    owner.get_by_label("E-mailadres").fill(personas.owner.email)
    owner.get_by_label("Wachtwoord").fill(PASSWORD)
    owner.get_by_role("button", name="Inloggen").click()
    tasks = owner.locator("#your-tasks")
    expect(tasks).to_contain_text("Beantwoord de vraag van Acme AI")
    tasks.get_by_role("link", name="Vraag beantwoorden").click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Vragen van bedrijven")
    expect(owner.locator(".firm-question")).to_contain_text(ASKED)
    owner.get_by_label("Uw antwoord").fill(ANSWER)
    owner.get_by_label("De vraag zoals elk bedrijf die leest").fill(PUBLISHED)
    owner.get_by_role("button", name="Publiceren voor alle bedrijven").click()
    expect(owner.locator(".messages")).to_contain_text("gepubliceerd voor alle bedrijven")
    expect(owner.locator(".firm-question")).to_have_attribute("data-status", "published")

    # --- The firm reads the addendum ---------------------------------------------------------------
    firm.reload()
    addenda = firm.locator("#addenda")
    expect(addenda).to_contain_text(PUBLISHED)
    expect(addenda).to_contain_text(ANSWER)
    expect(firm.locator("#own-questions")).to_contain_text("zie de aanvullingen hierboven")
    screenshot(firm, "firm-question-addendum-nl")

    # --- The owner compares the answers and downloads them -----------------------------------------
    owner.get_by_role("link", name="Terug naar de portaallinks").click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Portaallinks")
    owner.get_by_role("link", name="Antwoorden naast elkaar").click()
    table = owner.locator("#side-by-side")
    expect(table).to_contain_text("Beta Analytics")
    expect(table).to_contain_text("Antwoord van Beta 2")
    expect(table.locator("thead th")).to_have_count(2)  # the question column and Beta (Acme did not submit)
    screenshot(owner, "answers-side-by-side-nl")
    with owner.expect_download() as download_info:
        owner.get_by_role("link", name="Downloaden als Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert sheet is not None
    assert sheet.cell(row=4, column=3).value == "Beta Analytics"
    assert sheet.cell(row=6, column=3).value == "Antwoord van Beta 1"

    owner_context.close()
    firm_context.close()
    assert not errors, errors
