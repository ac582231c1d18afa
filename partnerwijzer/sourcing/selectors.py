"""Read access to selections and candidates, shaped for pages and the API.

Query counts do not grow with the number of candidates: the board is one query for the
candidates (with their observed red flags counted in SQL), the history one for the moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.journey.steps import Status
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.funnel import FunnelReport, funnel_check
from partnerwijzer.sourcing.models import Candidate, CandidateRedFlag, RedFlag, Selection, StageMove
from partnerwijzer.sourcing.stages import STAGE_ORDER, Stage


def selections_of(*, organisation: Organisation) -> QuerySet[Selection]:
    """The organisation's selections, newest first, with their candidate counts."""
    return Selection.objects.filter(organisation=organisation).annotate(
        candidate_count=Count("candidates", filter=Q(candidates__rejected=False)),
        rejected_count=Count("candidates", filter=Q(candidates__rejected=True)),
        chosen_count=Count("candidates", filter=Q(candidates__rejected=False, candidates__stage=Stage.CHOSEN)),
    )


def selections_for_use_case(use_case: UseCase) -> QuerySet[Selection]:
    """The selections made for a use case, newest first (lent to planning: planning/providers.py)."""
    return Selection.objects.filter(use_case=use_case).order_by("-created_at")


def candidates_of(*, selection: Selection) -> QuerySet[Candidate]:
    """The candidates of a selection, each with ``red_flag_count`` (flags observed)."""
    return Candidate.objects.filter(selection=selection).annotate(
        red_flag_count=Count("red_flags", filter=Q(red_flags__observed=True))
    ).order_by("name", "pk")


@dataclass(frozen=True)
class Column:
    stage: Stage
    candidates: list[Candidate]


@dataclass(frozen=True)
class Overview:
    selection: Selection
    candidates: list[Candidate]
    columns: list[Column]
    rejected: list[Candidate]
    funnel: FunnelReport
    active: list[Candidate] = field(default_factory=list)


def funnel_for(candidates: list[Candidate]) -> FunnelReport:
    return funnel_check(c.stage for c in candidates if not c.rejected)


def neighbour_stages(stage: Stage | str) -> tuple[Stage | None, Stage | None]:
    """The stages before and after ``stage`` (None at either end)."""
    position = Stage(stage).position
    previous = STAGE_ORDER[position - 1] if position > 0 else None
    following = STAGE_ORDER[position + 1] if position + 1 < len(STAGE_ORDER) else None
    return previous, following


def selection_overview(*, selection: Selection) -> Overview:
    """Everything the selection page shows: a column per stage, the rejected, the funnel."""
    candidates = list(candidates_of(selection=selection))
    for candidate in candidates:
        candidate.previous_stage, candidate.next_stage = neighbour_stages(candidate.stage)  # type: ignore[attr-defined]
    active = [c for c in candidates if not c.rejected]
    columns = [Column(stage=stage, candidates=[c for c in active if c.stage == stage]) for stage in STAGE_ORDER]
    rejected = [c for c in candidates if c.rejected]
    return Overview(
        selection=selection, candidates=candidates, columns=columns, rejected=rejected,
        funnel=funnel_for(candidates), active=active,
    )


def stage_history(*, candidate: Candidate) -> list[StageMove]:
    """Every move of the candidate, oldest first, with who made it."""
    return list(StageMove.objects.filter(candidate=candidate).select_related("actor").order_by("moved_at", "pk"))


@dataclass(frozen=True)
class RedFlagRow:
    flag: RedFlag
    observed: bool
    note: str
    entry: CandidateRedFlag | None


def red_flags_of(*, candidate: Candidate) -> list[RedFlagRow]:
    """The guide's red flags in their order, each with what was recorded (or nothing yet)."""
    entries = {e.flag: e for e in CandidateRedFlag.objects.filter(candidate=candidate).select_related("updated_by")}
    rows = []
    for flag in RedFlag:
        entry = entries.get(flag.value)
        observed = bool(entry and entry.observed)
        rows.append(RedFlagRow(flag=flag, observed=observed, note=entry.note if entry else "", entry=entry))
    return rows


def safe_links(value: str) -> list[str]:
    """Only http(s) addresses become links (services validate this; this guards old data)."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return [line for line in lines if line.lower().startswith(("https://", "http://"))]


def provider_type_name(key: str, language: str | None) -> str:
    if not key:
        return ""
    try:
        return reference().provider_type(key).name.get(normalise_language(language))
    except KeyError:
        return key


def sourcing_channel_name(key: str, language: str | None) -> str:
    if not key:
        return ""
    try:
        return reference().sourcing_channel(key).name.get(normalise_language(language))
    except KeyError:
        return key


def label_candidates(candidates: list[Candidate], language: str | None) -> list[Candidate]:
    """Attach the localised provider-type and channel names (from the reference data) for display."""
    for candidate in candidates:
        candidate.provider_type_label = provider_type_name(candidate.provider_type, language)  # type: ignore[attr-defined]
        candidate.sourcing_channel_label = sourcing_channel_name(  # type: ignore[attr-defined]
            candidate.sourcing_channel, language
        )
    return candidates


def selection_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`selection_status` of many organisations in two queries."""
    started = set(Selection.objects.filter(organisation__in=organisations).values_list("organisation_id", flat=True))
    chosen = set(
        Candidate.objects.filter(selection__organisation__in=organisations, rejected=False, stage=Stage.CHOSEN)
        .values_list("selection__organisation_id", flat=True)
    )
    return {
        o.pk: Status.DONE if o.pk in chosen else Status.IN_PROGRESS if o.pk in started else Status.NOT_STARTED
        for o in organisations
    }


def selection_status(organisation: Organisation) -> Status:
    """The journey's "Selection" step: not started, in progress, or done once a partner is chosen."""
    if not Selection.objects.filter(organisation=organisation).exists():
        return Status.NOT_STARTED
    chosen = Candidate.objects.filter(selection__organisation=organisation, rejected=False, stage=Stage.CHOSEN)
    return Status.DONE if chosen.exists() else Status.IN_PROGRESS
