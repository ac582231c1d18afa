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
