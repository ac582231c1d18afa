"""Real ids of the demo for the schemathesis run (tests/api/test_schemathesis.py).

schemathesis invents the ids in paths, so without help every operation on one object (about 56
of them) only ever sees 404. ``collect()`` returns, for each path parameter of the API, the ids
of existing objects in the throwaway demo database; the test binds them to the parameters as
schemathesis "dictionaries" (most generated cases take a real id, some keep an invented one, so
the 404 answers stay tested too).

A DELETE with a real id would remove a demo object (and, for a use case, a selection, a
candidate or a questionnaire, everything under it) and leave the operations that run after it
with 404s again. So ``collect()`` also makes one throwaway object of each of those four kinds
("victims", outside the demo's selection), which the DELETE of that kind gets instead.

Run inside the server's environment: ``manage.py shell -c "from tests.api.st_run.demo_ids
import main; main()"`` prints the JSON.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

# Path parameter (or body field) -> (app label, model). Only the demo's organisation is in the throwaway database.
MODELS: dict[str, tuple[str, str]] = {
    "organisation_id": ("accounts", "Organisation"),
    "user_id": ("accounts", "User"),  # in bodies only (an evaluator seat, an owner)
    "use_case_id": ("planning", "UseCase"),
    "kpi_id": ("planning", "Kpi"),
    "checklist_item_id": ("planning", "ChecklistItem"),
    "selection_id": ("sourcing", "Selection"),
    "candidate_id": ("sourcing", "Candidate"),
    "criterion_id": ("evaluation", "Criterion"),
    "evaluator_id": ("evaluation", "Evaluator"),
    "questionnaire_id": ("questionnaires", "Questionnaire"),
    "question_id": ("questionnaires", "Question"),
    "portal_link_id": ("portal", "PortalLink"),
    "job_id": ("documents", "DocumentJob"),
    "cost_line_id": ("budget", "CostLine"),
    "effort_role_id": ("budget", "EffortRole"),
    "benefit_id": ("budget", "BenefitLine"),
    "contract_item_id": ("contract", "ContractItem"),
    "project_id": ("results", "Project"),
    "gate_id": ("results", "Gate"),
    "letter_id": ("letters", "Letter"),  # none unless the demo drafts letters: then invented ids only
    "message_id": ("outbox", "Message"),  # the demo's queued messages: a retry is their documented 409
}
# At most this many ids per parameter (a question id of every questionnaire is plenty).
PER_PARAMETER = 8
VICTIM = "schemathesis: wegwerp"


def _victims() -> dict[str, str]:
    from partnerwijzer.accounts.models import Organisation, User
    from partnerwijzer.demo import DEMO_OWNER_EMAIL
    from partnerwijzer.planning.usecases.services import use_case_create
    from partnerwijzer.questionnaires.models import QuestionnaireKind
    from partnerwijzer.questionnaires.services import questionnaire_create
    from partnerwijzer.sourcing.services import candidate_create, selection_create

    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    organisation = Organisation.objects.get(memberships__user=owner)
    use_case = use_case_create(actor=owner, organisation=organisation, title=VICTIM)
    # The candidate and questionnaire victims live in a second selection that nothing deletes,
    # so whichever DELETE runs first, the others still find their object.
    spare = selection_create(actor=owner, organisation=organisation, title=f"{VICTIM} (2)")
    candidate = candidate_create(actor=owner, selection=spare, name=VICTIM)
    questionnaire = questionnaire_create(actor=owner, selection=spare, kind=QuestionnaireKind.RFI, title=VICTIM,
                                         deadline=timezone.now() + timedelta(days=30))
    selection = selection_create(actor=owner, organisation=organisation, title=VICTIM)
    return {"use_case_id": str(use_case.pk), "selection_id": str(selection.pk), "candidate_id": str(candidate.pk),
            "questionnaire_id": str(questionnaire.pk)}


def _document_job() -> None:
    """One queued document job of the demo selection (the demo has none; nothing runs it here)."""
    from partnerwijzer.accounts.models import User
    from partnerwijzer.demo import DEMO_OWNER_EMAIL, DEMO_SELECTION
    from partnerwijzer.documents.services import request_document
    from partnerwijzer.sourcing.models import Selection

    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    selection = Selection.objects.get(title=DEMO_SELECTION)
    request_document(actor=owner, organisation=selection.organisation, kind="first_talk_guide", format="pdf",
                     target=selection.pk)


def _primary() -> dict[str, Any]:
    """One id per path parameter that belongs together: the lighthouse use case (it has the
    budget, the project and the selection), the demo selection, the draft RFP (a sent RFI refuses
    changes), a candidate with a quote. Filters on the objects under them, by parameter."""
    from partnerwijzer.demo import DEMO_MAINTENANCE, DEMO_RFP, DEMO_SELECTION

    use_case = {"use_case__title": DEMO_MAINTENANCE}
    selection = {"selection__title": DEMO_SELECTION}
    budget = {"budget__use_case__title": DEMO_MAINTENANCE}
    return {
        "use_case_id": {"title": DEMO_MAINTENANCE}, "kpi_id": use_case, "checklist_item_id": use_case,
        "selection_id": {"title": DEMO_SELECTION}, "candidate_id": {**selection, "quote__isnull": False},
        "criterion_id": selection, "evaluator_id": selection, "questionnaire_id": {**selection, "title": DEMO_RFP},
        "question_id": {"questionnaire__title": DEMO_RFP}, "cost_line_id": budget, "effort_role_id": budget,
        "benefit_id": budget,
    }


def collect() -> dict[str, Any]:
    """{"ids": {parameter: [id, ...]}, "primary": {parameter: id}, "victims": {parameter: id}};
    run once on a fresh demo."""
    from django.apps import apps

    _document_job()
    ids: dict[str, list[str]] = {}
    primary: dict[str, str] = {}
    filters = _primary()
    for parameter, (app_label, model_name) in MODELS.items():
        model = apps.get_model(app_label, model_name)
        values = [str(pk) for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:PER_PARAMETER]]
        if values:
            ids[parameter] = values
            first = model.objects.filter(**filters.get(parameter, {})).values_list("pk", flat=True).first()
            primary[parameter] = str(first) if first is not None else values[0]
    # The victims are made after the ids are read, so no other operation is given one of them.
    return {"ids": ids, "primary": primary, "victims": _victims()}


def main() -> None:
    print(json.dumps(collect()))
