"""The message of a reopened declaration: the evaluator declares again before scoring that firm.

Written in the evaluator's language and queued through the outbox with an idempotency key naming
the reopened declaration, so one reopening sends one message (docs/messages.md).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from partnerwijzer.accounts.models import User
from partnerwijzer.evaluation.models import ConflictDeclaration
from partnerwijzer.outbox.compose import compose, recipient_language
from partnerwijzer.outbox.services import queue_message


def declaration_reopened(declaration: ConflictDeclaration, *, by: User, reason: str, seat_reopened: bool) -> None:
    """Tell the evaluator that an owner reopened their declaration about a firm, and why (essential)."""
    evaluator = declaration.evaluator
    selection, candidate, user = evaluator.selection, declaration.candidate, evaluator.user
    language = recipient_language(user, selection.organisation)
    with override(language):
        subject = _("Please declare again for %(name)s in “%(title)s”") % {
            "name": candidate.name, "title": selection.title}
        paragraphs = [
            _("Hello %(name)s,") % {"name": user.display_name},
            _("%(owner)s reopened your declaration about a relationship with %(name)s in “%(title)s”.") % {
                "owner": by.display_name, "name": candidate.name, "title": selection.title},
            _("The reason: %(reason)s") % {"reason": reason},
            _("Please declare again whether you have a relationship with %(name)s before you score it.") % {
                "name": candidate.name},
        ]
        if seat_reopened:
            paragraphs.append(_("Your scores were reopened too: submit them again once you have declared."))
        body = compose(paragraphs, link=(_("Declare again"), reverse(
            "evaluation:conflict_declare", args=[selection.pk, candidate.pk])))
    queue_message(
        organisation=selection.organisation, to_email=user.email, language=language, subject=subject,
        body_text=body.text, body_html=body.html, essential=True, to_user=user,
        idempotency_key=f"evaluation.declaration_reopened:{declaration.pk}",
    )
