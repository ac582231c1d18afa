"""The worker's delivery: exactly once across a crash and a restart, retries with backoff, no secrets kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from partnerwijzer.outbox import delivery, services
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.outbox.tests import backends
from partnerwijzer.outbox.tests.backends import DELIVERED, WorkerKilled
from tests.personas import Personas


@pytest.fixture(autouse=True)
def _fresh_backends() -> Iterator[None]:
    DELIVERED.clear()
    backends.KilledAfterHandoff.count = 0
    backends.KilledBeforeHandoff.count = 0
    yield
    DELIVERED.clear()


def _queue_five(personas: Personas) -> list[Message]:
    return [
        services.queue_message(
            organisation=personas.organisation, to_email=f"person{i}@example.com", language="nl",
            subject=f"Bericht {i}", body_text=f"Open https://pw.example/portal/TOKEN{i}SECRET/ om te beginnen.",
            idempotency_key=f"test.event:{i}",
        )
        for i in range(5)
    ]


def _deliveries_per_message() -> Counter[str]:
    return Counter(message_id for message_id, *_rest in DELIVERED)


@pytest.mark.django_db
def test_stop_the_worker_mid_send_and_restart_it_each_message_is_sent_exactly_once(
    personas: Personas, settings: Any,
) -> None:
    """The worker dies right after the mail server accepted the third message, before it could write
    "sent". The restarted worker sends the rest and never the interrupted one again; after the lease
    the interrupted one is shown to the owners (failed, "interrupted") instead of being lost silently."""
    messages = _queue_five(personas)
    backends.use(settings, "KilledAfterHandoff")
    with pytest.raises(WorkerKilled):
        delivery.send_due()
    states = Counter(Message.objects.values_list("state", flat=True))
    assert states == {MessageState.SENT: 2, MessageState.SENDING: 1, MessageState.QUEUED: 2}

    backends.use(settings, "Recording")  # the restarted worker, with a healthy mail server
    assert delivery.send_due() == 2
    assert delivery.send_due() == 0  # and again: nothing left
    assert delivery.release_interrupted() == 0  # within the lease nothing changes
    assert delivery.release_interrupted(now=timezone.now() + delivery.SENDING_LEASE + timedelta(seconds=1)) == 1

    per_message = _deliveries_per_message()
    assert sorted(per_message) == sorted(m.message_id for m in messages)
    assert set(per_message.values()) == {1}
    interrupted = Message.objects.get(state=MessageState.FAILED)
    assert interrupted.last_error == delivery.INTERRUPTED
    assert Message.objects.filter(state=MessageState.SENT).count() == 4


@pytest.mark.django_db
def test_a_send_killed_before_the_handoff_is_sent_again_automatically_exactly_once(
    personas: Personas, settings: Any,
) -> None:
    """Killed while connecting (before the handover was marked): the mail server cannot have it, so once
    the claim is released (the lease passed) the restarted worker sends it itself, once; no owner needed."""
    messages = _queue_five(personas)
    backends.use(settings, "KilledBeforeHandoff")
    with pytest.raises(WorkerKilled):
        delivery.send_due()
    interrupted = Message.objects.get(state=MessageState.SENDING)
    assert interrupted.handover_at is None
    backends.use(settings, "Recording")
    assert delivery.send_due() == 2
    assert delivery.release_interrupted() == 0  # the worker's process (this one) still runs: within the lease
    assert delivery.release_interrupted(now=timezone.now() + delivery.SENDING_LEASE + timedelta(seconds=1)) == 1
    assert Message.objects.get(pk=interrupted.pk).state == MessageState.QUEUED
    assert delivery.send_due() == 1
    per_message = _deliveries_per_message()
    assert sorted(per_message) == sorted(m.message_id for m in messages)
    assert set(per_message.values()) == {1}
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}


@pytest.mark.django_db
def test_a_claim_released_before_its_handover_is_never_handed_over_by_the_worker_that_lost_it(
    personas: Personas, settings: Any,
) -> None:
    """A worker so slow that its claim was taken for dead: its handover mark finds the claim gone and it
    stops before DATA; the message is sent once, by the next run."""
    message = _queue_five(personas)[0]
    backends.use(settings, "SlowThenReleased")
    assert delivery.deliver(str(message.pk)) is False
    assert DELIVERED == []
    message.refresh_from_db()
    assert (message.state, message.handover_at, message.claim_token) == (MessageState.QUEUED, None, "")
    backends.use(settings, "Recording")
    assert delivery.deliver(str(message.pk)) is True
    assert _deliveries_per_message() == {message.message_id: 1}


@pytest.mark.django_db
def test_a_claim_of_a_process_that_no_longer_runs_here_is_released_at_once(personas: Personas) -> None:
    """The restarted worker on the same host need not wait for the lease: the dead process's claim
    goes back to the queue (before the handover) or to an owner (during it)."""
    import socket

    before, during = _queue_five(personas)[:2]
    dead = f"{socket.gethostname()}:{2**22 + 17}"  # above Linux's pid_max default: no such process
    alive = delivery.worker_identity()
    now = timezone.now()
    Message.objects.filter(pk=before.pk).update(state=MessageState.SENDING, claimed_at=now, claimed_by=dead)
    Message.objects.filter(pk=during.pk).update(state=MessageState.SENDING, claimed_at=now, claimed_by=dead,
                                                handover_at=now)
    other = Message.objects.filter(state=MessageState.QUEUED).first()
    assert other is not None
    Message.objects.filter(pk=other.pk).update(state=MessageState.SENDING, claimed_at=now, claimed_by=alive)
    assert delivery.release_interrupted() == 2
    assert Message.objects.get(pk=before.pk).state == MessageState.QUEUED
    assert Message.objects.get(pk=during.pk).state == MessageState.FAILED
    assert Message.objects.get(pk=during.pk).last_error == delivery.INTERRUPTED
    assert Message.objects.get(pk=other.pk).state == MessageState.SENDING  # a running worker keeps its claim


@pytest.mark.django_db
def test_a_second_claim_of_the_same_message_sends_nothing(personas: Personas, settings: Any) -> None:
    """Two workers (or a task and the periodic run) reach the same message: one conditional UPDATE wins."""
    message = _queue_five(personas)[0]
    backends.use(settings, "Recording")
    Message.objects.filter(pk=message.pk).update(state=MessageState.SENDING, claimed_at=timezone.now())
    assert delivery.deliver(str(message.pk)) is False
    assert DELIVERED == []


@pytest.mark.django_db
def test_an_unreachable_mail_server_is_retried_with_backoff_then_given_up(personas: Personas, settings: Any) -> None:
    message = _queue_five(personas)[0]
    backends.use(settings, "Refusing")
    before = timezone.now()
    assert delivery.deliver(str(message.pk)) is False
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED
    assert message.attempts == 1
    assert before + timedelta(seconds=59) <= message.next_attempt_at <= timezone.now() + timedelta(seconds=61)
    assert message.last_error.startswith("SMTPServerDisconnected:")
    assert "SECRET-TOKEN-123" not in message.last_error
    assert delivery.deliver(str(message.pk)) is False  # not due yet: not even tried
    assert Message.objects.get(pk=message.pk).attempts == 1

    for _attempt in range(2, delivery.MAX_ATTEMPTS + 1):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        delivery.deliver(str(message.pk))
    message.refresh_from_db()
    assert message.state == MessageState.FAILED
    assert message.attempts == delivery.MAX_ATTEMPTS
    assert [delivery.retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert delivery.retry_delay(30) == delivery.MAX_RETRY

    backends.use(settings, "Recording")  # the owner sends it again once the server is back
    services.message_retry(actor=personas.owner, message=message)
    delivery.send_due()
    assert _deliveries_per_message()[message.message_id] == 1
    assert Message.objects.get(pk=message.pk).state == MessageState.SENT


@pytest.mark.django_db
def test_a_sent_message_keeps_no_token_and_carries_its_fixed_message_id(personas: Personas, settings: Any) -> None:
    message = _queue_five(personas)[0]
    backends.use(settings, "Recording")
    delivery.send_due()
    (message_id, to, _subject, body), *_ = DELIVERED
    assert (message_id, to) == (message.message_id, "person0@example.com")
    assert "/portal/TOKEN0SECRET/" in body  # the recipient gets the working link
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert message.sent_at is not None
    assert "TOKEN0SECRET" not in message.body_text  # the database keeps it only until it is sent
    assert "/portal/***/" in message.body_text


def _run_worker() -> None:
    """django-tasks-db's own worker (as ``manage.py db_worker``), in batch mode, in this process."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id=get_random_string(20), excluded_queue_names=[]).run()


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_sends_each_queued_message_once(personas: Personas, settings: Any) -> None:
    """The real path: queue_message enqueues a task after the commit; the worker runs it. Enqueueing a
    second task for a sent message (a duplicate) sends nothing."""
    from partnerwijzer.outbox.tasks import enqueue_send

    backends.use(settings, "Recording")
    with transaction.atomic():
        messages = _queue_five(personas)
    _run_worker()
    assert set(_deliveries_per_message().values()) == {1}
    assert len(DELIVERED) == 5
    enqueue_send(str(messages[0].pk))
    _run_worker()
    assert len(DELIVERED) == 5


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_sends_nothing(personas: Personas, settings: Any) -> None:
    backends.use(settings, "Recording")
    def event_that_fails() -> None:
        with transaction.atomic():
            _queue_five(personas)
            raise RuntimeError("the event's own write failed")

    with pytest.raises(RuntimeError):
        event_that_fails()
    _run_worker()
    assert not Message.objects.exists()
    assert DELIVERED == []
