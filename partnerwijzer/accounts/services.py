"""Write actions on users, organisations, memberships and invitations.

Each service validates, writes in one transaction and records an audit event.
"""

from __future__ import annotations

import secrets
import time
from binascii import unhexlify
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerwijzer import formatting
from partnerwijzer.accounts import mailing
from partnerwijzer.accounts.auditing import audit_record
from partnerwijzer.accounts.models import (
    AccessRole,
    AdviserAccess,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.selectors import has_two_factor, two_factor_required_for
from partnerwijzer.accounts.tokens import hash_token, new_token


@transaction.atomic
def organisation_create(
    *, owner: User, name: str, language: str = "nl", kind: str = OrganisationKind.COMPANY
) -> Organisation:
    """Create an organisation with ``owner`` as its first owner. Dutch unless told otherwise; a
    company unless ``kind`` names an adviser organisation."""
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Choose the kind of organisation.")})
    organisation = Organisation.objects.create(name=name.strip(), language=language, kind=kind)
    membership = Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    audit_record(actor=owner, organisation=organisation, action="organisation.create", target=organisation)
    audit_record(
        actor=owner,
        organisation=organisation,
        action="member.add",
        target=membership,
        changes={"role": [None, Role.OWNER.value]},
    )
    return organisation


@transaction.atomic
def user_signup(*, email: str, password: str, full_name: str, organisation_name: str, language: str) -> User:
    """Create an account and its own organisation, with the new user as owner."""
    user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    organisation_create(owner=user, name=organisation_name, language=language)
    return user


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, name: str, language: str, require_two_factor: bool | None = None
) -> Organisation:
    """Rename, set the default language and (``require_two_factor``) require two-factor sign-in.

    An owner can require two-factor sign-in only after setting it up for themselves: otherwise the
    next page they open would send them to the set-up page anyway.
    """
    # Compare with the stored row: a ModelForm bound to ``organisation`` has changed it in memory.
    stored = Organisation.objects.get(pk=organisation.pk)
    require = stored.require_two_factor if require_two_factor is None else require_two_factor
    if require and not stored.require_two_factor and not has_two_factor(actor):
        raise ValidationError(
            {"require_two_factor": _("Set up two-factor sign-in for yourself first (on your account page).")}
        )
    fields = ["name", "language", "require_two_factor"]
    before = {field: getattr(stored, field) for field in fields}
    organisation.name = name.strip()
    organisation.language = language
    organisation.require_two_factor = require
    organisation.full_clean()
    organisation.save(update_fields=fields)
    after = {field: getattr(organisation, field) for field in fields}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit_record(
            actor=actor, organisation=organisation, action="organisation.update", target=organisation, changes=changes
        )
    return organisation


def _owners_left_after(membership: Membership, *, new_role: str | None) -> int:
    owners = Membership.objects.filter(organisation=membership.organisation, role=Role.OWNER)
    count = owners.exclude(pk=membership.pk).count()
    return count + (1 if new_role == Role.OWNER else 0)


@transaction.atomic
def member_role_change(*, actor: User, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Choose one of the roles owner, evaluator or viewer."))
    if membership.role == role:
        return membership
    if membership.role == Role.OWNER and _owners_left_after(membership, new_role=role) == 0:
        raise ValidationError(_("An organisation needs at least one owner. Make someone else owner first."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="member.role_change",
        target=membership,
        changes={"role": [old, role]},
    )
    return membership


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    if membership.role == Role.OWNER and _owners_left_after(membership, new_role=None) == 0:
        raise ValidationError(_("An organisation needs at least one owner. Make someone else owner first."))
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="member.remove",
        target=membership,
        changes={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # shown once; only its hash is stored


@transaction.atomic
def invitation_create(*, actor: User, organisation: Organisation, email: str, role: str) -> IssuedInvitation:
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError(_("Choose one of the roles owner, evaluator or viewer."))
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member of this organisation.") % {"email": email})
    token = new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        actor=actor,
        organisation=organisation,
        action="invitation.create",
        target=invitation,
        changes={"email": email, "role": role},
    )
    return IssuedInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(actor=actor, organisation=invitation.organisation, action="invitation.revoke", target=invitation)
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    """The usable invitation behind ``token``, or None (unknown, used, revoked or expired alike)."""
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> Membership:
    """Turn an invitation into a membership. Single use: a second call fails."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("This invitation link is not valid. Ask the person who invited you for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation is for %(email)s. Log in with that address to accept it.") % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        organisation=invitation.organisation,
        action="invitation.accept",
        target=invitation,
        changes={"role": invitation.role, "new_member": created},
    )
    return membership


@transaction.atomic
def invitation_signup(*, token: str, full_name: str, password: str) -> Membership:
    """Create the account an invitation names and accept the invitation in one step."""
    invitation = invitation_by_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid. Ask the person who invited you for a new one."))
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name.strip())
    return invitation_accept(user=user, token=token)


def invitation_link(token: str) -> str:
    """The invitation's address as a message gives it: on the site's public address
    (``PARTNERWIJZER_SITE_URL``, like every link in a message, docs/messages.md), not on whatever
    host the owner's request came in through."""
    from django.urls import reverse

    return settings.PARTNERWIJZER_SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])


def invitation_send(*, invitation: Invitation, token: str) -> None:
    """Queue the e-mail with the link in the organisation's language; the background worker sends it.

    The message goes through the outbox (``accounts/mailing.py``, docs/messages.md): the owner
    never waits for the mail server, and an outage only delays it. The link's token lives in the
    stored message only until it is sent (then it is masked); the invitation keeps only its hash.
    """
    from django.utils.html import format_html
    from django.utils.translation import override

    organisation = invitation.organisation
    link = invitation_link(token)
    with override(organisation.language):
        subject = _("You are invited to %(org)s on Partnerwijzer") % {"org": organisation.name}
        intro = _("%(inviter)s invites you to work with %(org)s on Partnerwijzer as %(role)s.") % {
            "inviter": invitation.created_by.display_name if invitation.created_by else "Partnerwijzer",
            "org": organisation.name,
            "role": Role(invitation.role).in_sentence,
        }
        # In running text a date reads as people write it ("21 december 2026"), never ISO.
        when = _("Open this link to accept (it works once and expires on %(date)s):") % {
            "date": formatting.long_date(timezone.localtime(invitation.expires_at).date()),
        }
        body = f"{intro}\n\n{when}\n{link}\n"
        html = format_html('<html><body><p>{}</p><p>{}<br><a href="{}">{}</a></p></body></html>',
                           intro, when, link, link)
    mailing.queue(
        organisation=organisation, to_email=invitation.email, language=organisation.language, subject=subject,
        body_text=body, body_html=html, idempotency_key=f"accounts.invitation:{invitation.pk}", essential=True,
    )


def password_reset_queue(*, user: User, language: str, subject: str, body: str, token: str) -> None:
    """Queue the password-reset e-mail (subject and body already in ``language``) through the outbox,
    so the request never waits for the mail server and an outage only delays it; the worker sends it.

    The message is filed under the organisation the person joined last (its owners see that a
    message went out, never its body); a person in no organisation gets one that belongs to no
    organisation (no page lists it; the worker sends and retries it like any other). The
    idempotency key holds a hash of the token, never the token itself (the key makes the
    Message-ID). The token is in the body only until it is sent (then masked).
    """
    membership = (Membership.objects.filter(user=user).select_related("organisation")
                  .order_by("-created_at").first())
    mailing.queue(
        organisation=membership.organisation if membership is not None else None, to_email=user.email,
        language=language, subject=subject, body_text=body,
        idempotency_key=f"accounts.password_reset:{user.pk}:{hash_token(token)[:32]}",
        essential=True, to_user=user,
    )


# --- Advisers' access to client companies (docs/advisers.md) ---------------------------------


def _record_on_both_sides(*, actor: User | None, grant: AdviserAccess, action: str, changes: dict[str, object]) -> None:
    """Every grant and revocation appears in the client's and in the adviser's audit log."""
    for organisation in (grant.client, grant.adviser):
        audit_record(actor=actor, organisation=organisation, action=action, target=grant, changes=changes)


@transaction.atomic
def adviser_access_grant(
    *, actor: User | None, client: Organisation, adviser: Organisation, role: str
) -> AdviserAccess:
    """Grant ``adviser`` access to ``client`` with ``role`` (read, or work alongside the owners).

    An active grant of another role is revoked and replaced (the record keeps both); the same role
    again changes nothing. Only an adviser organisation can be granted access, never the client itself.
    """
    if role not in AccessRole.values:
        raise ValidationError({"role": _("Choose read access or working alongside the owners.")})
    if not adviser.is_adviser or adviser.pk == client.pk:
        raise ValidationError({"adviser": _("Choose an adviser organisation.")})
    if client.is_adviser:
        raise ValidationError(_("An adviser organisation does not grant access to advisers; companies do."))
    Organisation.objects.select_for_update().filter(pk=client.pk).first()  # one grant at a time per client
    current = AdviserAccess.objects.filter(client=client, adviser=adviser, revoked_at__isnull=True).first()
    if current is not None and current.role == role:
        return current
    if current is not None:
        adviser_access_revoke(actor=actor, grant=current, notify=False)  # a new role: access goes on
    grant = AdviserAccess.objects.create(client=client, adviser=adviser, role=role, granted_by=actor)
    _record_on_both_sides(
        actor=actor, grant=grant, action="adviser_access.grant",
        changes={"adviser": adviser.name, "client": client.name, "role": [current.role if current else None, role]},
    )
    return grant


@transaction.atomic
def adviser_access_revoke(*, actor: User | None, grant: AdviserAccess, notify: bool = True) -> AdviserAccess:
    """End a grant now: the advisers' very next request in the client is refused, and each of them
    gets a message (``notify``; a change of role, which revokes and grants anew, tells nobody)."""
    grant = AdviserAccess.objects.select_for_update().select_related("client", "adviser").get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        _record_on_both_sides(
            actor=actor, grant=grant, action="adviser_access.revoke",
            changes={"adviser": grant.adviser.name, "client": grant.client.name, "role": grant.role},
        )
        if notify:
            _tell_advisers_access_withdrawn(grant)
    return grant


def _tell_advisers_access_withdrawn(grant: AdviserAccess) -> None:
    """One message per member of the adviser organisation, in their language, through the outbox
    (stored in the adviser organisation's outbox: the client never sees its advisers' addresses).
    The subject names the client only; the body links to the portfolio, which holds no secret."""
    from django.urls import reverse
    from django.utils.translation import override

    adviser, client = grant.adviser, grant.client
    revoked_on = timezone.localtime(grant.revoked_at or timezone.now()).date()
    portfolio = settings.PARTNERWIJZER_SITE_URL.rstrip("/") + reverse(settings.ADVISER_HOME_URL)
    for membership in Membership.objects.filter(organisation=adviser).select_related("user").order_by("pk"):
        user = membership.user
        language = user.language or adviser.language
        with override(language):
            subject = _("Access to %(client)s withdrawn") % {"client": client.name}
            body = _(
                "The owners of %(client)s withdrew the access of %(adviser)s on %(date)s. You can no longer "
                "open its data; its grants stay on record on your organisation's page Clients' access."
            ) % {"client": client.name, "adviser": adviser.name,
                 "date": formatting.long_date(revoked_on)}
            more = _("Your portfolio:")
        mailing.queue(
            organisation=adviser, to_email=user.email, language=language, subject=subject,
            body_text=f"{body}\n\n{more}\n{portfolio}\n", to_user=user,
            idempotency_key=f"accounts.adviser_access_revoked:{grant.pk}:{user.pk}", essential=True,
        )


@dataclass(frozen=True)
class NewClient:
    organisation: Organisation
    grant: AdviserAccess
    invitation: IssuedInvitation


@transaction.atomic
def client_create(
    *, actor: User, adviser: Organisation, name: str, language: str, owner_email: str
) -> NewClient:
    """An adviser creates a company for a client and invites the client's owner.

    The company has no member until the owner accepts; the adviser organisation works in it by a
    grant to work alongside (the default, docs/advisers.md), which the owner sees on the advisers
    page from the first sign-in and may lower or revoke at any time.
    """
    if not adviser.is_adviser:
        raise ValidationError(_("Only an adviser organisation creates companies for clients."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the company's name.")})
    try:
        validate_email(owner_email.strip())
    except ValidationError:
        raise ValidationError({"owner_email": _("Enter the e-mail address of the client's owner.")}) from None
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages.")})
    organisation = Organisation.objects.create(name=name, language=language, kind=OrganisationKind.COMPANY)
    audit_record(
        actor=actor, organisation=organisation, action="organisation.create", target=organisation,
        changes={"created_by_adviser": adviser.name},
    )
    grant = AdviserAccess.objects.create(
        client=organisation, adviser=adviser, role=AccessRole.ALONGSIDE, granted_by=actor, created_client=True
    )
    _record_on_both_sides(
        actor=actor, grant=grant, action="adviser_access.grant",
        changes={"adviser": adviser.name, "client": organisation.name, "role": [None, grant.role]},
    )
    invitation = invitation_create(actor=actor, organisation=organisation, email=owner_email, role=Role.OWNER)
    return NewClient(organisation=organisation, grant=grant, invitation=invitation)


# --- The user's own account --------------------------------------------------------------------


@transaction.atomic
def account_update(*, user: User, full_name: str, language: str) -> User:
    """Change the user's own name and language (blank: the organisation's language)."""
    stored = User.objects.get(pk=user.pk)  # a ModelForm bound to ``user`` has changed it in memory
    before = {"full_name": stored.full_name, "language": stored.language}
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language"])
    after = {"full_name": user.full_name, "language": user.language}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit_record(actor=user, organisation=None, action="account.update", target=user, changes=changes)
    return user


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    """Set a new password (the form checked the old one and the password rules)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, organisation=None, action="account.password_change", target=user)


# --- Two-factor sign-in (django-otp) -----------------------------------------------------------

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def two_factor_new_key() -> str:
    """A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), hex-encoded."""
    return secrets.token_hex(20)


def totp_config_url(*, user: User, key: str) -> str:
    """The ``otpauth://`` URL an authenticator app reads from the QR code (nothing is saved)."""
    return TOTPDevice(user=user, key=key, name=TOTP_DEVICE_NAME).config_url


def _normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _totp_step_matching(key: str, code: str) -> int | None:
    """The time step at which ``code`` is valid for ``key`` (one step of clock drift allowed)."""
    code = _normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(key.encode()), step=30, digits=6)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, key: str, code: str) -> list[str]:
    """Turn on two-factor sign-in with the authenticator app that shows ``code`` for ``key``.

    Returns the new recovery codes, to be shown once. Raises ``ValidationError`` when the code
    does not match (the app was not set up, or its clock is off).
    """
    step = _totp_step_matching(key, code)
    if step is None:
        raise ValidationError(
            _(
                "This code is not right. Enter the 6 digits your app shows now; "
                "check that the phone's clock is set automatically."
            )
        )
    TOTPDevice.objects.filter(user=user).delete()
    # last_t: the code just used cannot be used again to log in.
    TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True, last_t=step)
    codes = _new_recovery_codes(user)
    audit_record(actor=user, organisation=None, action="account.two_factor_enable", target=user)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones (the old ones stop working)."""
    if not has_two_factor(user):
        raise ValidationError(_("Two-factor sign-in is not on for your account."))
    codes = _new_recovery_codes(user)
    audit_record(actor=user, organisation=None, action="account.recovery_codes_regenerate", target=user)
    return codes


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Turn two-factor sign-in off, unless an organisation of the user requires it."""
    if two_factor_required_for(user):
        raise ValidationError(
            _("An organisation you belong to requires two-factor sign-in, so it cannot be switched off.")
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=user, organisation=None, action="account.two_factor_disable", target=user)


def two_factor_verify(*, user: User, code: str) -> str | None:
    """Check a sign-in code: ``"totp"`` or ``"recovery"`` for the kind that matched, else None.

    django-otp throttles each device: after a wrong code the next try waits 1, 2, 4, ... seconds.
    A recovery code works once. Using one is recorded in the audit log.
    """
    code = _normalise_code(code)
    if not code:
        return None
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if totp is not None and code.isdigit() and len(code) == totp.digits:
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=totp.pk)
            if device.verify_token(code):
                return "totp"
        return None
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None:
        with transaction.atomic():
            device_s = StaticDevice.objects.select_for_update().get(pk=recovery.pk)
            if device_s.verify_token(code):
                audit_record(
                    actor=user, organisation=None, action="account.recovery_code_use", target=user,
                    changes={"left": device_s.token_set.count()},
                )
                return "recovery"
    return None
