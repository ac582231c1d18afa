"""Write actions on award and regret letters (issue 16, item 8).

``letters_draft`` drafts one letter per firm once the preferred partner is chosen (keeping what
the owner already edited or sent); ``letter_update`` saves the owner's edits of a draft;
``letter_send`` sends it: final from then on, shown on the firm's portal page and queued as an
e-mail in the outbox (one idempotency key per letter, so it is never sent twice). Each records an
audit event; bad input raises ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.contract.selectors import decision_for
from partnerwijzer.evaluation.access import results_visible_for_user
from partnerwijzer.evaluation.selectors import decision_matrix_for
from partnerwijzer.letters import drafting
from partnerwijzer.letters.models import Letter, LetterKind
from partnerwijzer.locking import lock_parent
from partnerwijzer.outbox.services import queue_message
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.textrules import validate_no_control_characters

SUBJECT_LIMIT = 200
BODY_LIMIT = 10_000


@transaction.atomic
def letters_draft(*, actor: User, selection: Selection) -> list[Letter]:
    """Draft the award letter to the preferred partner and a regret letter to every other firm.

    Calling it again adds letters for new firms and redrafts an unedited, unsent draft whose kind
    changed (another partner was chosen); drafts the owner edited and sent letters stay as they are.
    """
    decision = decision_for(selection)
    if decision is None:
        raise ValidationError(_("Choose the preferred partner first; the letters follow from that choice."),
                              code="no_decision")
    if not results_visible_for_user(actor, selection):
        raise ValidationError(_("The letters explain each firm's own scores. You see the scores once scoring is "
                                "closed, or once you have submitted your own."), code="blind")
    lock_parent(selection)
    matrix = decision_matrix_for(selection=selection)
    existing = {letter.candidate_id: letter for letter in Letter.objects.filter(selection=selection)}
    drafted: list[Letter] = []
    for candidate in Candidate.objects.filter(selection=selection).order_by("name", "id"):
        kind = LetterKind.AWARD if candidate.pk == decision.candidate_id else LetterKind.REGRET
        letter = existing.get(candidate.pk)
        if letter is not None and (letter.sent or (letter.edited and letter.kind == kind)):
            continue
        # An unedited draft is drafted again (the scores may have changed since), as is an edited
        # one whose kind changed: it was written for the other outcome.
        subject, body = drafting.draft(organisation=selection.organisation, selection=selection,
                                       candidate=candidate, kind=kind, matrix=matrix)
        if letter is None:
            letter = Letter(organisation=selection.organisation, selection=selection, candidate=candidate)
        letter.kind, letter.subject, letter.body = kind, subject, body
        letter.language = selection.organisation.language
        letter.edited = False
        letter.updated_by = actor
        letter.save()
        drafted.append(letter)
    audit_record(actor=actor, organisation=selection.organisation, action="letters.draft", target=selection,
                 changes={"drafted": [letter.candidate.name for letter in drafted],
                          "partner": decision.candidate.name})
    return drafted


def _text(value: str | None, field: str, limit: int, required: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: required}, code="required")
    if len(text) > limit:
        raise ValidationError({field: _("Keep this under %(limit)s characters.") % {"limit": limit}}, code="too_long")
    try:
        validate_no_control_characters(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}, code="control_character") from error
    return text


def _check_not_sent(letter: Letter) -> None:
    if letter.sent:
        raise ValidationError(_("This letter was sent on %(date)s and can no longer be changed.")
                              % {"date": formatting.long_date(timezone.localtime(letter.sent_at))}, code="sent")


@transaction.atomic
def letter_update(*, actor: User, letter: Letter, subject: str, body: str) -> Letter:
    """Save the owner's text of a draft; a sent letter cannot be changed."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    _check_not_sent(letter)
    new_subject = _text(subject, "subject", SUBJECT_LIMIT, _("Give the letter a subject."))
    new_body = _text(body, "body", BODY_LIMIT, _("Write the letter; it cannot be empty."))
    changed = new_subject != letter.subject or new_body != letter.body
    letter.subject, letter.body = new_subject, new_body
    letter.edited = letter.edited or changed
    letter.updated_by = actor
    letter.save(update_fields=["subject", "body", "edited", "updated_by", "updated_at"])
    audit_record(actor=actor, organisation=letter.organisation, action="letter.update", target=letter,
                 changes={"candidate": letter.candidate.name, "kind": letter.kind, "changed": changed})
    return letter


@transaction.atomic
def letter_send(*, actor: User, letter: Letter) -> Letter:
    """Send the letter: final from now on, on the firm's portal page, and by e-mail when the firm
    has a contact address (queued in the outbox, never twice for one letter)."""
    letter = Letter.objects.select_for_update().select_related("candidate", "organisation", "selection").get(
        pk=letter.pk)
    _check_not_sent(letter)
    letter.sent_at = timezone.now()
    letter.sent_by = actor
    letter.sent_to = letter.candidate.contact_email or ""
    letter.save(update_fields=["sent_at", "sent_by", "sent_to", "updated_at"])
    _queue_email(letter)
    audit_record(actor=actor, organisation=letter.organisation, action="letter.send", target=letter,
                 changes={"candidate": letter.candidate.name, "kind": letter.kind, "e-mail": bool(letter.sent_to)})
    return letter


def _queue_email(letter: Letter) -> None:
    """The letter as an e-mail to the firm's contact, queued in the outbox in the same transaction as
    ``sent_at`` (the worker sends it; the key makes a second queueing return the first message)."""
    if not letter.sent_to:
        return
    paragraphs = [part.strip() for part in letter.body.replace("\r\n", "\n").split("\n\n") if part.strip()]
    html = "".join(f"<p>{'<br>'.join(escape(line) for line in part.splitlines())}</p>" for part in paragraphs)
    queue_message(
        organisation=letter.organisation, to_email=letter.sent_to, language=letter.language,
        subject=letter.subject, body_text=letter.body, body_html=html,
        idempotency_key=f"letter:{letter.pk}", essential=True,
    )
