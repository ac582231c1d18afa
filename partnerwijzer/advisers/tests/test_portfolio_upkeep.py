"""The periodic run (``manage.py outbox_tick``) computes the portfolio's stored rows of a new day,
so no adviser's first request of the day computes them (docs/advisers.md, "Stored rows")."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from partnerwijzer.accounts.services import adviser_access_revoke
from partnerwijzer.advisers import selectors
from partnerwijzer.advisers.models import PortfolioStatus
from partnerwijzer.advisers.selectors import portfolio_page, refresh_every_portfolio, refresh_portfolio_statuses
from partnerwijzer.advisers.tests.builders import client_with_owner, grant, make_adviser
from partnerwijzer.evaluation.scoring.services import evaluator_add
from partnerwijzer.outbox import periodic
from partnerwijzer.sourcing.services import selection_create

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def fewer_samples(settings: Any) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 2000  # (the grace after a change is off: conftest.py)


def _tick() -> str:
    out = io.StringIO()
    call_command("outbox_tick", stdout=out)
    return out.getvalue()


def test_the_job_is_registered_for_the_periodic_run() -> None:
    assert periodic.UPKEEP["portfolio_rows"] is refresh_every_portfolio


def test_after_a_day_change_one_tick_refreshes_every_row_and_the_next_request_computes_none(
        settings: Any, django_assert_num_queries: Any) -> None:
    hub, _user = make_adviser("Hub Twente", email="hub@example.com")
    other, _other_user = make_adviser("Kamer Oost", email="kamer@example.com")
    alfa, owner = client_with_owner(hub, "Bakkerij Alfa")
    client_with_owner(hub, "Aannemer Beta")
    grant(alfa, other)  # a client shared by two adviser organisations: one row, computed once
    client_with_owner(other, "Drukkerij Gamma")
    # A seat due to be scored on DAY + 1: not overdue on DAY, overdue the day after.
    selection = selection_create(actor=owner, organisation=alfa, title="Chatbot")
    evaluator_add(actor=owner, selection=selection, user=owner, score_by=DAY + dt.timedelta(days=1))

    settings.PARTNERWIJZER_TODAY = DAY.isoformat()
    assert "Rows brought up to date: portfolio_rows 3." in _tick()
    assert set(PortfolioStatus.objects.values_list("computed_on", flat=True)) == {DAY}
    assert PortfolioStatus.objects.get(organisation=alfa).overdue_tasks == 0

    next_day = DAY + dt.timedelta(days=2)
    settings.PARTNERWIJZER_TODAY = next_day.isoformat()
    out = _tick()
    assert "Rows brought up to date: portfolio_rows 3." in out
    assert set(PortfolioStatus.objects.values_list("computed_on", flat=True)) == {next_day}
    # Computed for the new day: the seat is overdue now.
    assert PortfolioStatus.objects.get(organisation=alfa).overdue_tasks == 1
    assert refresh_portfolio_statuses(hub, next_day) == 0
    assert refresh_portfolio_statuses(other, next_day) == 0
    # The adviser's first request of the day reads the stored rows (the flag shows) and computes none.
    page = portfolio_page(hub, flag="overdue")
    assert [row.client.name for row in page.object_list] == ["Bakkerij Alfa"]

    # Idempotent and cheap: a second run the same day finds nothing stale, in one query for the
    # adviser organisations and one per adviser organisation.
    with django_assert_num_queries(3):
        assert refresh_every_portfolio(next_day) == 0
    assert "Rows brought up to date: portfolio_rows 0." in _tick()


def test_a_client_whose_grant_was_revoked_is_not_computed_again() -> None:
    hub, _user = make_adviser()
    client, owner = client_with_owner(hub, "Bakkerij Alfa")
    assert refresh_every_portfolio(DAY) == 1
    adviser_access_revoke(actor=owner, grant=client.adviser_grants.get(), notify=False)
    assert refresh_every_portfolio(DAY + dt.timedelta(days=1)) == 0
    assert PortfolioStatus.objects.get(organisation=client).computed_on == DAY


def test_the_rows_are_written_in_batches_and_every_one_is_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "UPSERT_BATCH", 2)
    hub, _user = make_adviser()
    names = ["Alfa", "Beta", "Gamma", "Delta", "Epsilon"]
    clients = [client_with_owner(hub, name)[0] for name in names]
    assert refresh_every_portfolio(DAY) == 5
    assert set(PortfolioStatus.objects.values_list("organisation_id", flat=True)) == {c.pk for c in clients}
    assert refresh_every_portfolio(DAY + dt.timedelta(days=1)) == 5
    assert PortfolioStatus.objects.filter(computed_on=DAY + dt.timedelta(days=1)).count() == 5
