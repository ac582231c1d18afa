"""Writes of the supplier portal: links (create, revoke), resolving a token, the firm's answers,
uploads and submission. Each validates with a message for the reader, writes atomically and
records an audit event (never with the token).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import parse_uuid
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.models import Quote, QuoteSource
from partnerwijzer.budget.quotes import services as quote_services
from partnerwijzer.budget.quotes.selectors import categories
from partnerwijzer.inputs import parse_amount
from partnerwijzer.portal import messages as portal_messages
from partnerwijzer.portal import ratelimit, uploads
from partnerwijzer.portal.models import AttemptOutcome, PortalAnswer, PortalAttempt, PortalLink, PortalUpload
from partnerwijzer.questionnaires.models import Question, Questionnaire, QuestionnaireKind, QuestionnaireStatus
from partnerwijzer.sourcing.models import Candidate
from partnerwijzer.textrules import validate_no_control_characters

TOKEN_BYTES = 32  # 256 bits of randomness
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) produces
DEFAULT_GRACE = timedelta(days=14)
MAX_ANSWER_CHARS = 20_000
MAX_UPLOADS_PER_LINK = 10
RUNNING_FIELD = "running_per_year"
ATTEMPT_RETENTION = timedelta(days=30)
"""Attempts older than this (or than the rate-limit window, if that is longer) are deleted."""
PRUNE_EVERY = 200
"""Each app process prunes old attempts on every PRUNE_EVERY-th attempt it records."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def upload_limits() -> uploads.Limits:
    return uploads.Limits(
        max_bytes=int(getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)),
        max_entries=int(getattr(settings, "PORTAL_ARCHIVE_MAX_ENTRIES", 1000)),
        max_uncompressed=int(getattr(settings, "PORTAL_ARCHIVE_MAX_UNCOMPRESSED", 100 * 1024 * 1024)),
        max_ratio=int(getattr(settings, "PORTAL_ARCHIVE_MAX_RATIO", 100)),
    )


# --- Links (owners) ---------------------------------------------------------------------------------


def default_expiry(questionnaire: Questionnaire) -> datetime:
    """Links keep working 14 days past the deadline, so the firm can still read its answers and
    receipt; answers and submission stop at the deadline itself."""
    return questionnaire.deadline + DEFAULT_GRACE


@transaction.atomic
def link_create(
    *, actor: User, questionnaire: Questionnaire, candidate: Candidate, expires_at: datetime | None = None
) -> tuple[PortalLink, str]:
    """Create a link and return it with its plaintext token, which is not stored anywhere."""
    if candidate.selection_id != questionnaire.selection_id:
        raise ValidationError({"candidate": _("This candidate does not belong to the questionnaire's selection.")})
    if questionnaire.status != QuestionnaireStatus.SENT:
        raise ValidationError(_("Links can only be made for a questionnaire that is sent. Mark it as sent first."))
    now = timezone.now()
    if questionnaire.deadline <= now:
        raise ValidationError(_("The questionnaire's deadline has passed. Move the deadline before making links."))
    if candidate.rejected:
        raise ValidationError({"candidate": _("This candidate is rejected; bring it back before sending a link.")})
    expires_at = expires_at or default_expiry(questionnaire)
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if PortalLink.objects.filter(questionnaire=questionnaire, candidate=candidate, revoked_at__isnull=True).exists():
        raise ValidationError({"candidate": _("%(name)s already has a working link. Revoke it first to make a new one.")
                               % {"name": candidate.name}})
    token = new_token()
    link = PortalLink(
        organisation=questionnaire.selection.organisation, questionnaire=questionnaire, candidate=candidate,
        token_hash=hash_token(token), expires_at=expires_at, created_by=actor,
    )
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError({"candidate": _("%(name)s already has a working link. Revoke it first to make a new "
                                              "one.") % {"name": candidate.name}}) from None
    audit_record(actor=actor, organisation=link.organisation, action="portal.link_create", target=link,
                 changes={"candidate": str(candidate.pk), "questionnaire": str(questionnaire.pk),
                          "expires_at": expires_at.isoformat()})
    return link, token


@transaction.atomic
def link_revoke(*, actor: User, link: PortalLink) -> PortalLink:
    link = PortalLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise ValidationError(_("This link is already revoked."))
    link.revoked_at = timezone.now()
    link.revoked_by = actor
    link.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, organisation=link.organisation, action="portal.link_revoke", target=link)
    return link


@transaction.atomic
def link_send(*, actor: User, questionnaire: Questionnaire, candidate: Candidate, renew: bool = False) -> PortalLink:
    """Make the firm's link and e-mail it to the candidate's contact with the deadline.

    ``renew``: the firm lost its link (only its fingerprint is stored, so the same link cannot be
    sent again): the working link is revoked and a new one sent; answers saved so far stay with
    the old link. A firm that has submitted gets no new link.
    """
    if not candidate.contact_email:
        raise ValidationError({"candidate": _("%(name)s has no contact e-mail. Add it on the candidate's page "
                                              "first, or make a link to copy.") % {"name": candidate.name}})
    current = (PortalLink.objects.select_for_update()
               .filter(questionnaire=questionnaire, candidate=candidate, revoked_at__isnull=True).first())
    if current is not None:
        if current.submitted_at is not None:
            raise ValidationError({"candidate": _("%(name)s has already submitted; it needs no new link.")
                                   % {"name": candidate.name}})
        if not renew:
            raise ValidationError({"candidate": _("%(name)s already has a working link. Send a new link instead; "
                                                  "the old one then stops working.") % {"name": candidate.name}})
        link_revoke(actor=actor, link=current)
    link, token = link_create(actor=actor, questionnaire=questionnaire, candidate=candidate)
    portal_messages.link_sent(link, token)
    audit_record(actor=actor, organisation=link.organisation, action="portal.link_send", target=link,
                 changes={"candidate": str(candidate.pk), "to": candidate.contact_email,
                          "renewed": current is not None})
    return link


# --- Resolving a token (public) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    outcome: AttemptOutcome
    link: PortalLink | None
    # The matched link's id also for a revoked or expired one: for the attempt log only.
    link_id: Any = None

    @property
    def ok(self) -> bool:
        return self.outcome == AttemptOutcome.OK


def resolve_token(token: str, *, now: datetime | None = None) -> Resolution:
    """Find the link of ``token`` by the hash of it. Never logs or stores the token.

    A malformed token is refused without a database query; an unknown, expired or revoked one
    yields no link. Only a usable link is returned (``link`` is None otherwise), so a caller
    cannot accidentally show anything of a link that is not valid.
    """
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return Resolution(AttemptOutcome.INVALID, None)
    # A lean query for the common case (a miss); the full row only for a hit.
    hit = list(PortalLink.objects.filter(token_hash=hash_token(token)).order_by().values_list("pk", flat=True)[:1])
    link = (
        PortalLink.objects.select_related("questionnaire__selection__organisation", "candidate", "organisation")
        .filter(pk=hit[0]).first()
        if hit else None
    )
    if link is None or link.questionnaire.status == QuestionnaireStatus.DRAFT:
        return Resolution(AttemptOutcome.INVALID, None)
    if link.revoked_at is not None:
        return Resolution(AttemptOutcome.REVOKED, None, link.pk)
    if link.expires_at <= (now or timezone.now()):
        return Resolution(AttemptOutcome.EXPIRED, None, link.pk)
    return Resolution(AttemptOutcome.OK, link, link.pk)


_attempt_calls = itertools.count(1)


def attempts_prune(*, now: datetime | None = None) -> int:
    """Delete attempts older than ``ATTEMPT_RETENTION`` (never younger than the rate-limit
    window, which the limit counts). One indexed-range DELETE; returns how many went."""
    cutoff = (now or timezone.now()) - max(ATTEMPT_RETENTION, ratelimit.window())
    deleted, _detail = PortalAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted


def attempt_record(*, ip_hash: str, outcome: AttemptOutcome, link_id: Any = None) -> PortalAttempt:
    attempt = PortalAttempt.objects.create(ip_hash=ip_hash, outcome=outcome, link_id=link_id)
    # Cheap housekeeping in the hot path: at most once per PRUNE_EVERY calls in this process.
    if next(_attempt_calls) % PRUNE_EVERY == 0:
        attempts_prune()
    return attempt


def link_touch(link: PortalLink) -> None:
    """Remember that the firm opened the link (for the owner's status column)."""
    now = timezone.now()
    PortalLink.objects.filter(pk=link.pk).update(last_used_at=now)
    link.last_used_at = now


# --- The firm's answers, uploads and submission -------------------------------------------------------


def writable_error(link: PortalLink, *, now: datetime | None = None) -> str | None:
    """Why the firm may not change its answers now, or None when it may."""
    if link.submitted_at is not None:
        return _("Your answers were submitted and can no longer be changed.")
    if link.questionnaire.status != QuestionnaireStatus.SENT:
        return _("This questionnaire is closed; answers can no longer be changed.")
    if link.questionnaire.deadline <= (now or timezone.now()):
        return _("The deadline has passed; answers can no longer be changed or submitted.")
    return None


def _check_writable(link: PortalLink) -> None:
    error = writable_error(link)
    if error:
        raise ValidationError(error)


def _question(link: PortalLink, question_id: Any) -> Question:
    pk = parse_uuid(question_id)
    question = Question.objects.filter(questionnaire_id=link.questionnaire_id, pk=pk).first() if pk else None
    if question is None:
        raise ValidationError(_("This question is not part of your questionnaire."))
    return question


@transaction.atomic
def answer_save(*, link: PortalLink, question_id: Any, text: str) -> PortalAnswer:
    """Save the firm's answer to one question (the firm has no account: no actor)."""
    link = PortalLink.objects.select_for_update().select_related("questionnaire").get(pk=link.pk)
    _check_writable(link)
    question = _question(link, question_id)
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationError(_("Your answer is too long: at most %(n)s characters.") % {"n": f"{MAX_ANSWER_CHARS:,}"})
    validate_no_control_characters(text)
    answer, _created = PortalAnswer.objects.update_or_create(link=link, question=question, defaults={"text": text})
    return answer


def answers_save(*, link: PortalLink, texts: dict[str, str]) -> list[PortalAnswer]:
    """Save several answers at once (the form without JavaScript); all or nothing."""
    with transaction.atomic():
        return [answer_save(link=link, question_id=qid, text=text) for qid, text in texts.items()]


def _storage_root() -> Path:
    return Path(settings.PRIVATE_FILES_DIR)


def upload_path(upload: PortalUpload) -> Path:
    path = (_storage_root() / upload.stored_path).resolve()
    root = _storage_root().resolve()
    if root not in path.parents:
        raise ValueError("Upload path outside the private files directory.")
    return path


def upload_add(*, link: PortalLink, stream: IO[bytes], filename: str) -> PortalUpload:
    """Check the file by content; store it under PRIVATE_FILES_DIR/portal/<org>/<link>/<uuid>.

    Raises ValidationError (a refusal from :mod:`uploads`, or the link no longer writable);
    nothing is stored then.
    """
    _check_writable(link)
    if PortalUpload.objects.filter(link=link).count() >= MAX_UPLOADS_PER_LINK:
        raise ValidationError(_("You can upload at most %(n)s files. Remove one first.") % {"n": MAX_UPLOADS_PER_LINK})
    try:
        checked = uploads.check_upload(stream, filename, upload_limits())
    except uploads.UploadRejectedError as rejected:
        raise ValidationError(rejected.message) from None
    file_id = uuid.uuid4()
    relative = Path("portal") / str(link.organisation_id) / str(link.pk) / str(file_id)
    target = _storage_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    partial = target.with_name(target.name + ".part")
    try:
        with checked.file as source, open(partial, "xb") as out:
            while chunk := source.read(uploads.CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o640)
        os.replace(partial, target)
        with transaction.atomic():
            link = PortalLink.objects.select_for_update().select_related("questionnaire").get(pk=link.pk)
            _check_writable(link)
            upload = PortalUpload.objects.create(
                id=file_id, link=link, stored_path=str(relative), original_name=checked.original_name,
                detected_type=checked.detected_type, size=checked.size, sha256=checked.sha256,
            )
            audit_record(actor=None, organisation=link.organisation, action="portal.upload_add", target=upload,
                         changes={"candidate": str(link.candidate_id), "type": checked.detected_type,
                                  "size": checked.size})
    except BaseException:
        for path in (partial, target):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        raise
    return upload


def upload_remove(*, link: PortalLink, upload_id: Any) -> None:
    _check_writable(link)
    pk = parse_uuid(upload_id)
    upload = PortalUpload.objects.filter(link=link, pk=pk).first() if pk else None
    if upload is None:
        raise ValidationError(_("This file is not part of your answers."))
    path = upload_path(upload)
    with transaction.atomic():
        audit_record(actor=None, organisation=link.organisation, action="portal.upload_remove", target=upload,
                     changes={"candidate": str(link.candidate_id)})
        upload.delete()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _receipt_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def submit(*, link: PortalLink) -> PortalLink:
    """Submit the answers: after this they are read-only and the evaluators see them."""
    link = PortalLink.objects.select_for_update().select_related("questionnaire", "organisation").get(pk=link.pk)
    _check_writable(link)
    priced = has_price(link)
    if (not PortalAnswer.objects.filter(link=link).exclude(text="").exists() and not link.uploads.exists()
            and not priced):
        raise ValidationError(_("Answer at least one question or upload a file before you submit."))
    link.submitted_at = timezone.now()
    link.receipt_code = _receipt_code()
    link.save(update_fields=["submitted_at", "receipt_code"])
    audit_record(actor=None, organisation=link.organisation, action="portal.submit", target=link,
                 changes={"candidate": str(link.candidate_id), "receipt": link.receipt_code})
    if priced:
        _quote_write(link)
    portal_messages.submitted(link)
    return link


# --- The firm's price (RFP only) --------------------------------------------------------------------


def price_fields() -> tuple[str, ...]:
    """The draft's keys: the five cost categories of the guide, then running cost per year."""
    return (*categories(), RUNNING_FIELD)


def asks_price(link: PortalLink) -> bool:
    return link.questionnaire.kind == QuestionnaireKind.RFP


def has_price(link: PortalLink) -> bool:
    return asks_price(link) and any(link.quote_draft.get(key) for key in price_fields())


def _check_amount(raw: str) -> Decimal | None:
    try:
        value = parse_amount(raw)
    except ValueError:
        raise ValidationError(_("Enter an amount in euro, e.g. 25000 or 25000,50.")) from None
    if value is None:
        return None
    if value < 0:
        raise ValidationError(_("An amount cannot be negative."))
    if value > quote_services.MAX_AMOUNT:
        raise ValidationError(_("This amount is too large."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimals (cents)."))
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def quote_draft_save(*, link: PortalLink, values: dict[str, str]) -> dict[str, str]:
    """Save some of the firm's price fields (the others are kept). All or nothing: any bad
    field raises ``ValidationError`` keyed by field and nothing is stored. Blank clears a field."""
    link = PortalLink.objects.select_for_update().select_related("questionnaire").get(pk=link.pk)
    _check_writable(link)
    if not asks_price(link):
        raise ValidationError(_("This questionnaire does not ask for a price."))
    known = price_fields()
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for key, raw in values.items():
        if key not in known:
            errors.setdefault("price", []).append(_("Unknown cost category."))
            continue
        try:
            value = _check_amount(raw)
        except ValidationError as error:
            errors[key] = error.messages
            continue
        cleaned[key] = "" if value is None else str(value)
    if errors:
        raise ValidationError(errors)
    draft = {k: v for k, v in {**link.quote_draft, **cleaned}.items() if v}
    link.quote_draft = draft
    link.save(update_fields=["quote_draft"])
    return draft


def _quote_write(link: PortalLink) -> Quote:
    """Write the submitted price as the candidate's quote (source "portal"). An existing quote,
    also one the company entered by hand, is replaced; the audit keeps its old values."""
    draft = link.quote_draft
    old = Quote.objects.filter(candidate_id=link.candidate_id).prefetch_related("lines").first()
    replaced: dict[str, str] = {}
    if old is not None:
        replaced = {line.category: str(line.amount) for line in old.lines.all()}
        replaced |= {RUNNING_FIELD: str(old.running_per_year), "note": old.note}
    quote = quote_services.quote_save(
        # The firm has no account: no actor (quote_save's audit and updated_by take None).
        actor=None,  # the firm has no account; the audit records the portal as the source
        candidate=link.candidate, lines={key: draft.get(key) for key in categories()},
        running_per_year=draft.get(RUNNING_FIELD), received_on=timezone.localdate(),
        note=_("Received through the supplier portal, receipt %(code)s.") % {"code": link.receipt_code},
        source=QuoteSource.PORTAL,
    )
    audit_record(actor=None, organisation=link.organisation, action="portal.quote_submit", target=quote,
                 changes={"candidate": str(link.candidate_id), "link": str(link.pk), "receipt": link.receipt_code,
                          "replaced_source": old.source if old is not None else None, "replaced": replaced})
    return quote
