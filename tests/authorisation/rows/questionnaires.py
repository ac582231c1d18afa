"""Questionnaire routes and API operations: a selection's RFIs and RFPs and their questions.

One draft RFI (with its generated questions) is made per test through ``personas.memo`` on the
shared "selection" memo of rows/sourcing.py, so ``selection_id``, ``questionnaire_id`` and
``question_id`` in one row belong together. For the outsider they are another organisation's ids:
the uniform 404. ``PATH_VALUES`` defines ``questionnaire_id`` and ``question_id`` for every app's
API rows (the portal's links use the same memo).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireTemplate
from partnerwijzer.questionnaires.services import questionnaire_create, template_save
from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, object_readers, owner_only
from tests.authorisation.rows.sourcing import _selection
from tests.personas import Personas


def questionnaire(p: Personas) -> Questionnaire:
    return p.memo(
        "questionnaire",
        lambda: questionnaire_create(
            actor=p.owner, selection=_selection(p), kind="rfi", title="RFI from the matrix",
            deadline=timezone.now() + timedelta(days=30),
        ),
    )


def question(p: Personas) -> Question:
    return p.memo("question", lambda: questionnaire(p).questions.order_by("position").last())


def template(p: Personas) -> QuestionnaireTemplate:
    return p.memo("questionnaire_template",
                  lambda: template_save(actor=p.owner, questionnaire=questionnaire(p), name="Matrix template"))


def _sel(p: Personas) -> dict[str, Any]:
    return {"selection_id": _selection(p).pk}


def _qn(p: Personas) -> dict[str, Any]:
    return {"questionnaire_id": questionnaire(p).pk}


def _q(p: Personas) -> dict[str, Any]:
    return {"question_id": question(p).pk}


def _new_questionnaire(p: Personas) -> dict[str, Any]:
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {"kind": "rfi", "title": "RFI by the matrix", "deadline": deadline}


ROUTES: dict[str, Case] = {
    "questionnaires:questionnaire_list": Case(object_readers(200), kwargs=_sel),
    "questionnaires:questionnaire_create": Case(owner_only(200, outsider=404), kwargs=_sel),
    "questionnaires:questionnaire_detail": Case(object_readers(200), kwargs=_qn),
    "questionnaires:questionnaire_update": Case(owner_only(200, outsider=404), kwargs=_qn),
    "questionnaires:questionnaire_send": Case(owner_only(200, outsider=404), kwargs=_qn),
    "questionnaires:questionnaire_close": Case(owner_only(200, outsider=404), kwargs=_qn),
    "questionnaires:questionnaire_delete": Case(owner_only(200, outsider=404), kwargs=_qn),
    "questionnaires:question_create": Case(
        owner_only(302, outsider=404), method="post", kwargs=_qn,
        data=lambda p: {"text": "Which tools do you use?", "help_text": "", "criterion": ""},
    ),
    "questionnaires:question_update": Case(owner_only(200, outsider=404), kwargs=_q),
    "questionnaires:template_save": Case(owner_only(200, outsider=404), kwargs=_qn),
    "questionnaires:from_template": Case(owner_only(200, outsider=404), kwargs=_sel),
    "questionnaires:template_delete": Case(owner_only(200, outsider=404),
                                           kwargs=lambda p: {**_sel(p), "template_id": template(p).pk}),
    "questionnaires:question_delete": Case(owner_only(200, outsider=404), kwargs=_q),
    "questionnaires:question_move": Case(
        owner_only(302, outsider=404), method="post", kwargs=_q, data=lambda p: {"direction": "up"}
    ),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/selections/{selection_id}/questionnaires"): Op(MEMBERS),
    ("POST", "/api/v1/selections/{selection_id}/questionnaires"): Op(
        OWNERS, body=lambda p: {"kind": "rfi", "title": "From the matrix",
                                "deadline": (timezone.now() + timedelta(days=30)).isoformat()},
    ),
    ("GET", "/api/v1/questionnaires/{questionnaire_id}"): Op(MEMBERS),
    ("PATCH", "/api/v1/questionnaires/{questionnaire_id}"): Op(OWNERS, body={"title": "Renamed by the matrix"}),
    ("DELETE", "/api/v1/questionnaires/{questionnaire_id}"): Op(OWNERS),
    ("POST", "/api/v1/questionnaires/{questionnaire_id}/questions"): Op(
        OWNERS, body={"text": "Which tools do you use?"}
    ),
    ("PUT", "/api/v1/questionnaires/{questionnaire_id}/questions/order"): Op(
        OWNERS, body=lambda p: {"order": [str(pk) for pk in reversed(
            questionnaire(p).questions.values_list("pk", flat=True))]},
    ),
    ("GET", "/api/v1/questions/{question_id}"): Op(MEMBERS),
    ("PATCH", "/api/v1/questions/{question_id}"): Op(OWNERS, body={"text": "Edited by the matrix"}),
    ("DELETE", "/api/v1/questions/{question_id}"): Op(OWNERS),
    ("GET", "/api/v1/organisations/{organisation_id}/questionnaire-templates"): Op(MEMBERS),
    ("POST", "/api/v1/questionnaires/{questionnaire_id}/template"): Op(OWNERS, body={"name": "Matrix template"}),
    ("POST", "/api/v1/selections/{selection_id}/questionnaires/from-template"): Op(
        OWNERS, body=lambda p: {"template_id": str(template(p).pk), "title": "From a template",
                                "deadline": (timezone.now() + timedelta(days=30)).isoformat()},
    ),
    ("DELETE", "/api/v1/questionnaire-templates/{questionnaire_template_id}"): Op(OWNERS),
}

PATH_VALUES = {
    "questionnaire_id": lambda p: str(questionnaire(p).pk),
    "question_id": lambda p: str(question(p).pk),
    "questionnaire_template_id": lambda p: str(template(p).pk),
}
