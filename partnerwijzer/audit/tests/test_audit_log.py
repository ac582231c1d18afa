from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.accounts.models import Membership
from partnerwijzer.accounts.services import member_role_change
from partnerwijzer.audit.labels import action_label
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.audit.services import audit_record
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_when_and_which_object(personas: Personas) -> None:
    membership = Membership.objects.get(user=personas.viewer)
    member_role_change(actor=personas.owner, membership=membership, role="evaluator")
    event = AuditEvent.objects.get(action="member.role_change")
    assert event.organisation == personas.organisation
    assert event.actor_label == "owner@example.com"
    assert event.target_type == "accounts.membership"
    assert event.target_id == str(membership.pk)
    assert event.created_at is not None


def test_events_cannot_be_changed_or_deleted(personas: Personas) -> None:
    event = audit_record(actor=personas.owner, organisation=personas.organisation, action="test.thing")
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.action == "test.thing"


def test_owner_reads_only_their_own_organisations_log(personas: Personas) -> None:
    audit_record(actor=personas.owner, organisation=personas.organisation, action="mine.visible")
    audit_record(actor=personas.outsider, organisation=personas.other_organisation, action="theirs.hidden")
    page = personas.client("owner").get(reverse("audit:log")).content.decode()
    assert "mine.visible" in page
    assert "theirs.hidden" not in page


def test_audit_log_escapes_user_text(personas: Personas) -> None:
    audit_record(actor=personas.owner, organisation=personas.organisation, action="x",
                 changes={"name": "<script>alert(1)</script>"})
    page = personas.client("owner").get(reverse("audit:log")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_audit_log_shows_readable_labels_with_the_code(personas: Personas) -> None:
    audit_record(actor=personas.owner, organisation=personas.organisation, action="budget.created")
    page = personas.client("owner").get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override(personas.organisation.language or "en"):
        label = str(action_label("budget.created"))
    assert label in page
    assert "budget.created</code>" in page


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_non_owners_cannot_read_the_log(personas: Personas, persona: str) -> None:
    assert personas.client(persona).get(reverse("audit:log")).status_code == 403
