"""Messages about the firms' questions (issue 16, items 2 and 4), queued in the outbox.

* A firm asked a question: to every owner of the organisation, in their language.
* The owner answered privately: to that firm's contact, in the organisation's language (the
  language the portal speaks).
* The owner published an addendum: to the contact of every firm with a working link to the
  questionnaire. The addendum shows the question as the owner edited it, never the asking firm.

A message never holds a portal token (only its hash is stored anyway): firms are told to open the
link they already have. Each message has an idempotency key per event and recipient, so one event
never sends twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Membership
from partnerwijzer.accounts.roles import Role
from partnerwijzer.outbox.compose import Body, compose, recipient_language
from partnerwijzer.outbox.services import queue_message

if TYPE_CHECKING:
    from partnerwijzer.portal.models import FirmQuestion


def _queue(*, body: Body, **kwargs: Any) -> None:
    """Hand one message to the outbox (plain text plus simple HTML)."""
    queue_message(body_text=body.text, body_html=body.html, **kwargs)


def _owners(question: FirmQuestion) -> list[Any]:
    memberships = (Membership.objects.filter(organisation=question.organisation).select_related("user")
                   .order_by("user__email"))
    return [m.user for m in memberships if m.has_role(Role.OWNER) and m.user.is_active and m.user.email]


def question_asked(question: FirmQuestion) -> None:
    """To the owners: which firm asked what, and where to answer it."""
    questionnaire = question.questionnaire
    path = reverse("portal:firm_questions", args=[questionnaire.selection_id, questionnaire.pk])
    for user in _owners(question):
        language = recipient_language(user, question.organisation)
        with translation.override(language):
            subject = _("A firm asked a question about “%(title)s”") % {"title": questionnaire.title}
            body = compose(
                [_("%(firm)s asked a question about “%(title)s”:") % {
                    "firm": question.link.candidate.name, "title": questionnaire.title}, question.text],
                link=(_("Answer it privately or publish the answer to every firm (without the firm's name)"), path),
            )
        _queue(organisation=question.organisation, to_email=user.email, language=language, subject=subject,
               body=body, idempotency_key=f"portal.question_ask:{question.pk}:{user.pk}", to_user=user)


def answer_sent(question: FirmQuestion) -> None:
    """To the asking firm: its question has a private answer."""
    candidate = question.link.candidate
    if not candidate.contact_email:
        return
    language = question.organisation.language
    with translation.override(language):
        subject = _("Your question about “%(title)s” has been answered") % {"title": question.questionnaire.title}
        body = compose(
            [_("%(organisation)s answered your question:") % {"organisation": question.organisation.name},
             question.text, _("Answer:"), question.answer],
            after=[_("You can read it again in the portal, with the link you received for this questionnaire.")],
        )
    stamp = (question.answered_at or timezone.now()).isoformat()
    _queue(organisation=question.organisation, to_email=candidate.contact_email, language=language,
           subject=subject, body=body, idempotency_key=f"portal.question_answer:{question.pk}:{stamp}")


def addendum_published(question: FirmQuestion, *, first: bool) -> None:
    """To every firm with a working link to the questionnaire: the addendum (or its correction)."""
    from partnerwijzer.portal.models import PortalLink

    questionnaire = question.questionnaire
    language = question.organisation.language
    links = (PortalLink.objects.filter(questionnaire=questionnaire, revoked_at__isnull=True,
                                       expires_at__gt=timezone.now())
             .select_related("candidate").order_by("candidate__name"))
    with translation.override(language):
        subject = (_("Addendum to “%(title)s”") if first else _("Corrected addendum to “%(title)s”")) % {
            "title": questionnaire.title}
        body = compose(
            [_("%(organisation)s answered a question about “%(title)s” for every firm:") % {
                "organisation": question.organisation.name, "title": questionnaire.title},
             question.public_text, _("Answer:"), question.answer],
            after=[_("You can read every addendum in the portal, with the link you received for this "
                     "questionnaire.")],
        )
    stamp = (question.answered_at or timezone.now()).isoformat()
    for link in links:
        if not link.candidate.contact_email:
            continue
        _queue(organisation=question.organisation, to_email=link.candidate.contact_email, language=language,
               subject=subject, body=body,
               idempotency_key=f"portal.addendum:{question.pk}:{link.pk}:{stamp}")
