"""The scoring messages: a seat given, scores due soon and overdue, every seat submitted (issue 16 item 2).

Each is queued once (a stable idempotency key), in the recipient's language, with no token in its subject.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from partnerwijzer import logsafety
from partnerwijzer.evaluation.models import Evaluator, ScoringSetup
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.scoring.messages import scores_due_check
from partnerwijzer.evaluation.tests.builders import make_selection, second_evaluator
from partnerwijzer.outbox import delivery
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.outbox.services import reminders_set
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _messages_to(email: str) -> list[Message]:
    return list(Message.objects.filter(to_email=email).order_by("created_at"))


def test_a_seat_given_tells_the_evaluator_what_to_score_by_when_and_where(personas: Personas) -> None:
    selection = make_selection(personas, candidates=3)
    by = dt.date.today() + dt.timedelta(days=10)
    evaluator = services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator,
                                       score_by=by)
    (message,) = _messages_to("evaluator@example.com")
    assert message.language == "nl"  # the organisation's language: the evaluator chose none
    assert message.subject == f"U hebt een plaats om “{selection.title}” te scoren"
    assert "3 kandidaten" in message.body_text
    assert f"/selections/{selection.pk}/scoring/" in message.body_text
    assert message.essential
    assert message.to_user == personas.evaluator
    assert message.idempotency_key == f"evaluation.seat:{evaluator.pk}"
    assert logsafety.mask(message.subject) == message.subject
    assert mail.outbox == []  # the owner's action does not wait for the mail server
    delivery.send_due()
    assert [m.to for m in mail.outbox] == [["evaluator@example.com"]]
    assert "<a href=" in mail.outbox[0].alternatives[0].content


def test_the_seat_message_is_in_the_evaluators_own_language(personas: Personas) -> None:
    personas.evaluator.language = "de"
    personas.evaluator.save(update_fields=["language"])
    selection = make_selection(personas)
    services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    (message,) = _messages_to("evaluator@example.com")
    assert message.language == "de"
    assert message.subject == f"Sie haben einen Platz, um „{selection.title}“ zu bewerten"


def test_all_seats_submitted_tells_each_owner_once(personas: Personas) -> None:
    selection = make_selection(personas)
    first = services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    other = services.evaluator_add(actor=personas.owner, selection=selection, user=second_evaluator(personas))
    services.evaluator_submit(actor=personas.evaluator, evaluator=first)
    assert _messages_to("owner@example.com") == []  # one seat still open
    services.evaluator_submit(actor=other.user, evaluator=other)
    services.evaluator_submit(actor=other.user, evaluator=other)  # a second click changes nothing
    (message,) = _messages_to("owner@example.com")
    assert message.subject == f"Alle beoordelaars van “{selection.title}” hebben ingediend"
    assert message.essential


def test_a_seat_added_after_completion_and_submitted_is_a_new_completion_with_its_own_message(
    personas: Personas,
) -> None:
    """Decision (issue 16 item 2): a seat given after every seat had submitted makes a new set of seats;
    when it submits, that new completion is told once, naming the new number of evaluators."""
    selection = make_selection(personas)
    first = services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    services.evaluator_submit(actor=personas.evaluator, evaluator=first)
    (only,) = _messages_to("owner@example.com")
    assert "De enige beoordelaar van" in only.body_text  # one seat: not "Alle 1 beoordelaars"
    late = services.evaluator_add(actor=personas.owner, selection=selection, user=second_evaluator(personas))
    assert len(_messages_to("owner@example.com")) == 1  # the late seat is open: nothing complete yet
    services.evaluator_submit(actor=late.user, evaluator=late)
    services.evaluator_submit(actor=late.user, evaluator=late)
    first_message, second_message = _messages_to("owner@example.com")
    assert "Alle 2 beoordelaars" in second_message.body_text
    assert first_message.idempotency_key != second_message.idempotency_key


def test_the_same_completion_never_messages_the_owners_twice(personas: Personas) -> None:
    """The same set of seats completing again (an owner reopened a seat, it submitted again; a late seat
    was added and taken away again) is the same completion: no second message. Before the key named
    the set of seats it named the last submission's time, and a resubmission sent the owners another."""
    selection = make_selection(personas)
    first = services.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator)
    other = services.evaluator_add(actor=personas.owner, selection=selection, user=second_evaluator(personas))
    services.evaluator_submit(actor=personas.evaluator, evaluator=first)
    services.evaluator_submit(actor=other.user, evaluator=other)
    assert len(_messages_to("owner@example.com")) == 1
    services.evaluator_reopen(actor=personas.owner, evaluator=first)
    services.evaluator_submit(actor=personas.evaluator, evaluator=first)
    late = services.evaluator_add(actor=personas.owner, selection=selection,
                                  user=second_evaluator(personas, "third@example.com"))
    services.evaluator_remove(actor=personas.owner, evaluator=late)
    services.evaluator_reopen(actor=personas.owner, evaluator=other)
    services.evaluator_submit(actor=other.user, evaluator=other)
    assert len(_messages_to("owner@example.com")) == 1


def test_scores_due_in_three_days_and_overdue_are_reminded_once_each(personas: Personas) -> None:
    selection = make_selection(personas)
    today = dt.date(2027, 3, 1)
    seat = Evaluator.objects.create(selection=selection, user=personas.evaluator, score_by=today + dt.timedelta(days=3))
    Evaluator.objects.create(selection=selection, user=personas.owner, score_by=today + dt.timedelta(days=4))

    assert scores_due_check(today) == 1
    assert scores_due_check(today) == 0  # the second run of the day sends nothing new
    assert scores_due_check(today + dt.timedelta(days=1)) == 1  # next day: only the owner's seat, 3 days away
    (due,) = _messages_to("evaluator@example.com")
    assert due.essential is False
    assert due.subject == f"Uw scores voor “{selection.title}” zijn uiterlijk 4 maart 2027 nodig"
    assert "/messages/unsubscribe/" in due.body_text

    assert scores_due_check(today + dt.timedelta(days=4)) == 1  # overdue for the evaluator (the owner's: due today)
    overdue = _messages_to("evaluator@example.com")[-1]
    assert overdue.subject == f"Uw scores voor “{selection.title}” zijn te laat"
    assert scores_due_check(today + dt.timedelta(days=9)) == 1  # the owner's seat is overdue now
    assert scores_due_check(today + dt.timedelta(days=9)) == 0  # overdue is said once per date

    seat.score_by = today + dt.timedelta(days=12)  # the owner gives a new date: new reminders
    seat.save(update_fields=["score_by"])
    assert scores_due_check(today + dt.timedelta(days=10)) == 1


def test_no_reminder_for_a_submitted_seat_or_closed_scoring(personas: Personas) -> None:
    selection = make_selection(personas)
    today = dt.date(2027, 3, 1)
    seat = Evaluator.objects.create(selection=selection, user=personas.evaluator, score_by=today)
    seat.submitted_at = dt.datetime(2027, 2, 27, tzinfo=dt.UTC)
    seat.save(update_fields=["submitted_at"])
    other = Evaluator.objects.create(selection=selection, user=personas.owner, score_by=today)
    setup, _created = ScoringSetup.objects.get_or_create(selection=selection)
    setup.closed_at = dt.datetime(2027, 2, 28, tzinfo=dt.UTC)
    setup.save(update_fields=["closed_at"])
    assert scores_due_check(today) == 0
    assert not Message.objects.filter(to_email__in=["evaluator@example.com", other.user.email]).exists()


def test_a_reminder_to_an_evaluator_who_unsubscribed_is_not_sent(personas: Personas) -> None:
    selection = make_selection(personas)
    today = dt.date(2027, 3, 1)
    Evaluator.objects.create(selection=selection, user=personas.evaluator, score_by=today)
    reminders_set(email="evaluator@example.com", receive=False, actor=personas.evaluator)
    scores_due_check(today)
    (message,) = _messages_to("evaluator@example.com")
    assert message.state == MessageState.SUPPRESSED
    assert delivery.send_due() == 0
    assert mail.outbox == []
