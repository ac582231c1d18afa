"""What an adviser organisation keeps for its clients: criteria sets (criteria with a rubric and a
default weight) and its own guidance texts. Applying a set copies its criteria into a client's
selection, where they are the client's own from then on (docs/advisers.md).

Questionnaire templates are not here: the questionnaires app's templates for one organisation
(issue 16, engineer ``firms``) serve an adviser organisation as well.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import Organisation


class CriteriaSet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="criteria_sets")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("when to use it"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Factor(models.TextChoices):
    # The same two values as evaluation's criteria (hard and soft factors).
    HARD = "hard", _("Hard factor")
    SOFT = "soft", _("Soft factor")


class CriteriaSetItem(models.Model):
    """One criterion of a set: its name, the rubric (what each score means) and its default weight."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("name"), max_length=150)
    rubric = models.TextField(_("rubric"), blank=True)
    factor = models.CharField(_("factor"), max_length=4, choices=Factor.choices, default=Factor.HARD)
    weight = models.DecimalField(_("default weight (%)"), max_digits=5, decimal_places=2, default=Decimal(0))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name="criteria_set_weight_range"),
            models.CheckConstraint(condition=Q(factor__in=["hard", "soft"]), name="criteria_set_factor_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class GuidanceText(models.Model):
    """The adviser organisation's own advice for a step of the journey, shown to its advisers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="guidance_texts")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


# --- The hub's provider directory (issue 17, item 5) ---------------------------------------------


class DirectoryFirm(models.Model):
    """A provider of AI services in an adviser organisation's directory. Adding it to a client's
    longlist copies it into a candidate of the client's own (``DirectoryCopy`` keeps the link back)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="directory_firms")
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("Two-letter code, e.g. NL or DE."))
    # A key of the reference data (knowledge/data/provider_types.yaml), as a candidate's.
    provider_type = models.CharField(_("provider type"), max_length=50, blank=True)
    specialities = models.CharField(_("specialities"), max_length=300, blank=True,
                                    help_text=_("Separate them with commas, e.g. computer vision, forecasting."))
    regions = models.CharField(_("regions"), max_length=300, blank=True,
                               help_text=_("Where they work, separated by commas, e.g. Noord-Brabant, NRW."))
    languages = models.CharField(_("languages"), max_length=100, blank=True,
                                 help_text=_("Language codes separated by commas, e.g. nl, de, en."))
    certifications = models.CharField(_("certifications"), max_length=300, blank=True,
                                      help_text=_("Separate them with commas, e.g. ISO 27001, ISO 9001."))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["adviser", "name"], name="directory_firm_adviser_name")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def split(value: str) -> list[str]:
        return [part.strip() for part in value.split(",") if part.strip()]

    @property
    def speciality_list(self) -> list[str]:
        return self.split(self.specialities)

    @property
    def region_list(self) -> list[str]:
        return self.split(self.regions)

    @property
    def language_list(self) -> list[str]:
        return self.split(self.languages)

    @property
    def certification_list(self) -> list[str]:
        return self.split(self.certifications)


class VerificationMethod(models.TextChoices):
    CALL = "call", _("Phone call with the reference client")
    VISIT = "visit", _("Visit at the reference client")
    DOCUMENT = "document", _("Documents seen (report, contract, invoice)")
    WRITTEN = "written", _("Written statement of the reference client")


class DirectoryReference(models.Model):
    """A reference of a directory firm that the hub verified: who verified it, when and how, and the
    reference's client and contact as the hub records them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    firm = models.ForeignKey(DirectoryFirm, on_delete=models.CASCADE, related_name="references")
    client_name = models.CharField(_("reference client"), max_length=200)
    contact = models.CharField(_("contact at the reference client"), max_length=200, blank=True)
    project = models.TextField(_("what the firm did"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("verified by"))
    verified_on = models.DateField(_("verified on"))
    method = models.CharField(_("how it was verified"), max_length=10, choices=VerificationMethod.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-verified_on", "client_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(method__in=["call", "visit", "document", "written"]),
                                   name="directory_reference_method_valid"),
        ]

    def __str__(self) -> str:
        return self.client_name


class DirectoryCopy(models.Model):
    """A directory firm copied into a client's longlist: the candidate is the client's own, this is
    the link back (the firm may be deleted from the directory later; the candidate stays)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.OneToOneField("sourcing.Candidate", on_delete=models.CASCADE, related_name="directory_copy")
    firm = models.ForeignKey(DirectoryFirm, on_delete=models.SET_NULL, null=True, related_name="copies")
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="directory_copies")
    copied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    copied_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.firm_id} -> {self.candidate_id}"


class InterestKind(models.TextChoices):
    PROVIDES = "provides", _("Provides AI services itself")
    EARNS = "earns", _("Earns from a provider of AI services")


class InterestDeclaration(models.Model):
    """An own-interest declaration: the adviser organisation (no ``adviser_user``) or one of its
    advisers provides AI services, or earns from a provider. The directory and every client of the
    adviser organisation see it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interest_declarations")
    adviser_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="interest_declarations", verbose_name=_("adviser"))
    kind = models.CharField(_("interest"), max_length=10, choices=InterestKind.choices)
    provider = models.CharField(_("provider"), max_length=200,
                                help_text=_("The firm the interest is in (your own, or the one you earn from)."))
    details = models.TextField(_("details"), blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["provides", "earns"]), name="interest_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.adviser_id}: {self.provider}"


class MarketConsent(models.Model):
    """A client company's consent that its figures count, anonymised, in an adviser organisation's
    market figures (docs/market.md). Off by default: no row, no consent. Its owners give and
    withdraw it on the Advisers page; withdrawing deletes the row (the audit log keeps both).
    It counts only while the company's grant to that adviser organisation is active."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "adviser"], name="one_market_consent_per_client_and_adviser"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.adviser_id}"


class MarketSnapshot(models.Model):
    """An adviser organisation's market figures as computed on one day: only groups of at least
    five distinct consenting companies are stored (``figures``: a list of dicts, see
    ``advisers.market.compute``). The newest snapshot is the one shown."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    adviser = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    computed_on = models.DateField()
    computed_at = models.DateTimeField()
    companies = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=list)
    # Per measure and type of application with a figure shown: its distinct companies (>= 5).
    groups = models.JSONField(default=list)

    class Meta:
        ordering = ["-computed_at"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.adviser_id} {self.computed_on}"


class PortfolioStatus(models.Model):
    """One client's line of an adviser's portfolio, computed by the step rules and the flags'
    queries and stored (issue 17 item 7: the page filters, sorts and counts 2,000 clients in SQL).

    Current while ``version`` (the rules' version), ``computed_on`` (the day the date-dependent
    statuses and flags were computed for) and ``marker`` (the client's ``audit.ChangeMarker``
    version read before computing) are those of the moment; ``advisers.selectors`` computes a
    client again on the first read after any of them changed (docs/advisers.md, "Stored rows").
    Derived data, written only by the selectors' refresh, never by a user: no audit event."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True,
                                        related_name="portfolio_status")
    version = models.CharField(max_length=64)
    marker = models.BigIntegerField()
    computed_on = models.DateField()
    computed_at = models.DateTimeField()
    statuses = models.JSONField(default=dict)
    """Step key -> status value, or None where the step has no rule."""
    done_steps = models.PositiveSmallIntegerField(default=0)
    next_step = models.CharField(max_length=32, blank=True)
    overdue_tasks = models.PositiveIntegerField(default=0)
    gate_due = models.BooleanField(default=False)
    stalled = models.BooleanField(default=False)
    high_risk_no_dpia = models.BooleanField(default=False)
    cost_band = models.CharField(max_length=8, blank=True)
    """"above" or "below" the estimate's band, or empty."""
    flag_count = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id} ({self.computed_on})"
