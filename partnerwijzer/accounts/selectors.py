from __future__ import annotations

from django.db.models import QuerySet

from partnerwijzer.accounts.models import Invitation, Membership, Organisation


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
