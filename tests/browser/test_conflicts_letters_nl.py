"""Issue 16, items 7 and 8, clicked in Dutch: an evaluator declares no relationship with one firm and
a relationship with another before scoring each; the owner excludes that seat for that firm from
the dashboard task, closes scoring and reads on the ranking page that the seat is left out; after
choosing the partner the owner drafts the letters, edits and sends the regret letter, sends the
award letter and downloads the regret letter as DOCX.

Before the browser starts: an organisation in Dutch with a selection of three firms and two
criteria, one colleague's submitted scores, and an (unsubmitted) seat for the evaluator persona.
Everything else is clicked; a ``page.goto`` only opens each person's start page.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.evaluation.models import ConflictDeclaration, Evaluator
from partnerwijzer.evaluation.tests.builders import make_scored_selection
from partnerwijzer.letters.models import Letter
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

TITLE = "Partner voor voorspellend onderhoud"
FIRMS = ("Alfa AI", "Beta Data", "Gamma Analytics")
RELATION = "Ik heb tot 2024 bij Beta Data gewerkt."
REGRET_EXTRA = "We denken graag mee bij een volgend project."


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()


def _score(page: Page, firm: str, *, relation: str = "") -> None:
    """From "Mijn scores": open the firm, declare, then give 4 on both criteria and save."""
    page.locator("table.score-matrix").get_by_role("link", name=firm, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Relatie met {firm}")
    if relation:
        page.get_by_label("Ja, ik heb een relatie met dit bedrijf").check()
        page.get_by_label("Wat is de relatie?").fill(relation)
    else:
        page.get_by_label("Nee, ik heb geen relatie met dit bedrijf").check()
    page.get_by_role("button", name="Verklaring opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{firm} scoren")
    cells = page.locator("form.score-form fieldset.score-criterion")
    expect(cells).to_have_count(2)
    for i in range(2):
        cells.nth(i).locator('input[type="radio"][value="4"]').check()
    page.get_by_role("button", name="Scores opslaan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"Scores voor {firm} opgeslagen")
    page.locator("nav.eval-tabs").get_by_role("link", name="Mijn scores", exact=True).click()


def test_conflict_declared_excluded_ranked_and_letters_sent(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, tmp_path: Path
) -> None:
    personas = make_personas()
    organisation = personas.organisation
    organisation.language = "nl"
    organisation.save(update_fields=["language"])
    built = make_scored_selection(
        organisation=organisation, candidates=FIRMS, title=TITLE,
        criteria=(("Branchekennis", 60, False), ("Prijs", 40, True)),
        scores=[[[5, 4], [3, 3], [2, 3]]],
    )
    Evaluator.objects.create(selection=built.selection, user=personas.evaluator, added_by=personas.owner)
    base = live_server.url
    errors: list[str] = []

    # --- The evaluator declares per firm, then scores and submits -------------------------------------
    evaluator = new_context(browser).new_page()
    evaluator.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(evaluator, base, personas.evaluator.email)
    evaluator.goto(base + reverse("sourcing:selection_list"))
    evaluator.get_by_role("link", name=TITLE).click()
    evaluator.locator("nav.subnav").get_by_role("link", name="Scores").click()
    expect(evaluator.locator("table.score-matrix")).to_contain_text("eerst verklaren")
    _score(evaluator, "Alfa AI")
    _score(evaluator, "Beta Data", relation=RELATION)
    screenshot(evaluator, "issue16-nl-declared")
    _score(evaluator, "Gamma Analytics")
    expect(evaluator.locator("table.score-matrix")).to_contain_text("relatie gemeld")
    evaluator.get_by_role("link", name="Mijn scores indienen").click()
    evaluator.get_by_role("button", name="Ja, mijn scores indienen").click()
    expect(evaluator.locator(".messages")).to_contain_text("Uw scores zijn ingediend")
    evaluator.context.close()

    # --- The owner decides from the dashboard task, closes scoring, reads the ranking ----------------
    page = new_context(browser).new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, base, personas.owner.email)
    tasks = page.locator("#your-tasks")
    expect(tasks).to_contain_text("Beta Data")
    tasks.get_by_role("link", name="Beslis over het belangenconflict").click()
    expect(page.locator("blockquote")).to_contain_text(RELATION)
    page.get_by_label("De scores van deze beoordelaar voor deze kandidaat uitsluiten").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator(".messages")).to_contain_text("blijven buiten de ranglijst")
    expect(page.locator("table.conflicts-table tbody tr")).to_have_attribute("data-decision", "excluded")
    page.locator("nav.eval-tabs").get_by_role("link", name="Beoordelaars").click()
    page.get_by_role("button", name="Scoren afsluiten").click()
    expect(page.locator(".messages")).to_contain_text("Het scoren is gesloten")
    page.locator("nav.eval-tabs").get_by_role("link", name="Ranglijst").click()
    notice = page.locator('[data-notice="conflict_excluded"]')
    expect(notice).to_contain_text("Beta Data")
    expect(notice).to_contain_text("belangenconflict")
    screenshot(page, "issue16-nl-ranking")

    # --- The partner decision, then the letters ------------------------------------------------------
    page.locator("nav.journey-nav").get_by_role("link", name=re.compile("Contract")).click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contractchecklist")
    page.get_by_text("Alfa AI (Longlist)").click()
    page.get_by_label("Waarom deze partner").fill("Sterkste branchekennis.")
    page.get_by_role("button", name="Kiezen en checklist starten").click()
    expect(page.locator("#preferred")).to_have_text("Alfa AI")
    page.get_by_role("link", name="Gunnings- en afwijzingsbrieven").click()
    page.get_by_role("button", name="Brieven opstellen").click()
    expect(page.locator(".messages")).to_contain_text("Brieven opgesteld")
    regret = page.locator("li.letter-card", has_text="Beta Data")
    expect(regret).to_have_attribute("data-kind", "regret")
    # Cards like the others (issue 16): the list's ".plain-list li" rule took their padding away.
    expect(regret).to_have_css("padding-left", "24px")
    expect(regret).to_have_css("padding-top", "24px")
    regret.get_by_role("link", name=re.compile(r"^Bewerken")).click()
    body = page.get_by_label("Brief", exact=True)
    expect(body).to_contain_text("Beta Data")
    body.fill(body.input_value() + "\n\n" + REGRET_EXTRA)
    page.get_by_role("button", name="Brief opslaan").click()
    expect(page.locator(".messages")).to_contain_text("is opgeslagen")
    regret.get_by_role("link", name=re.compile(r"^Versturen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De brief aan Beta Data versturen?")
    expect(page.locator(".letter-preview")).to_contain_text(REGRET_EXTRA)
    page.get_by_role("button", name="Ja, de brief versturen").click()
    expect(page.locator(".messages")).to_contain_text("is verstuurd")
    expect(regret).to_have_attribute("data-sent", "1")
    award = page.locator("li.letter-card", has_text="Alfa AI")
    expect(award).to_have_attribute("data-kind", "award")
    award.get_by_role("link", name=re.compile(r"^Versturen")).click()
    page.get_by_role("button", name="Ja, de brief versturen").click()
    expect(award).to_have_attribute("data-sent", "1")
    screenshot(page, "issue16-nl-letters")
    with page.expect_download() as download:
        regret.get_by_role("link", name=re.compile(r"^DOCX downloaden")).click()
    path = tmp_path / "regret.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert REGRET_EXTRA in text
    assert "Beta Data" in text
    assert "Alfa AI" not in text
    assert "Gamma Analytics" not in text
    page.context.close()

    excluded = ConflictDeclaration.objects.get(candidate=built.candidate("Beta Data"),
                                               evaluator__user=personas.evaluator)
    assert excluded.excluded
    assert Letter.objects.filter(selection=built.selection, sent_at__isnull=False).count() == 2
    assert not errors, errors
