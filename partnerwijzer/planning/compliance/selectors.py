"""Reads of the AI Act and GDPR screenings, shaped for pages, the API and other apps.

The two seams other parts of the product use (the plan summary page, later the contract
checklist) are :func:`ai_act_result` and :func:`gdpr_result`: each returns ``None`` until the
screening is complete, and otherwise a flat, language-resolved result with the checklist items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from partnerwijzer import clock
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import ai_act as ai_act_topic
from partnerwijzer.knowledge.topics import gdpr as gdpr_topic
from partnerwijzer.knowledge.topics.ai_act import LegalRef, QuestionTree
from partnerwijzer.planning.compliance import ai_act, gdpr
from partnerwijzer.planning.models import Answer, ChecklistItem, ChecklistStatus, CompanyProfile, GuidedCheck, UseCase

TIER_LABELS = {
    "prohibited": gettext_lazy("Prohibited"),
    "high_risk": gettext_lazy("High risk"),
    "limited_risk": gettext_lazy("Transparency duties (limited risk)"),
    "minimal_risk": gettext_lazy("Minimal risk"),
    "out_of_scope": gettext_lazy("Outside the AI Act"),
}
ROLE_LABELS = {"provider": gettext_lazy("Provider"), "deployer": gettext_lazy("Deployer")}
VERIFICATION_LABELS = {"verified": gettext_lazy("Verified"), "not_verified": gettext_lazy("Not verified")}
ART22_LABELS = {
    "none": gettext_lazy("No automated decisions with significant effects"),
    "human_review": gettext_lazy("A person reviews each decision"),
    "automated_with_basis": gettext_lazy("Solely automated, with an exception of Article 22(2)"),
    "automated_without_basis": gettext_lazy("Solely automated without a legal ground: not allowed"),
}
TRANSFER_LABELS = {
    "no": gettext_lazy("No transfer outside the EEA"),
    "us_dpf": gettext_lazy("To the US, DPF-certified recipient"),
    "adequate_country": gettext_lazy("To a country with an adequacy decision"),
    "other": gettext_lazy("Needs standard contractual clauses and a transfer impact assessment"),
    "unknown": gettext_lazy("Unknown: find out"),
}


def _lang(lang: str | None) -> str:
    return normalise_language(lang or translation.get_language())


def tree_for(questionnaire: str) -> QuestionTree:
    if questionnaire == GuidedCheck.AI_ACT:
        return ai_act_topic.load()
    if questionnaire == GuidedCheck.GDPR:
        return gdpr_topic.load()
    raise KeyError(questionnaire)


def country_of(use_case: UseCase) -> str:
    """The company's country from its profile (NL, DE or other); "other" without a profile."""
    profile = CompanyProfile.objects.filter(organisation_id=use_case.organisation_id).only("country").first()
    return profile.country if profile else "other"


def stored_answers(use_case: UseCase, questionnaire: str) -> dict[str, Any]:
    rows = Answer.objects.filter(use_case=use_case, questionnaire=questionnaire).values_list("question_key", "value")
    return dict(rows)


@dataclass(frozen=True)
class ScreeningState:
    questionnaire: str
    tree: QuestionTree
    answers: dict[str, Any]
    country: str
    walk: ai_act.Walk

    @property
    def stale_keys(self) -> list[str]:
        """Stored answers that the current path does not use (kept, but ignored)."""
        return sorted(set(self.answers) - set(self.walk.path_keys))


def screening_state(use_case: UseCase, questionnaire: str) -> ScreeningState:
    tree = tree_for(questionnaire)
    answers = stored_answers(use_case, questionnaire)
    country = country_of(use_case) if questionnaire == GuidedCheck.GDPR else "other"
    return ScreeningState(questionnaire, tree, answers, country,
                          ai_act.walk_tree(tree, answers, country=country))


# --- Pure results for one use case ----------------------------------------------------------------


def staff_count_of(use_case: UseCase) -> int | None:
    """The company's head count from its profile (decides the AI Act's size relief)."""
    profile = CompanyProfile.objects.filter(organisation_id=use_case.organisation_id).only("staff_count").first()
    return profile.staff_count if profile else None


def ai_act_assessment(use_case: UseCase) -> ai_act.AiActAssessment | None:
    state = screening_state(use_case, GuidedCheck.AI_ACT)
    return ai_act.assess(ai_act_topic.load(), state.walk, staff_count=staff_count_of(use_case))


def gdpr_assessment(use_case: UseCase) -> gdpr.GdprAssessment | None:
    state = screening_state(use_case, GuidedCheck.GDPR)
    ai = ai_act_assessment(use_case)
    return gdpr.assess(gdpr_topic.load(), state.walk, country=state.country,
                       ai_act_high_risk=ai is not None and ai.tier == "high_risk")


def checklist_plan(use_case: UseCase, questionnaire: str) -> list[tuple[str, date | None]]:
    """The checklist the current result asks for: (key, initial due date) per duty or action."""
    if questionnaire == GuidedCheck.AI_ACT:
        result = ai_act_assessment(use_case)
        if result is None:
            return []
        return [(item.key, item.date.applies_from if item.date else None) for item in result.duties]
    assessment = gdpr_assessment(use_case)
    return [] if assessment is None else [(item.key, None) for item in assessment.actions]


def checklist_items(use_case: UseCase, checklist: str) -> dict[str, ChecklistItem]:
    items = ChecklistItem.objects.filter(use_case=use_case, checklist=checklist).select_related("owner")
    return {item.key: item for item in items}


# --- Shaped results (the seams) -----------------------------------------------------------------


@dataclass(frozen=True)
class RefOut:
    label: str
    url: str
    verification: str
    # Past its verify_by date (issue 14, point 12): shown as "last verified <checked_on>, may be out of date".
    stale: bool = False
    checked_on: date | None = None


@dataclass(frozen=True)
class ReasonOut:
    text: str
    refs: tuple[RefOut, ...]
    verification: str


@dataclass(frozen=True)
class DutyOut:
    """One duty of the AI Act result, with its dates and its checklist item (if synced)."""

    key: str
    title: str
    explanation: str
    roles: tuple[str, ...]
    refs: tuple[RefOut, ...]
    date_label: str
    original_date: date | None
    amended_date: date | None
    applies_from: date | None
    date_verification: str
    date_note: str
    verification: str
    item: ChecklistItem | None
    # "applies_since" (the date has passed: the duty holds now) or "applies_from"; from today's date.
    date_state: str | None = None
    # The duty applies already and its checklist item is not done (or there is none yet).
    overdue: bool = False
    # The date is past its verify_by: "last verified <date_checked_on>, may be out of date".
    date_stale: bool = False
    date_checked_on: date | None = None

    @property
    def role_labels(self) -> list[str]:
        return [str(ROLE_LABELS[r]) for r in self.roles]


@dataclass(frozen=True)
class DateNoteOut:
    """The note of one date rule (e.g. the postponement), shown once per result."""

    key: str
    label: str
    note: str
    verification: str


@dataclass(frozen=True)
class ReliefOut:
    size: str
    text: str
    refs: tuple[RefOut, ...]
    verification: str


@dataclass(frozen=True)
class AiActResult:
    use_case_id: Any
    tier: str
    tier_label: str
    role: str | None
    role_label: str
    roles: tuple[str, ...]
    title: str
    summary: str
    reasons: tuple[ReasonOut, ...]
    duties: tuple[DutyOut, ...]
    transparency: bool
    annex_iii_point: int | None
    data_version: str
    url: str
    date_notes: tuple[DateNoteOut, ...] = ()
    relief: ReliefOut | None = None
    # False for a prohibited use: no next steps (GDPR check) as if the use could go on.
    may_continue: bool = True
    today: date | None = None


@dataclass(frozen=True)
class ActionOut:
    key: str
    title: str
    explanation: str
    refs: tuple[RefOut, ...]
    verification: str
    item: ChecklistItem | None


@dataclass(frozen=True)
class GdprResult:
    use_case_id: Any
    verdict: str
    verdict_label: str
    summary: str
    personal_data: bool
    criteria_count: int
    criteria: tuple[str, ...]
    national_list: str | None
    national_hits: tuple[str, ...]
    art22: str
    art22_label: str
    processor: bool
    transfer: str
    transfer_label: str
    reasons: tuple[ReasonOut, ...]
    actions: tuple[ActionOut, ...]
    data_version: str
    url: str


def ref_out(ref: LegalRef, lang: str, today: date | None = None) -> RefOut:
    day = today or clock.today()
    return RefOut(label=ref.label.get(lang), url=ref.url_for(lang), verification=ref.verification,
                  stale=ref.verify_by is not None and ref.verify_by < day, checked_on=ref.checked_on)


def _reasons(reasons: tuple[ai_act.Reason, ...], lang: str) -> tuple[ReasonOut, ...]:
    return tuple(
        ReasonOut(text=r.text.get(lang), refs=tuple(ref_out(x, lang) for x in r.refs), verification=r.verification)
        for r in reasons
    )


def _tier_text(result: ai_act.AiActAssessment, lang: str) -> str:
    """The outcome's own text where it fixes the tier, else the plain explanation of the tier."""
    texts = ai_act_topic.load().tier_texts
    if result.outcome.tier is None and result.tier in texts:
        return texts[result.tier].get(lang)
    return result.outcome.summary.get(lang)


def ai_act_result(use_case: UseCase, *, lang: str | None = None) -> AiActResult | None:
    """The AI Act result of ``use_case`` in ``lang`` (default: the active language), or None
    while the screening is incomplete."""
    lang = _lang(lang)
    result = ai_act_assessment(use_case)
    if result is None:
        return None
    items = checklist_items(use_case, GuidedCheck.AI_ACT)
    today = clock.today()
    duties = tuple(
        DutyOut(
            key=d.key, title=d.duty.title.get(lang), explanation=d.duty.explanation.get(lang), roles=d.roles,
            refs=tuple(ref_out(r, lang, today) for r in d.refs),
            date_label=d.date.label.get(lang) if d.date else "",
            original_date=d.date.original if d.date else None,
            amended_date=d.date.amended if d.date else None,
            applies_from=d.date.applies_from if d.date else None,
            date_verification=d.date.verification if d.date else "verified",
            date_note=d.date.note.get(lang) if d.date and d.date.note else "",
            verification=d.verification, item=items.get(d.key),
            date_state=d.date_state(today),
            overdue=_overdue(d.date_state(today), items.get(d.key)),
            date_stale=d.date is not None and d.date.verify_by < today,
            date_checked_on=d.date.checked_on if d.date else None,
        )
        for d in result.duties
    )
    date_notes = tuple(
        DateNoteOut(key=rule.key, label=rule.label.get(lang), note=rule.note.get(lang), verification=rule.verification)
        for rule in result.date_rules()
        if rule.note is not None
    )
    relief = None
    if result.relief is not None:
        relief = ReliefOut(size=result.relief.size, text=result.relief.text.get(lang),
                           refs=tuple(ref_out(r, lang) for r in result.relief.refs),
                           verification=result.relief.verification)
    with translation.override(lang):
        tier_label = str(TIER_LABELS[result.tier])
        role_label = " + ".join(str(ROLE_LABELS[r]) for r in result.roles) or "—"
    return AiActResult(
        use_case_id=use_case.pk, tier=result.tier, tier_label=tier_label, role=result.role, role_label=role_label,
        roles=result.roles, title=result.outcome.title.get(lang), summary=_tier_text(result, lang),
        reasons=_reasons(result.reasons, lang), duties=duties, transparency=result.transparency,
        annex_iii_point=result.annex_iii_point, data_version=ai_act_topic.load().version,
        url=reverse("planning:ai_act_result", kwargs={"use_case_id": use_case.pk}),
        date_notes=date_notes, relief=relief, may_continue=result.may_continue, today=today,
    )


def _overdue(state: str | None, item: ChecklistItem | None) -> bool:
    """A duty that applies already is overdue until its checklist item is done or not applicable."""
    if state != "applies_since":
        return False
    return item is None or item.status in (ChecklistStatus.OPEN, ChecklistStatus.IN_PROGRESS)


def gdpr_result(use_case: UseCase, *, lang: str | None = None) -> GdprResult | None:
    """The GDPR result of ``use_case`` in ``lang`` (default: the active language), or None
    while the screening is incomplete."""
    lang = _lang(lang)
    result = gdpr_assessment(use_case)
    if result is None:
        return None
    items = checklist_items(use_case, GuidedCheck.GDPR)
    actions = tuple(
        ActionOut(
            key=a.key, title=a.action.title.get(lang), explanation=a.action.explanation.get(lang),
            refs=tuple(ref_out(r, lang) for r in a.refs), verification=a.verification, item=items.get(a.key),
        )
        for a in result.actions
    )
    with translation.override(lang):
        art22_label = str(ART22_LABELS[result.art22])
        transfer_label = str(TRANSFER_LABELS.get(result.transfer, result.transfer))
    return GdprResult(
        use_case_id=use_case.pk, verdict=result.verdict.key, verdict_label=result.verdict.title.get(lang),
        summary=result.verdict.summary.get(lang), personal_data=result.personal_data,
        criteria_count=result.criteria_count, criteria=tuple(o.label.get(lang) for o in result.criteria),
        national_list=result.national_list, national_hits=tuple(o.label.get(lang) for o in result.national_hits),
        art22=result.art22, art22_label=art22_label, processor=result.processor, transfer=result.transfer,
        transfer_label=transfer_label, reasons=_reasons(result.reasons, lang), actions=actions,
        data_version=gdpr_topic.load().version,
        url=reverse("planning:gdpr_result", kwargs={"use_case_id": use_case.pk}),
    )



# --- Many organisations at once (an adviser's portfolio) -------------------------------------------

DPIA_ACTION: Final = "dpia_carry_out"
"""The GDPR checklist's "Carry out the DPIA" action (knowledge/data/gdpr.yaml)."""


def high_risk_without_dpia(organisation_ids: list[Any]) -> set[Any]:
    """The organisations with a use case whose AI Act screening says high risk while its GDPR
    checklist has no DPIA marked done, in two queries whatever their number: the AI Act answers
    of every use case (each walked through the screening tree here) and the DPIAs done."""
    answers: dict[Any, dict[str, Any]] = {}
    owner: dict[Any, Any] = {}
    rows = Answer.objects.filter(use_case__organisation_id__in=organisation_ids, questionnaire=GuidedCheck.AI_ACT)
    for use_case_id, org_id, key, value in rows.values_list(
            "use_case_id", "use_case__organisation_id", "question_key", "value"):
        answers.setdefault(use_case_id, {})[key] = value
        owner[use_case_id] = org_id
    tree = ai_act_topic.load()
    high_risk = set()
    for use_case_id, given in answers.items():
        result = ai_act.assess(tree, ai_act.walk_tree(tree, given, country="other"), staff_count=None)
        if result is not None and result.tier == "high_risk":
            high_risk.add(use_case_id)
    if not high_risk:
        return set()
    done = set(ChecklistItem.objects.filter(
        use_case_id__in=high_risk, checklist=GuidedCheck.GDPR, key=DPIA_ACTION, status=ChecklistStatus.DONE,
    ).values_list("use_case_id", flat=True))
    return {owner[uc] for uc in high_risk - done}
