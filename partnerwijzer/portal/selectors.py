"""Reads of the supplier portal: the firm's own page, the owner's link overview, and the
submitted answers that evaluators see beside the scoring form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.portal.models import PortalAnswer, PortalLink, PortalUpload
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
