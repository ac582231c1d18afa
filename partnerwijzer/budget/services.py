"""Write-side of the budget app shared by its parts: creating a use case's budget.

Each part (estimate, quotes, return, funding) has its own ``*_services.py``; they call
``ensure_budget`` before their first write so a budget row exists only once someone enters data.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.models import Budget
from partnerwijzer.planning.models import AiExperience, CompanyProfile, UseCase

FIRST_PROJECT_BUFFER = Decimal(30)
"""The guide's 20-30 % buffer, top end for a company without AI experience."""
DEFAULT_BUFFER = Decimal(20)


def default_buffer(use_case: UseCase) -> Decimal:
    profile = CompanyProfile.objects.filter(organisation_id=use_case.organisation_id).first()
    experienced = profile is not None and profile.ai_experience != AiExperience.NONE
    return DEFAULT_BUFFER if experienced else FIRST_PROJECT_BUFFER


@transaction.atomic
def ensure_budget(*, actor: User, use_case: UseCase) -> Budget:
    """The use case's budget, created with the defaults on first use (audited), locked until the
    end of the caller's transaction: concurrent first writes to a new use case's budget (eight
    cost lines posted at once) all get the one row (partnerwijzer/locking.py)."""
    budget = Budget.objects.select_for_update().filter(use_case=use_case).first()
    if budget is not None:
        return budget
    budget, created = Budget.objects.select_for_update().get_or_create(
        use_case=use_case, defaults={"buffer_percent": default_buffer(use_case), "updated_by": actor}
    )
    if not created:
        return budget
    audit_record(
        actor=actor, organisation=use_case.organisation, action="budget.created", target=budget,
        changes={"buffer_percent": str(budget.buffer_percent)},
    )
    return budget
