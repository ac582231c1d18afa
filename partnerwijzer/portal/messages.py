"""The messages of the supplier portal: a firm's link, its receipt, the owners told, the deadline near.

Firms have no account, so their messages are in the organisation's language. Every message goes
through the outbox with a stable idempotency key (docs/messages.md). A portal link's token is in
the body of the link message only, never in a subject; the outbox masks it once the message is sent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Membership
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.outbox.compose import compose, recipient_language
from partnerwijzer.outbox.selectors import already_queued
from partnerwijzer.outbox.services import queue_message
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.questionnaires.models import QuestionnaireStatus

DEADLINE_NEAR_DAYS = 3
RUNNING_FIELD = "running_per_year"


def _deadline(link: PortalLink) -> str:
    return formatting.date_time(timezone.localtime(link.questionnaire.deadline))


def link_sent(link: PortalLink, token: str) -> None:
    """The firm's link with the deadline, to the candidate's contact (essential)."""
    organisation, questionnaire, candidate = link.organisation, link.questionnaire, link.candidate
    language = organisation.language
    with override(language):
        subject = _("%(org)s asks %(firm)s to answer “%(title)s”") % {
            "org": organisation.name, "firm": candidate.name, "title": questionnaire.title}
        greeting = (_("Dear %(name)s,") % {"name": candidate.contact_name} if candidate.contact_name
                    else _("Dear Sir or Madam,"))
        body = compose(
            [greeting,
             _("%(org)s invites %(firm)s to answer the questionnaire “%(title)s”. You need no account: the link "
               "below is your firm's own and works only for you; please do not forward it.") % {
                 "org": organisation.name, "firm": candidate.name, "title": questionnaire.title},
             _("Please submit your answers by %(deadline)s. You can save and come back until you submit.") % {
                 "deadline": _deadline(link)}],
            link=(_("Open the questionnaire"), reverse("portal:questionnaire", kwargs={"token": token})),
        )
    queue_message(
        organisation=organisation, to_email=candidate.contact_email, language=language, subject=subject,
        body_text=body.text, body_html=body.html, idempotency_key=f"portal.link:{link.pk}", essential=True,
    )


def submitted(link: PortalLink) -> None:
    """A firm submitted: a receipt to the firm (with the price it gave) and a note to every owner."""
    organisation, questionnaire, candidate = link.organisation, link.questionnaire, link.candidate
    if candidate.contact_email:
        language = organisation.language
        with override(language):
            subject = _("Receipt %(code)s: your answers to “%(title)s”") % {
                "code": link.receipt_code, "title": questionnaire.title}
            paragraphs = [
                _("Thank you. %(org)s received the answers of %(firm)s to “%(title)s” on %(when)s.") % {
                    "org": organisation.name, "firm": candidate.name, "title": questionnaire.title,
                    "when": formatting.date_time(timezone.localtime(link.submitted_at or timezone.now()))},
                _("Your receipt code is %(code)s.") % {"code": link.receipt_code},
                *_price_lines(link, language),
            ]
            body = compose(paragraphs)
        queue_message(
            organisation=organisation, to_email=candidate.contact_email, language=language, subject=subject,
            body_text=body.text, body_html=body.html, idempotency_key=f"portal.receipt:{link.pk}", essential=True,
        )
    answers = reverse("portal:candidate_answers", args=[questionnaire.selection_id, candidate.pk])
    owners = Membership.objects.filter(organisation=organisation, role=Role.OWNER).select_related("user")
    for owner in owners:
        language = recipient_language(owner.user, organisation)
        with override(language):
            subject = _("%(firm)s submitted its answers to “%(title)s”") % {
                "firm": candidate.name, "title": questionnaire.title}
            body = compose(
                [_("%(firm)s submitted its answers to “%(title)s” (receipt %(code)s). The evaluators see them "
                   "beside their scores.") % {"firm": candidate.name, "title": questionnaire.title,
                                              "code": link.receipt_code}],
                link=(_("Read the answers"), answers),
            )
        queue_message(
            organisation=organisation, to_email=owner.user.email, language=language, subject=subject,
            body_text=body.text, body_html=body.html, essential=True, to_user=owner.user,
            idempotency_key=f"portal.submitted:{link.pk}:{owner.user_id}",
        )


def _price_lines(link: PortalLink, language: str) -> list[str]:
    """The price the firm submitted, as it will be read (RFP only; nothing for an RFI)."""
    draft = {key: value for key, value in link.quote_draft.items() if value}
    if not draft:
        return []
    labels = {item.key: item.name.get(language) for item in cost_reference.load().categories}
    one_off = [(labels.get(key, key), Decimal(value)) for key, value in draft.items() if key != RUNNING_FIELD]
    lines = [_("The price you submitted:")]
    lines += [f"{label}: {formatting.money(amount, decimals=True)}" for label, amount in one_off]
    if one_off:
        total = sum((amount for _label, amount in one_off), Decimal(0))
        lines.append(_("One-off total: %(amount)s") % {"amount": formatting.money(total, decimals=True)})
    if RUNNING_FIELD in draft:
        running = formatting.money(Decimal(draft[RUNNING_FIELD]), decimals=True)
        lines.append(_("Running cost per year: %(amount)s") % {"amount": running})
    return ["\n".join(lines)]


def deadline_near_check(today: dt.date) -> int:
    """The periodic check: remind firms that have a working link, have not submitted, and whose
    questionnaire's deadline is within three days (a reminder, once per link and deadline)."""
    now = timezone.now()
    links = (PortalLink.objects.filter(
        submitted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
        questionnaire__status=QuestionnaireStatus.SENT, questionnaire__deadline__gt=now,
        questionnaire__deadline__lte=now + dt.timedelta(days=DEADLINE_NEAR_DAYS),
    ).exclude(candidate__contact_email="").select_related("organisation", "questionnaire", "candidate"))
    queued = 0
    for link in links:
        key = f"portal.deadline_near:{link.pk}:{link.questionnaire.deadline.isoformat()}"
        if already_queued(key):
            continue
        organisation, questionnaire, candidate = link.organisation, link.questionnaire, link.candidate
        language = organisation.language
        with override(language):
            subject = _("Reminder: answers to “%(title)s” are due on %(deadline)s") % {
                "title": questionnaire.title, "deadline": _deadline(link)}
            body = compose([
                _("%(org)s has not yet received the answers of %(firm)s to “%(title)s”. The deadline is "
                  "%(deadline)s.") % {"org": organisation.name, "firm": candidate.name,
                                      "title": questionnaire.title, "deadline": _deadline(link)},
                _("Use the link from the e-mail that invited you; it keeps your saved answers. If you cannot find "
                  "it, ask %(org)s to send you a new one.") % {"org": organisation.name},
            ])
        queue_message(
            organisation=organisation, to_email=candidate.contact_email, language=language, subject=subject,
            body_text=body.text, body_html=body.html, idempotency_key=key, essential=False,
        )
        queued += 1
    return queued
