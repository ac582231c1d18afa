"""Reads of the contract checklist, shaped for pages, the API and other apps.

The seams other parts use (the decision report, the journey dashboard):

* :func:`decision_for` — the selection's :class:`PartnerDecision` or ``None``;
* :func:`readiness_for` — a :class:`ContractReadiness`: counts per status, what is still open or
  missing (with titles in the active language) and ``ready`` (every item agreed).

:func:`planned_items` says which checklist items the earlier results ask for (the guide's eleven,
AI Act deployer duties when high-risk, the processor agreement when a partner processes personal
data, one acceptance item per KPI); the refresh service adds the ones not there yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.contract.models import ContractItem, ContractItemStatus, ItemSource, PartnerDecision
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.journey.steps import Status
from partnerwijzer.knowledge.loader import source as reference_source
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import contract as contract_topic
from partnerwijzer.knowledge.topics.contract import PROCESSOR_AGREEMENT, ContractText
from partnerwijzer.planning.compliance.selectors import ai_act_result, gdpr_result
from partnerwijzer.planning.models import Kpi
from partnerwijzer.planning.usecases.selectors import decimal_text
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.stages import STAGE_ORDER, Stage

# Positions keep the groups in a fixed order: the guide first, own items last.
POSITION_BASE = {
    ItemSource.GUIDE: 0, ItemSource.AI_ACT: 100, ItemSource.GDPR: 200, ItemSource.KPI: 300, ItemSource.OWN: 1000,
}


def _lang(lang: str | None = None) -> str:
    return normalise_language(lang or translation.get_language())


# --- The decision ------------------------------------------------------------------------------


def decision_for(selection: Selection) -> PartnerDecision | None:
    """The selection's preferred partner and why, or None while none is chosen."""
    return (
        PartnerDecision.objects.select_related("candidate", "decided_by", "selection")
        .filter(selection=selection)
        .first()
    )


def choosable_candidates(selection: Selection) -> list[Candidate]:
    """The candidates one may choose: every candidate not rejected, by name."""
    return list(Candidate.objects.filter(selection=selection, rejected=False).order_by("name", "pk"))


def suggested_candidate(selection: Selection) -> Candidate | None:
    """Which candidate the choice form proposes: one in stage "chosen", else one in
    "negotiation", else, once scoring is closed, the first of the ranking (weighted sum), else none.

    While scoring is open the ranking stays blind (issue 11), so it suggests nothing."""
    candidates = choosable_candidates(selection)
    for stage in (Stage.CHOSEN, Stage.NEGOTIATION):
        found = next((c for c in candidates if c.stage == stage), None)
        if found is not None:
            return found
    if not candidates or not scoring_setup_of(selection).closed:
        return None
    from partnerwijzer.evaluation.ranking.selectors import State, ranking_for

    ranking = ranking_for(selection=selection, iterations=0)
    if ranking.state in {State.READY, State.SINGLE} and ranking.candidates:
        first = ranking.candidates[0].candidate
        return next((c for c in candidates if c.pk == first.pk), None)
    return None


# --- Choosing early -----------------------------------------------------------------------------

EARLY_REASONS: tuple[str, ...] = ("scoring_open", "before_rfp")
"""Why choosing a partner now is early: scoring is still open; the partner has not reached the
RFP stage (the guide compares detailed proposals and references before choosing)."""


def early_choice_reasons(selection: Selection, candidate: Candidate | None = None) -> list[str]:
    """Keys of :data:`EARLY_REASONS` that hold now, for ``candidate`` (or, without one, when no
    candidate has reached the RFP stage yet)."""
    reasons = []
    if not scoring_setup_of(selection).closed:
        reasons.append("scoring_open")
    rfp = STAGE_ORDER.index(Stage.RFP)
    if candidate is not None:
        if STAGE_ORDER.index(Stage(candidate.stage)) < rfp:
            reasons.append("before_rfp")
    elif all(STAGE_ORDER.index(Stage(c.stage)) < rfp for c in choosable_candidates(selection)):
        reasons.append("before_rfp")
    return reasons


def early_reason_texts(reasons: Iterable[str], candidate: Candidate | None = None) -> list[str]:
    """The reasons in plain words, in the active language."""
    texts = []
    for reason in reasons:
        if reason == "scoring_open":
            texts.append(_("Scoring is still open: not every evaluator's scores count yet, and the ranking "
                           "can change."))
        elif reason == "before_rfp" and candidate is not None:
            texts.append(_("%(name)s is at the stage “%(stage)s”: the guide compares detailed proposals (RFP) "
                           "and references before choosing.") % {"name": candidate.name,
                                                                  "stage": Stage(candidate.stage).label})
        elif reason == "before_rfp":
            texts.append(_("No candidate has reached the proposal stage (RFP) yet: the guide compares detailed "
                           "proposals and references before choosing."))
    return texts


# --- Which items the earlier results ask for ----------------------------------------------------


@dataclass(frozen=True)
class PlannedItem:
    source: str
    key: str
    title: str
    position: int
    kpi: Kpi | None = None


def kpi_key(kpi: Kpi) -> str:
    return f"kpi-{kpi.pk}"


def _month(value: date | None) -> str:
    return formatting.month_year(value) if value else ""


def kpi_title(kpi: Kpi) -> str:
    """``Downtime: from 40 to 25 hours/month by June 2027`` in the active language."""
    baseline, target = decimal_text(kpi.baseline_value), decimal_text(kpi.target_value)
    values = {"name": kpi.name, "baseline": baseline, "target": target, "unit": kpi.unit,
              "date": _month(kpi.target_date)}
    if baseline and target:
        text = (_("%(name)s: from %(baseline)s to %(target)s %(unit)s by %(date)s") if kpi.target_date
                else _("%(name)s: from %(baseline)s to %(target)s %(unit)s"))
    elif target:
        text = (_("%(name)s: %(target)s %(unit)s by %(date)s (no baseline measured yet)") if kpi.target_date
                else _("%(name)s: %(target)s %(unit)s (no baseline measured yet)"))
    else:
        text = _("%(name)s: baseline and target still to be set")
    return (text % values)[:200]


def planned_items(selection: Selection, *, lang: str) -> list[PlannedItem]:
    """Every item the checklist of ``selection`` should have from the guide and earlier results.

    Titles are in ``lang`` (stored as a fallback; pages show the reference text in the reader's
    language). The use case's AI Act and GDPR screenings count only once complete.
    """
    data = contract_topic.load()
    items = [
        PlannedItem(ItemSource.GUIDE, c.key, c.name.get(lang), POSITION_BASE[ItemSource.GUIDE] + i)
        for i, c in enumerate(data.items)
    ]
    use_case = selection.use_case
    if use_case is None:
        return items
    ai = ai_act_result(use_case, lang=lang)
    if ai is not None:
        # In every tier: a chatbot's Article 50 notice and its model documentation need the
        # supplier as much as a high-risk system's deployer duties do (issue 11).
        duties = {duty.key for duty in ai.duties}
        items.extend(
            PlannedItem(ItemSource.AI_ACT, c.key, c.name.get(lang), POSITION_BASE[ItemSource.AI_ACT] + i)
            for i, c in enumerate(data.ai_act_items) if c.key in duties
        )
    gdpr = gdpr_result(use_case, lang=lang)
    if gdpr is not None and gdpr.personal_data and gdpr.processor:
        clause = next(c for c in data.gdpr_items if c.key == PROCESSOR_AGREEMENT)
        items.append(PlannedItem(ItemSource.GDPR, clause.key, clause.name.get(lang), POSITION_BASE[ItemSource.GDPR]))
    with translation.override(lang):
        for i, kpi in enumerate(Kpi.objects.filter(use_case=use_case).order_by("position", "name", "pk")):
            items.append(PlannedItem(ItemSource.KPI, kpi_key(kpi), kpi_title(kpi),
                                     POSITION_BASE[ItemSource.KPI] + i, kpi=kpi))
    return items


# --- Items as pages show them --------------------------------------------------------------------


@dataclass(frozen=True)
class RefRow:
    source: str
    title: str
    article: str


@dataclass(frozen=True)
class ItemRow:
    item: ContractItem
    title: str
    description: str
    questions: tuple[str, ...]
    refs: tuple[RefRow, ...]
    source_label: str
    measurement: str = ""  # the KPI's measurement method, for KPI items

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def deletable(self) -> bool:
        return self.item.source == ItemSource.OWN


def _text_of(item: ContractItem) -> ContractText | None:
    return contract_topic.load().text_for(item.source, item.key)


def item_title(item: ContractItem, *, lang: str | None = None) -> str:
    """The reference name in ``lang`` for guide, AI Act and GDPR items; the stored title otherwise."""
    text = _text_of(item)
    if text is not None and item.source in {ItemSource.GUIDE, ItemSource.AI_ACT, ItemSource.GDPR}:
        return text.name.get(_lang(lang))
    return item.title or item.key


def _refs(text: ContractText, lang: str) -> tuple[RefRow, ...]:
    rows = []
    for ref in text.refs:
        try:
            title = reference_source(ref.source).title.get(lang)
        except KeyError:
            title = ref.source
        rows.append(RefRow(ref.source, title, ref.article.get(lang) if ref.article else ""))
    return tuple(rows)


def item_row(item: ContractItem, *, lang: str | None = None) -> ItemRow:
    lang = _lang(lang)
    text = _text_of(item)
    return ItemRow(
        item=item, title=item_title(item, lang=lang),
        description=text.description.get(lang) if text else "",
        questions=tuple(q.get(lang) for q in text.questions) if text else (),
        refs=_refs(text, lang) if text else (),
        source_label=str(ItemSource(item.source).label),
        measurement=item.kpi.measurement_method if item.kpi_id and item.kpi else "",
    )


def items_of(decision: PartnerDecision) -> list[ContractItem]:
    items = ContractItem.objects.filter(decision=decision).select_related("owner", "kpi")
    return list(items.order_by("position", "pk"))


def item_rows(decision: PartnerDecision, *, lang: str | None = None) -> list[ItemRow]:
    return [item_row(item, lang=lang) for item in items_of(decision)]


def new_items(selection: Selection, decision: PartnerDecision, *, lang: str) -> list[PlannedItem]:
    """The planned items the checklist does not have yet (what a refresh would add)."""
    have = set(ContractItem.objects.filter(decision=decision).exclude(key="").values_list("source", "key"))
    return [p for p in planned_items(selection, lang=lang) if (p.source, p.key) not in have]


# --- Readiness ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    title: str
    status: str
    owner: str


@dataclass(frozen=True)
class ContractReadiness:
    """How far the contract is before signature. ``ready`` only when there is a decision, at
    least one item, and every item is agreed."""

    decided: bool
    agreed: int = 0
    open: int = 0
    missing: int = 0
    open_items: tuple[ReadinessItem, ...] = ()
    missing_items: tuple[ReadinessItem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.agreed + self.open + self.missing

    @property
    def ready(self) -> bool:
        return self.decided and self.total > 0 and self.agreed == self.total

    @property
    def verdict(self) -> str:
        """The plain-words verdict in the active language."""
        if not self.decided:
            return _("No preferred partner chosen yet: choose one to start the contract checklist.")
        if self.ready:
            return _("Ready to sign: every item is agreed.")
        if self.missing:
            return _("Not ready to sign: %(missing)s of %(total)s items are still missing and %(open)s open.") % {
                "missing": self.missing, "total": self.total, "open": self.open}
        return _("Not ready to sign yet: %(open)s of %(total)s items are still open.") % {
            "open": self.open, "total": self.total}


def _readiness_item(item: ContractItem, lang: str) -> ReadinessItem:
    owner = (item.owner.full_name or item.owner.email) if item.owner else ""
    return ReadinessItem(id=str(item.pk), title=item_title(item, lang=lang), status=item.status, owner=owner)


def readiness_of(decision: PartnerDecision | None, *, lang: str | None = None) -> ContractReadiness:
    if decision is None:
        return ContractReadiness(decided=False)
    lang = _lang(lang)
    items = items_of(decision)
    counts = {status: sum(1 for i in items if i.status == status) for status in ContractItemStatus.values}
    return ContractReadiness(
        decided=True, agreed=counts[ContractItemStatus.AGREED], open=counts[ContractItemStatus.OPEN],
        missing=counts[ContractItemStatus.MISSING],
        open_items=tuple(_readiness_item(i, lang) for i in items if i.status == ContractItemStatus.OPEN),
        missing_items=tuple(_readiness_item(i, lang) for i in items if i.status == ContractItemStatus.MISSING),
        counts=counts,
    )


def readiness_for(selection: Selection, *, lang: str | None = None) -> ContractReadiness:
    """The contract readiness of ``selection`` (titles in ``lang``, default the active language)."""
    return readiness_of(decision_for(selection), lang=lang)


# --- The overview and the journey step ----------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    selection: Selection
    decision: PartnerDecision | None
    agreed: int
    open: int
    missing: int

    @property
    def total(self) -> int:
        return self.agreed + self.open + self.missing

    @property
    def ready(self) -> bool:
        return self.decision is not None and self.total > 0 and self.agreed == self.total


def _counts(decisions: Iterable[PartnerDecision]) -> dict[object, dict[str, int]]:
    """Items per status of each decision, in one query."""
    rows = (
        ContractItem.objects.filter(decision__in=list(decisions))
        .values("decision_id")
        .annotate(
            agreed=Count("pk", filter=Q(status=ContractItemStatus.AGREED)),
            open=Count("pk", filter=Q(status=ContractItemStatus.OPEN)),
            missing=Count("pk", filter=Q(status=ContractItemStatus.MISSING)),
        )
    )
    return {
        row["decision_id"]: {"agreed": row["agreed"], "open": row["open"], "missing": row["missing"]} for row in rows
    }


def overview_rows(organisation: Organisation) -> list[OverviewRow]:
    """Every selection of the organisation with its decision and item counts (three queries)."""
    selections = list(Selection.objects.filter(organisation=organisation).order_by("-created_at", "pk"))
    decisions = {
        d.selection_id: d
        for d in PartnerDecision.objects.filter(selection__organisation=organisation).select_related("candidate")
    }
    counts = _counts(decisions.values())
    rows = []
    for selection in selections:
        decision = decisions.get(selection.pk)
        c = counts.get(decision.pk, {}) if decision else {}
        rows.append(OverviewRow(selection, decision, c.get("agreed", 0), c.get("open", 0), c.get("missing", 0)))
    return rows


def contract_status(organisation: Organisation) -> Status:
    """The journey's "Contract" step: not started without a decision; done when every decided
    selection's checklist is fully agreed; in progress otherwise."""
    rows = [row for row in overview_rows(organisation) if row.decision is not None]
    if not rows:
        return Status.NOT_STARTED
    return Status.DONE if all(row.ready for row in rows) else Status.IN_PROGRESS


def contract_status_many(organisations: list[Organisation]) -> dict[Any, Status]:
    """:func:`contract_status` of many organisations in two queries (decisions, their item counts):
    the adviser's portfolio."""
    decisions = list(PartnerDecision.objects.filter(selection__organisation__in=organisations)
                     .annotate(org_id=F("selection__organisation_id")))
    counts = _counts(decisions)
    ready: dict[Any, list[bool]] = {o.pk: [] for o in organisations}
    for decision in decisions:
        org_id = decision.org_id
        c = counts.get(decision.pk, {})
        total = c.get("agreed", 0) + c.get("open", 0) + c.get("missing", 0)
        ready[org_id].append(total > 0 and c.get("agreed", 0) == total)
    return {
        org_id: Status.NOT_STARTED if not flags else Status.DONE if all(flags) else Status.IN_PROGRESS
        for org_id, flags in ready.items()
    }
