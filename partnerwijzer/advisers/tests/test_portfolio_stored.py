"""The portfolio page's stored rows (advisers.PortfolioStatus, docs/advisers.md "Stored rows") are
never stale: every kind of write that changes a step status or a flag goes through a service that
records an audit event, which raises the client's change marker, and the next page (filter and
sort) shows the change. The grace after a change is off here, so only the marker can make a row
current again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.advisers import selectors
from partnerwijzer.advisers.models import PortfolioStatus
from partnerwijzer.advisers.selectors import portfolio_of, portfolio_page, refresh_portfolio_statuses
from partnerwijzer.advisers.tests.builders import client_with_owner, grant, make_adviser
from partnerwijzer.audit.models import ChangeMarker
from partnerwijzer.budget.models import Budget, CostLine
from partnerwijzer.clock import today
from partnerwijzer.evaluation.scoring.services import evaluator_add, evaluator_submit
from partnerwijzer.planning.compliance.services import checklist_item_update, screening_answers_replace
from partnerwijzer.planning.models import ChecklistItem, ChecklistStatus, UseCase
from partnerwijzer.planning.usecases.services import use_case_create, use_case_delete
from partnerwijzer.portal import services as portal_services
from partnerwijzer.portal.tests.builders import make_portal
from partnerwijzer.results import services as results_services
from partnerwijzer.results.models import Gate
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import candidate_create, candidate_stage_move, selection_create, selection_delete

pytestmark = pytest.mark.django_db

HIGH_RISK_ANSWERS: dict[str, Any] = {
    "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
    "prohibited": "none", "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
    "public_service": "no", "transparency": ["none"], "gpai": "no",
}


@pytest.fixture(autouse=True)
def fewer_samples(settings: Any) -> None:
    settings.BUDGET_SIMULATION_ITERATIONS = 2000  # (the grace after a change is off: conftest.py)


def _names(adviser: Organisation, **query: Any) -> list[str]:
    page = portfolio_page(adviser, **query)
    rows = [r.client.name for r in page.object_list]
    # the page agrees with the whole portfolio computed live (the export's and the API's)
    assert rows == [r.client.name for r in portfolio_of(adviser, **query)][:50]
    return rows


def test_scoring_overdue_then_submitted() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    client_with_owner(adviser, "Aannemer Beta")
    selection = selection_create(actor=owner, organisation=client, title="Chatbot")
    later = today() + dt.timedelta(days=10)
    assert _names(adviser, flag="overdue", on=later) == []
    evaluator = evaluator_add(actor=owner, selection=selection, user=owner, score_by=today() + dt.timedelta(days=1))
    assert _names(adviser, flag="overdue", on=later) == ["Bakkerij Alfa"]
    assert _names(adviser, sort="flags", on=later) == ["Bakkerij Alfa", "Aannemer Beta"]
    evaluator_submit(actor=owner, evaluator=evaluator)
    assert _names(adviser, flag="overdue", on=later) == []
    assert _names(adviser, sort="flags", on=later) == ["Aannemer Beta", "Bakkerij Alfa"]


def test_a_selection_stalls_and_a_stage_move_ends_it() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    selection = selection_create(actor=owner, organisation=client, title="Chatbot")
    candidate = candidate_create(actor=owner, selection=selection, name="Acme AI")
    Selection.objects.filter(pk=selection.pk).update(created_at=selection.created_at - dt.timedelta(days=40))
    PortfolioStatus.objects.all().delete()  # the old creation date is test set-up, not a user's write
    assert _names(adviser, flag="stalled") == ["Bakkerij Alfa"]
    candidate_stage_move(actor=owner, candidate=candidate, to_stage="shortlist")
    assert _names(adviser, flag="stalled") == []


def test_a_gate_falls_due_and_its_decision_clears_it() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    use_case = use_case_create(actor=owner, organisation=client, title="Quotes faster")
    results_services.project_start(actor=owner, use_case=use_case, candidate=None, partner_name="Acme AI",
                                   start_date=today())
    gates = list(Gate.objects.filter(phase__project__use_case=use_case).order_by("phase__position"))
    first_end = gates[0].phase.planned_end
    assert _names(adviser, flag="gate_due", on=first_end) == ["Bakkerij Alfa"]
    results_services.gate_decide(actor=owner, gate=gates[0], outcome="go", rationale="On track.", decided_on=today())
    assert _names(adviser, flag="gate_due", on=first_end) == []


def test_a_high_risk_screening_then_its_dpia_done() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    use_case = use_case_create(actor=owner, organisation=client, title="CV screening")
    item = ChecklistItem.objects.create(use_case=use_case, checklist="gdpr", key="dpia_carry_out")
    PortfolioStatus.objects.all().delete()  # the item is test set-up
    assert _names(adviser, flag="high_risk_no_dpia") == []
    screening_answers_replace(actor=owner, use_case=use_case, questionnaire="ai_act", answers=HIGH_RISK_ANSWERS)
    assert _names(adviser, flag="high_risk_no_dpia") == ["Bakkerij Alfa"]
    checklist_item_update(actor=owner, item=item, owner=None, status=ChecklistStatus.DONE, note="", due_date=None)
    assert _names(adviser, flag="high_risk_no_dpia") == []


def test_actual_costs_above_the_band() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    client_with_owner(adviser, "Aannemer Beta")
    use_case = use_case_create(actor=owner, organisation=client, title="Quotes faster")
    budget = Budget.objects.create(use_case=use_case, buffer_percent=Decimal(20), go_live_month=4)
    CostLine.objects.create(budget=budget, category="development", low=Decimal(40000), likely=Decimal(50000),
                            high=Decimal(70000))
    project = results_services.project_start(actor=owner, use_case=use_case, candidate=None,
                                             partner_name="Acme AI", start_date=today().replace(day=1))
    assert _names(adviser, flag="cost_out_of_band") == []
    results_services.actual_cost_set(actor=owner, project=project, category="development",
                                     categories=["development"], month=today().replace(day=1),
                                     amount=Decimal(90000))
    assert _names(adviser, flag="cost_out_of_band") == ["Bakkerij Alfa"]
    assert _names(adviser, sort="flags") == ["Bakkerij Alfa", "Aannemer Beta"]


def test_a_partner_chosen_then_the_selection_deleted_moves_the_progress() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Aannemer Alfa")
    client_with_owner(adviser, "Bakkerij Beta")
    selection = selection_create(actor=owner, organisation=client, title="Chatbot")
    candidate = candidate_create(actor=owner, selection=selection, name="Acme AI")
    assert _names(adviser, sort="progress") == ["Aannemer Alfa", "Bakkerij Beta"]
    assert _names(adviser, step="selection") == []  # plan is next for both
    candidate_stage_move(actor=owner, candidate=candidate, to_stage="chosen")  # the selection step is done
    assert _names(adviser, sort="progress") == ["Bakkerij Beta", "Aannemer Alfa"]
    selection_delete(actor=owner, selection=selection)
    assert _names(adviser, sort="progress") == ["Aannemer Alfa", "Bakkerij Beta"]


def test_a_use_case_written_and_deleted_changes_the_plan_status() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    plan = lambda: portfolio_page(adviser).object_list[0].statuses[0]  # noqa: E731
    assert plan()[0].key == "plan"
    assert plan()[1] == "not_started"
    use_case = use_case_create(actor=owner, organisation=client, title="Quotes faster")
    assert plan()[1] == "in_progress"
    use_case_delete(actor=owner, use_case=UseCase.objects.get(pk=use_case.pk))
    assert plan()[1] == "not_started"


def test_every_audit_event_of_an_organisation_raises_its_marker_once() -> None:
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    before = ChangeMarker.objects.get(organisation=client).version  # the grant raised it
    use_case_create(actor=owner, organisation=client, title="Quotes faster")
    assert ChangeMarker.objects.get(organisation=client).version == before + 1


def test_a_firms_portal_submission_raises_the_clients_marker(personas: Any) -> None:
    # The firm has no account (actor None): its answers are a write of the client's data too. No
    # step rule reads them today; the row is computed again all the same, so a rule that will is safe.
    adviser, _user = make_adviser()
    grant(personas.organisation, adviser)
    setup = make_portal(personas)
    refresh_portfolio_statuses(adviser, today())
    assert refresh_portfolio_statuses(adviser, today()) == 0
    portal_services.answers_save(link=setup.link_a, texts={str(q.pk): "We did this twice." for q in setup.questions})
    portal_services.submit(link=setup.link_a)
    assert refresh_portfolio_statuses(adviser, today()) == 1


def test_a_row_computed_within_the_grace_after_a_change_is_computed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The grace (a service that audits before its write, outside a transaction, has written by then):
    a row computed less than MARKER_GRACE after the client's last change is not trusted; one computed
    later is."""
    monkeypatch.setattr(selectors, "MARKER_GRACE", dt.timedelta(seconds=30))
    adviser, _user = make_adviser()
    client, owner = client_with_owner(adviser, "Bakkerij Alfa")
    use_case_create(actor=owner, organisation=client, title="Quotes faster")  # raises the marker now
    assert refresh_portfolio_statuses(adviser, today()) == 1
    assert refresh_portfolio_statuses(adviser, today()) == 1  # computed within 30 s of the change
    # The change a minute earlier: the row just computed came after its grace, and is read from now on.
    ChangeMarker.objects.filter(organisation=client).update(
        changed_at=ChangeMarker.objects.get(organisation=client).changed_at - dt.timedelta(minutes=1))
    assert refresh_portfolio_statuses(adviser, today()) == 0
