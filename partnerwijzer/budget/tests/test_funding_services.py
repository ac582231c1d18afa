"""Funding applications: validation (nothing stored on an error), audit, and the ROI cost reduction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.funding import services
from partnerwijzer.budget.models import Budget, FundingApplication
from partnerwijzer.budget.simulation import inputs_for
from partnerwijzer.planning.models import CompanyProfile
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas

TODAY = dt.date(2026, 11, 27)


def _save(p: Personas, *, programme: str = "eu-edih", status: str = "considering", amount: object = None,
          today: dt.date = TODAY, note: str = "") -> FundingApplication:
    return services.application_save(
        actor=p.owner, use_case=use_case_for(p), programme=programme, status=status, expected_amount=amount,
        note=note, today=today,
    )


def _error(p: Personas, **kwargs: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        _save(p, **kwargs)  # type: ignore[arg-type]
    return caught.value.message_dict


def test_first_application_creates_the_budget_and_is_audited(personas: Personas) -> None:
    application = _save(personas, status="applied", amount="2500", note="  via the hub  ")
    assert application.expected_amount == Decimal("2500.00")
    assert application.note == "via the hub"
    assert application.budget.use_case == use_case_for(personas)
    event = AuditEvent.objects.get(action="funding.application_create")
    assert event.changes["programme"] == "eu-edih"
    assert event.changes["expected_amount"] == "2500.00"


def test_update_records_only_what_changed(personas: Personas) -> None:
    _save(personas, status="considering")
    _save(personas, status="applied", amount=1000)
    _save(personas, status="applied", amount=1000)  # no change, no event
    events = AuditEvent.objects.filter(action="funding.application_update")
    assert events.count() == 1
    assert events.get().changes["status"] == ["considering", "applied"]
    assert FundingApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "-1"}, "expected_amount"),
        ({"amount": Decimal("-0.01"), "status": "considering"}, "expected_amount"),
        ({"amount": "lots"}, "expected_amount"),
        ({"amount": "NaN"}, "expected_amount"),
        ({"amount": "100000000000"}, "expected_amount"),
        ({"programme": "nl-wbso", "status": "applied"}, "expected_amount"),
        ({"programme": "nl-wbso", "status": "granted", "amount": 0}, "expected_amount"),
        ({"status": "won"}, "status"),
        ({"programme": "no-such-programme"}, "programme"),
        ({"programme": "de-go-digital"}, "status"),
        ({"programme": "de-nrw-mid-analyse-innovation", "status": "applied", "amount": 1000}, "status"),
        ({"note": "x" * 2001}, "note"),
    ],
    ids=["negative", "negative-cent", "not-a-number", "nan", "too-large", "applied-without-amount",
         "granted-zero", "unknown-status", "unknown-programme", "ended-programme", "closed-programme", "long-note"],
)
def test_invalid_input_is_refused_and_nothing_is_stored(personas: Personas, kwargs: dict, field: str) -> None:
    errors = _error(personas, **kwargs)
    assert list(errors) == [field]
    assert errors[field][0]
    assert not FundingApplication.objects.exists()
    assert not Budget.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="funding.").exists()


def test_clear_messages(personas: Personas) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert "cannot apply" in _error(personas, programme="de-go-digital")["status"][0]
        assert "no funding programme “nope”" in _error(personas, programme="nope")["programme"][0]
        assert "cannot be negative" in _error(personas, amount=-5)["expected_amount"][0]


def test_an_application_made_before_the_end_may_record_its_outcome(personas: Personas) -> None:
    _save(personas, programme="de-bafa-beratung", status="applied", amount=1750, today=dt.date(2026, 12, 1))
    after_end = dt.date(2027, 2, 1)
    with pytest.raises(ValidationError):
        _save(personas, programme="de-bafa-beratung", status="considering", today=after_end)
    granted = _save(personas, programme="de-bafa-beratung", status="granted", amount=1750, today=after_end)
    assert granted.status == "granted"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match="outcome"):
        _save(personas, programme="de-bafa-beratung", status="applied", amount=1750, today=after_end)


def test_a_new_application_after_the_last_day_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        _save(personas, programme="de-bafa-beratung", status="considering", today=dt.date(2027, 1, 1))
    assert _save(personas, programme="de-bafa-beratung", status="considering", today=dt.date(2026, 12, 31))


def test_applied_and_granted_amounts_reduce_the_roi_cost(personas: Personas) -> None:
    _save(personas, programme="eu-edih", status="considering", amount=9999)
    budget = Budget.objects.get()
    assert inputs_for(budget).cost_reduction == 0.0
    _save(personas, programme="eu-edih", status="applied", amount="2500")
    assert inputs_for(budget).cost_reduction == 2500.0
    _save(personas, programme="nl-wbso", status="granted", amount="1200.50")
    _save(personas, programme="nl-mit", status="rejected", amount="20000")
    assert inputs_for(budget).cost_reduction == 3700.5
    assert services.funding_state(use_case_for(personas), today=TODAY).total_in_roi == Decimal("3700.50")


def test_delete(personas: Personas) -> None:
    _save(personas, status="applied", amount=100)
    assert services.application_delete(actor=personas.owner, use_case=use_case_for(personas), programme="eu-edih")
    assert not FundingApplication.objects.exists()
    assert AuditEvent.objects.filter(action="funding.application_delete").count() == 1
    assert not services.application_delete(
        actor=personas.owner, use_case=use_case_for(personas), programme="eu-edih"
    )


def test_funding_state_needs_country_and_staff(personas: Personas) -> None:
    use_case = use_case_for(personas)
    assert services.funding_state(use_case, today=TODAY).result is None
    profile = CompanyProfile.objects.create(organisation=personas.organisation, country="DE", region="Bayern")
    assert not services.funding_state(use_case, today=TODAY).profile_complete
    profile.staff_count = 40
    profile.save()
    state = services.funding_state(use_case, project_type="implementation", today=TODAY)
    assert state.result is not None
    assert "de-by-digitalbonus" in {m.programme.key for m in state.result.matched}


@pytest.mark.parametrize("programme", ["eu-edih", "de-mittelstand-digital-zentren"])
@pytest.mark.parametrize("status", ["applied", "granted"])
def test_a_free_programme_may_be_applied_or_granted_at_zero(personas: Personas, programme: str, status: str) -> None:
    application = _save(personas, programme=programme, status=status)
    assert application.status == status
    assert application.expected_amount == Decimal(0)
    assert services.funding_state(use_case_for(personas), today=TODAY).total_in_roi == Decimal(0)


def test_project_type_is_stored_on_the_budget_and_audited(personas: Personas) -> None:
    use_case = use_case_for(personas)
    assert services.saved_project_type(use_case) == "implementation"
    budget = services.project_type_save(actor=personas.owner, use_case=use_case, project_type="training")
    assert budget.funding_project_type == "training"
    assert services.saved_project_type(use_case) == "training"
    event = AuditEvent.objects.get(action="funding.project_type_update")
    assert event.changes["funding_project_type"] == ["implementation", "training"]
    services.project_type_save(actor=personas.owner, use_case=use_case, project_type="training")
    assert AuditEvent.objects.filter(action="funding.project_type_update").count() == 1  # no change, no event
    CompanyProfile.objects.create(organisation=personas.organisation, country="DE", region="Bayern", staff_count=40)
    state = services.funding_state(use_case, today=TODAY)
    assert state.project_type == state.saved_project_type == "training"
    assert state.result is not None
    assert state.result.project_type == "training"
    assert services.funding_state(use_case, project_type="rnd", today=TODAY).project_type == "rnd"


def test_unknown_project_type_is_refused(personas: Personas) -> None:
    use_case = use_case_for(personas)
    with pytest.raises(ValidationError) as caught:
        services.project_type_save(actor=personas.owner, use_case=use_case, project_type="marketing")
    assert list(caught.value.message_dict) == ["project_type"]
    assert not Budget.objects.exists()
