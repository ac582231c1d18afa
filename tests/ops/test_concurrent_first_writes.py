"""Issue 12 item 3: concurrent first writes on a unique key are safe on PostgreSQL.

Eight threads (eight connections, like eight gunicorn threads) start the same first write at the
same moment. Before, ``ensure_budget`` and the other "read, then create" services gave
``UniqueViolation`` (a 500) to all but one of them. SQLite cannot show the race (one writer at
a time), so these tests run where the suite runs on PostgreSQL (CI runs it on both).
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from partnerwijzer.budget import services as budget_services
from partnerwijzer.budget.estimate import services as estimate_services
from partnerwijzer.budget.funding.services import application_save
from partnerwijzer.budget.models import Budget, CostLine, FundingApplication, HiddenCost, Quote
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.contract.services import decision_save
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.evaluation.scoring.services import evaluator_add
from partnerwijzer.planning.compliance.services import checklist_sync
from partnerwijzer.planning.models import Answer, ChecklistItem, CompanyProfile, UseCase
from partnerwijzer.planning.readiness.services import readiness_answers_set
from partnerwijzer.planning.usecases.services import lighthouse_set, profile_update, use_case_create
from partnerwijzer.sourcing.models import Candidate, CandidateRedFlag, RedFlag, Selection
from partnerwijzer.sourcing.services import candidate_create, candidate_red_flag_set, selection_create
from tests.personas import Personas

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the race needs concurrent writers: PostgreSQL (SQLite lets one writer in at a time)",
    ),
]

THREADS = 8
ROUNDS = 3


def race(write: Callable[[int], Any], threads: int = THREADS) -> list[BaseException]:
    """Run ``write(i)`` in ``threads`` threads released at the same instant; their errors."""
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            write(i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 120
    for worker in workers:
        worker.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = [worker for worker in workers if worker.is_alive()]
    # A writer still running holds its locks: the test's teardown (TRUNCATE) would wait for it
    # forever. Fail here, with where it waits.
    frames = sys._current_frames()
    assert not stuck, "writers still running after 120 s:\n" + "\n".join(
        "".join(traceback.format_stack(frames[w.ident])) for w in stuck if w.ident in frames)
    return errors


def _use_case(p: Personas, n: int) -> UseCase:
    return use_case_create(actor=p.owner, organisation=p.organisation, title=f"Concurrent {n}")


def _candidate(p: Personas, n: int) -> tuple[Selection, Candidate]:
    selection = selection_create(actor=p.owner, organisation=p.organisation, title=f"Race {n}")
    return selection, candidate_create(actor=p.owner, selection=selection, name=f"Firm {n}")


def test_eight_cost_lines_posted_at_once_to_a_new_use_case(personas: Personas) -> None:
    for n in range(ROUNDS):
        use_case = _use_case(personas, n)
        errors = race(lambda i, uc=use_case: estimate_services.cost_line_create(
            actor=personas.owner, use_case=uc, name=f"Line {i}", low=1000, likely=2000, high=3000))
        assert errors == []
        assert Budget.objects.filter(use_case=use_case).count() == 1
        assert CostLine.objects.filter(budget__use_case=use_case).count() == THREADS


def test_ensure_budget_gives_every_caller_the_one_budget(personas: Personas) -> None:
    use_case = _use_case(personas, 0)
    seen: list[int] = []
    errors = race(lambda i: seen.append(budget_services.ensure_budget(actor=personas.owner, use_case=use_case).pk))
    assert errors == []
    assert len(set(seen)) == 1
    assert Budget.objects.filter(use_case=use_case).count() == 1


def test_hidden_cost_first_saves(personas: Personas) -> None:
    for n in range(ROUNDS):
        use_case = _use_case(personas, n)
        budget_services.ensure_budget(actor=personas.owner, use_case=use_case)  # only the hidden cost races
        errors = race(lambda i, uc=use_case: estimate_services.hidden_cost_set(
            actor=personas.owner, use_case=uc, key="retraining", status="acknowledged"))
        assert errors == []
        assert HiddenCost.objects.filter(budget__use_case=use_case, key="retraining").count() == 1


def test_funding_application_first_saves(personas: Personas) -> None:
    for n in range(ROUNDS):
        use_case = _use_case(personas, n)
        budget_services.ensure_budget(actor=personas.owner, use_case=use_case)
        errors = race(lambda i, uc=use_case: application_save(
            actor=personas.owner, use_case=uc, programme="eu-edih", status="considering"))
        assert errors == []
        assert FundingApplication.objects.filter(budget__use_case=use_case, programme="eu-edih").count() == 1


def test_quote_first_saves(personas: Personas) -> None:
    for n in range(ROUNDS):
        _, candidate = _candidate(personas, n)
        errors = race(lambda i, c=candidate: quote_save(
            actor=personas.owner, candidate=c, lines={"strategy": 1000 + i}))
        assert errors == []
        assert Quote.objects.filter(candidate=candidate).count() == 1


def test_red_flag_first_saves(personas: Personas) -> None:
    for n in range(ROUNDS):
        _, candidate = _candidate(personas, n)
        errors = race(lambda i, c=candidate: candidate_red_flag_set(
            actor=personas.owner, candidate=c, flag=RedFlag.values[0], observed=True, note=f"seen {i}"))
        assert errors == []
        assert CandidateRedFlag.objects.filter(candidate=candidate).count() == 1


def test_partner_decision_first_saves(personas: Personas) -> None:
    for n in range(ROUNDS):
        selection, candidate = _candidate(personas, n)
        errors = race(lambda i, s=selection, c=candidate: decision_save(
            actor=personas.owner, selection=s, candidate=c, rationale=f"Best fit {i}"))
        assert errors == []
        assert PartnerDecision.objects.filter(selection=selection).count() == 1


def test_company_profile_first_saves(personas: Personas) -> None:
    errors = race(lambda i: profile_update(actor=personas.owner, organisation=personas.organisation,
                                           staff_count=100 + i))
    assert errors == []
    assert CompanyProfile.objects.filter(organisation=personas.organisation).count() == 1


def test_readiness_answer_first_saves(personas: Personas) -> None:
    for n in range(ROUNDS):
        use_case = _use_case(personas, n)
        errors = race(lambda i, uc=use_case: readiness_answers_set(
            actor=personas.owner, use_case=uc, answers={"sponsor": "active"}))
        assert errors == []
        assert Answer.objects.filter(use_case=use_case, question_key="sponsor").count() == 1


def test_checklist_first_syncs(personas: Personas) -> None:
    for n in range(ROUNDS):
        use_case = _use_case(personas, n)
        errors = race(lambda i, uc=use_case: checklist_sync(
            actor=personas.owner, use_case=uc, checklist="ai_act", items=[("transparency", None)]))
        assert errors == []
        assert ChecklistItem.objects.filter(use_case=use_case, checklist="ai_act").count() == 1


def test_adding_one_evaluator_twice_at_once_is_refused_with_a_message(personas: Personas) -> None:
    selection, _ = _candidate(personas, 0)
    errors = race(lambda i: evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator))
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert Evaluator.objects.filter(selection=selection, user=personas.evaluator).count() == 1


def test_marking_different_lighthouses_at_once_leaves_one(personas: Personas) -> None:
    use_cases = [_use_case(personas, n) for n in range(THREADS)]
    errors = race(lambda i: lighthouse_set(actor=personas.owner, use_case=use_cases[i]))
    assert errors == []
    assert UseCase.objects.filter(organisation=personas.organisation, is_lighthouse=True).count() == 1
