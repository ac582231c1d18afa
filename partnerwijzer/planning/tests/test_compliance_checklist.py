"""The checklist of duties and actions: sync from the result, owner and status edits."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.compliance.services import checklist_item_update, checklist_sync, screening_answers_replace
from partnerwijzer.planning.models import ChecklistItem, UseCase
from partnerwijzer.planning.tests.test_compliance_views import HR_WALK
from tests.personas import Personas


@pytest.fixture
def use_case(personas: Personas, use_case: UseCase) -> UseCase:
    screening_answers_replace(actor=personas.owner, use_case=use_case, questionnaire="ai_act", answers=dict(HR_WALK))
    return use_case


def _item(use_case: UseCase, key: str) -> ChecklistItem:
    return ChecklistItem.objects.get(use_case=use_case, checklist="ai_act", key=key)


def _edit_url(item: ChecklistItem) -> str:
    return reverse("planning:compliance_item_update", kwargs={"use_case_id": item.use_case_id, "item_id": item.pk})


def test_sync_is_idempotent(personas: Personas, use_case: UseCase) -> None:
    count = ChecklistItem.objects.count()
    events = AuditEvent.objects.count()
    plan = [(i.key, i.due_date) for i in ChecklistItem.objects.filter(use_case=use_case, checklist="ai_act")]
    report = checklist_sync(actor=personas.owner, use_case=use_case, checklist="ai_act", items=plan)
    assert not report.changed
    assert ChecklistItem.objects.count() == count
    assert AuditEvent.objects.count() == events


def test_items_no_longer_applicable_are_marked_not_deleted_and_come_back(personas: Personas, use_case: UseCase) -> None:
    logs = _item(use_case, "deployer_keep_logs")
    checklist_item_update(actor=personas.owner, item=logs, owner=personas.evaluator, status="in_progress",
                          note="IT keeps 12 months", due_date=date(2027, 6, 1))
    minimal = {**dict(HR_WALK), "annex_iii": "none"}
    del minimal["exception_6_3"], minimal["public_service"]
    screening_answers_replace(actor=personas.owner, use_case=use_case, questionnaire="ai_act", answers=minimal)
    logs.refresh_from_db()
    assert logs.status == "not_applicable"
    assert (logs.owner, logs.note) == (personas.evaluator, "IT keeps 12 months")
    screening_answers_replace(actor=personas.owner, use_case=use_case, questionnaire="ai_act", answers=dict(HR_WALK))
    logs.refresh_from_db()
    assert logs.status == "open"
    assert logs.due_date == date(2027, 6, 1), "a due date set by the owner is kept"
    sync = AuditEvent.objects.filter(action="ai_act.checklist_sync").order_by("created_at")
    assert "deployer_keep_logs" in sync[1].changes["not_applicable"]
    assert "deployer_keep_logs" in sync[2].changes["reopened"]


def test_owner_edits_owner_and_status(personas: Personas, use_case: UseCase) -> None:
    item = _item(use_case, "deployer_human_oversight")
    client = personas.client("owner")
    assert client.get(_edit_url(item)).status_code == 200
    response = client.post(_edit_url(item), {"owner": str(personas.viewer.pk), "status": "done",
                                             "due_date": "2027-11-30", "note": "Two trained recruiters"})
    assert response.status_code == 302
    assert response["Location"].endswith("#item-deployer_human_oversight")
    item.refresh_from_db()
    assert (item.owner, item.status, item.due_date, item.note) == (
        personas.viewer, "done", date(2027, 11, 30), "Two trained recruiters")
    event = AuditEvent.objects.get(action="ai_act.item_update")
    assert event.changes["status"] == ["open", "done"]
    html = client.get(reverse("planning:ai_act_result", kwargs={"use_case_id": use_case.pk})).content.decode()
    assert f'data-item="{item.pk}" data-status="done"' in html


def test_owner_must_be_a_member(personas: Personas, use_case: UseCase) -> None:
    item = _item(use_case, "ai_literacy")
    response = personas.client("owner").post(_edit_url(item), {"owner": str(personas.outsider.pk), "status": "done"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert (item.owner, item.status) == (None, "open")
    with pytest.raises(ValidationError):
        checklist_item_update(actor=personas.owner, item=item, owner=personas.outsider, status="done", note="",
                              due_date=None)


def test_invalid_status_is_refused(personas: Personas, use_case: UseCase) -> None:
    item = _item(use_case, "ai_literacy")
    response = personas.client("owner").post(_edit_url(item), {"status": "finished"})
    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_others_cannot_edit(personas: Personas, use_case: UseCase, persona: str, status: int) -> None:
    item = _item(use_case, "ai_literacy")
    response = personas.client(persona).post(_edit_url(item), {"status": "done"})
    assert response.status_code == status
    item.refresh_from_db()
    assert item.status == "open"


def test_an_item_of_another_use_case_is_404(personas: Personas, use_case: UseCase) -> None:
    other = UseCase.objects.create(organisation=personas.organisation, title="Chatbot")
    item = _item(use_case, "ai_literacy")
    url = reverse("planning:compliance_item_update", kwargs={"use_case_id": other.pk, "item_id": item.pk})
    assert personas.client("owner").get(url).status_code == 404
