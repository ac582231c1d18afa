"""What an adviser organisation keeps for its clients: criteria sets (criteria with a rubric and a
default weight) and its own guidance texts. Applying a set copies its criteria into a client's
selection, where they are the client's own from then on (docs/advisers.md).

Questionnaire templates are not here: the questionnaires app's templates for one organisation
(issue 16, engineer ``firms``) serve an adviser organisation as well.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

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
