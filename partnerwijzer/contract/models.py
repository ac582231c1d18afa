"""The chosen partner and the contract checklist of a selection.

``PartnerDecision`` records which candidate the company prefers and why (the decision report
quotes it). ``ContractItem`` is one clause or condition to settle before signature: the guide's
eight critical clauses plus data-quality responsibility, a balanced risk split and a phase plan
with go/no-go points (``source = guide``, ``key`` from knowledge/data/contract.yaml), and items
added from earlier results (``source = ai_act | gdpr | kpi``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerDecision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.OneToOneField("sourcing.Selection", on_delete=models.CASCADE, related_name="decision")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("preferred partner"))
    rationale = models.TextField(_("why this partner"))
    # How disagreements between evaluators were resolved (the decision report shows it).
    disagreement_resolution = models.TextField(_("how disagreements were resolved"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.candidate} for {self.selection}"


class ContractItemStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    OPEN = "open", _("Open")
    MISSING = "missing", _("Missing")


class ItemSource(models.TextChoices):
    GUIDE = "guide", _("The guide's contract checklist")
    AI_ACT = "ai_act", _("AI Act screening")
    GDPR = "gdpr", _("GDPR screening")
    KPI = "kpi", _("KPI baseline and targets")
    OWN = "own", _("Added by the company")


class ContractItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(PartnerDecision, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(_("source"), max_length=10, choices=ItemSource.choices, default=ItemSource.GUIDE)
    # contract.yaml key for guide items, a duty key for AI Act items, "processor_agreement" for
    # GDPR; empty for the company's own items.
    key = models.CharField(max_length=80, blank=True)
    kpi = models.ForeignKey("planning.Kpi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ContractItemStatus.choices, default=ContractItemStatus.MISSING
    )
    wording = models.TextField(_("agreed wording or note"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("responsible person"))
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "source", "key"], condition=~models.Q(key=""), name="one_contract_item_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.key
