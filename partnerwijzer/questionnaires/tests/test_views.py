"""Questionnaire pages: creating (and refusing a past deadline), the detail page as owner and viewer,
the company section, weights shown or hidden, frozen after sending, escaping, empty state."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.accounts.models import User
from partnerwijzer.questionnaires.models import Question, Questionnaire, SharedSection
from partnerwijzer.questionnaires.services import question_create, questionnaire_send
from partnerwijzer.questionnaires.tests.conftest import BASELINE, HOSTILE, PROBLEM, MakeQuestionnaire
from partnerwijzer.sourcing.models import Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _detail(questionnaire: Questionnaire) -> str:
    return reverse("questionnaires:questionnaire_detail", kwargs={"questionnaire_id": questionnaire.pk})


def test_empty_list_explains_rfi_and_rfp(personas: Personas, selection: Selection) -> None:
    response = personas.client("viewer").get(
        reverse("questionnaires:questionnaire_list", kwargs={"selection_id": selection.pk}),
        headers={"accept-language": "en"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="no-questionnaires"' in html
    assert "5–8" in html
    assert "2–3" in html
    assert "New RFI" not in html  # viewers do not create


def test_owner_creates_an_rfp_with_generated_questions(personas: Personas, selection: Selection) -> None:
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = personas.client("owner").post(
        reverse("questionnaires:questionnaire_create", kwargs={"selection_id": selection.pk}),
        {"kind": "rfp", "title": "RFP maintenance", "deadline": deadline, "show_weights": "on",
         "contact_name": "Sanne", "contact_email": "sanne@example.com"},
    )
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(questionnaire)
    assert questionnaire.kind == "rfp"
    assert questionnaire.show_weights
    assert questionnaire.questions.count() == 26
    local = timezone.localtime(questionnaire.deadline)
    assert (local.date().isoformat(), local.hour, local.minute) == (deadline, 23, 59)


def test_past_deadline_gives_400_and_stores_nothing(personas: Personas, selection: Selection) -> None:
    personas.speak("en")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = personas.client("owner").post(
        reverse("questionnaires:questionnaire_create", kwargs={"selection_id": selection.pk}),
        {"kind": "rfi", "title": "RFI", "deadline": yesterday}, headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "The deadline must be in the future" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_detail_shows_the_company_section_in_the_organisations_language(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    personas.speak("en")
    questionnaire = make_questionnaire("rfi", shared_sections=list(SharedSection.values))  # everything shared
    html = personas.client("viewer").get(_detail(questionnaire)).content.decode()
    for text in ("Van Dijk Machinebouw", PROBLEM, BASELINE, "Unplanned downtime", "High risk", "DPIA required",
                 "Lighthouse", "Start in March, pilot by summer.", "Does the data you need exist"):
        assert text in html, text
    kpi_row = re.search(r'<table class="table" id="kpis">.*?</table>', html, re.S)
    assert kpi_row is not None
    assert ">42<" in kpi_row.group(0)
    assert ">29<" in kpi_row.group(0)
    assert 'data-weights="hidden"' in html
    assert 'class="q-weight"' not in html


def test_weights_shown_when_the_owner_chooses(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi", show_weights=True)
    html = personas.client("owner").get(_detail(questionnaire)).content.decode()
    assert 'data-weights="shown"' in html
    assert html.count('class="q-weight"') == 8


def test_viewer_reads_but_gets_no_edit_controls(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    question = questionnaire.questions.first()
    owner_html = personas.client("owner").get(_detail(questionnaire)).content.decode()
    viewer_html = personas.client("viewer").get(_detail(questionnaire)).content.decode()
    edit = reverse("questionnaires:question_update", kwargs={"question_id": question.pk})
    assert edit in owner_html
    assert 'id="add-question"' in owner_html
    assert 'id="mark-sent"' in owner_html
    assert edit not in viewer_html
    assert 'id="add-question"' not in viewer_html
    assert 'id="mark-sent"' not in viewer_html


def test_owner_adds_edits_moves_and_removes_a_question(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire("rfi")
    client = personas.client("owner")
    criterion = questionnaire.selection.criteria.get(reference_key="technology")
    response = client.post(reverse("questionnaires:question_create", kwargs={"questionnaire_id": questionnaire.pk}),
                           {"text": "Which MLOps tools?", "help_text": "", "criterion": str(criterion.pk)})
    assert response.status_code == 302
    question = questionnaire.questions.get(text="Which MLOps tools?")
    assert question.criterion == criterion
    assert question.position == 9
    response = client.post(reverse("questionnaires:question_update", kwargs={"question_id": question.pk}),
                           {"text": "Which MLOps tools, and why?", "help_text": "Name versions.", "criterion": ""})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.help_text, question.criterion) == ("Which MLOps tools, and why?",
                                                                        "Name versions.", None)
    client.post(reverse("questionnaires:question_move", kwargs={"question_id": question.pk}), {"direction": "up"})
    question.refresh_from_db()
    assert question.position == 8
    confirm = client.get(reverse("questionnaires:question_delete", kwargs={"question_id": question.pk}))
    assert confirm.status_code == 200
    assert Question.objects.filter(pk=question.pk).exists()
    client.post(reverse("questionnaires:question_delete", kwargs={"question_id": question.pk}))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_empty_question_gives_400(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    response = personas.client("owner").post(
        reverse("questionnaires:question_create", kwargs={"questionnaire_id": questionnaire.pk}),
        {"text": "  ", "criterion": ""},
    )
    assert response.status_code == 400
    assert questionnaire.questions.count() == 9


def test_mark_as_sent_confirms_then_freezes(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    personas.speak("en")
    questionnaire = make_questionnaire("rfi")
    client = personas.client("owner")
    url = reverse("questionnaires:questionnaire_send", kwargs={"questionnaire_id": questionnaire.pk})
    assert client.get(url).status_code == 200
    questionnaire.refresh_from_db()
    assert questionnaire.status == "draft"  # a GET only asks
    assert client.post(url).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.status == "sent"
    response = client.post(
        reverse("questionnaires:question_create", kwargs={"questionnaire_id": questionnaire.pk}),
        {"text": "Late question", "criterion": ""}, headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "has been sent" in response.content.decode()
    assert not questionnaire.questions.filter(text="Late question").exists()
    question = questionnaire.questions.first()
    edit = personas.client("owner").get(reverse("questionnaires:question_update", kwargs={"question_id": question.pk}))
    assert edit.status_code == 400


def test_hostile_text_is_escaped(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi", title=HOSTILE, timeline=HOSTILE)
    question_create(actor=personas.owner, questionnaire=questionnaire, text=HOSTILE, help_text=HOSTILE)
    html = personas.client("owner").get(_detail(questionnaire)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_have_no_inline_styles_or_scripts(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    questionnaire = make_questionnaire("rfi")
    client = personas.client("owner")
    urls = [
        _detail(questionnaire),
        reverse("questionnaires:questionnaire_list", kwargs={"selection_id": questionnaire.selection_id}),
        reverse("questionnaires:questionnaire_create", kwargs={"selection_id": questionnaire.selection_id}),
        reverse("questionnaires:questionnaire_update", kwargs={"questionnaire_id": questionnaire.pk}),
        reverse("questionnaires:questionnaire_send", kwargs={"questionnaire_id": questionnaire.pk}),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url


def test_list_shows_questionnaires_with_status(personas: Personas, make_questionnaire: MakeQuestionnaire) -> None:
    rfi, rfp = make_questionnaire("rfi"), make_questionnaire("rfp")
    questionnaire_send(actor=personas.owner, questionnaire=rfi)
    html = personas.client("evaluator").get(
        reverse("questionnaires:questionnaire_list", kwargs={"selection_id": rfi.selection_id})
    ).content.decode()
    assert f'data-questionnaire="{rfi.pk}" data-kind="rfi" data-status="sent"' in html
    assert f'data-questionnaire="{rfp.pk}" data-kind="rfp" data-status="draft"' in html


def test_a_german_reader_of_a_dutch_questionnaire_reads_each_sentence_in_one_language(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    """Found walking the demo in German: the page head said "Frist: 25 januari 2027, 17:00" and the
    preview "Antworten werden bis 25 januari 2027, 17:00 erwartet." (a German sentence around a
    Dutch date). The head is the reader's (German, the locale formatter's date); the preview is what
    the firms read, in the organisation's language (Dutch), headings and sentences alike."""
    personas.speak("nl")
    User.objects.filter(pk=personas.owner.pk).update(language="de")
    deadline = timezone.make_aware(timezone.datetime(2027, 1, 25, 17, 0))
    questionnaire = make_questionnaire("rfi", deadline=deadline)
    html = personas.client("owner").get(_detail(questionnaire)).content.decode()
    head = re.search(r'<p class="q-meta">.*?</p>', html, re.S)
    assert head is not None
    assert "Frist: 25. Januar 2027 17:00" in head.group(0)
    preview = re.search(r'<section class="card q-company".*?</section>', html, re.S)
    assert preview is not None
    text = preview.group(0)
    assert "Antwoorden moeten uiterlijk 25 januari 2027 17:00 binnen zijn." in text
    assert "erwartet" not in text
    assert "Wat de bedrijven over u lezen" not in text  # the owner's own note stays German
    assert "Was die Firmen über Sie lesen" in text
    assert "<h3>Planning</h3>" in text
    assert "<h3>Zeitplan</h3>" not in text


@pytest.mark.parametrize(("language", "spelt"), [
    ("nl", "25 januari 2027 17:00"), ("de", "25. Januar 2027 17:00"), ("en", "25 January 2027 17:00"),
])
def test_a_deadline_is_spelt_by_the_one_formatter(language: str, spelt: str) -> None:
    """The preview said "25 januari 2027, 17:00" under a head saying "25 januari 2027 17:00": the
    questionnaire's deadline now goes through formatting.date_time like every other moment."""
    from partnerwijzer import formatting
    from partnerwijzer.questionnaires.selectors import format_deadline

    deadline = timezone.make_aware(timezone.datetime(2027, 1, 25, 17, 0))
    assert format_deadline(deadline, language) == spelt
    assert format_deadline(deadline, language) == formatting.date_time(timezone.localtime(deadline),
                                                                        language=language)
