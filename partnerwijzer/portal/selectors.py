"""Reads of the supplier portal: the firm's own page, the owner's link overview, and the
submitted answers that evaluators see beside the scoring form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from partnerwijzer import formatting
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.portal.models import FirmQuestion, FirmQuestionStatus, PortalAnswer, PortalLink, PortalUpload
from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireStatus
from partnerwijzer.sourcing.models import Candidate


@dataclass
class QuestionRow:
    question: Question
    answer: str


@dataclass
class CriterionGroup:
    """Questions of one criterion (``criterion`` None: general questions)."""

    criterion: Criterion | None
    name: str
    rows: list[QuestionRow] = field(default_factory=list)

    @property
    def weight(self) -> str:
        """The criterion's weight through the one formatter ("28 %"), in the active language (the
        portal renders in the organisation's), as the company section above the questions shows it."""
        return formatting.percent(self.criterion.weight / 100) if self.criterion is not None else ""


def _groups(questions: list[Question], answers: dict[Any, str]) -> list[CriterionGroup]:
    groups: dict[Any, CriterionGroup] = {}
    for question in questions:
        key = question.criterion_id
        if key not in groups:
            criterion = question.criterion
            groups[key] = CriterionGroup(criterion=criterion, name=criterion_label(criterion) if criterion else "")
        groups[key].rows.append(QuestionRow(question=question, answer=answers.get(question.pk, "")))
    return list(groups.values())


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(Question.objects.filter(questionnaire=questionnaire).select_related("criterion")
                .order_by("position", "id"))


@dataclass
class PortalPage:
    link: PortalLink
    groups: list[CriterionGroup]
    uploads: list[PortalUpload]

    @property
    def rows(self) -> list[QuestionRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def answered(self) -> int:
        return sum(1 for r in self.rows if r.answer)

    @property
    def total(self) -> int:
        return len(self.rows)


def portal_page(link: PortalLink) -> PortalPage:
    """Only this link's questionnaire, questions and answers: nothing of any other candidate."""
    answers = dict(PortalAnswer.objects.filter(link=link).values_list("question_id", "text"))
    groups = _groups(questions_of(link.questionnaire), answers)
    return PortalPage(link=link, groups=groups, uploads=list(PortalUpload.objects.filter(link=link)))


@dataclass
class LinkRow:
    candidate: Candidate
    link: PortalLink | None
    history: list[PortalLink]


def link_rows(questionnaire: Questionnaire) -> list[LinkRow]:
    """Every candidate of the selection (not rejected, plus rejected ones that have a link) with
    its working link, or else its latest one, and the older ones."""
    links = list(PortalLink.objects.filter(questionnaire=questionnaire).order_by("-created_at"))
    by_candidate: dict[Any, list[PortalLink]] = {}
    for link in links:
        by_candidate.setdefault(link.candidate_id, []).append(link)
    rows = []
    for candidate in Candidate.objects.filter(selection_id=questionnaire.selection_id).order_by("name"):
        own = by_candidate.get(candidate.pk, [])
        if candidate.rejected and not own:
            continue
        current = next((lk for lk in own if lk.revoked_at is None), own[0] if own else None)
        rows.append(LinkRow(candidate=candidate, link=current, history=[lk for lk in own if lk is not current]))
    return rows


@dataclass
class QuestionnaireAnswers:
    """One questionnaire's answers of one candidate, as evaluators see them."""

    questionnaire: Questionnaire
    link: PortalLink | None  # the submitted link (latest), else the working one, else None
    groups: list[CriterionGroup]
    uploads: list[PortalUpload]

    @property
    def submitted(self) -> bool:
        return self.link is not None and self.link.submitted_at is not None


def submitted_link(questionnaire: Questionnaire, candidate: Candidate) -> PortalLink | None:
    return (PortalLink.objects.filter(questionnaire=questionnaire, candidate=candidate, submitted_at__isnull=False)
            .order_by("-submitted_at").first())


def answers_for_candidate(candidate: Candidate) -> list[QuestionnaireAnswers]:
    """Per questionnaire sent to the candidate's selection: the candidate's *submitted* answers
    grouped by criterion, with its uploads; answers still being written are not shown.

    One query when the selection has no questionnaire (the prefetches run only for results)."""
    own_links = PortalLink.objects.filter(candidate=candidate).order_by("-submitted_at", "-created_at")
    questionnaires = (
        Questionnaire.objects.filter(selection_id=candidate.selection_id)
        .exclude(status=QuestionnaireStatus.DRAFT).order_by("created_at")
        .prefetch_related(Prefetch("portal_links", queryset=own_links, to_attr="candidate_links"))
    )
    result = []
    for questionnaire in questionnaires:
        own: list[PortalLink] = questionnaire.candidate_links
        submitted = next((lk for lk in own if lk.submitted_at is not None), None)
        link = submitted or next((lk for lk in own if lk.revoked_at is None), None)
        if link is None:
            continue
        if submitted is not None:
            answers = dict(PortalAnswer.objects.filter(link=submitted).values_list("question_id", "text"))
            groups = _groups(questions_of(questionnaire), answers)
            files = list(PortalUpload.objects.filter(link=submitted))
        else:
            groups, files = [], []
        result.append(QuestionnaireAnswers(questionnaire=questionnaire, link=link, groups=groups, uploads=files))
    return result


# --- The firms' questions and addenda (issue 16, item 4) --------------------------------------------


@dataclass
class FirmPortalQuestions:
    """What one firm reads in its portal: its own questions (answered or not) and the addenda
    published from every firm's questions (never who asked them)."""

    own: list[FirmQuestion]
    addenda: list[FirmQuestion]


def questions_for_firm(link: PortalLink) -> FirmPortalQuestions:
    """Only this firm's own questions (any link of the candidate for this questionnaire, so a
    replaced link keeps its history) and the published answers of the questionnaire."""
    own = list(FirmQuestion.objects.filter(questionnaire_id=link.questionnaire_id,
                                           link__candidate_id=link.candidate_id).order_by("asked_at", "id"))
    addenda = list(FirmQuestion.objects.filter(questionnaire_id=link.questionnaire_id,
                                               status=FirmQuestionStatus.PUBLISHED).order_by("published_at", "id"))
    return FirmPortalQuestions(own=own, addenda=addenda)


def questions_of_questionnaire(questionnaire: Questionnaire) -> list[FirmQuestion]:
    """Every firm's questions for the owner: open ones first, then by when they were asked."""
    questions = list(FirmQuestion.objects.filter(questionnaire=questionnaire)
                     .select_related("link__candidate", "answered_by"))
    questions.sort(key=lambda q: (q.status != FirmQuestionStatus.OPEN, q.asked_at, str(q.pk)))
    return questions


def questions_of_selection(selection_id: Any) -> list[FirmQuestion]:
    """Every firm's question in a selection (the decision report), by questionnaire and time."""
    return list(FirmQuestion.objects.filter(questionnaire__selection_id=selection_id)
                .select_related("questionnaire", "link__candidate")
                .order_by("questionnaire__created_at", "asked_at", "id"))


def open_questions_for_owner(organisation: Any) -> list[FirmQuestion]:
    return list(FirmQuestion.objects.filter(organisation=organisation, status=FirmQuestionStatus.OPEN,
                                            questionnaire__status=QuestionnaireStatus.SENT)
                .select_related("questionnaire", "link__candidate").order_by("asked_at", "id"))


# --- Answers side by side (issue 16, item 5) -------------------------------------------------------


@dataclass
class SideBySideRow:
    question: Question
    group: str
    answers: list[str]


@dataclass
class SideBySide:
    """One row per question, one column per firm that submitted (its latest submission)."""

    questionnaire: Questionnaire
    firms: list[PortalLink]
    rows: list[SideBySideRow]
    files: list[list[PortalUpload]]
    """Per firm (same order as ``firms``), its submitted files."""


def side_by_side(questionnaire: Questionnaire) -> SideBySide:
    """Submitted answers only: a firm that is still writing has no column. Four queries."""
    submitted = list(PortalLink.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False)
                     .select_related("candidate").order_by("candidate__name", "-submitted_at"))
    firms: list[PortalLink] = []
    seen: set[Any] = set()
    for link in submitted:  # a candidate's latest submission (a replaced link may have submitted too)
        if link.candidate_id not in seen:
            seen.add(link.candidate_id)
            firms.append(link)
    index = {link.pk: k for k, link in enumerate(firms)}
    answers: dict[tuple[Any, Any], str] = {
        (link_id, question_id): text
        for link_id, question_id, text in PortalAnswer.objects.filter(link__in=firms)
        .values_list("link_id", "question_id", "text")
    }
    rows = []
    for group in _groups(questions_of(questionnaire), {}):
        for row in group.rows:
            rows.append(SideBySideRow(question=row.question, group=group.name,
                                      answers=[answers.get((link.pk, row.question.pk), "") for link in firms]))
    files: list[list[PortalUpload]] = [[] for _ in firms]
    for upload in PortalUpload.objects.filter(link__in=firms).order_by("uploaded_at", "id"):
        files[index[upload.link_id]].append(upload)
    return SideBySide(questionnaire=questionnaire, firms=firms, rows=rows, files=files)
