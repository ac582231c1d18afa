"""Issue 7 "Done when": 10,000 random tokens, an expired, a revoked and another candidate's token
reach nothing; failures get one and the same page; attempts are rate limited per address in the
database and logged without the token."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.portal import ratelimit, services
from partnerwijzer.portal.models import AttemptOutcome, PortalAnswer, PortalAttempt, PortalLink
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.questionnaires.models import Questionnaire
from tests.personas import Personas

NOT_VALID = "This link is not valid"


@pytest.fixture
def setup(personas: Personas) -> f.PortalSetup:
    return f.make_portal(personas)


def page(token: str) -> str:
    return reverse("portal:questionnaire", kwargs={"token": token})


def _not_valid(response) -> bytes:  # type: ignore[no-untyped-def]
    assert response.status_code == 404
    assert '<h1 id="not-valid">' in response.content.decode()
    return response.content


def test_ten_thousand_random_tokens_reach_nothing(client: Client, setup: f.PortalSetup, settings) -> None:  # type: ignore[no-untyped-def]
    real = {services.hash_token(setup.token_a), services.hash_token(setup.token_b)}
    for _ in range(10_000):
        token = secrets.token_urlsafe(32)
        assert services.hash_token(token) not in real
        resolution = services.resolve_token(token)
        assert resolution.link is None
        assert resolution.outcome == AttemptOutcome.INVALID
    settings.PORTAL_FAILED_ATTEMPT_LIMIT = 1000  # this test measures reach, not the rate limit
    bodies = set()
    for i in range(50):
        token = secrets.token_urlsafe(32)
        response = client.get(page(token) if i % 2 else reverse("portal:receipt", kwargs={"token": token}))
        body = _not_valid(response)
        bodies.add(body.replace(b"\n", b""))
        assert "Acme" not in body.decode()
        assert "RFI" not in body.decode()
    assert len(bodies) == 1
    assert PortalAnswer.objects.count() == 0


def test_every_failure_looks_the_same(client: Client, setup: f.PortalSetup) -> None:
    revoked = setup.link_b
    services.link_revoke(actor=setup.link_a.created_by, link=revoked)  # type: ignore[arg-type]
    services.link_create(actor=setup.link_a.created_by, questionnaire=setup.questionnaire,  # type: ignore[arg-type]
                         candidate=setup.firm_b)
    PortalLink.objects.filter(pk=setup.link_a.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    bodies = {
        "unknown": _not_valid(client.get(page(secrets.token_urlsafe(32)))),
        "malformed": _not_valid(client.get(page("not-a-token"))),
        "too-long": _not_valid(client.get(page("A" * 500))),
        "expired": _not_valid(client.get(page(setup.token_a))),
        "revoked": _not_valid(client.get(page(setup.token_b))),
    }
    assert len(set(bodies.values())) == 1, "the pages must not tell the cases apart"
    outcomes = list(PortalAttempt.objects.order_by("at", "id").values_list("outcome", flat=True))
    assert outcomes == ["invalid", "invalid", "invalid", "expired", "revoked"]


def test_expired_token_reaches_nothing_on_any_route(client: Client, setup: f.PortalSetup) -> None:
    PortalLink.objects.filter(pk=setup.link_a.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    question = setup.questions[0]
    _not_valid(client.post(reverse("portal:answer", kwargs={"token": setup.token_a}),
                           {"question": str(question.pk), f"answer-{question.pk}": "late"}))
    _not_valid(client.post(reverse("portal:submit", kwargs={"token": setup.token_a})))
    assert not PortalAnswer.objects.exists()
    assert PortalLink.objects.get(pk=setup.link_a.pk).submitted_at is None


def test_revoked_token_reaches_nothing(client: Client, setup: f.PortalSetup, personas: Personas) -> None:
    services.link_revoke(actor=personas.owner, link=setup.link_a)
    _not_valid(client.get(page(setup.token_a)))
    _not_valid(client.post(reverse("portal:submit", kwargs={"token": setup.token_a})))


def test_draft_questionnaire_link_is_not_valid(client: Client, setup: f.PortalSetup) -> None:
    Questionnaire.objects.filter(pk=setup.questionnaire.pk).update(status="draft")
    _not_valid(client.get(page(setup.token_a)))


def test_another_candidates_token_sees_only_that_candidate(client: Client, setup: f.PortalSetup) -> None:
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Answer of Acme")
    html = client.get(page(setup.token_b)).content.decode()
    assert "Beta Analytics" in html
    assert "Acme AI" not in html
    assert "Answer of Acme" not in html
    # Firm B posting to its own link cannot write into firm A's answers.
    question = setup.questions[0]
    client.post(reverse("portal:answer", kwargs={"token": setup.token_b}),
                {"question": str(question.pk), f"answer-{question.pk}": "Answer of Beta"}, headers={"HX-Request": "1"})
    assert PortalAnswer.objects.get(link=setup.link_a).text == "Answer of Acme"
    assert PortalAnswer.objects.get(link=setup.link_b).text == "Answer of Beta"


@pytest.mark.parametrize("persona", ["owner", "evaluator", "viewer", "outsider"])
def test_a_session_without_a_valid_token_reaches_nothing(
    personas: Personas, setup: f.PortalSetup, persona: str
) -> None:
    client = personas.client(persona)
    for token in ("", secrets.token_urlsafe(32), setup.token_a[:-1] + ("A" if setup.token_a[-1] != "A" else "B")):
        if not token:
            continue
        _not_valid(client.get(page(token)))
    assert client.get("/portal/").status_code == 404


def test_rate_limit_kicks_in_and_logs_without_the_token(
    client: Client, setup: f.PortalSetup, settings, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    settings.PORTAL_FAILED_ATTEMPT_LIMIT = 20
    caplog.set_level(logging.DEBUG)
    tried = [secrets.token_urlsafe(32) for _ in range(20)]
    for token in tried:
        _not_valid(client.get(page(token)))
    # The 21st request is refused before the token is even looked up: also a valid one.
    limited = client.get(page(setup.token_a))
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("text/plain")
    assert limited["Retry-After"] == "600"
    assert "Acme" not in limited.content.decode()
    assert PortalAttempt.objects.filter(outcome=AttemptOutcome.INVALID).count() == 20
    assert PortalAttempt.objects.filter(outcome=AttemptOutcome.RATE_LIMITED).count() == 1
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.get(page(setup.token_a)).status_code == 200
    # Nothing anywhere holds a token: attempts, audit events, log records.
    secrets_seen = [*tried, setup.token_a, setup.token_b]
    stored = [
        repr(row) for row in PortalAttempt.objects.values_list("ip_hash", "outcome", "link_id", "at")
    ] + [repr(row) for row in AuditEvent.objects.values_list(
        "action", "target_type", "target_id", "target_label", "changes", "actor_label")]
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for token in secrets_seen:
        assert not any(token in s for s in stored)
        assert token not in logged
        assert services.hash_token(token) not in logged
    assert "127.0.0.1" not in " ".join(stored)  # the address is stored only as a salted hash


def test_limit_is_counted_in_the_database_across_processes(setup: f.PortalSetup, rf) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/", REMOTE_ADDR="198.51.100.7")
    address = ratelimit.ip_hash(request)
    assert address != ratelimit.ip_hash(rf.get("/", REMOTE_ADDR="198.51.100.8"))
    # Rows written by "another process" count just the same.
    PortalAttempt.objects.bulk_create(
        PortalAttempt(ip_hash=address, outcome=AttemptOutcome.INVALID) for _ in range(ratelimit.limit())
    )
    assert ratelimit.is_limited(address)
    # Failures older than the window no longer count.
    PortalAttempt.objects.update(at=timezone.now() - ratelimit.window() - timedelta(seconds=1))
    assert not ratelimit.is_limited(address)


def test_successful_opens_do_not_count_towards_the_limit(client: Client, setup: f.PortalSetup, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PORTAL_FAILED_ATTEMPT_LIMIT = 3
    for _ in range(5):
        assert client.get(page(setup.token_a)).status_code == 200
    assert PortalAttempt.objects.filter(outcome=AttemptOutcome.OK).count() == 5
    assert PortalLink.objects.get(pk=setup.link_a.pk).last_used_at is not None


def test_token_is_256_bits_and_only_its_hash_is_stored(setup: f.PortalSetup) -> None:
    assert len(setup.token_a) == 43  # 32 random bytes, URL-safe base64
    link = PortalLink.objects.get(pk=setup.link_a.pk)
    assert link.token_hash == services.hash_token(setup.token_a)
    for field in link._meta.concrete_fields:
        value = str(getattr(link, field.attname))
        assert setup.token_a not in value
        assert setup.token_a[:8] not in value
