"""Fixtures for the questionnaire tests: a selection of the personas' organisation linked to a use
case with a profile, a KPI, readiness, model choice and compliance results (as the demo has), and
a questionnaire factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from partnerwijzer.planning.compliance.services import screening_answers_replace
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness.services import readiness_answers_set, use_case_model_choose
from partnerwijzer.planning.usecases.services import kpi_create, profile_update, use_case_create
from partnerwijzer.questionnaires.models import Questionnaire
from partnerwijzer.questionnaires.services import questionnaire_create
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

HOSTILE = "<script>alert(1)</script> =CMD('calc') {{ x }} \\fldSimple"
PROBLEM = "Unplanned downtime of our five CNC lines costs 42 hours a month."
BASELINE = "Maintenance on a fixed schedule; the maintenance log shows 42 hours of downtime a month."


def future(days: int = 21) -> datetime:
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def use_case(personas: Personas) -> UseCase:
    owner, org = personas.owner, personas.organisation
    profile_update(
        actor=owner, organisation=org, nace_section="C", industry="Machine building for the food industry",
        country="NL", region="Noord-Brabant", staff_count=120, revenue_band="10-50m", ai_experience="first_pilot",
        it_capacity="limited", data_capacity="none", works_council=True,
    )
    use_case = use_case_create(
        actor=owner, organisation=org, title="Predictive maintenance", department="production_operations",
        archetype="predictive_maintenance", problem_statement=PROBLEM, current_state=BASELINE,
    )
    kpi_create(
        actor=owner, use_case=use_case, name="Unplanned downtime", unit="hours per month", direction="lower",
        baseline_value=42, baseline_date=date(2026, 6, 30), target_value=29, target_date=date(2027, 12, 31),
    )
    readiness_answers_set(actor=owner, use_case=use_case, answers={
        "data_available": "scattered", "data_quality": "known_gaps", "data_legal": "clear",
        "data_format": "machine_readable", "data_supply": "automatic",
    })
    use_case_model_choose(actor=owner, use_case=use_case, model="lighthouse", reason="A first visible project.")
    screening_answers_replace(actor=owner, use_case=use_case, questionnaire="ai_act", answers={
        "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
        "prohibited": "none", "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
        "public_service": "no", "transparency": ["none"], "gpai": "uses_model",
    })
    screening_answers_replace(actor=owner, use_case=use_case, questionnaire="gdpr", answers={
        "personal_data": "yes", "employees": "no", "edpb_criteria": ["scoring", "automated_decision", "innovative"],
        "nl_list": ["profiling"], "art22": "human_review", "processor": "yes", "transfer": "us_dpf",
    })
    return use_case


@pytest.fixture
def selection(personas: Personas, use_case: UseCase) -> Selection:
    return selection_create(
        actor=personas.owner, organisation=personas.organisation, title="Predictive maintenance partner",
        use_case=use_case,
    )


@pytest.fixture
def bare_selection(personas: Personas) -> Selection:
    """A selection without a use case (only the criteria)."""
    return selection_create(actor=personas.owner, organisation=personas.organisation, title="Bare selection")


MakeQuestionnaire = Callable[..., Questionnaire]


@pytest.fixture
def make_questionnaire(personas: Personas, selection: Selection) -> MakeQuestionnaire:
    def make(kind: str = "rfi", **fields: Any) -> Questionnaire:
        values: dict[str, Any] = {
            "title": f"{kind.upper()} predictive maintenance", "deadline": future(), "contact_name": "Sanne",
            "contact_email": "sanne@example.com", "timeline": "Start in March, pilot by summer.",
        }
        values.update(fields)
        target = values.pop("selection", selection)
        return questionnaire_create(actor=personas.owner, selection=target, kind=kind, **values)

    return make
