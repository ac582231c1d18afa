"""The synthetic hub (issue 17 item 7): what ``make_synthetic_hub`` writes, that it is the same
for the same seed, that it refuses to touch a database in use, and that the portfolio built on it
answers in a number of queries independent of the number of clients."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, Organisation, OrganisationKind, User
from partnerwijzer.advisers import selectors
from partnerwijzer.advisers.market import selectors as market_selectors
from partnerwijzer.advisers.models import (
    DirectoryCopy,
    DirectoryFirm,
    DirectoryReference,
    MarketConsent,
    MarketSnapshot,
    PortfolioStatus,
)
from partnerwijzer.advisers.selectors import FLAG_KEYS, portfolio_of, portfolio_page
from partnerwijzer.advisers.synthetic import synthetic_hub_create
from partnerwijzer.advisers.tests.builders import export_through_the_worker, signed_in
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.models import Quote
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.documents.models import DocumentJob
from partnerwijzer.documents.services import run_job
from partnerwijzer.evaluation.models import Score
from partnerwijzer.journey.steps import STEPS, Status
from partnerwijzer.planning.models import Answer, StoredStatus, UseCase
from partnerwijzer.planning.readiness.selectors import readiness_status, readiness_status_many
from partnerwijzer.results.models import Measurement, PartnerReview, Project
from partnerwijzer.sourcing.models import Candidate, Selection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _hub(clients: int, seed: int = 1, *extra: str) -> Organisation:
    out = io.StringIO()
    call_command("make_synthetic_hub", "--clients", str(clients), "--seed", str(seed), *extra, stdout=out)
    assert f"{clients} clients" in out.getvalue()
    return Organisation.objects.exclude(kind=OrganisationKind.COMPANY).get(name=f"Synthetische Hub {seed}")


def test_the_hub_has_consented_clients_with_every_part_of_the_journey() -> None:
    hub = _hub(40)
    grants = AdviserAccess.objects.filter(adviser=hub, revoked_at__isnull=True)
    assert grants.count() == 40
    assert {g.role for g in grants} == {AccessRole.READ, AccessRole.ALONGSIDE}
    clients = Organisation.objects.filter(kind=OrganisationKind.COMPANY)
    assert clients.count() == 40
    # every client is held by its own owner, and its grant is audited on both sides
    assert Membership.objects.filter(organisation__in=clients, role="owner").count() == 40
    assert AuditEvent.objects.filter(action="adviser_access.grant", organisation=hub).count() == 40
    assert AuditEvent.objects.filter(action="adviser_access.grant", organisation__in=clients).count() == 40
    assert UseCase.objects.filter(organisation__in=clients).count() >= 40
    assert Answer.objects.filter(questionnaire="readiness").exists()
    assert Selection.objects.filter(organisation__in=clients).count() >= 20
    assert Candidate.objects.filter(stage="chosen").exists()
    assert Score.objects.exists()
    assert Quote.objects.filter(lines__isnull=False).exists()
    assert PartnerDecision.objects.exists()
    assert Measurement.objects.filter(kpi__use_case__project__in=Project.objects.all()).exists()
    # the flags all show somewhere, so the filters have something to find
    rows = portfolio_of(hub)
    assert len(rows) == 40
    for key in FLAG_KEYS:
        assert any(f.key == key for r in rows for f in r.flags), key


def test_the_hub_has_a_directory_with_copies_consent_and_firm_figures() -> None:
    hub = _hub(160)
    firms = DirectoryFirm.objects.filter(adviser=hub)
    assert firms.count() == 100
    assert DirectoryReference.objects.filter(firm__adviser=hub).exists()
    assert firms.filter(references__isnull=True).exists()  # some firms have no verified reference yet
    copies = DirectoryCopy.objects.filter(adviser=hub).select_related("candidate__selection", "firm")
    assert copies.exists()
    for copy in copies:  # copies only where the hub works alongside, named as the firm
        assert copy.candidate.name == copy.firm.name
        assert AdviserAccess.objects.get(client=copy.candidate.selection.organisation_id,
                                         adviser=hub).role == AccessRole.ALONGSIDE
    assert PartnerReview.objects.filter(project__candidate__directory_copy__adviser=hub).exists()
    consenting = MarketConsent.objects.filter(adviser=hub).count()
    assert 0.7 * 160 < consenting < 160
    assert AuditEvent.objects.filter(action="market_consent.give", organisation=hub).count() == consenting
    snapshot = MarketSnapshot.objects.get(adviser=hub)
    assert snapshot.companies == consenting
    assert snapshot.figures  # enough companies per type of application for figures
    figures = market_selectors.firm_figures(hub)
    assert any(f.shortlisted is not None for f in figures)  # a popular firm has five companies behind it
    assert any(f.shortlisted is None for f in figures)  # and a rare one has not
    # benefit lines linked to measured KPIs: running projects have a realised payback (item 6)
    paybacks = [f for f in market_selectors.figures_of(hub) if f.measure == market_selectors.PAYBACK]
    assert paybacks  # (at 2,000 clients enough per type of application for figures: docs/benchmarks.md)
    assert all(f.value >= 0 for f in paybacks)


def _snapshot() -> list[tuple[object, ...]]:
    return sorted(
        (o.pk, o.name, o.language, tuple(sorted((u.pk, u.title, u.archetype) for u in UseCase.objects.filter(
            organisation=o))), tuple(sorted(Score.objects.filter(candidate__selection__organisation=o)
                                            .values_list("pk", "value"))))
        for o in Organisation.objects.all()
    )


def test_the_same_seed_gives_the_same_hub_and_another_seed_another() -> None:
    def made(seed: int) -> list[tuple[object, ...]]:
        with transaction.atomic():
            synthetic_hub_create(clients=5, seed=seed)
            snapshot = _snapshot()
            transaction.set_rollback(True)
        return snapshot

    first = made(7)
    assert first == made(7)
    assert first != made(8)
    assert not Organisation.objects.exists()


def test_it_refuses_a_database_with_organisations_unless_told_and_then_only_adds() -> None:
    existing = Organisation.objects.create(name="Bestaand BV")
    with pytest.raises(CommandError, match="--add"):
        call_command("make_synthetic_hub", "--clients", "3", stdout=io.StringIO())
    assert list(Organisation.objects.all()) == [existing]
    assert not User.objects.exists()
    _hub(3, 1, "--add")
    assert Organisation.objects.filter(pk=existing.pk, name="Bestaand BV").exists()
    assert Organisation.objects.count() == 1 + 1 + 3
    with pytest.raises(CommandError, match="exists already"):  # the same seed again: its adviser is taken
        call_command("make_synthetic_hub", "--clients", "3", "--add", stdout=io.StringIO())
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("make_synthetic_hub", "--clients", "0", "--add", stdout=io.StringIO())
    assert Organisation.objects.count() == 5


# --- Queries independent of the number of clients ------------------------------------------------

PORTFOLIO_QUERIES = [
    {}, {"sort": "progress"}, {"sort": "flags"}, {"flag": "overdue"}, {"flag": "gate_due", "sort": "progress"},
    {"flag": "stalled"}, {"step": "selection", "sort": "flags"},
]


EVERY_FILTER_AND_SORT = [
    *PORTFOLIO_QUERIES, {"flag": "high_risk_no_dpia"}, {"flag": "cost_out_of_band", "sort": "progress"},
    *({"step": step.key} for step in STEPS),
]


def _queries_per_url(clients: int) -> Iterator[tuple[str, int]]:
    """(url, queries) of each portfolio URL, the export's request and the worker's job preparing
    it, for a hub of ``clients``, rolled back after: each portfolio URL twice, with the stored
    portfolio rows and plan's and readiness' stored statuses gone (computed again, as on the first
    request of a day or after every client changed) and then stored (read)."""
    with transaction.atomic():
        hub = _hub(clients)
        adviser = User.objects.get(memberships__organisation=hub)
        browser = signed_in(adviser)
        browser.get(reverse("advisers:portfolio"))  # the first request also renews the session
        counted = []
        for query, stored in itertools.product(EVERY_FILTER_AND_SORT, ("recomputed", "stored")):
            if stored == "recomputed":
                StoredStatus.objects.all().delete()
                PortfolioStatus.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                response = browser.get(reverse("advisers:portfolio"), query)
            assert response.status_code == 200
            counted.append((f"{reverse('advisers:portfolio')}?{query} {stored}", len(queries)))
        for query in ({}, {"sort": "flags", "flag": "overdue"}):
            with CaptureQueriesContext(connection) as queries:
                response = browser.post(f"{reverse('advisers:portfolio_export')}?{urlencode(query)}")
            assert response.status_code == 302
            counted.append((f"export?{query}", len(queries)))
            job = DocumentJob.objects.filter(organisation=hub).first()
            assert job is not None
            with CaptureQueriesContext(connection) as queries:
                run_job(job.pk)
            counted.append((f"worker?{query}", len(queries)))
            download = browser.get(reverse("advisers:portfolio_export_download", args=[job.pk]))
            sheet = load_workbook(io.BytesIO(download.content)).active
            assert sheet is not None
            assert sheet.cell(row=1, column=1).value == "Klant"  # the hub works in Dutch
            if not query.get("flag"):
                assert sheet.max_row == clients + 1
            job.delete()
        transaction.set_rollback(True)
    return iter(counted)


def test_the_portfolio_filters_sorting_and_export_answer_in_queries_independent_of_the_clients(
        settings: Any, tmp_path: Path) -> None:
    # The page computes the stored rows of the clients whose row is not current (all of them here
    # when "recomputed") and reads one page of them in SQL; neither depends on how many clients
    # there are. The export's request only queues a job; the worker's job reads every client, in
    # as many queries.
    settings.PRIVATE_FILES_DIR = tmp_path
    few = dict(_queries_per_url(40))
    many = dict(_queries_per_url(160))
    assert (max(n for url, n in many.items() if url.endswith("recomputed"))
            == max(n for url, n in few.items() if url.endswith("recomputed")))
    stored = {url: n for url, n in many.items() if url.endswith(" stored")}
    assert len(stored) == len(EVERY_FILTER_AND_SORT)
    # every filter and sort: no query over a page's clients (one less where a page is empty)
    assert max(stored.values()) == max(n for url, n in few.items() if url.endswith(" stored")) <= 10
    for url, n in stored.items():
        assert n < many[url.replace(" stored", " recomputed")], url  # read, not computed, once stored
    for key in ("export?{}", "worker?{}", "export?{'sort': 'flags', 'flag': 'overdue'}"):
        assert many[key] == few[key], key


def test_the_portfolio_shows_a_page_of_clients_at_a_time_with_the_filters_kept(settings: Any, tmp_path: Path) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path
    hub = _hub(60)
    browser = signed_in(User.objects.get(memberships__organisation=hub))
    url = reverse("advisers:portfolio")
    first = browser.get(url, {"sort": "flags"}).content.decode()  # the hub and its adviser work in Dutch
    assert first.count('<th scope="row">') == 50
    assert "Klanten 1–50 van 60" in first
    assert 'href="?sort=flags&amp;page=2">Volgende klanten</a>' in first
    second = browser.get(url, {"sort": "flags", "page": "2"}).content.decode()
    assert second.count('<th scope="row">') == 10
    assert "Klanten 51–60 van 60" in second
    assert 'href="?sort=flags&amp;page=1">Vorige klanten</a>' in second
    # every client is on exactly one page, in the order of the sorting
    names = [r.client.name for r in portfolio_of(hub, sort="flags")]
    assert all(f"{name}<br>" in first for name in names[:50])
    assert all(f"{name}<br>" in second for name in names[50:])
    # a page that is not a number or past the end: the first or last page, never an error
    assert "Klanten 1–50 van 60" in browser.get(url, {"page": "abc"}).content.decode()
    assert "Klanten 51–60 van 60" in browser.get(url, {"page": "99"}).content.decode()
    # the export has every client, not a page
    sheet = load_workbook(io.BytesIO(export_through_the_worker(browser))).active
    assert sheet is not None
    assert sheet.max_row == 61


# --- The page computes only what it shows, and shows the same as the whole portfolio ---------------


def _seen(rows: list[Any]) -> list[tuple[str, list[Any], list[str], int]]:
    return [(r.client.name, [status for _step, status in r.statuses], [f.key for f in r.flags], r.overdue_tasks)
            for r in rows]


@pytest.mark.parametrize("query", [*PORTFOLIO_QUERIES, {"flag": "high_risk_no_dpia"},
                                   {"flag": "cost_out_of_band", "sort": "flags"}, {"step": "results"}])
def test_each_page_shows_exactly_the_rows_of_the_whole_portfolio(query: dict[str, str]) -> None:
    hub = _hub(60)
    everything = portfolio_of(hub, **query)
    pages = []
    for number in (1, 2):
        page = portfolio_page(hub, **query, number=number, per_page=30)
        assert page.paginator.count == len(everything)
        pages += page.object_list if page.number == number else []
    assert _seen(pages) == _seen(everything)
    assert all(len(r.statuses) == len(STEPS) for r in pages)
    if "flag" in query:
        assert pages
        assert all(any(f.key == query["flag"] for f in r.flags) for r in pages)


def test_the_page_computes_every_client_once_then_only_the_clients_that_changed_or_a_new_day(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hub = _hub(60)
    seen: list[int] = []
    real = selectors.results_summaries

    def counting(clients: Any, **kwargs: Any) -> Any:
        seen.append(len(list(clients)))
        return real(clients, **kwargs)

    monkeypatch.setattr(selectors, "results_summaries", counting)
    day = dt.date(2026, 12, 7)
    portfolio_page(hub, per_page=20, on=day)
    assert seen == [60]  # the first read computes and stores every client's row
    for query in EVERY_FILTER_AND_SORT:
        portfolio_page(hub, **query, per_page=20, on=day)
    assert seen == [60]  # every filter and sort reads the stored rows
    client = Organisation.objects.filter(adviser_grants__adviser=hub).order_by("name").first()
    assert client is not None
    audit_record(actor=None, organisation=client, action="usecase.update")  # any write of the client's
    portfolio_page(hub, sort="flags", per_page=20, on=day)
    assert seen == [60, 1]  # that client only
    portfolio_page(hub, sort="progress", per_page=20, on=day + dt.timedelta(days=1))
    assert seen == [60, 1, 60]  # a new day: the date-dependent flags and statuses of everyone


def test_the_readiness_batch_rule_equals_each_clients_dashboard_on_a_hub() -> None:
    # readiness_status_many stops scoring a client at its first complete check (perf17): the
    # statuses must stay those of each client's own rule, with done, in progress and not started.
    hub = _hub(40)
    clients = list(Organisation.objects.filter(adviser_grants__adviser=hub))
    many = readiness_status_many(clients)
    assert many == {c.pk: readiness_status(c) for c in clients}
    assert {Status.DONE, Status.IN_PROGRESS} <= set(many.values())
