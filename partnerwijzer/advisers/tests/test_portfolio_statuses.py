"""The portfolio's Readiness, Contract and Results statuses and its flags "high-risk AI use case
without a DPIA" and "costs outside the estimate's band" (issue 17 item 3): the same rules as one
client's dashboard, in a number of queries that does not grow with the clients."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.advisers.models import PortfolioStatus
from partnerwijzer.advisers.selectors import portfolio_of
from partnerwijzer.advisers.tests.builders import export_through_the_worker, grant, make_adviser, signed_in
from partnerwijzer.budget import simulation
from partnerwijzer.budget.models import Budget, CostLine
from partnerwijzer.contract.services import decision_save
from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS, STATUS_PROVIDERS, STEPS, Status
from partnerwijzer.planning.models import Answer, ChecklistItem, ChecklistStatus, StoredStatus, UseCase
from partnerwijzer.results import services as results_services
from partnerwijzer.results.models import ActualCost
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.personas import Personas

pytestmark = pytest.mark.usefixtures("english")

TODAY = dt.date(2026, 6, 15)
HIGH_RISK_ANSWERS: dict[str, Any] = {
    "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
    "prohibited": "none", "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
    "public_service": "no", "transparency": ["none"], "gpai": "no",
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setattr("partnerwijzer.results.selectors.today", lambda: TODAY)
    monkeypatch.setattr("partnerwijzer.advisers.selectors.today", lambda: TODAY)
    settings.BUDGET_SIMULATION_ITERATIONS = 2000


def _busy_client(adviser: Organisation, owner: User, number: int, *, spent: int = 0,
                 high_risk: bool = False) -> Organisation:
    """A client with a readiness answer, a decided selection, a running project with a budget,
    and (if asked) a high-risk AI Act screening and actual costs."""
    client = Organisation.objects.create(name=f"Client {number:03d}")
    grant(client, adviser)
    use_case = UseCase.objects.create(organisation=client, title=f"Use case {number}")
    Answer.objects.create(use_case=use_case, questionnaire="readiness", question_key="data_availability",
                          value="partial")
    if high_risk:
        for key, value in HIGH_RISK_ANSWERS.items():
            Answer.objects.create(use_case=use_case, questionnaire="ai_act", question_key=key, value=value)
    selection = selection_create(actor=owner, organisation=client, title=f"Selection {number}", use_case=use_case)
    candidate = candidate_create(actor=owner, selection=selection, name="Acme AI")
    decision_save(actor=owner, selection=selection, candidate=candidate, rationale="Best fit.")
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(20), go_live_month=4)
    CostLine.objects.create(budget=budget, category="development", low=Decimal(40000), likely=Decimal(50000),
                            high=Decimal(70000))
    project = results_services.project_start(actor=owner, use_case=use_case, candidate=None,
                                             partner_name="Acme AI", start_date=dt.date(2026, 6, 1))
    if spent:
        ActualCost.objects.create(project=project, category="development", month=dt.date(2026, 6, 1),
                                  amount=Decimal(spent))
    return client


def _page_queries(browser: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(reverse("advisers:portfolio"))
    assert response.status_code == 200
    return len(queries)


def test_every_step_has_a_batch_rule_equal_to_the_dashboards(personas: Personas) -> None:
    adviser, _user = make_adviser()
    empty = Organisation.objects.create(name="Aardappel BV")
    grant(empty, adviser)
    clients = [empty, _busy_client(adviser, personas.owner, 1, spent=90000, high_risk=True),
               _busy_client(adviser, personas.owner, 2)]
    assert {s.key for s in STEPS} <= set(STATUS_BATCH_PROVIDERS)
    for key in ("readiness", "contract", "results"):
        many = STATUS_BATCH_PROVIDERS[key](clients)
        assert many == {c.pk: STATUS_PROVIDERS[key](c) for c in clients}, key
    rows = {r.client.name: {s.key: st for s, st in r.statuses} for r in portfolio_of(adviser, on=TODAY)}
    assert rows["Aardappel BV"]["readiness"] == Status.NOT_STARTED
    assert rows["Client 001"]["readiness"] == Status.IN_PROGRESS
    assert rows["Client 001"]["contract"] == Status.IN_PROGRESS  # decided, checklist not yet agreed
    assert rows["Client 001"]["results"] == Status.NEEDS_ATTENTION  # costs above the band
    assert rows["Client 002"]["results"] == Status.IN_PROGRESS
    assert rows["Aardappel BV"]["results"] == Status.NOT_STARTED


def test_high_risk_use_case_without_a_dpia_is_flagged_until_the_dpia_is_done(personas: Personas) -> None:
    adviser, _user = make_adviser()
    risky = _busy_client(adviser, personas.owner, 1, high_risk=True)
    _busy_client(adviser, personas.owner, 2)
    flags = {r.client.name: [f.key for f in r.flags] for r in portfolio_of(adviser, on=TODAY)}
    assert flags == {"Client 001": ["high_risk_no_dpia"], "Client 002": []}
    assert [r.client.name for r in portfolio_of(adviser, flag="high_risk_no_dpia", on=TODAY)] == ["Client 001"]
    use_case = UseCase.objects.get(organisation=risky)
    item = ChecklistItem.objects.create(use_case=use_case, checklist="gdpr", key="dpia_carry_out")
    assert [f.key for f in portfolio_of(adviser, on=TODAY)[0].flags] == ["high_risk_no_dpia"]  # open is not done
    item.status = ChecklistStatus.DONE
    item.save()
    assert portfolio_of(adviser, on=TODAY)[0].flags == []


def test_costs_outside_the_estimates_band_are_flagged(personas: Personas) -> None:
    adviser, _user = make_adviser()
    _busy_client(adviser, personas.owner, 1, spent=90000)  # far above the band in its first month
    _busy_client(adviser, personas.owner, 2, spent=0)  # no actual cost: no band to leave
    rows = {r.client.name: r for r in portfolio_of(adviser, on=TODAY)}
    assert [(f.key, f.text) for f in rows["Client 001"].flags] == [
        ("cost_out_of_band", "Costs above the estimate's band")]
    assert rows["Client 002"].flags == []
    assert [r.client.name for r in portfolio_of(adviser, flag="cost_out_of_band", on=TODAY)] == ["Client 001"]
    assert [r.client.name for r in portfolio_of(adviser, sort="flags", on=TODAY)] == ["Client 001", "Client 002"]


def test_the_cost_band_flag_reads_the_stored_band_without_simulating(personas: Personas,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    adviser, _user = make_adviser()
    _busy_client(adviser, personas.owner, 1, spent=90000)
    _busy_client(adviser, personas.owner, 2, spent=20000)
    simulation.clear_memo()
    first = [(r.client.name, [f.key for f in r.flags], r.statuses)
             for r in portfolio_of(adviser, sort="flags", on=TODAY)]
    assert first[0][1] == ["cost_out_of_band"]

    def no_simulation(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the stored band should have been read")

    simulation.clear_memo()  # as in another worker process
    monkeypatch.setattr(simulation.dc, "cost_estimate", no_simulation)
    again = [(r.client.name, [f.key for f in r.flags], r.statuses)
             for r in portfolio_of(adviser, sort="flags", on=TODAY)]
    assert again == first


def test_new_statuses_and_flags_cost_the_same_queries_for_3_and_12_clients(personas: Personas) -> None:
    adviser, user = make_adviser()
    for number in range(3):
        _busy_client(adviser, personas.owner, number, spent=90000 if number % 2 else 0, high_risk=number == 0)
    browser = signed_in(user)
    _page_queries(browser)  # the first request also renews the session, and computes the three rows
    three = _page_queries(browser)  # reads them
    StoredStatus.objects.all().delete()
    PortfolioStatus.objects.all().delete()
    three_recomputed = _page_queries(browser)  # the rows, plan's and readiness' statuses computed again
    for number in range(3, 12):
        _busy_client(adviser, personas.owner, number, spent=90000 if number % 2 else 0, high_risk=number % 3 == 0)
    first_with_twelve = _page_queries(browser)  # computes the nine new rows (and stores their cost bands)
    twelve = _page_queries(browser)
    assert three == twelve
    assert first_with_twelve > twelve
    StoredStatus.objects.all().delete()
    PortfolioStatus.objects.all().delete()
    twelve_recomputed = _page_queries(browser)
    assert twelve_recomputed > twelve
    assert twelve_recomputed == three_recomputed
    page = browser.get(reverse("advisers:portfolio")).content.decode()
    assert page.count("High-risk AI use case without a DPIA</span>") == 4
    assert page.count("Costs above the estimate&#x27;s band</span>") == 6


def test_the_export_carries_the_new_statuses_and_flags(personas: Personas, settings: Any, tmp_path: Path) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path
    adviser, user = make_adviser()
    _busy_client(adviser, personas.owner, 1, spent=90000, high_risk=True)
    content = export_through_the_worker(signed_in(user), "flag=cost_out_of_band")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Client"] == "Client 001"
    assert row["Readiness"] == "In progress"
    assert row["Contract"] == "In progress"
    assert row["Results"] == "Needs attention"
    assert row["Flags"] == "High-risk AI use case without a DPIA, Costs above the estimate's band"
    assert sheet.max_row == 2
