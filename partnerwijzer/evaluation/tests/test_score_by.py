"""Issue 11, finding 13: an evaluator's seat says what to score and by when.

An owner sets the date to score by when adding the seat or later on the evaluators page (or via
the API); the evaluator reads it, in their language and through the one formatter, on the
dashboard and on their scores page. Date inputs carry ISO values; a date in the past is refused
with a message and nothing is stored.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnerwijzer import formatting
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.evaluation.tests.builders import make_selection, seat
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _long(value: date, language: str) -> str:
    with translation.override(language):
        return formatting.long_date(value, language=language)


def test_owner_sets_the_date_when_adding_a_seat_and_the_evaluator_reads_it_in_dutch(personas: Personas) -> None:
    selection = make_selection(personas)
    due = _in_days(10)
    owner = personas.client("owner")
    added = owner.post(reverse("evaluation:evaluator_add", args=[selection.pk]),
                       {"user": personas.evaluator.pk, "score_by": due.isoformat()})
    assert added.status_code == 302
    assert Evaluator.objects.get(selection=selection, user=personas.evaluator).score_by == due

    # The owner's page keeps the ISO value in the date input, whatever the language.
    page = owner.get(reverse("evaluation:evaluators", args=[selection.pk])).content.decode()
    assert f'value="{due.isoformat()}"' in page

    evaluator = personas.client("evaluator")
    dashboard = evaluator.get(reverse("journey:dashboard")).content.decode()
    expected = (f"Beoordeel de kandidaten van “{selection.title}” en dien uw scores in vóór "
                f"{_long(due, 'nl')}.")
    assert expected in dashboard
    scores = evaluator.get(reverse("evaluation:scoring", args=[selection.pk])).content.decode()
    assert f"Geef uw scores en dien ze in vóór {_long(due, 'nl')}." in scores
    assert due.isoformat() not in scores.replace(f'data-score-by="{due.isoformat()}"', "")


def test_the_evaluator_reads_the_date_in_german(personas: Personas) -> None:
    personas.speak("de")
    selection = make_selection(personas)
    due = _in_days(30)
    mine = seat(selection, personas.evaluator, by=personas.owner)
    mine.score_by = due
    mine.save(update_fields=["score_by"])
    evaluator = personas.client("evaluator")
    scores = evaluator.get(reverse("evaluation:scoring", args=[selection.pk])).content.decode()
    assert f"Bitte bewerten Sie und reichen Sie Ihre Bewertungen bis zum {_long(due, 'de')} ein." in scores
    dashboard = evaluator.get(reverse("journey:dashboard")).content.decode()
    assert f"bis zum {_long(due, 'de')} ein." in dashboard


def test_owner_changes_and_clears_the_date_on_the_evaluators_page(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, by=personas.owner)
    url = reverse("evaluation:evaluator_deadline", args=[selection.pk, mine.pk])
    owner = personas.client("owner")
    due = _in_days(7)
    assert owner.post(url, {f"{mine.pk}-score_by": due.isoformat()}).status_code == 302
    mine.refresh_from_db()
    assert mine.score_by == due
    event = AuditEvent.objects.filter(action="evaluator.deadline").get()
    assert event.changes["score_by"] == [None, due.isoformat()]

    assert owner.post(url, {f"{mine.pk}-score_by": ""}).status_code == 302
    mine.refresh_from_db()
    assert mine.score_by is None


def test_a_date_in_the_past_or_not_a_date_is_refused_with_a_message_and_nothing_stored(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator, by=personas.owner)
    url = reverse("evaluation:evaluator_deadline", args=[selection.pk, mine.pk])
    owner = personas.client("owner")
    past = owner.post(url, {f"{mine.pk}-score_by": _in_days(-1).isoformat()})
    assert past.status_code == 400
    assert "De datum om te scoren ligt in het verleden." in past.content.decode()
    # The refused value is shown again in the input, as ISO, next to the message.
    assert f'value="{_in_days(-1).isoformat()}"' in past.content.decode()
    garbage = owner.post(url, {f"{mine.pk}-score_by": "morgen"})
    assert garbage.status_code == 400
    assert "Vul de datum om te scoren in als datum" in garbage.content.decode()
    added = owner.post(reverse("evaluation:evaluator_add", args=[selection.pk]),
                       {"user": personas.owner.pk, "score_by": _in_days(-3).isoformat()})
    assert added.status_code == 400
    assert "De datum om te scoren ligt in het verleden." in added.content.decode()
    mine.refresh_from_db()
    assert mine.score_by is None
    assert not Evaluator.objects.filter(selection=selection, user=personas.owner).exists()
    assert not AuditEvent.objects.filter(action="evaluator.deadline").exists()


def test_the_api_reads_sets_and_clears_the_date(personas: Personas) -> None:
    selection = make_selection(personas)
    base = f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}"
    owner = personas.client("owner")
    due = _in_days(14)
    added = owner.post(base + "/evaluators", json.dumps({"user_id": str(personas.evaluator.pk),
                                                         "score_by": due.isoformat()}),
                       content_type="application/json")
    assert added.status_code == 200, added.content
    assert added.json()["score_by"] == due.isoformat()
    seat_id = added.json()["id"]

    later = _in_days(21)
    patched = owner.patch(base + f"/evaluators/{seat_id}", json.dumps({"score_by": later.isoformat()}),
                          content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["score_by"] == later.isoformat()
    listed = personas.client("evaluator").get(base + "/evaluators").json()
    assert [e["score_by"] for e in listed] == [later.isoformat()]

    past = owner.patch(base + f"/evaluators/{seat_id}", json.dumps({"score_by": _in_days(-1).isoformat()}),
                       content_type="application/json")
    assert past.status_code == 422
    assert "score_by" in past.content.decode()
    cleared = owner.patch(base + f"/evaluators/{seat_id}", json.dumps({"score_by": None}),
                          content_type="application/json")
    assert cleared.json()["score_by"] is None
    assert Evaluator.objects.get(pk=seat_id).score_by is None
