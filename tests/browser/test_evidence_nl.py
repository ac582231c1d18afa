"""Issue 16, item 6, clicked in Dutch: an evaluator opens the score form of a firm that submitted
its answers and a PDF, sees a passage of the PDF beside the data-protection criterion with the
file name and page, searches the firm's texts, and scores.

Before the browser starts (services, as the product would have it): a Dutch organisation, a
selection with the reference criteria and two firms, a sent RFI; both firms submit through the
portal (one with a two-page PDF); the worker (django-tasks-db's own, in this process) reads and
indexes the submissions the portal queued; the evaluator holds a seat. Everything else is clicked;
``page.goto`` only opens the sign-in page.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from partnerwijzer.demo import demo_pdf
from partnerwijzer.documents.tests.helpers import run_worker
from partnerwijzer.evaluation.models import Criterion, Evaluator, Score
from partnerwijzer.evaluation.scoring.services import criteria_initialise
from partnerwijzer.evidence.models import Passage
from partnerwijzer.portal import services as portal
from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireStatus
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

PDF_PAGES = [
    ["Ons bedrijf", "Wij bouwen sinds 2017 voorspellend onderhoud voor verpakkingsmachines."],
    ["Gegevensbescherming", ("Uw trainingsdata blijven in een datacenter in de EU. Voor de AVG sluiten we eerst een "
                            "verwerkersovereenkomst; publieke cloud-AI-diensten gebruiken we niet voor uw data.")],
]


def test_evaluator_sees_a_passage_beside_a_criterion_searches_and_scores(  # type: ignore[no-untyped-def]
    live_server, browser: Browser
) -> None:
    personas = make_personas()
    organisation = personas.organisation
    organisation.language = "nl"
    organisation.save(update_fields=["language"])
    owner, evaluator = personas.owner, personas.evaluator
    evaluator.language = "nl"
    evaluator.save(update_fields=["language"])
    selection = Selection.objects.create(organisation=organisation, title="Voorspellend onderhoud", created_by=owner)
    criteria_initialise(selection=selection)
    acme = Candidate.objects.create(selection=selection, name="Acme AI")
    beta = Candidate.objects.create(selection=selection, name="Beta Analytics")
    rfi = Questionnaire.objects.create(
        selection=selection, kind="rfi", title="RFI onderhoud", status=QuestionnaireStatus.SENT, created_by=owner,
        deadline=timezone.now() + timedelta(days=14), contact_name="Olga", contact_email="olga@example.com")
    question = Question.objects.create(questionnaire=rfi, text="Hoe werkt u?", position=0)
    for firm, answer, files in (
        (acme, "We starten met een analyse van uw sensordata.", {"Aanpak Acme.pdf": demo_pdf(PDF_PAGES)}),
        (beta, "Beta slaat alle gegevens op in de EU volgens de AVG.", {}),
    ):
        link, _token = portal.link_create(actor=owner, questionnaire=rfi, candidate=firm)
        portal.answer_save(link=link, question_id=question.pk, text=answer)
        for name, data in files.items():
            portal.upload_add(link=link, stream=io.BytesIO(data), filename=name)
        portal.submit(link=link)  # queues the indexing (the test commits at once)
    run_worker()
    assert Passage.objects.filter(candidate=acme).exists()
    assert Passage.objects.filter(candidate=beta).exists()
    Evaluator.objects.create(selection=selection, user=evaluator, added_by=owner)
    data_protection = Criterion.objects.get(selection=selection, reference_key="data_protection")

    context = new_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(evaluator.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # The evaluator's dashboard starts with the task to score; it leads to the scores overview.
    page.get_by_role("link", name="Beginnen met scoren").click()
    expect(page.locator("table.score-matrix")).to_contain_text("Acme AI")
    page.locator("table.score-matrix").get_by_role("link", name="Acme AI", exact=True).click()
    # Before the first score of a firm, the evaluator declares any relationship with it (issue 16, item 7).
    expect(page.get_by_role("heading", level=1)).to_have_text("Relatie met Acme AI")
    page.get_by_label("Nee, ik heb geen relatie met dit bedrijf").check()
    page.get_by_role("button", name="Verklaring opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme AI scoren")

    # Beside the data-protection criterion: the PDF's passage, with file name, page and marked words.
    evidence = page.locator(f'[data-evidence="{data_protection.pk}"]')
    expect(evidence).to_contain_text("Uit de antwoorden en documenten van het bedrijf")
    expect(evidence).to_contain_text("Aanpak Acme.pdf")
    expect(evidence).to_contain_text("pagina 2")
    expect(evidence.locator("mark").first).to_be_visible()
    expect(evidence).not_to_contain_text("Beta")  # never another firm's passages
    screenshot(page, "evidence-nl-passages")

    # Search the firm's answers and documents.
    page.get_by_label("Woorden om naar te zoeken").fill("verwerkersovereenkomsten")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#evidence-results")
    expect(results).to_contain_text("1 passage gevonden voor “verwerkersovereenkomsten”.")
    expect(results).to_contain_text("Aanpak Acme.pdf, pagina 2")
    expect(results.locator("mark")).to_have_text(["verwerkersovereenkomst"])
    expect(results).not_to_contain_text("Beta")
    screenshot(page, "evidence-nl-search")

    # And score: 4 on data protection, saved.
    page.locator(f'#cell-{data_protection.pk} input[type="radio"][value="4"]').check()
    page.get_by_role("button", name="Scores opslaan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Scores voor Acme AI opgeslagen.")
    seat = Evaluator.objects.get(selection=selection, user=evaluator)
    assert Score.objects.get(evaluator=seat, candidate=acme, criterion=data_protection).value == 4
    context.close()
    assert not errors, errors
