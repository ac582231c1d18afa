"""Plan core services: validation, the database state they leave, and the audit trail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import CompanyProfile, Kpi, UseCase
from partnerwijzer.planning.usecases import services
from tests.personas import Personas


def _use_case(p: Personas, title: str = "Quotes", **fields: str) -> UseCase:
    return services.use_case_create(actor=p.owner, organisation=p.organisation, title=title, **fields)


def _actions(p: Personas) -> list[str]:
    events = AuditEvent.objects.filter(organisation=p.organisation).order_by("created_at")
    return list(events.values_list("action", flat=True))


# --- Profile -----------------------------------------------------------------------------------


def test_profile_is_made_on_first_save_and_audited(personas: Personas) -> None:
    assert not CompanyProfile.objects.exists()
    profile = services.profile_update(
        actor=personas.owner, organisation=personas.organisation, nace_section="c", staff_count=120,
        region=" Noord-Brabant ", works_council=True,
    )
    profile.refresh_from_db()
    assert (profile.nace_section, profile.staff_count, profile.region, profile.works_council) == (
        "C", 120, "Noord-Brabant", True,
    )
    services.profile_update(actor=personas.owner, organisation=personas.organisation, staff_count=125)
    services.profile_update(actor=personas.owner, organisation=personas.organisation, staff_count=125)  # no change
    assert CompanyProfile.objects.count() == 1
    assert _actions(personas) == ["profile.create", "profile.update"]
    event = AuditEvent.objects.filter(action="profile.update").get()
    assert event.changes == {"staff_count": [120, 125]}
    assert event.actor == personas.owner


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"nace_section": "Z"}, "nace_section"),
        ({"country": "FR"}, "country"),
        ({"ai_experience": "lots"}, "ai_experience"),
        ({"staff_count": 0}, "staff_count"),
    ],
)
def test_profile_rejects_unknown_choices(personas: Personas, fields: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.profile_update(actor=personas.owner, organisation=personas.organisation, **fields)
    assert field in error.value.message_dict
    assert not CompanyProfile.objects.exists()
    assert not AuditEvent.objects.exists()


def test_profile_refuses_fields_it_does_not_own(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.profile_update(actor=personas.owner, organisation=personas.organisation, organisation_id=1)


# --- Use cases ---------------------------------------------------------------------------------


def test_use_case_create_update_delete_are_audited(personas: Personas) -> None:
    use_case = _use_case(personas, " Quotes ", department="sales_marketing", archetype="document_analysis")
    assert (use_case.title, use_case.created_by) == ("Quotes", personas.owner)
    assert use_case.organisation == personas.organisation
    services.use_case_update(actor=personas.owner, use_case=use_case, problem_statement="Cut lead time by 60%")
    use_case.refresh_from_db()
    assert use_case.problem_statement == "Cut lead time by 60%"
    services.use_case_delete(actor=personas.owner, use_case=use_case)
    assert not UseCase.objects.exists()
    assert _actions(personas) == ["use_case.create", "use_case.update", "use_case.delete"]
    changes = AuditEvent.objects.get(action="use_case.update").changes
    assert changes == {"problem_statement": ["", "Cut lead time by 60%"]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Ok", "department": "marketing"}, "department"),
        ({"title": "Ok", "archetype": "robotics"}, "archetype"),
    ],
)
def test_use_case_validation(personas: Personas, fields: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.use_case_create(actor=personas.owner, organisation=personas.organisation, **fields)
    assert field in error.value.message_dict
    assert not UseCase.objects.exists()


def test_a_failed_update_leaves_the_instance_and_the_row_alone(personas: Personas) -> None:
    use_case = _use_case(personas)
    with pytest.raises(ValidationError):
        services.use_case_update(actor=personas.owner, use_case=use_case, title="", department="hr")
    assert (use_case.title, use_case.department) == ("Quotes", "")
    use_case.refresh_from_db()
    assert (use_case.title, use_case.department) == ("Quotes", "")


# --- KPIs --------------------------------------------------------------------------------------


def test_kpi_create_update_delete(personas: Personas) -> None:
    use_case = _use_case(personas)
    kpi = services.kpi_create(
        actor=personas.owner, use_case=use_case, name="Lead time", unit="hours", direction="lower",
        baseline_value=16, baseline_date=date(2026, 3, 31), target_value=Decimal("6"), target_date=date(2027, 6, 30),
    )
    kpi.refresh_from_db()
    assert (kpi.baseline_value, kpi.target_value, kpi.position) == (Decimal(16), Decimal(6), 0)
    second = services.kpi_create(actor=personas.owner, use_case=use_case, name="Errors", unit="%")
    assert second.position == 1
    services.kpi_update(actor=personas.owner, kpi=kpi, target_value=Decimal("5.5"))
    kpi.refresh_from_db()
    assert kpi.target_value == Decimal("5.5")
    assert AuditEvent.objects.get(action="kpi.update").changes == {"target_value": ["6", "5.5"]}
    services.kpi_delete(actor=personas.owner, kpi=second)
    assert list(Kpi.objects.values_list("name", flat=True)) == ["Lead time"]
    assert _actions(personas).count("kpi.create") == 2
    assert "kpi.delete" in _actions(personas)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "unit": "h"}, "name"),
        ({"name": "A", "unit": ""}, "unit"),
        ({"name": "A", "unit": "h", "direction": "sideways"}, "direction"),
        ({"name": "A", "unit": "h", "direction": "lower", "baseline_value": 10, "target_value": 12}, "target_value"),
        ({"name": "A", "unit": "h", "direction": "higher", "baseline_value": 10, "target_value": 8}, "target_value"),
        (
            {"name": "A", "unit": "h", "baseline_date": date(2027, 1, 1), "target_date": date(2026, 1, 1)},
            "target_date",
        ),
        ({"name": "A", "unit": "h", "baseline_value": Decimal("1e15")}, "baseline_value"),
    ],
)
def test_kpi_validation(personas: Personas, fields: dict[str, object], field: str) -> None:
    use_case = _use_case(personas)
    with pytest.raises(ValidationError) as error:
        services.kpi_create(actor=personas.owner, use_case=use_case, **fields)  # type: ignore[arg-type]
    assert field in error.value.message_dict
    assert not Kpi.objects.exists()


def test_kpi_update_failure_restores_the_instance(personas: Personas) -> None:
    use_case = _use_case(personas)
    kpi = services.kpi_create(actor=personas.owner, use_case=use_case, name="A", unit="h", baseline_value=10)
    with pytest.raises(ValidationError):
        services.kpi_update(actor=personas.owner, kpi=kpi, target_value=20)
    assert kpi.target_value is None


# --- Priorities and the lighthouse ---------------------------------------------------------------


def test_priority_set_and_clear(personas: Personas) -> None:
    use_case = _use_case(personas)
    services.priority_set(actor=personas.owner, use_case=use_case, impact=4, feasibility=2)
    use_case.refresh_from_db()
    assert (use_case.impact, use_case.feasibility) == (4, 2)
    services.priority_set(actor=personas.owner, use_case=use_case, impact=None, feasibility=None)
    use_case.refresh_from_db()
    assert (use_case.impact, use_case.feasibility) == (None, None)
    assert _actions(personas).count("use_case.prioritise") == 2


@pytest.mark.parametrize(("impact", "feasibility"), [(0, 3), (6, 3), (3, 9), (True, 3)])
def test_priority_scores_stay_on_the_scale(personas: Personas, impact: int, feasibility: int) -> None:
    use_case = _use_case(personas)
    with pytest.raises(ValidationError):
        services.priority_set(actor=personas.owner, use_case=use_case, impact=impact, feasibility=feasibility)
    use_case.refresh_from_db()
    assert use_case.impact is None


def test_marking_a_lighthouse_unmarks_the_previous_one(personas: Personas) -> None:
    first, second = _use_case(personas, "A"), _use_case(personas, "B")
    other = services.use_case_create(actor=personas.outsider, organisation=personas.other_organisation, title="X")
    services.lighthouse_set(actor=personas.outsider, use_case=other)
    services.lighthouse_set(actor=personas.owner, use_case=first)
    services.lighthouse_set(actor=personas.owner, use_case=second)
    assert list(
        UseCase.objects.filter(organisation=personas.organisation, is_lighthouse=True).values_list("title", flat=True)
    ) == ["B"]
    other.refresh_from_db()
    assert other.is_lighthouse  # another organisation's lighthouse is untouched
    event = AuditEvent.objects.filter(action="use_case.lighthouse_set", organisation=personas.organisation).first()
    assert event is not None
    assert event.changes["previous"] == [str(first.pk)]
    services.lighthouse_set(actor=personas.owner, use_case=second, is_lighthouse=False)
    assert not UseCase.objects.filter(organisation=personas.organisation, is_lighthouse=True).exists()
    assert "use_case.lighthouse_clear" in _actions(personas)


def test_marking_the_same_lighthouse_twice_records_once(personas: Personas) -> None:
    use_case = _use_case(personas)
    services.lighthouse_set(actor=personas.owner, use_case=use_case)
    services.lighthouse_set(actor=personas.owner, use_case=use_case)
    assert _actions(personas).count("use_case.lighthouse_set") == 1


def test_the_database_allows_one_lighthouse_per_organisation(personas: Personas) -> None:
    first, second = _use_case(personas, "A"), _use_case(personas, "B")
    UseCase.objects.filter(pk=first.pk).update(is_lighthouse=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        UseCase.objects.filter(pk=second.pk).update(is_lighthouse=True)
