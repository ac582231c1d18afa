"""Issue 16, "Done when", as one story clicked in Dutch: the owner has the product send two firms their
portal links; Acme asks a question and the owner publishes the answer for every firm; both firms submit;
the owner gives a colleague a seat, and the evaluator opens the seat message's link, declares no
relationship, sees Acme's own passage beside the data-protection criterion and scores; the owner compares
the answers side by side, closes scoring, chooses Acme, edits and sends the regret letter to Beta and the
award letter to Acme; Beta reads its letter in the portal, and the letter opens as DOCX and as PDF.

Before the browser starts (services, as the product would have it): a Dutch organisation, a selection with
the reference criteria, two firms with a contact address, and a sent RFI with its generated questions.

Every link a person follows first is READ FROM THE OUTBOX (the stored message, before the worker sends
it and masks the token), never built from a token: the firms' portal links and the evaluator's seat
link. ``page.goto`` opens only those links and the owner's sign-in page; everything else is clicked.
The outbox's periodic run (``manage.py outbox_tick``) sends the messages to Django's test mailbox, and
django-tasks-db's worker indexes the submitted answers, each called here in the test's thread.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from partnerwijzer.documents.tests.helpers import run_worker
from partnerwijzer.evaluation.models import ConflictDeclaration, Criterion, Evaluator, Score
from partnerwijzer.evidence.models import Passage
from partnerwijzer.letters.models import Letter
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.portal.models import FirmQuestion, PortalLink
from partnerwijzer.questionnaires.models import Question
from partnerwijzer.questionnaires.services import questionnaire_create, questionnaire_send
from partnerwijzer.sourcing.models import Candidate
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

TITLE = "Partner voor voorspellend onderhoud"
RFI = "RFI onderhoud"
ACME, BETA = "Acme AI", "Beta Analytics"
ACME_MAIL, BETA_MAIL = "ada@acme.example", "bo@beta.example"
ACME_ANSWER = ("Uw trainingsdata blijven in een datacenter in de EU. Voor de AVG sluiten we eerst een "
               "verwerkersovereenkomst; publieke cloud-AI-diensten gebruiken we niet voor uw data.")
BETA_ANSWER = "Beta bouwt sinds 2015 modellen voor onderhoud van persen en verpakkingslijnen."
ASKED = "Mogen wij de storingsdata van lijn 3 vooraf inzien?"
PUBLISHED = "Mogen bedrijven de storingsdata vooraf inzien?"
PUBLIC_ANSWER = "Ja: elk bedrijf krijgt op verzoek een geanonimiseerd extract van drie maanden."
REGRET_EXTRA = "We denken graag mee bij een volgend project."
GREETING = "Met vriendelijke groet"
PORTAL_LINK = re.compile(r"https?://[^\s\"<>]+/portal/[^\s\"<>/]+/")
SCORING_LINK = re.compile(r"https?://[^\s\"<>]+/selections/[0-9a-f-]+/scoring/")


def _person(browser: Browser, errors: list[str]) -> tuple[BrowserContext, Page]:
    """A fresh browser (own cookies) whose console errors (a CSP violation, a failed request) are kept."""
    context = new_context(browser)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, page


def _sign_in(page: Page, email: str) -> None:
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".user-menu summary")).to_be_visible()


def _queued_link(to_email: str, pattern: re.Pattern[str]) -> str:
    """The link in the one queued message to ``to_email``, read from the stored body (the outbox)."""
    message = Message.objects.get(to_email=to_email, state=MessageState.QUEUED)
    found = pattern.search(message.body_text)
    assert found, message.body_text
    assert found.group(0) in message.body_html
    return found.group(0)


def _send_outbox() -> None:
    """The outbox's periodic run, as the timer of a production set-up starts it (``outbox_tick``)."""
    call_command("outbox_tick", verbosity=0)


def _to_rfi(page: Page) -> None:
    """From any page of the product: the selection, its questionnaires, the RFI's portal links."""
    page.locator("nav.journey-nav").get_by_role("link", name="Selectie").click()
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Vragenlijsten").click()
    page.get_by_role("link", name=RFI, exact=True).click()
    page.locator("#portal-links").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portaallinks")


def _answer(page: Page, question: str, answer: str) -> None:
    field = page.get_by_label(question, exact=True)
    field.fill(answer)
    expect(page.locator(f"#status-{field.get_attribute('id').removeprefix('answer-')}")).to_have_text(  # type: ignore[union-attr]
        "Opgeslagen")


def _submit(page: Page) -> None:
    page.get_by_role("link", name="Controleren en indienen").click()
    page.get_by_role("button", name="Nu indienen").click()
    expect(page.locator("#receipt-code")).to_be_visible()


def _declare(page: Page, firm: str, criteria: int) -> None:
    """From "Mijn scores": open the firm and declare no relationship; the score form follows."""
    page.locator("table.score-matrix").get_by_role("link", name=firm, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Relatie met {firm}")
    page.get_by_label("Nee, ik heb geen relatie met dit bedrijf").check()
    page.get_by_role("button", name="Verklaring opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{firm} scoren")
    cells = page.locator("form.score-form fieldset.score-criterion")
    expect(cells).to_have_count(criteria)


def _save_scores(page: Page, firm: str, value: int, criteria: int) -> None:
    cells = page.locator("form.score-form fieldset.score-criterion")
    for i in range(criteria):
        cells.nth(i).locator(f'input[type="radio"][value="{value}"]').check()
    page.get_by_role("button", name="Scores opslaan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"Scores voor {firm} opgeslagen")
    page.locator("nav.eval-tabs").get_by_role("link", name="Mijn scores", exact=True).click()


def test_owner_team_and_firms_run_the_selection_in_dutch(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any, tmp_path: Path
) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    settings.PARTNERWIJZER_SITE_URL = live_server.url  # the address in messages, as ``make run`` sets it
    personas = make_personas()
    organisation, owner = personas.organisation, personas.owner
    assert organisation.language == "nl"
    selection = selection_create(actor=owner, organisation=organisation, title=TITLE)
    candidate_create(actor=owner, selection=selection, name=ACME, contact_name="Ada de Vries", contact_email=ACME_MAIL)
    candidate_create(actor=owner, selection=selection, name=BETA, contact_name="Bo Bakker", contact_email=BETA_MAIL)
    rfi = questionnaire_create(actor=owner, selection=selection, kind="rfi", title=RFI,
                               deadline=timezone.now() + timedelta(days=21))
    questionnaire_send(actor=owner, questionnaire=rfi)
    criteria = Criterion.objects.filter(selection=selection).count()
    acme_id = Candidate.objects.get(selection=selection, name=ACME).pk
    data_protection = Criterion.objects.get(selection=selection, reference_key="data_protection")
    question = Question.objects.filter(questionnaire=rfi, criterion=data_protection).order_by("position").first()
    assert question is not None, "the generated RFI asks about data protection"
    other_question = Question.objects.filter(questionnaire=rfi).exclude(pk=question.pk).order_by("position").first()
    assert other_question is not None
    base = live_server.url
    errors: list[str] = []

    # --- The owner has the product send both firms their portal links ---------------------------------
    owner_context, page = _person(browser, errors)
    page.goto(base + reverse("accounts:login"))
    _sign_in(page, owner.email)
    _to_rfi(page)
    for firm, address in ((ACME, ACME_MAIL), (BETA, BETA_MAIL)):
        page.get_by_role("button", name=re.compile(rf"^Stuur een link per e-mail\s*:\s*{firm}$")).click()
        expect(page.locator(".messages")).to_contain_text(address)
    expect(page.locator("#links-table")).not_to_contain_text("/portal/")
    page.locator(".user-menu summary").click()
    page.locator(".user-menu").get_by_role("link", name="Uitgaande berichten").click()
    table = page.locator("#outbox-table")
    expect(table).to_contain_text(f"Van Dijk Machinebouw vraagt {ACME} om “{RFI}” te beantwoorden")
    expect(table).to_contain_text(BETA_MAIL)
    expect(table).not_to_contain_text("/portal/")  # never a token on the page

    acme_link = _queued_link(ACME_MAIL, PORTAL_LINK)
    beta_link = _queued_link(BETA_MAIL, PORTAL_LINK)
    _send_outbox()
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent[ACME_MAIL].subject == f"Van Dijk Machinebouw vraagt {ACME} om “{RFI}” te beantwoorden"
    assert acme_link in sent[ACME_MAIL].body
    assert beta_link in sent[BETA_MAIL].body
    assert all("/portal/" not in m.subject for m in mail.outbox)
    assert acme_link not in Message.objects.get(to_email=ACME_MAIL).body_text  # masked once sent

    # --- Acme answers and asks a question -------------------------------------------------------------
    acme_context, acme = _person(browser, errors)
    acme.goto(acme_link)
    expect(acme.locator("html")).to_have_attribute("lang", "nl")
    expect(acme.locator("[data-candidate]")).to_have_text(ACME)
    _answer(acme, question.text, ACME_ANSWER)
    acme.get_by_label("Stel een vraag over deze vragenlijst").fill(ASKED)
    acme.get_by_role("button", name="Vraag versturen").click()
    expect(acme.locator(".messages")).to_contain_text("Uw vraag is verstuurd")
    expect(acme.locator("#own-questions")).to_contain_text("Nog niet beantwoord.")

    # --- The owner finds the question among the tasks and publishes the answer ------------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Mijn taken").click()
    page.locator("#task-list").get_by_role("link", name="Vraag beantwoorden").click()
    expect(page.locator(".firm-question")).to_contain_text(ASKED)
    page.get_by_label("Uw antwoord").fill(PUBLIC_ANSWER)
    page.get_by_label("De vraag zoals elk bedrijf die leest").fill(PUBLISHED)
    page.get_by_role("button", name="Publiceren voor alle bedrijven").click()
    expect(page.locator(".messages")).to_contain_text("gepubliceerd voor alle bedrijven")
    assert FirmQuestion.objects.get().status == "published"
    _send_outbox()  # the owner was told of the question; every firm gets the addendum, without Acme's name
    asked_mail = next(m for m in mail.outbox if m.to == [owner.email])
    assert asked_mail.subject == f"Een bedrijf stelde een vraag over “{RFI}”"
    addenda = [m for m in mail.outbox if m.subject == f"Aanvulling op “{RFI}”"]
    assert sorted(m.to[0] for m in addenda) == [ACME_MAIL, BETA_MAIL]
    assert all(PUBLIC_ANSWER in m.body and ACME not in m.body for m in addenda)

    # --- Acme reads the addendum (opening its page again, as the message asks) and submits; Beta too ---
    acme.reload()
    expect(acme.locator("#addenda")).to_contain_text(PUBLIC_ANSWER)
    expect(acme.locator("#addenda")).not_to_contain_text(ACME)  # published without the asker's name
    _submit(acme)
    screenshot(acme, "issue16-flow-nl-receipt")
    beta_context, beta = _person(browser, errors)
    beta.goto(beta_link)
    expect(beta.locator("#addenda")).to_contain_text(PUBLISHED)
    _answer(beta, other_question.text, BETA_ANSWER)
    _submit(beta)
    assert PortalLink.objects.filter(questionnaire=rfi, submitted_at__isnull=False).count() == 2
    run_worker()  # django-tasks-db's worker: reads and indexes the submitted answers (and sends mail)
    assert Passage.objects.filter(candidate__name=ACME).exists()

    # --- The owner gives the evaluator a seat; the seat message is read from the outbox ---------------
    page.locator("nav.journey-nav").get_by_role("link", name="Selectie").click()
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Scores").click()
    page.locator("nav.eval-tabs").get_by_role("link", name="Beoordelaars").click()
    page.get_by_label("Collega").select_option(label="Evaluator (evaluator@example.com)")
    page.get_by_role("button", name="Beoordelaar toevoegen").click()
    expect(page.locator(".messages")).to_contain_text("Evaluator kan nu de kandidaten scoren")
    seat_link = _queued_link("evaluator@example.com", SCORING_LINK)
    _send_outbox()
    seat_mail = next(m for m in mail.outbox if m.to == ["evaluator@example.com"])
    assert seat_mail.subject == f"U hebt een plaats om “{TITLE}” te scoren"
    assert seat_link in seat_mail.body
    assert "2 kandidaten" in seat_mail.body

    # --- The evaluator follows the link, signs in, declares, sees Acme's passage and scores -----------
    evaluator_context, evaluator = _person(browser, errors)
    evaluator.goto(seat_link)
    _sign_in(evaluator, personas.evaluator.email)  # the sign-in page, then back to the link's page
    expect(evaluator.locator("table.score-matrix")).to_contain_text(ACME)
    _declare(evaluator, ACME, criteria)
    evidence = evaluator.locator(f'[data-evidence="{data_protection.pk}"]')
    expect(evidence).to_contain_text("Uit de antwoorden en documenten van het bedrijf")
    expect(evidence).to_contain_text("verwerkersovereenkomst")
    expect(evidence.locator("mark").first).to_be_visible()
    expect(evidence).not_to_contain_text("Beta")  # never another firm's passages
    screenshot(evaluator, "issue16-flow-nl-evidence")
    _save_scores(evaluator, ACME, 4, criteria)
    _declare(evaluator, BETA, criteria)
    _save_scores(evaluator, BETA, 3, criteria)
    evaluator.get_by_role("link", name="Mijn scores indienen").click()
    evaluator.get_by_role("button", name="Ja, mijn scores indienen").click()
    expect(evaluator.locator(".messages")).to_contain_text("Uw scores zijn ingediend")
    evaluator_context.close()
    seat = Evaluator.objects.get(selection=selection, user=personas.evaluator)
    assert Score.objects.filter(evaluator=seat).count() == 2 * criteria
    assert set(ConflictDeclaration.objects.filter(evaluator=seat).values_list("relationship", flat=True)) == {"none"}
    assert ConflictDeclaration.objects.filter(evaluator=seat).count() == 2

    # --- The owner compares the answers side by side and closes scoring ------------------------------
    _to_rfi(page)
    page.get_by_role("link", name="Antwoorden naast elkaar").click()
    side = page.locator("#side-by-side")
    expect(side.locator("thead th")).to_have_count(3)  # the question column and both firms
    expect(side).to_contain_text(ACME_ANSWER)
    expect(side).to_contain_text(BETA_ANSWER)
    screenshot(page, "issue16-flow-nl-side-by-side")
    acme_submitted = side.locator(f'thead th[data-candidate="{acme_id}"] .muted').inner_text()
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Downloaden als Excel (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert sheet is not None
    firms = {sheet.cell(row=4, column=c).value: c for c in (3, 4)}
    assert set(firms) == {ACME, BETA}
    assert sheet.cell(row=5, column=firms[ACME]).value == f"Ingediend {acme_submitted}"  # the page's moment
    page.locator("nav.journey-nav").get_by_role("link", name="Selectie").click()
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Scores").click()
    page.locator("nav.eval-tabs").get_by_role("link", name="Beoordelaars").click()
    page.get_by_role("button", name="Scoren afsluiten").click()
    expect(page.locator(".messages")).to_contain_text("Het scoren is gesloten")

    # --- The partner decision, then the letters: edit and send the regret, send the award -------------
    page.locator("nav.journey-nav").get_by_role("link", name=re.compile("Contract")).click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contractchecklist")
    page.get_by_text(f"{ACME} (Longlist)").click()
    page.get_by_label("Waarom deze partner").fill("Sterkste aanpak voor gegevensbescherming.")
    page.get_by_role("button", name="Kiezen en checklist starten").click()
    expect(page.locator("#preferred")).to_have_text(ACME)
    page.get_by_role("link", name="Gunnings- en afwijzingsbrieven").click()
    page.get_by_role("button", name="Brieven opstellen").click()
    expect(page.locator(".messages")).to_contain_text("Brieven opgesteld")
    regret = page.locator("li.letter-card", has_text=BETA)
    expect(regret).to_have_attribute("data-kind", "regret")
    regret.get_by_role("link", name=re.compile(r"^Bewerken")).click()
    body = page.get_by_label("Brief", exact=True)
    expect(body).to_contain_text(BETA)
    expect(body).to_contain_text(GREETING)
    body.fill(body.input_value().replace(GREETING, f"{REGRET_EXTRA}\n\n{GREETING}"))
    page.get_by_role("button", name="Brief opslaan").click()
    expect(page.locator(".messages")).to_contain_text("is opgeslagen")
    regret.get_by_role("link", name=re.compile(r"^Versturen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"De brief aan {BETA} versturen?")
    expect(page.locator(".letter-preview")).to_contain_text(REGRET_EXTRA)
    page.get_by_role("button", name="Ja, de brief versturen").click()
    expect(page.locator(".messages")).to_contain_text("is verstuurd")
    expect(regret).to_have_attribute("data-sent", "1")
    award = page.locator("li.letter-card", has_text=ACME)
    expect(award).to_have_attribute("data-kind", "award")
    award.get_by_role("link", name=re.compile(r"^Versturen")).click()
    page.get_by_role("button", name="Ja, de brief versturen").click()
    expect(award).to_have_attribute("data-sent", "1")
    expect(award).to_have_css("padding-left", "24px")  # a card's padding (1.5rem), not the plain list's 0
    screenshot(page, "issue16-flow-nl-letters")

    # The letter as DOCX and as PDF: the real files open and hold the edited sentence, no other firm.
    with page.expect_download() as docx_download:
        regret.get_by_role("link", name=re.compile(r"^DOCX downloaden")).click()
    document = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    with page.expect_download() as pdf_download:
        regret.get_by_role("link", name=re.compile(r"^PDF downloaden")).click()
    pdf = pypdf.PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
    pdf_text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    for text in (docx_text, pdf_text):
        assert REGRET_EXTRA in text
        assert BETA in text
        assert ACME not in text
    owner_context.close()

    # The letters leave by e-mail too (Dutch subjects, no token), and Beta reads its letter in the portal.
    _send_outbox()
    regret_letter = Letter.objects.get(selection=selection, candidate__name=BETA)
    beta_mail = next(m for m in mail.outbox if m.to == [BETA_MAIL] and m.subject == regret_letter.subject)
    assert REGRET_EXTRA in beta_mail.body
    assert beta_mail.subject == f"Uw voorstel voor “{TITLE}”"
    tokens = [link.rstrip("/").rsplit("/", 1)[-1] for link in (acme_link, beta_link)]
    assert not [m.subject for m in mail.outbox if "/portal/" in m.subject or any(t in m.subject for t in tokens)]
    for token, firm_mail in zip(tokens, (ACME_MAIL, BETA_MAIL), strict=True):  # a firm's link reaches only it
        assert not [m.to for m in mail.outbox if token in m.body and m.to != [firm_mail]]
    beta.get_by_role("link", name="Uw ingediende antwoorden lezen").click()
    expect(beta.locator("#letters")).to_contain_text(regret_letter.subject)
    expect(beta.locator("#letters")).to_contain_text(REGRET_EXTRA)
    expect(beta.locator("#letters")).not_to_contain_text(ACME)
    screenshot(beta, "issue16-flow-nl-portal-letter")
    acme.get_by_role("link", name="Uw ingediende antwoorden lezen").click()
    expect(acme.locator("#letters")).to_contain_text(
        Letter.objects.get(selection=selection, candidate__name=ACME).subject)
    expect(acme.locator("#letters")).not_to_contain_text(REGRET_EXTRA)
    for context in (acme_context, beta_context):
        context.close()
    assert Letter.objects.filter(selection=selection, sent_at__isnull=False).count() == 2
    assert not errors, errors
