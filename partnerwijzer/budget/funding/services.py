"""Funding applications of a use case: save and remove (audited), plus the read side both the
page and the API show (the company's match and the applications with the total that counts).

Rules (each refusal is a ``ValidationError`` naming the field; nothing is stored):

* ``programme`` must be a key of ``funding.yaml``;
* ``expected_amount`` is euro, not negative, and more than zero for *applied* and *granted*,
  the statuses whose amount reduces the one-off cost in the ROI (``FUNDING_COUNTS_IN_ROI``),
  except for a programme the catalogue marks ``free_of_charge`` (free support: € 0 is allowed);
* nobody applies to a closed or ended programme: a new application, or moving one to
  *considering* or *applied*, is refused. An application made before the end may still record
  its outcome (*granted* or *rejected*).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer import clock
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.amounts import MONEY_MAX, AmountError, Problem, checked_amount
from partnerwijzer.budget.funding import match as funding_match
from partnerwijzer.budget.models import FUNDING_COUNTS_IN_ROI, Budget, FundingApplication, FundingStatus
from partnerwijzer.budget.selectors import budget_of
from partnerwijzer.budget.services import ensure_budget
from partnerwijzer.knowledge.topics import funding as funding_data
from partnerwijzer.knowledge.topics.funding import PROJECT_TYPES, Programme
from partnerwijzer.planning.models import CompanyProfile, UseCase

MAX_AMOUNT: Final = MONEY_MAX
NOTE_MAX_LENGTH: Final = 2000
OUTCOMES: Final = (FundingStatus.GRANTED, FundingStatus.REJECTED)
"""Statuses an application to a programme that has since ended may still move to."""


def programme_or_error(key: str) -> Programme:
    try:
        return funding_data.load().programme(key)
    except KeyError:
        raise ValidationError(
            {"programme": _("There is no funding programme “%(key)s”. Choose one from the list.") % {"key": key}}
        ) from None


def _amount(value: Any) -> Decimal:
    try:
        return checked_amount(0 if value in (None, "") else value, maximum=MAX_AMOUNT)
    except AmountError as error:
        message = {
            Problem.INVALID: _("Enter the amount in euro as a number."),
            Problem.NEGATIVE: _("The expected amount cannot be negative."),
            Problem.TOO_LARGE: _("The expected amount is too large."),
        }[error.problem]
        raise ValidationError({"expected_amount": message}) from None


def _validate(
    *, programme: Programme, status: str, amount: Decimal, note: str, existing: FundingApplication | None,
    today: dt.date,
) -> None:
    if status not in FundingStatus.values:
        raise ValidationError({"status": _("Choose considering, applied, granted or rejected.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("The note can be at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}})
    if status in FUNDING_COUNTS_IN_ROI and amount <= 0 and not programme.free_of_charge:
        raise ValidationError({
            "expected_amount": _("Enter the amount you expect (more than € 0): applied and granted amounts "
                                 "reduce the cost in the return calculation."),
        })
    effective = funding_match.status_on(programme, today)
    if effective in funding_match.NOT_APPLICABLE and (existing is None or status not in OUTCOMES):
        name = programme.name.get(_language())
        if existing is None:
            message = _("%(name)s has ended or closed; you cannot apply to it any more.") % {"name": name}
        else:
            message = _("%(name)s has ended or closed; you can only record the outcome of your earlier "
                        "application (granted or rejected).") % {"name": name}
        raise ValidationError({"status": message})


def _language() -> str:
    from django.utils import translation

    return translation.get_language() or "nl"


@transaction.atomic
def application_save(
    *,
    actor: User,
    use_case: UseCase,
    programme: str,
    status: str,
    expected_amount: Decimal | float | int | str | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> FundingApplication:
    """Create or update the use case's application to ``programme`` (one per programme)."""
    reference = programme_or_error(programme)
    amount = _amount(expected_amount)
    note = (note or "").strip()
    day = today or clock.today()
    # The budget first: ensure_budget locks it, so two first saves for one programme run one
    # after the other (an invalid input rolls the new budget back with everything else).
    budget = ensure_budget(actor=actor, use_case=use_case)
    existing = FundingApplication.objects.select_for_update().filter(budget=budget, programme=programme).first()
    _validate(programme=reference, status=status, amount=amount, note=note, existing=existing, today=day)
    if existing is None:
        application = FundingApplication.objects.create(
            budget=budget, programme=programme, status=status, expected_amount=amount, note=note, updated_by=actor,
        )
        audit_record(
            actor=actor, organisation=use_case.organisation, action="funding.application_create", target=application,
            changes={"use_case": str(use_case.pk), "programme": programme, "status": status,
                     "expected_amount": str(amount)},
        )
        return application
    before = {"status": existing.status, "expected_amount": existing.expected_amount, "note": existing.note}
    after = {"status": status, "expected_amount": amount, "note": note}
    changes = {k: [str(before[k]), str(after[k])] for k in after if before[k] != after[k]}
    if changes:
        existing.status, existing.expected_amount, existing.note = status, amount, note
        existing.updated_by = actor
        existing.save(update_fields=["status", "expected_amount", "note", "updated_by", "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action="funding.application_update", target=existing,
            changes={"programme": programme, **changes},
        )
    return existing


@transaction.atomic
def application_delete(*, actor: User, use_case: UseCase, programme: str) -> bool:
    """Remove the application to ``programme``; False when there was none."""
    budget = budget_of(use_case)
    application = (
        FundingApplication.objects.filter(budget=budget, programme=programme).first() if budget is not None else None
    )
    if application is None:
        return False
    audit_record(
        actor=actor, organisation=use_case.organisation, action="funding.application_delete", target=application,
        changes={"use_case": str(use_case.pk), "programme": programme, "status": application.status,
                 "expected_amount": str(application.expected_amount)},
    )
    application.delete()
    return True


def saved_project_type(use_case: UseCase) -> str:
    """The kind of project stored on the use case's budget, else the one its stage suggests."""
    budget = budget_of(use_case)
    stored = budget.funding_project_type if budget is not None else ""
    return stored or funding_match.project_type_for_stage(model_chosen=bool(use_case.chosen_model))


@transaction.atomic
def project_type_save(*, actor: User, use_case: UseCase, project_type: str) -> Budget:
    """Store the kind of project to match funding on (one of the catalogue's project types); audited
    as ``funding.project_type_update`` when it changes."""
    if project_type not in PROJECT_TYPES:
        raise ValidationError({
            "project_type": _("Choose a kind of project from the list."),
        })
    budget = ensure_budget(actor=actor, use_case=use_case)
    before = budget.funding_project_type or funding_match.project_type_for_stage(
        model_chosen=bool(use_case.chosen_model))
    if budget.funding_project_type != project_type:
        budget.funding_project_type = project_type
        budget.updated_by = actor
        budget.save(update_fields=["funding_project_type", "updated_by", "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action="funding.project_type_update", target=budget,
            changes={"use_case": str(use_case.pk), "funding_project_type": [before, project_type]},
        )
    return budget


# --- Read side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingState:
    """Everything the funding page and the API show for one use case."""

    profile: CompanyProfile | None
    result: funding_match.MatchResult | None
    """None while the profile lacks the staff count (the page then links to the profile form)."""
    applications: tuple[FundingApplication, ...]
    total_in_roi: Decimal
    project_type: str = funding_match.DEFAULT_PROJECT_TYPE
    """The kind of project matched on: the one asked for, else the stored one."""
    saved_project_type: str = funding_match.DEFAULT_PROJECT_TYPE
    """The kind of project stored on the budget (the default for matching)."""

    @property
    def profile_complete(self) -> bool:
        return self.result is not None

    def application(self, key: str) -> FundingApplication | None:
        return next((a for a in self.applications if a.programme == key), None)


def company_of(profile: CompanyProfile | None) -> funding_match.Company | None:
    """The profile's facts for matching, or None while country or staff count is missing."""
    if profile is None or not profile.country or profile.staff_count is None:
        return None
    return funding_match.Company(country=profile.country, region=profile.region, staff_count=profile.staff_count)


def funding_state(
    use_case: UseCase, *, project_type: str | None = None, today: dt.date | None = None
) -> FundingState:
    """``project_type`` None: the one stored on the budget, else the one the use case's stage suggests."""
    profile = CompanyProfile.objects.filter(organisation_id=use_case.organisation_id).first()
    company = company_of(profile)
    day = today or clock.today()
    budget = budget_of(use_case)
    stored = (budget.funding_project_type if budget is not None else "") or funding_match.project_type_for_stage(
        model_chosen=bool(use_case.chosen_model))
    chosen = project_type or stored
    result = (
        funding_match.match(funding_data.load(), company, project_type=chosen, today=day)
        if company is not None else None
    )
    applications = tuple(budget.funding.order_by("programme")) if budget is not None else ()
    total = sum((a.expected_amount for a in applications if a.status in FUNDING_COUNTS_IN_ROI), Decimal(0))
    return FundingState(
        profile=profile, result=result, applications=applications, total_in_roi=total, project_type=chosen,
        saved_project_type=stored,
    )
