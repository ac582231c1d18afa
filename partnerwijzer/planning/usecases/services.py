"""Write actions of the plan core: the company profile, use cases, their KPIs, priorities and
the lighthouse candidate.

Each service validates first, writes in one transaction and records an audit event; on bad
input it raises ``ValidationError`` (a dict by field where a field is to blame) with a
plain-language message and changes nothing, also not the instance the caller passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.topics import archetypes
from partnerwijzer.locking import lock_parent
from partnerwijzer.planning.models import SCALE_MAX, SCALE_MIN, CompanyProfile, Direction, Kpi, UseCase

# NACE Rev. 2 sections (the EU's statistical classification of economic activities).
NACE_SECTIONS: Final[dict[str, Promise]] = {
    "A": gettext_lazy("Agriculture, forestry and fishing"),
    "B": gettext_lazy("Mining and quarrying"),
    "C": gettext_lazy("Manufacturing"),
    "D": gettext_lazy("Electricity, gas, steam and air conditioning supply"),
    "E": gettext_lazy("Water supply, sewerage, waste management and remediation"),
    "F": gettext_lazy("Construction"),
    "G": gettext_lazy("Wholesale and retail trade; repair of motor vehicles"),
    "H": gettext_lazy("Transportation and storage"),
    "I": gettext_lazy("Accommodation and food service activities"),
    "J": gettext_lazy("Information and communication"),
    "K": gettext_lazy("Financial and insurance activities"),
    "L": gettext_lazy("Real estate activities"),
    "M": gettext_lazy("Professional, scientific and technical activities"),
    "N": gettext_lazy("Administrative and support service activities"),
    "O": gettext_lazy("Public administration and defence; compulsory social security"),
    "P": gettext_lazy("Education"),
    "Q": gettext_lazy("Human health and social work activities"),
    "R": gettext_lazy("Arts, entertainment and recreation"),
    "S": gettext_lazy("Other service activities"),
    "T": gettext_lazy("Activities of households as employers"),
    "U": gettext_lazy("Activities of extraterritorial organisations and bodies"),
}

PROFILE_FIELDS: Final = (
    "nace_section", "industry", "country", "region", "staff_count", "revenue_band", "ai_experience",
    "it_capacity", "data_capacity", "executive_sponsor", "data_protection_officer", "works_council",
)
USE_CASE_FIELDS: Final = ("title", "department", "archetype", "problem_statement", "current_state")
KPI_FIELDS: Final = (
    "name", "unit", "direction", "baseline_value", "baseline_method", "baseline_date", "target_value",
    "target_date", "measurement_method",
)


def department_keys() -> tuple[str, ...]:
    return tuple(item.key for item in reference().department_budget)


def archetype_keys() -> tuple[str, ...]:
    return archetypes.load().keys


def _json(value: Any) -> Any:
    """Audit values must be JSON: decimals and dates as text."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {key: [_json(before[key]), _json(after[key])] for key in after if before[key] != after[key]}


def _strip(fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if isinstance(value, str):
            fields[key] = value.strip()


def _model_errors(instance: Any, exclude: list[str], errors: dict[str, list[str]]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _assign_or_raise(instance: Any, fields: Mapping[str, Any], check: Any) -> dict[str, Any]:
    """Set ``fields`` on ``instance``, run ``check``; on error restore the instance and re-raise."""
    before = {key: getattr(instance, key) for key in fields}
    for key, value in fields.items():
        setattr(instance, key, value)
    try:
        check(instance)
    except ValidationError:
        for key, value in before.items():
            setattr(instance, key, value)
        raise
    return before


def _unknown(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {"fields": names})


# --- Company profile ---------------------------------------------------------------------------


def _check_profile(profile: CompanyProfile) -> None:
    errors: dict[str, list[str]] = {}
    if profile.nace_section and profile.nace_section not in NACE_SECTIONS:
        errors.setdefault("nace_section", []).append(_("Choose one of the industry sections in the list."))
    if profile.staff_count is not None and profile.staff_count < 1:
        errors.setdefault("staff_count", []).append(_("Enter the number of staff as a whole number, 1 or more."))
    _model_errors(profile, ["organisation", *errors], errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def profile_update(*, actor: User, organisation: Organisation, **fields: Any) -> CompanyProfile:
    """Change the company profile (any of :data:`PROFILE_FIELDS`); made on its first save."""
    _unknown(fields, PROFILE_FIELDS)
    _strip(fields)
    if isinstance(fields.get("nace_section"), str):
        fields["nace_section"] = fields["nace_section"].upper()
    lock_parent(organisation)  # one profile per organisation, also when two first saves meet
    profile = CompanyProfile.objects.select_for_update().filter(organisation=organisation).first()
    created = profile is None
    if profile is None:
        profile = CompanyProfile(organisation=organisation)
    before = _assign_or_raise(profile, fields, _check_profile)
    changes = _changes(before, fields)
    if created or changes:
        profile.save()
        audit_record(
            actor=actor, organisation=organisation, action="profile.create" if created else "profile.update",
            target=profile, changes=changes,
        )
    return profile


# --- Use cases ---------------------------------------------------------------------------------


def _check_use_case(use_case: UseCase) -> None:
    errors: dict[str, list[str]] = {}
    if not use_case.title:
        errors["title"] = [_("Give the use case a short title, e.g. “Faster quote preparation”.")]
    elif len(use_case.title) > 200:
        errors["title"] = [_("Keep the title to 200 characters or fewer.")]
    if use_case.department and use_case.department not in department_keys():
        errors["department"] = [_("Choose one of the departments in the list.")]
    if use_case.archetype and use_case.archetype not in archetype_keys():
        errors["archetype"] = [_("Choose one of the types of AI application in the list.")]
    _model_errors(use_case, ["organisation", "created_by", *errors], errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def use_case_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    department: str = "",
    archetype: str = "",
    problem_statement: str = "",
    current_state: str = "",
) -> UseCase:
    """Describe a new business problem the company wants AI to help with."""
    fields: dict[str, Any] = {
        "title": title, "department": department, "archetype": archetype,
        "problem_statement": problem_statement, "current_state": current_state,
    }
    _strip(fields)
    use_case = UseCase(organisation=organisation, created_by=actor, **fields)
    _check_use_case(use_case)
    use_case.save()
    audit_record(
        actor=actor, organisation=organisation, action="use_case.create", target=use_case,
        changes={"title": use_case.title},
    )
    return use_case


@transaction.atomic
def use_case_update(*, actor: User, use_case: UseCase, **fields: Any) -> UseCase:
    """Change the given fields (any of :data:`USE_CASE_FIELDS`); fields left out keep their value."""
    _unknown(fields, USE_CASE_FIELDS)
    fields = {key: value if value is not None else "" for key, value in fields.items()}
    _strip(fields)
    before = _assign_or_raise(use_case, fields, _check_use_case)
    changes = _changes(before, fields)
    if changes:
        use_case.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action="use_case.update", target=use_case,
            changes=changes,
        )
    return use_case


@transaction.atomic
def use_case_delete(*, actor: User, use_case: UseCase) -> None:
    """Delete a use case with its KPIs and answers. Selections for it stay, unlinked."""
    audit_record(
        actor=actor, organisation=use_case.organisation, action="use_case.delete", target=use_case,
        changes={"title": use_case.title, "kpis": use_case.kpis.count()},
    )
    use_case.delete()


# --- KPIs --------------------------------------------------------------------------------------


def _check_kpi(kpi: Kpi) -> None:
    errors: dict[str, list[str]] = {}
    if not kpi.name:
        errors["name"] = [_("Name what you measure, e.g. “Unplanned downtime”.")]
    if not kpi.unit:
        errors["unit"] = [_("Give the unit, e.g. “hours per month” or “%”.")]
    if kpi.direction not in Direction.values:
        errors["direction"] = [_("Say whether a lower or a higher value is better.")]
    baseline, target = kpi.baseline_value, kpi.target_value
    if baseline is not None and target is not None and "direction" not in errors:
        if kpi.direction == Direction.LOWER and target >= baseline:
            errors["target_value"] = [_("Lower is better here, so the target must be below the baseline.")]
        elif kpi.direction == Direction.HIGHER and target <= baseline:
            errors["target_value"] = [_("Higher is better here, so the target must be above the baseline.")]
    if kpi.baseline_date and kpi.target_date and kpi.target_date <= kpi.baseline_date:
        errors["target_date"] = [_("The target date must come after the date the baseline was measured.")]
    _model_errors(kpi, ["use_case", *errors], errors)
    if errors:
        raise ValidationError(errors)


def _kpi_fields(fields: dict[str, Any]) -> dict[str, Any]:
    text = ("name", "unit", "direction", "baseline_method", "measurement_method")
    cleaned = {key: ("" if value is None and key in text else value) for key, value in fields.items()}
    for key in ("baseline_value", "target_value"):
        value = cleaned.get(key)
        if value is not None and not isinstance(value, Decimal):
            cleaned[key] = Decimal(str(value))
    _strip(cleaned)
    return cleaned


@transaction.atomic
def kpi_create(
    *,
    actor: User,
    use_case: UseCase,
    name: str,
    unit: str,
    direction: str = Direction.LOWER,
    baseline_value: Decimal | float | None = None,
    baseline_method: str = "",
    baseline_date: date | None = None,
    target_value: Decimal | float | None = None,
    target_date: date | None = None,
    measurement_method: str = "",
) -> Kpi:
    """Add a measurable target to a use case. This KPI is the one the contract and tracking use later."""
    fields = _kpi_fields({
        "name": name, "unit": unit, "direction": direction, "baseline_value": baseline_value,
        "baseline_method": baseline_method, "baseline_date": baseline_date, "target_value": target_value,
        "target_date": target_date, "measurement_method": measurement_method,
    })
    position = use_case.kpis.count()
    kpi = Kpi(use_case=use_case, position=position, **fields)
    _check_kpi(kpi)
    kpi.save()
    audit_record(
        actor=actor, organisation=use_case.organisation, action="kpi.create", target=kpi,
        changes={"use_case": str(use_case.pk), **{key: _json(value) for key, value in fields.items() if value}},
    )
    return kpi


@transaction.atomic
def kpi_update(*, actor: User, kpi: Kpi, **fields: Any) -> Kpi:
    """Change the given fields (any of :data:`KPI_FIELDS`); fields left out keep their value."""
    _unknown(fields, KPI_FIELDS)
    fields = _kpi_fields(fields)
    before = _assign_or_raise(kpi, fields, _check_kpi)
    changes = _changes(before, fields)
    if changes:
        kpi.save(update_fields=[*changes, "updated_at"])  # updated_at: the stored statuses' fingerprint
        audit_record(
            actor=actor, organisation=kpi.use_case.organisation, action="kpi.update", target=kpi, changes=changes,
        )
    return kpi


@transaction.atomic
def kpi_delete(*, actor: User, kpi: Kpi) -> None:
    audit_record(
        actor=actor, organisation=kpi.use_case.organisation, action="kpi.delete", target=kpi,
        changes={"use_case": str(kpi.use_case_id), "name": kpi.name},
    )
    kpi.delete()


# --- Prioritisation ----------------------------------------------------------------------------


def _check_score(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        raise ValidationError({field: [_("Choose a score from 1 to 5.")]})
    return value


@transaction.atomic
def priority_set(*, actor: User, use_case: UseCase, impact: int | None, feasibility: int | None) -> UseCase:
    """Score a use case on business impact and feasibility (1–5 each; None clears a score)."""
    impact = _check_score(impact, "impact")
    feasibility = _check_score(feasibility, "feasibility")
    before = {"impact": use_case.impact, "feasibility": use_case.feasibility}
    after = {"impact": impact, "feasibility": feasibility}
    changes = _changes(before, after)
    if changes:
        use_case.impact, use_case.feasibility = impact, feasibility
        use_case.save(update_fields=["impact", "feasibility", "updated_at"])
        audit_record(
            actor=actor, organisation=use_case.organisation, action="use_case.prioritise", target=use_case,
            changes=changes,
        )
    return use_case


@transaction.atomic
def priorities_set(*, actor: User, scores: dict[UseCase, tuple[int | None, int | None]]) -> None:
    """Score several use cases at once (the priorities page keeps every card's input): all or nothing."""
    for use_case, (impact, feasibility) in scores.items():
        priority_set(actor=actor, use_case=use_case, impact=impact, feasibility=feasibility)


@transaction.atomic
def lighthouse_set(*, actor: User, use_case: UseCase, is_lighthouse: bool = True) -> UseCase:
    """Mark ``use_case`` as the organisation's lighthouse candidate (unmarking the previous one),
    or, with ``is_lighthouse=False``, unmark it. One per organisation (a database constraint)."""
    organisation = use_case.organisation
    lock_parent(organisation)  # two owners marking two use cases at once: one after the other
    previous = list(
        UseCase.objects.select_for_update()
        .filter(organisation=organisation, is_lighthouse=True)
        .exclude(pk=use_case.pk)
    )
    if is_lighthouse:
        for other in previous:
            other.is_lighthouse = False
            other.save(update_fields=["is_lighthouse", "updated_at"])
    if use_case.is_lighthouse == is_lighthouse and not (is_lighthouse and previous):
        return use_case
    use_case.is_lighthouse = is_lighthouse
    use_case.save(update_fields=["is_lighthouse", "updated_at"])
    changes: dict[str, Any] = {"is_lighthouse": [not is_lighthouse, is_lighthouse]}
    if is_lighthouse and previous:
        changes["previous"] = [str(other.pk) for other in previous]
    audit_record(
        actor=actor, organisation=organisation,
        action="use_case.lighthouse_set" if is_lighthouse else "use_case.lighthouse_clear",
        target=use_case, changes=changes,
    )
    return use_case
