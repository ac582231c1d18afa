"""Create, revoke and check personal API tokens.

The plaintext token is returned once by :func:`api_token_create` and never stored: the
database keeps its SHA-256 hash (to look it up) and a short public prefix (to show in lists).
Every write records an audit event without the secret.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.tokens import hash_token, new_token
from partnerwijzer.api.models import DISPLAY_PREFIX_LENGTH, LAST_USED_RESOLUTION, TOKEN_PREFIX, ApiToken
from partnerwijzer.audit.services import audit_record

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token for ``user``. Returns the token row and the plaintext, which is shown once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, for example the script that will use it.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": _("Use at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must lie in the future.")})
    plaintext = new_token(prefix=TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(plaintext),
        prefix=plaintext.removeprefix(TOKEN_PREFIX)[:DISPLAY_PREFIX_LENGTH],
        expires_at=expires_at,
    )
    audit_record(
        actor=user, organisation=None, action="api_token.create", target=token,
        changes={
            "name": token.name,
            "prefix": token.display_prefix,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke ``token`` for good. Revoking twice is harmless and records one event.

    Tokens are personal: only their own user may revoke them.
    """
    if actor.pk != token.user_id:
        raise PermissionDenied(_("You can only revoke your own API tokens."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, organisation=None, action="api_token.revoke", target=locked,
            changes={"name": locked.name, "prefix": locked.display_prefix},
        )
    token.revoked_at = locked.revoked_at
    return token


def api_token_authenticate(plaintext: str) -> ApiToken | None:
    """The active token behind ``plaintext`` with its (active) user, or None.

    Unknown, revoked and expired tokens are treated alike. ``last_used_at`` is written at most
    once per :data:`LAST_USED_RESOLUTION`, with a conditional UPDATE so that concurrent requests
    do not fight over the row.
    """
    if not plaintext or len(plaintext) > 200:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_token(plaintext), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
