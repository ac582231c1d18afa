"""Issue 16, item 9: save a questionnaire as a template of the organisation and create a
questionnaire from it in a later selection (questions keep their criterion where the new selection
has the same one)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.questionnaires import services
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireTemplate
from partnerwijzer.questionnaires.tests.conftest import MakeQuestionnaire, future
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas


def test_a_template_keeps_questions_and_settings_and_a_new_selection_reuses_them(
    personas: Personas, make_questionnaire: MakeQuestionnaire, bare_selection: Selection,
) -> None:
    source = make_questionnaire("rfi", introduction="We make machines.", show_weights=True)
    services.question_create(actor=personas.owner, questionnaire=source, text="Our own question?", help_text="Hint")
    response = personas.client("owner").post(reverse("questionnaires:template_save", args=[source.pk]),
                                             {"name": "RFI for an AI pilot"})
    assert response.status_code == 302
    template = QuestionnaireTemplate.objects.get()
    assert template.name == "RFI for an AI pilot"
    assert template.kind == "rfi"
    assert template.show_weights
    assert len(template.questions) == source.questions.count()
    assert AuditEvent.objects.filter(action="questionnaire.template_save").count() == 1

    response = personas.client("owner").post(reverse("questionnaires:from_template", args=[bare_selection.pk]), {
        "template": str(template.pk), "title": "RFI second round", "deadline": future(10).date().isoformat()})
    assert response.status_code == 302
    made = Questionnaire.objects.get(selection=bare_selection)
    assert (made.title, made.kind, made.status, made.introduction) == ("RFI second round", "rfi", "draft",
                                                                      "We make machines.")
    old = list(source.questions.order_by("position").select_related("criterion"))
    new = list(made.questions.order_by("position").select_related("criterion"))
    assert [q.text for q in new] == [q.text for q in old]
    # Same reference criterion → linked to the new selection's criterion of that key.
    for before, after in zip(old, new, strict=True):
        if before.criterion is not None and before.criterion.reference_key:
            assert after.criterion is not None
            assert after.criterion.selection_id == bare_selection.pk
            assert after.criterion.reference_key == before.criterion.reference_key
    assert new[-1].criterion is None
    assert new[-1].help_text == "Hint"


def test_a_question_whose_criterion_the_new_selection_lacks_becomes_general(
    personas: Personas, make_questionnaire: MakeQuestionnaire, bare_selection: Selection,
) -> None:
    source = make_questionnaire("rfi")
    template = services.template_save(actor=personas.owner, questionnaire=source, name="T")
    Criterion.objects.filter(selection=bare_selection).delete()
    made = services.questionnaire_from_template(actor=personas.owner, selection=bare_selection, template=template,
                                                title="Without criteria", deadline=future(5))
    assert made.questions.count() == len(template.questions)
    assert not made.questions.filter(criterion__isnull=False).exists()


def test_bad_input_is_refused_and_nothing_stored(personas: Personas, make_questionnaire: MakeQuestionnaire,
                                                 bare_selection: Selection) -> None:
    source = make_questionnaire("rfi")
    owner = personas.client("owner")
    response = owner.post(reverse("questionnaires:template_save", args=[source.pk]), {"name": "  "})
    assert response.status_code == 400
    assert not QuestionnaireTemplate.objects.exists()
    template = services.template_save(actor=personas.owner, questionnaire=source, name="T")
    past = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    response = owner.post(reverse("questionnaires:from_template", args=[bare_selection.pk]), {
        "template": str(template.pk), "title": "Late", "deadline": past})
    assert response.status_code == 400
    assert not Questionnaire.objects.filter(selection=bare_selection).exists()


def test_another_organisations_template_cannot_be_used(personas: Personas, make_questionnaire: MakeQuestionnaire,
                                                       bare_selection: Selection) -> None:
    template = services.template_save(actor=personas.owner, questionnaire=make_questionnaire("rfi"), name="T")
    outsider_selection = selection_create(actor=personas.outsider, organisation=personas.other_organisation,
                                          title="Theirs")
    with pytest.raises(ValidationError):
        services.questionnaire_from_template(actor=personas.outsider, selection=outsider_selection,
                                             template=template, title="Stolen", deadline=future(5))
    response = personas.client("outsider").post(
        f"/api/v1/selections/{outsider_selection.pk}/questionnaires/from-template",
        json.dumps({"template_id": str(template.pk), "title": "Stolen", "deadline": future(5).isoformat()}),
        content_type="application/json")
    assert response.status_code == 404
    assert not Questionnaire.objects.filter(selection=outsider_selection).exists()


def test_the_template_page_without_templates_says_what_to_do(personas: Personas, bare_selection: Selection) -> None:
    html = personas.client("owner").get(reverse("questionnaires:from_template", args=[bare_selection.pk])
                                        ).content.decode()
    assert 'id="no-templates"' in html


def test_deleting_a_template_asks_first_and_keeps_made_questionnaires(
    personas: Personas, make_questionnaire: MakeQuestionnaire, bare_selection: Selection,
) -> None:
    template = services.template_save(actor=personas.owner, questionnaire=make_questionnaire("rfi"), name="T")
    made = services.questionnaire_from_template(actor=personas.owner, selection=bare_selection, template=template,
                                                title="Kept", deadline=future(5))
    url = reverse("questionnaires:template_delete", args=[bare_selection.pk, template.pk])
    owner = personas.client("owner")
    assert 'id="confirm"' in owner.get(url).content.decode()
    assert QuestionnaireTemplate.objects.exists()
    assert owner.post(url).status_code == 302
    assert not QuestionnaireTemplate.objects.exists()
    assert Questionnaire.objects.filter(pk=made.pk).exists()
