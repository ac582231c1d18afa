"""Writes of the firms' questions and the owner's answers and addenda (issue 16, item 4).

A firm asks through its portal link until the questionnaire's deadline for questions (or, when
none is set, its deadline for answers). The owner answers privately (only that firm reads it) or
publishes the answer to every firm of the questionnaire as an addendum, with the question text as
the owner edited it: the firm's name is never shown to the other firms. Every step is audited
(without the token) and, once the outbox exists, announced by message (see :mod:`.question_messages`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.portal import question_messages as messages
from partnerwijzer.portal.models import FirmQuestion, FirmQuestionStatus, PortalLink
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireStatus
from partnerwijzer.textrules import has_control_character

QUESTION_MAX: Final = 2000
ANSWER_MAX: Final = 5000
MAX_QUESTIONS_PER_LINK: Final = 50
"""A firm that needs more questions than this should call the contact person."""


def questions_until(questionnaire: Questionnaire) -> datetime:
    """The moment questions close: the owner's deadline for questions, else the answer deadline."""
    return questionnaire.questions_until or questionnaire.deadline


def questions_closed_reason(link: PortalLink, *, now: datetime | None = None) -> str | None:
    """Why the firm may not ask a question now, or None when it may (in the active language)."""
    questionnaire = link.questionnaire
    if link.submitted_at is not None:
        return _("You submitted your answers, so questions are closed; the addenda stay here to read.")
    if questionnaire.status != QuestionnaireStatus.SENT:
        return _("This questionnaire is closed, so questions can no longer be asked.")
    until = questions_until(questionnaire)
    if (now or timezone.now()) >= until:
        return _("Questions could be asked until %(when)s; that deadline has passed. Answer with what you know, "
                 "or contact the person named above.") % {"when": formatting.date_time(until)}
    return None


def _clean(text: str, *, field: str, maximum: int, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [empty]})
    if len(text) > maximum:
        raise ValidationError({field: [_("Keep this to %(max)s characters or fewer.") % {
            "max": formatting.number(maximum)}]})
    if has_control_character(text):
        raise ValidationError({field: [_("The text contains an invisible control character (such as NUL). Remove "
                                         "it, for example by typing the text again instead of pasting it.")]})
    return text


@transaction.atomic
def question_ask(*, link: PortalLink, text: str, now: datetime | None = None) -> FirmQuestion:
    """The firm of ``link`` asks ``text``. Refused (nothing stored) after the deadline for
    questions, for a questionnaire that is not sent any more, and beyond 50 questions."""
    link = PortalLink.objects.select_for_update().select_related("questionnaire", "candidate",
                                                                 "organisation").get(pk=link.pk)
    reason = questions_closed_reason(link, now=now)
    if reason:
        raise ValidationError({"question": [reason]})
    text = _clean(text, field="question", maximum=QUESTION_MAX, empty=_("Type your question first."))
    if FirmQuestion.objects.filter(link=link).count() >= MAX_QUESTIONS_PER_LINK:
        raise ValidationError({"question": [_("You have asked %(count)s questions, the most one firm can ask here. "
                                              "Please contact the person named above.") % {
            "count": MAX_QUESTIONS_PER_LINK}]})
    question = FirmQuestion.objects.create(
        organisation=link.organisation, questionnaire=link.questionnaire, link=link, text=text,
        asked_at=now or timezone.now(),
    )
    audit_record(actor=None, organisation=link.organisation, action="portal.question_ask", target=question,
                 changes={"questionnaire": str(link.questionnaire_id), "candidate": str(link.candidate_id),
                          "link": str(link.pk), "characters": len(text)})
    messages.question_asked(question)
    return question


@transaction.atomic
def question_answer(*, actor: User, question: FirmQuestion, answer: str, publish: bool,
                    public_text: str = "") -> FirmQuestion:
    """The owner answers. ``publish``: an addendum for every firm of the questionnaire, showing
    ``public_text`` (the question without what identifies the firm; the asked text when empty).
    A published answer stays published (the firms have read it); its text may still be corrected."""
    question = FirmQuestion.objects.select_for_update().select_related(
        "questionnaire", "link__candidate", "organisation").get(pk=question.pk)
    if question.questionnaire.status == QuestionnaireStatus.CLOSED:
        raise ValidationError(_("This questionnaire is closed; its questions can no longer be answered."))
    answer = _clean(answer, field="answer", maximum=ANSWER_MAX, empty=_("Write the answer first."))
    was = question.status
    if was == FirmQuestionStatus.PUBLISHED and not publish:
        raise ValidationError({"publish": [_("This answer is already published to every firm and cannot be made "
                                             "private again. Correct its text and publish it again instead.")]})
    old = {"status": was, "answer": question.answer, "public_text": question.public_text}
    now = timezone.now()
    question.answer = answer
    question.answered_at = now
    question.answered_by = actor
    if publish:
        question.public_text = _clean(public_text or question.text, field="public_text", maximum=QUESTION_MAX,
                                      empty=_("Write the question as the firms should read it."))
        question.status = FirmQuestionStatus.PUBLISHED
        question.published_at = question.published_at or now
    else:
        question.status = FirmQuestionStatus.PRIVATE
    question.save()
    changes = {key: [old[key], getattr(question, key)] for key in old if old[key] != getattr(question, key)}
    audit_record(actor=actor, organisation=question.organisation,
                 action="portal.question_publish" if publish else "portal.question_answer", target=question,
                 changes={**changes, "questionnaire": str(question.questionnaire_id),
                          "candidate": str(question.link.candidate_id)})
    if publish:
        messages.addendum_published(question, first=was != FirmQuestionStatus.PUBLISHED)
    else:
        messages.answer_sent(question)
    return question
