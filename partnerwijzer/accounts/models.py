"""Users, organisations (the tenants), memberships with a role, and invitations."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerwijzer.accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Belongs to organisations via memberships."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Blank: the organisation's language applies (see OrganisationLanguageMiddleware).
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class OrganisationKind(models.TextChoices):
    """A company runs its own journey; the other kinds are adviser organisations (docs/advisers.md)."""

    COMPANY = "company", _("Company")
    CONSULTANCY = "consultancy", _("Consultancy")
    CHAMBER = "chamber", _("Chamber of commerce")
    HUB = "hub", _("Innovation hub")


class Organisation(models.Model):
    """A company using Partnerwijzer: the tenant that owns all project data.

    An organisation of another ``kind`` than company is an adviser organisation: its members are
    advisers, who reach client companies only through an :class:`AdviserAccess` the client granted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nl",
        help_text=_("The default language for members who have not chosen one."),
    )
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in"),
        default=False,
        help_text=_("Members without two-factor sign-in are led to set it up before they can continue."),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in OrganisationKind]), name="organisation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_adviser(self) -> bool:
        return self.kind != OrganisationKind.COMPANY


class Membership(models.Model):
    """One user's role in one organisation. The organisation of every request comes from here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_org"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    # Set (never saved) on the membership access.py makes for an adviser acting in a client company
    # through an active grant; None on a real membership.
    grant: AdviserAccess | None = None

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def holds_organisation(self) -> bool:
        """Whether this is a real membership (not an adviser's access), which may manage the
        organisation's members, settings and advisers when it is an owner's."""
        return self.grant is None

    @property
    def manages_organisation(self) -> bool:
        """An owner who holds the organisation: manages its members, settings and advisers."""
        return self.is_owner and self.holds_organisation

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, required: Role) -> bool:
        return self.role_enum.includes(required)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class Invitation(models.Model):
    """A single-use, expiring link that lets someone join an organisation with a given role.

    Only a SHA-256 hash of the token is stored: a leaked database does not leak usable links.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.EVALUATOR)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="invitation_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class AccessRole(models.TextChoices):
    """What a client company grants an adviser organisation (docs/advisers.md)."""

    READ = "read", pgettext_lazy("adviser access", "Read")  # not the evidence status "Read" ("Gelezen")
    ALONGSIDE = "alongside", _("Work alongside the owners")

    @property
    def role(self) -> Role:
        """The member role the advisers act with in the client: a reader is a viewer; working
        alongside is an owner's work, except holding the organisation (members, settings, advisers)."""
        return Role.VIEWER if self == AccessRole.READ else Role.OWNER


class AdviserAccess(models.Model):
    """A client company's grant of access to an adviser organisation, until revoked.

    A grant is never edited after its revocation and never deleted: the list of grants and
    revocations is the record both sides see. A change of role revokes the grant and makes a new one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="adviser_grants")
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="client_grants")
    role = models.CharField(_("access"), max_length=12, choices=AccessRole.choices, default=AccessRole.READ)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_client = models.BooleanField(
        default=False, help_text="The adviser created the client company; this is the access it began with."
    )

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "adviser"], condition=models.Q(revoked_at__isnull=True),
                name="one_active_grant_per_client_and_adviser",
            ),
            models.CheckConstraint(condition=~models.Q(client=models.F("adviser")), name="grant_not_to_itself"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in AccessRole]), name="grant_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} → {self.client} ({self.role})"

    @property
    def access_role(self) -> AccessRole:
        return AccessRole(self.role)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
