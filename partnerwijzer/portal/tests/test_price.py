"""The firm's price on an RFP's portal page: entered per cost category and running cost,
autosaved like answers, validated (nothing stored on bad input), written as the candidate's
quote (source "portal") on submission; nothing of it on an RFI or after the deadline.
Also the pruning of old PortalAttempt rows."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.models import Quote, QuoteSource
from partnerwijzer.budget.quotes import services as quote_services
from partnerwijzer.inputs import parse_amount
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.portal import ratelimit, services
from partnerwijzer.portal.models import AttemptOutcome, PortalAttempt, PortalLink
from partnerwijzer.portal.tests import builders as f
from tests.personas import Personas

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rfp(personas: Personas) -> f.PortalSetup:
    return f.make_portal(personas, kind="rfp")


def url(name: str, token: str) -> str:
    return reverse(f"portal:{name}", kwargs={"token": token})


def _draft(link: PortalLink) -> dict[str, str]:
    link.refresh_from_db()
    return link.quote_draft


# --- Entering ---------------------------------------------------------------------------------------


def test_rfp_page_shows_the_five_categories_and_running_cost(client: Client, rfp: f.PortalSetup) -> None:
    html = client.get(url("questionnaire", rfp.token_a)).content.decode()
    assert 'id="price"' in html
    for key in ("strategy", "data", "model", "implementation", "training", "running_per_year"):
        assert f'name="price-{key}"' in html
    assert "Running cost per year" in html
    assert "Strategy consulting and concept" in html


def test_rfp_labels_are_in_the_organisation_language(client: Client, personas: Personas) -> None:
    setup = f.make_portal(personas, kind="rfp", language="nl")
    html = client.get(url("questionnaire", setup.token_a)).content.decode()
    assert "Strategisch advies en concept" in html
    assert "Strategy consulting and concept" not in html


def test_autosave_one_field_with_comma_or_dot(client: Client, rfp: f.PortalSetup) -> None:
    response = client.post(url("answer", rfp.token_a), {"price": "strategy", "price-strategy": "12500,50"}, **HX)
    assert response.status_code == 200
    assert 'id="status-price-strategy"' in response.content.decode()
    client.post(url("answer", rfp.token_a), {"price": "running_per_year", "price-running_per_year": "3.000"}, **HX)
    client.post(url("answer", rfp.token_a), {"price": "data", "price-data": "1.234,5"}, **HX)
    assert _draft(rfp.link_a) == {"strategy": "12500.50", "running_per_year": "3000.00", "data": "1234.50"}
    # A blank field clears it; the page shows what is stored.
    client.post(url("answer", rfp.token_a), {"price": "data", "price-data": ""}, **HX)
    assert "data" not in _draft(rfp.link_a)
    assert 'value="12,500.50"' in client.get(url("questionnaire", rfp.token_a)).content.decode()


@pytest.mark.parametrize(("raw", "expected"), [
    ("25000", "25000"), ("25000,5", "25000.5"), ("25000.50", "25000.50"), ("25.000,50", "25000.50"),
    ("25,000.50", "25000.50"), ("1.250.000", "1250000"), ("€ 25 000", "25000"), ("12,500", "12500"), ("", None),
])
def test_parse_amount(raw: str, expected: str | None) -> None:
    assert parse_amount(raw) == (Decimal(expected) if expected is not None else None)


@pytest.mark.parametrize("raw", ["abc", "12,5x", "1e5", "--3", "12.34.5,6,7", "NaN"])
def test_parse_amount_refuses_garbage(raw: str) -> None:
    with pytest.raises(ValueError, match=re.escape(raw)):
        parse_amount(raw)


# --- Validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "message"), [
    ("-100", "cannot be negative"), ("twelve", "Enter an amount in euro"), ("10,123", None),
    ("99999999999", "too large"), ("10,125", None), ("1.5555", "at most two decimals"),
])
def test_bad_amount_is_refused_and_nothing_stored(client: Client, rfp: f.PortalSetup, raw: str,
                                                  message: str | None) -> None:
    services.quote_draft_save(link=rfp.link_a, values={"strategy": "100"})
    response = client.post(url("answer", rfp.token_a), {"price": "strategy", "price-strategy": raw}, **HX)
    if message is None:  # "10,123" and "10,125" are thousands: valid
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _draft(rfp.link_a) == {"strategy": "100.00"}


def test_no_js_form_saves_all_or_nothing(client: Client, rfp: f.PortalSetup) -> None:
    qid = rfp.questions[0].pk
    response = client.post(url("questionnaire", rfp.token_a),
                           {f"answer-{qid}": "Our approach", "price-strategy": "5000", "price-model": "-1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be negative" in html
    assert 'value="-1"' in html  # what the firm typed stays in the field
    assert _draft(rfp.link_a) == {}
    assert not rfp.link_a.answers.exists()
    response = client.post(url("questionnaire", rfp.token_a),
                           {f"answer-{qid}": "Our approach", "price-strategy": "5000", "price-model": "7000,25"})
    assert response.status_code == 302
    assert _draft(rfp.link_a) == {"strategy": "5000.00", "model": "7000.25"}


def test_unknown_category_is_refused(rfp: f.PortalSetup) -> None:
    with pytest.raises(ValidationError):
        services.quote_draft_save(link=rfp.link_a, values={"hardware": "100"})
    assert _draft(rfp.link_a) == {}


# --- Submission -------------------------------------------------------------------------------------


def test_submit_writes_a_portal_quote_with_the_right_lines(client: Client, rfp: f.PortalSetup) -> None:
    services.quote_draft_save(link=rfp.link_a, values={"strategy": "10000", "implementation": "45000,5",
                                                       "running_per_year": "12000"})
    confirm = client.get(url("submit", rfp.token_a)).content.decode()
    assert 'id="submit-price"' in confirm
    response = client.post(url("submit", rfp.token_a))
    assert response.status_code == 302
    quote = Quote.objects.get(candidate=rfp.firm_a)
    assert quote.source == QuoteSource.PORTAL
    assert quote.updated_by is None
    assert quote.running_per_year == Decimal("12000.00")
    assert {line.category: line.amount for line in quote.lines.all()} == {
        "strategy": Decimal("10000.00"), "implementation": Decimal("45000.50")}
    assert not Quote.objects.filter(candidate=rfp.firm_b).exists()
    event = AuditEvent.objects.get(action="portal.quote_submit")
    assert event.actor is None
    assert event.changes["replaced_source"] is None
    assert AuditEvent.objects.get(action="quote.create").changes["source"] == "portal"
    # Never the token in the audit.
    for e in AuditEvent.objects.all():
        assert rfp.token_a not in str(e.changes)
        assert rfp.token_a not in e.target_label


def test_portal_quote_replaces_a_manual_one_and_the_audit_keeps_the_old_values(
        personas: Personas, rfp: f.PortalSetup) -> None:
    quote_services.quote_save(actor=personas.owner, candidate=rfp.firm_a, lines={"strategy": "8000", "data": "900"},
                              running_per_year="500", note="Phone call")
    services.quote_draft_save(link=rfp.link_a, values={"strategy": "9000"})
    services.submit(link=rfp.link_a)
    quote = Quote.objects.get(candidate=rfp.firm_a)
    assert quote.source == QuoteSource.PORTAL
    assert {line.category: line.amount for line in quote.lines.all()} == {"strategy": Decimal("9000.00")}
    assert quote.running_per_year == 0
    event = AuditEvent.objects.get(action="portal.quote_submit")
    assert event.changes["replaced_source"] == "manual"
    assert event.changes["replaced"] == {"strategy": "8000.00", "data": "900.00", "running_per_year": "500.00",
                                         "note": "Phone call"}
    update = AuditEvent.objects.get(action="quote.update")
    assert update.changes["strategy"] == ["8000.00", "9000.00"]


def test_submit_without_price_writes_no_quote(rfp: f.PortalSetup) -> None:
    services.answer_save(link=rfp.link_a, question_id=rfp.questions[0].pk, text="Answer")
    services.submit(link=rfp.link_a)
    assert not Quote.objects.filter(candidate=rfp.firm_a).exists()


def test_price_alone_is_enough_to_submit(rfp: f.PortalSetup) -> None:
    services.quote_draft_save(link=rfp.link_a, values={"training": "2000"})
    services.submit(link=rfp.link_a)
    assert Quote.objects.get(candidate=rfp.firm_a).source == QuoteSource.PORTAL


def test_quotes_page_says_received_through_the_portal(client: Client, personas: Personas,
                                                       rfp: f.PortalSetup) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Maintenance")
    rfp.selection.use_case = use_case
    rfp.selection.save(update_fields=["use_case"])
    services.quote_draft_save(link=rfp.link_a, values={"strategy": "9000"})
    services.submit(link=rfp.link_a)
    client.force_login(personas.owner)
    html = client.get(reverse("budget:quotes", args=[use_case.pk])).content.decode()
    assert "Received through the supplier portal" in html


# --- Only its own candidate, only before the deadline, only for an RFP ------------------------------


def test_a_firm_prices_only_its_own_candidate(client: Client, rfp: f.PortalSetup) -> None:
    client.post(url("answer", rfp.token_a), {"price": "strategy", "price-strategy": "100",
                                              "candidate": str(rfp.firm_b.pk)}, **HX)
    client.post(url("submit", rfp.token_a), {"candidate": str(rfp.firm_b.pk)})
    assert Quote.objects.get(candidate=rfp.firm_a).lines.get().amount == Decimal("100.00")
    assert not Quote.objects.filter(candidate=rfp.firm_b).exists()
    assert _draft(rfp.link_b) == {}
    assert "100.00" not in client.get(url("questionnaire", rfp.token_b)).content.decode()


def test_nothing_after_the_deadline(client: Client, rfp: f.PortalSetup) -> None:
    services.quote_draft_save(link=rfp.link_a, values={"strategy": "100"})
    rfp.questionnaire.deadline = timezone.now() - timedelta(minutes=1)
    rfp.questionnaire.save(update_fields=["deadline"])
    response = client.post(url("answer", rfp.token_a), {"price": "strategy", "price-strategy": "200"}, **HX)
    assert response.status_code == 400
    assert "deadline has passed" in response.content.decode()
    assert client.post(url("submit", rfp.token_a)).status_code == 400
    assert _draft(rfp.link_a) == {"strategy": "100.00"}
    assert not Quote.objects.exists()
    html = client.get(url("questionnaire", rfp.token_a)).content.decode()
    assert 'name="price-strategy"' not in html  # read-only


def test_nothing_after_submission(rfp: f.PortalSetup) -> None:
    services.quote_draft_save(link=rfp.link_a, values={"strategy": "100"})
    services.submit(link=rfp.link_a)
    with pytest.raises(ValidationError):
        services.quote_draft_save(link=rfp.link_a, values={"strategy": "1"})
    assert Quote.objects.get(candidate=rfp.firm_a).lines.get().amount == Decimal("100.00")


def test_rfi_has_no_price_form(client: Client, personas: Personas) -> None:
    setup = f.make_portal(personas)
    html = client.get(url("questionnaire", setup.token_a)).content.decode()
    assert 'id="price"' not in html
    assert "price-strategy" not in html
    response = client.post(url("answer", setup.token_a), {"price": "strategy", "price-strategy": "100"}, **HX)
    assert response.status_code == 400
    assert _draft(setup.link_a) == {}
    qid = setup.questions[0].pk
    client.post(url("questionnaire", setup.token_a), {f"answer-{qid}": "x", "price-strategy": "100"})
    assert _draft(setup.link_a) == {}
    services.answer_save(link=setup.link_a, question_id=qid, text="x")
    services.submit(link=setup.link_a)
    assert not Quote.objects.exists()


# --- Pruning attempts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_prune_deletes_only_attempts_older_than_the_retention() -> None:
    now = timezone.now()
    old = PortalAttempt.objects.create(ip_hash="a" * 64, outcome=AttemptOutcome.INVALID,
                                       at=now - services.ATTEMPT_RETENTION - timedelta(seconds=1))
    kept = PortalAttempt.objects.create(ip_hash="a" * 64, outcome=AttemptOutcome.INVALID,
                                        at=now - services.ATTEMPT_RETENTION + timedelta(minutes=1))
    assert services.attempts_prune(now=now) == 1
    assert not PortalAttempt.objects.filter(pk=old.pk).exists()
    assert PortalAttempt.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_prune_never_deletes_inside_a_long_rate_limit_window(settings: object) -> None:
    settings.PORTAL_FAILED_ATTEMPT_WINDOW_SECONDS = int(timedelta(days=60).total_seconds())  # type: ignore[attr-defined]
    PortalAttempt.objects.create(ip_hash="b" * 64, outcome=AttemptOutcome.INVALID,
                                 at=timezone.now() - timedelta(days=45))
    assert services.attempts_prune() == 0
    assert ratelimit.failures_in_window("b" * 64) == 1


@pytest.mark.django_db
def test_recording_prunes_once_per_n_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    import itertools

    monkeypatch.setattr(services, "PRUNE_EVERY", 5)
    monkeypatch.setattr(services, "_attempt_calls", itertools.count(1))
    stale = timezone.now() - timedelta(days=90)
    PortalAttempt.objects.create(ip_hash="c" * 64, outcome=AttemptOutcome.INVALID, at=stale)
    for _ in range(4):
        services.attempt_record(ip_hash="d" * 64, outcome=AttemptOutcome.INVALID)
    assert PortalAttempt.objects.filter(at=stale).exists()
    services.attempt_record(ip_hash="d" * 64, outcome=AttemptOutcome.INVALID)
    assert not PortalAttempt.objects.filter(at=stale).exists()
    assert PortalAttempt.objects.filter(ip_hash="d" * 64).count() == 5
