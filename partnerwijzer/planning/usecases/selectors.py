"""Read access of the plan core, shaped for pages and the API.

Query counts do not grow with the number of use cases: the list is one query for the use cases
and one for all their KPIs (prefetched); the priorities page the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from django.db.models import Count, Prefetch, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.formatting import number
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import DepartmentShare, normalise_language
from partnerwijzer.knowledge.topics import archetypes
from partnerwijzer.knowledge.topics.archetypes import Archetype, DurationClass
from partnerwijzer.planning.advice.rules import Advice
from partnerwijzer.planning.advice.selectors import model_advice
from partnerwijzer.planning.compliance.selectors import AiActResult, GdprResult, ai_act_result, gdpr_result
from partnerwijzer.planning.models import CompanyProfile, Kpi, UseCase
from partnerwijzer.planning.readiness.rules import ReadinessResult
from partnerwijzer.planning.readiness.selectors import readiness_result
from partnerwijzer.planning.usecases.problem_check import ProblemCheck, problem_check

# --- Labels ------------------------------------------------------------------------------------


def _lang() -> str:
    return normalise_language(translation.get_language())


def department_name(key: str) -> str:
    for item in reference().department_budget:
        if item.key == key:
            return item.name.get(_lang())
    return key


def department_for(key: str) -> DepartmentShare | None:
    return next((item for item in reference().department_budget if item.key == key), None)


def archetype_for(key: str) -> Archetype | None:
    try:
        return archetypes.load().archetype(key) if key else None
    except KeyError:
        return None


@dataclass(frozen=True)
class ArchetypeInfo:
    """An archetype with the guide's figures for it (None where the guide gives none)."""

    archetype: Archetype
    duration: DurationClass | None
    general_payback: object
    first_value: object


def archetype_info(key: str) -> ArchetypeInfo | None:
    archetype = archetype_for(key)
    if archetype is None:
        return None
    data = archetypes.load()
    return ArchetypeInfo(
        archetype=archetype, duration=data.duration_for(archetype),
        general_payback=data.general_payback, first_value=data.first_value,
    )


# --- Problem check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueText:
    code: str
    title: Promise
    advice: Promise


_ISSUE_TEXTS: Final[dict[str, tuple[Promise, Promise]]] = {
    "no_statement": (
        gettext_lazy("The problem is not described yet."),
        gettext_lazy("Write in one or two sentences what goes wrong today and what should change, "
                     "e.g. “Cut quote preparation time by 60%”."),
    ),
    "technology_not_problem": (
        gettext_lazy("The statement names a technology, not a business problem."),
        gettext_lazy("Say what should change in the business and by how much, not which tool to use. "
                     "“We need AI” is not a problem; “cut quote preparation time by 60%” is."),
    ),
    "no_current_state": (
        gettext_lazy("The current state is not described."),
        gettext_lazy("Describe how things work today and what that costs, so you can show the gain later."),
    ),
    "no_baseline_value": (
        gettext_lazy("No KPI has a baseline value."),
        gettext_lazy("Measure where you stand today and enter it as the KPI's baseline, with how and "
                     "when you measured it."),
    ),
    "no_measurable_target": (
        gettext_lazy("There is no measurable target."),
        gettext_lazy("Add a KPI with a target value, e.g. “unplanned downtime: 29 hours per month”."),
    ),
    "no_target_date": (
        gettext_lazy("The target has no date."),
        gettext_lazy("Give the KPI with the target a date by which you want to reach it."),
    ),
}


def problem_check_texts(check: ProblemCheck) -> list[IssueText]:
    """Each issue of ``check`` with what is missing and what to do, in the active language."""
    return [IssueText(code, *_ISSUE_TEXTS[code]) for code in check.issues]


def use_case_check(use_case: UseCase) -> ProblemCheck:
    """The problem check of a use case (reads prefetched KPIs when there are any)."""
    return problem_check(
        statement=use_case.problem_statement, current_state=use_case.current_state, kpis=use_case.kpis.all()
    )


# --- Profile and use cases ---------------------------------------------------------------------


def profile_of(*, organisation: Organisation) -> CompanyProfile | None:
    return CompanyProfile.objects.filter(organisation=organisation).first()


def use_cases_of(*, organisation: Organisation) -> QuerySet[UseCase]:
    """The organisation's use cases by title, with their KPIs prefetched and ``selection_count``."""
    return (
        UseCase.objects.filter(organisation=organisation)
        .annotate(selection_count=Count("selections", distinct=True))
        .prefetch_related(Prefetch("kpis", queryset=Kpi.objects.order_by("position", "name")))
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class UseCaseRow:
    use_case: UseCase
    check: ProblemCheck
    department: str
    archetype: str


def use_case_rows(*, organisation: Organisation) -> list[UseCaseRow]:
    rows = []
    for use_case in use_cases_of(organisation=organisation):
        archetype = archetype_for(use_case.archetype)
        rows.append(UseCaseRow(
            use_case=use_case, check=use_case_check(use_case),
            department=department_name(use_case.department) if use_case.department else "",
            archetype=archetype.name.get(_lang()) if archetype else "",
        ))
    return rows


def kpis_of(*, use_case: UseCase) -> QuerySet[Kpi]:
    return Kpi.objects.filter(use_case=use_case).order_by("position", "name")


def decimal_text(value: Decimal | None) -> str:
    """``Decimal("42.0000")`` → ``42``, ``12.5000`` → ``12,5`` (Dutch): no false precision."""
    if value is None:
        return ""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, digits=min(digits, 4))


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    baseline: str
    target: str

    @property
    def complete(self) -> bool:
        return self.kpi.baseline_value is not None and self.kpi.target_value is not None


def kpi_rows(kpis: Iterable[Kpi]) -> list[KpiRow]:
    return [KpiRow(k, decimal_text(k.baseline_value), decimal_text(k.target_value)) for k in kpis]


# --- Prioritisation ----------------------------------------------------------------------------

HIGH_FROM: Final = 3
"""Scores from 3 up count as high: the middle of the 1–5 scale sits on the matrix's centre line."""

QUADRANTS: Final[dict[str, Promise]] = {
    "do_first": gettext_lazy("Do first: high impact, feasible"),
    "plan": gettext_lazy("Plan carefully: high impact, harder to do"),
    "extra": gettext_lazy("Easy extra: feasible, less impact"),
    "reconsider": gettext_lazy("Reconsider: less impact, harder to do"),
}


def quadrant(impact: int, feasibility: int) -> str:
    high_impact, feasible = impact >= HIGH_FROM, feasibility >= HIGH_FROM
    if high_impact:
        return "do_first" if feasible else "plan"
    return "extra" if feasible else "reconsider"


@dataclass(frozen=True)
class RankedUseCase:
    position: int
    use_case: UseCase
    score: int
    quadrant: str
    tie_note: str

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANTS[self.quadrant])


@dataclass(frozen=True)
class Priorities:
    ranked: list[RankedUseCase]
    unscored: list[UseCase]
    lighthouse: UseCase | None

    @property
    def all(self) -> list[UseCase]:
        return [row.use_case for row in self.ranked] + self.unscored


def _tie_note(current: UseCase, previous: UseCase) -> str:
    if current.impact != previous.impact:
        return _("Same score as “%(title)s”; placed after it because its business impact is lower.") % {
            "title": previous.title
        }
    return _("Same impact and feasibility as “%(title)s”; equal use cases are listed alphabetically.") % {
        "title": previous.title
    }


def rank_use_cases(use_cases: Iterable[UseCase]) -> Priorities:
    """Rank by impact × feasibility; on a tie the higher impact first, then by title."""
    items = list(use_cases)
    scored = [u for u in items if u.impact is not None and u.feasibility is not None]
    scored.sort(key=lambda u: (-(u.impact or 0) * (u.feasibility or 0), -(u.impact or 0), u.title.lower(), str(u.pk)))
    ranked: list[RankedUseCase] = []
    for index, use_case in enumerate(scored):
        impact, feasibility = use_case.impact or 0, use_case.feasibility or 0
        note = ""
        if index and ranked[-1].score == impact * feasibility:
            note = _tie_note(use_case, ranked[-1].use_case)
        ranked.append(RankedUseCase(index + 1, use_case, impact * feasibility, quadrant(impact, feasibility), note))
    unscored = [u for u in items if u.impact is None or u.feasibility is None]
    lighthouse = next((u for u in items if u.is_lighthouse), None)
    return Priorities(ranked=ranked, unscored=unscored, lighthouse=lighthouse)


def priorities_for(*, organisation: Organisation) -> Priorities:
    return rank_use_cases(UseCase.objects.filter(organisation=organisation).order_by("title", "pk"))


def priority_of(use_case: UseCase) -> RankedUseCase | None:
    """The use case's place in its organisation's ranking (None while it is not scored)."""
    ranking = priorities_for(organisation=use_case.organisation)
    return next((row for row in ranking.ranked if row.use_case.pk == use_case.pk), None)


# --- AI plan summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    """Everything the one-page AI plan shows about one use case.

    The results of the other checks (readiness, model advice, AI Act, GDPR) come from their own
    selectors; ``None`` means the check has not been done for this use case yet.
    """

    use_case: UseCase
    profile: CompanyProfile | None
    kpis: list[KpiRow]
    check: ProblemCheck
    issues: list[IssueText]
    department: str
    archetype: ArchetypeInfo | None
    priority: RankedUseCase | None
    readiness: ReadinessResult | None = None
    model_advice: Advice | None = None
    ai_act: AiActResult | None = None
    gdpr: GdprResult | None = None


def plan_summary_for(use_case: UseCase) -> PlanSummary:
    kpis = list(kpis_of(use_case=use_case))
    check = problem_check(statement=use_case.problem_statement, current_state=use_case.current_state, kpis=kpis)
    return PlanSummary(
        use_case=use_case,
        profile=profile_of(organisation=use_case.organisation),
        kpis=kpi_rows(kpis),
        check=check,
        issues=problem_check_texts(check),
        department=department_name(use_case.department) if use_case.department else "",
        archetype=archetype_info(use_case.archetype),
        priority=priority_of(use_case),
        # The other checks, each through its own selector (the seams of readiness_selectors,
        # advice_selectors and compliance_selectors).
        readiness=readiness_result(use_case),
        model_advice=model_advice(use_case),
        ai_act=ai_act_result(use_case),
        gdpr=gdpr_result(use_case),
    )
