from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

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


def test_audit_log_shows_readable_labels_not_the_code(personas: Personas) -> None:
    audit_record(actor=personas.owner, organisation=personas.organisation, action="budget.created")
    page = personas.client("owner").get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override(personas.organisation.language or "en"):
        label = str(action_label("budget.created"))
    assert label in page
    assert "budget.created" not in page  # issue 11, finding 16: people read words, not event codes


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_non_owners_cannot_read_the_log(personas: Personas, persona: str) -> None:
    assert personas.client(persona).get(reverse("audit:log")).status_code == 403


# --- Issue 11, finding 16: the audit log for people ------------------------------------------------


def _quote_events(personas: Personas) -> tuple[str, str]:
    from partnerwijzer.sourcing.services import candidate_create, selection_create

    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Chatbot")
    candidate = candidate_create(actor=personas.owner, selection=selection, name="Brabant AI B.V.")
    audit_record(actor=personas.owner, organisation=personas.organisation, action="candidate.update",
                 target=candidate,
                 changes={"owner": [None, str(personas.evaluator.pk)], "status": ["missing", "open"]})
    # A quote's event names it "Quote of <candidate id>" (Quote.__str__).
    AuditEvent.objects.create(
        organisation=personas.organisation, actor=personas.owner, actor_label="owner@example.com",
        action="quote.update", target_type="budget.quote", target_id="x", target_label=f"Quote of {candidate.pk}",
        changes={"lines": ["a", "b", "c"]},
    )
    return str(selection.pk), str(candidate.pk)


def test_the_log_names_people_and_objects_and_shows_no_ids_or_lists(personas: Personas) -> None:
    _selection_id, candidate_id = _quote_events(personas)
    personas.evaluator.full_name = "Pieter Bakker"
    personas.evaluator.save()
    with translation.override("nl"):
        html = personas.client("owner").get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert candidate_id not in html
    assert str(personas.evaluator.pk) not in html
    assert "Brabant AI B.V." in html  # the quote is named by its candidate
    assert "Pieter Bakker" in html  # an owner id in the changes is named
    assert "['" not in html  # no Python lists
    assert "[None" not in html
    assert "missing → open" in html
    assert "quote.update" not in html  # no event codes
    assert "Offerte gewijzigd" in html


def test_the_log_filters_by_person_object_type_and_period(personas: Personas) -> None:
    _quote_events(personas)
    audit_record(actor=personas.evaluator, organisation=personas.organisation, action="evaluator.submit")
    client = personas.client("owner")
    by_person = client.get(reverse("audit:log"), {"person": str(personas.evaluator.pk)})
    assert [row.who for row in by_person.context["rows"]] == [personas.evaluator.display_name]
    by_type = client.get(reverse("audit:log"), {"object_type": "budget.quote"})
    assert {row.object_type for row in by_type.context["rows"]} == {"Offerte"}  # the organisation speaks Dutch
    # The days the events were recorded on, in the app's time zone, not "today": a run
    # that crossed midnight recorded them on one day and asked for the next.
    events = AuditEvent.objects.filter(organisation=personas.organisation)
    first, last = (timezone.localtime(events.order_by(f).values_list("created_at", flat=True)[0]).date()
                   for f in ("created_at", "-created_at"))
    in_period = client.get(reverse("audit:log"), {"since": str(first), "until": str(last)})
    assert len(in_period.context["rows"]) == events.count()
    past = client.get(reverse("audit:log"), {"until": str(first - dt.timedelta(days=1))})
    assert past.context["rows"] == []
    assert 'id="no-matches"' in past.content.decode()
    bad = client.get(reverse("audit:log"), {"since": "gisteren"})
    assert bad.status_code == 200
    assert 'class="error-summary"' in bad.content.decode()


def test_the_log_exports_csv_with_the_same_filters_and_no_formulas(personas: Personas) -> None:
    from partnerwijzer.sourcing.services import selection_create

    selection_create(actor=personas.owner, organisation=personas.organisation, title="=HYPERLINK(\"x\")")
    audit_record(actor=personas.evaluator, organisation=personas.organisation, action="evaluator.submit")
    client = personas.client("owner")
    html = client.get(reverse("audit:log"), {"object_type": "sourcing.selection"}).content.decode()
    assert f'{reverse("audit:export")}?object_type=sourcing.selection' in html
    response = client.get(reverse("audit:export"), {"object_type": "sourcing.selection"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2  # header + the selection, not the evaluator's score
    assert rows[1][4] == "'=HYPERLINK(\"x\")"  # never a formula in a spreadsheet
    assert rows[1][3] in ("Selection", "Selectie")
    assert personas.client("viewer").get(reverse("audit:export")).status_code == 403


@pytest.mark.parametrize(("language", "shown", "short"), [("nl", "3 maart 2026 14:05", "03-03-2026"),
                                                       ("de", "3. März 2026 14:05", "03.03.2026")])
def test_the_log_shows_moments_through_the_one_formatter(personas: Personas, monkeypatch: pytest.MonkeyPatch,
                                                         language: str, shown: str, short: str) -> None:
    """polish3 item 7: the log used Django's short format (``03-03-2026 14:05``) beside the long
    dates of every other page; now the one locale-aware formatter writes date and time."""
    moment = dt.datetime(2026, 3, 3, 13, 5, tzinfo=dt.UTC)  # 14:05 in Amsterdam
    monkeypatch.setattr(timezone, "now", lambda: moment)
    audit_record(actor=personas.owner, organisation=personas.organisation, action="test.thing")
    monkeypatch.undo()
    personas.speak(language)
    page = personas.client("owner").get(reverse("audit:log")).content.decode()
    assert shown in page
    assert short not in page
