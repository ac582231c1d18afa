"""Write actions on users, organisations, memberships and invitations.

Each service validates, writes in one transaction and records an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer.accounts.auditing import audit_record
from partnerwijzer.accounts.models import Invitation, Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.tokens import hash_token, new_token


@transaction.atomic
def organisation_create(*, owner: User, name: str, language: str = "nl") -> Organisation:
    """Create an organisation with ``owner`` as its first owner. Dutch unless told otherwise."""
    organisation = Organisation.objects.create(name=name.strip(), language=language)
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
def organisation_update(*, actor: User, organisation: Organisation, name: str, language: str) -> Organisation:
    before = {"name": organisation.name, "language": organisation.language}
    organisation.name = name.strip()
    organisation.language = language
    organisation.full_clean()
    organisation.save(update_fields=["name", "language"])
    after = {"name": organisation.name, "language": organisation.language}
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


def invitation_send(*, invitation: Invitation, link: str) -> None:
    """E-mail the link (console backend by default). The token itself is never stored."""
    from django.core.mail import send_mail

    subject = _("You are invited to %(org)s on Partnerwijzer") % {"org": invitation.organisation.name}
    body = _(
        "%(inviter)s invites you to work with %(org)s on Partnerwijzer as %(role)s.\n\n"
        "Open this link to accept (it works once and expires on %(date)s):\n%(link)s\n"
    ) % {
        "inviter": invitation.created_by.display_name if invitation.created_by else "Partnerwijzer",
        "org": invitation.organisation.name,
        "role": invitation.get_role_display(),
        "date": invitation.expires_at.date().isoformat(),
        "link": link,
    }
    send_mail(subject, body, None, [invitation.email])
