"""Issue 7, "Done when": a candidate firm answers an RFI through its portal link in real Chromium
and uploads a PDF, then an evaluator sees those answers next to the scoring form.

Before the browser starts: an organisation (English), an owner, an evaluator with a seat, a
selection with the guide's criteria, two candidate firms, a sent RFI with three questions tied
to criteria, and one link per firm (made by the service, as the owner's page does). The firm
opens its link without an account, types its answers (saved by HTMX as it types, no button),
uploads a PDF, submits after the confirmation and reads its receipt. The evaluator logs in,
opens the scoring form of that firm and finds the answers and the file there. Any console error
(a CSP violation, a failed request) fails the test. ``page.goto`` opens only each person's first
page (the firm's link, the evaluator's sign-in page); everything else is clicked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.portal.models import PortalAnswer, PortalLink, PortalUpload
from partnerwijzer.portal.tests import builders as f
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

ANSWERS = (
    "We start with a two-week analysis of your machines' sensor data and maintenance logs.",
    "Training data stays in an EU region; no customer data is used to train public models.",
    "Packaging line at Verpakking BV (2024), press shop at Stahl GmbH (2023), bakery line at Bakkerij Jansen (2025).",
)


def test_firm_answers_through_its_link_and_the_evaluator_sees_it(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, page: Page, settings: Any, tmp_path: Path
) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    personas = make_personas()
    setup = f.make_portal(personas, language="en")
    Evaluator.objects.create(selection=setup.selection, user=personas.evaluator, added_by=personas.owner)
    proposal = tmp_path / "Acme proposal.pdf"
    proposal.write_bytes(f.PDF_BYTES)
    base = live_server.url

    # --- The firm: no account, only the link ------------------------------------------------------
    page.goto(base + reverse("portal:questionnaire", kwargs={"token": setup.token_a}))
    expect(page.get_by_role("heading", level=1)).to_have_text("RFI predictive maintenance")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-candidate]")).to_have_text("Acme AI")
    expect(page.get_by_text("Beta Analytics")).to_have_count(0)
    for question, text in zip(f.QUESTIONS, ANSWERS, strict=True):
        field = page.get_by_label(question, exact=True)
        field.fill(text)
        status = page.locator(f"#status-{field.get_attribute('id').removeprefix('answer-')}")  # type: ignore[union-attr]
        expect(status).to_have_text("Saved")
    assert sorted(PortalAnswer.objects.filter(link=setup.link_a).values_list("text", flat=True)) == sorted(ANSWERS)

    page.get_by_label("Upload a file").set_input_files(str(proposal))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("The file is uploaded.")).to_be_visible()
    expect(page.locator("#uploads li")).to_contain_text("Acme proposal.pdf")
    # Answers are still there after the reload that the upload caused.
    expect(page.get_by_label(f.QUESTIONS[1], exact=True)).to_have_value(ANSWERS[1])
    screenshot(page, "portal-answer")

    page.get_by_role("link", name="Review and submit").click()
    expect(page.locator("#submit-summary")).to_have_text(
        "You answered 3 of 3 questions and uploaded 1 file.")
    page.get_by_role("button", name="Submit now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your answers are submitted")
    link = PortalLink.objects.get(pk=setup.link_a.pk)
    assert link.submitted_at is not None
    expect(page.locator("#receipt-code")).to_have_text(link.receipt_code)
    expect(page.locator("#receipt-code")).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    screenshot(page, "portal-receipt")
    page.get_by_role("link", name="Read your submitted answers").click()
    # The read-only page has arrived (the receipt has no textarea either, so wait for it first).
    expect(page.locator("#submitted-note")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    assert PortalUpload.objects.filter(link=link).count() == 1

    # --- The evaluator: logs in and scores the firm ---------------------------------------------------
    # Another person in a browser of their own: the sign-in page is their first page, the rest is clicked.
    evaluator: User = personas.evaluator
    assert Membership.objects.get(user=evaluator).role == Role.EVALUATOR
    errors: list[str] = []
    scorer = new_context(browser).new_page()
    scorer.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    scorer.goto(base + reverse("accounts:login"))
    scorer.get_by_label("E-mailadres").fill(evaluator.email)
    scorer.get_by_label("Wachtwoord").fill(PASSWORD)
    scorer.get_by_role("button", name="Inloggen").click()
    expect(scorer.locator(".user-menu summary")).to_be_visible()
    expect(scorer.locator("html")).to_have_attribute("lang", "en")
    # The evaluator's dashboard starts with the task to score; it leads to the scores overview.
    scorer.get_by_role("link", name="Start scoring").click()
    expect(scorer.locator("table.score-matrix")).to_contain_text("Acme AI")
    scorer.locator("table.score-matrix").get_by_role("link", name="Acme AI", exact=True).click()
    # Issue 16: the score form comes after declaring any relationship with the firm.
    expect(scorer.get_by_role("heading", level=1)).to_have_text("Relationship with Acme AI")
    scorer.get_by_label("No, I have no relationship with this firm").check()
    scorer.get_by_role("button", name="Save declaration").click()
    panel = scorer.locator("#portal-answers")
    expect(panel.get_by_role("heading", level=2)).to_have_text("Answers of Acme AI through the portal")
    for text in ANSWERS:
        expect(panel.get_by_text(text)).to_be_visible()
    expect(panel.get_by_role("link", name="Acme proposal.pdf")).to_be_visible()
    expect(panel).to_contain_text(link.receipt_code)
    expect(scorer.locator("form.score-form")).to_be_visible()
    screenshot(scorer, "portal-evaluator")
    scorer.context.close()
    assert not errors, errors  # a CSP violation or a script error on the evaluator's pages
