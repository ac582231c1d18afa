from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerwijzer.accounts.models import Invitation, Membership, Organisation, User


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def open_invitations_of(*, organisation: Organisation) -> list[Invitation]:
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
    ).order_by("-created_at")
    return list(invitations)


def has_two_factor(user: User) -> bool:
    """Whether the user signs in with a one-time code from an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_required_for(user: User) -> bool:
    """Whether an organisation the user belongs to requires two-factor sign-in."""
    return Membership.objects.filter(user=user, organisation__require_two_factor=True).exists()
