"""Award and regret letters (issue 16, item 8).

When the preferred partner is chosen, one letter per firm of the selection is drafted: an award
letter to the chosen firm, a regret letter to each other firm, each with a short explanation from
that firm's own scores per criterion. The owner edits a draft until sending it; a sent letter is
final (``sent_at``) and shows on the firm's portal page and goes out by e-mail through the outbox.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    AWARD = "award", _("Award letter")
    REGRET = "regret", _("Regret letter")


class Letter(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    selection = models.ForeignKey("sourcing.Selection", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=LetterKind.choices)
    language = models.CharField(max_length=5)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # True once the owner changed the drafted text (a new draft then never overwrites it).
    edited = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Where the e-mail went (empty: the firm has no contact address; then only the portal shows it).
    sent_to = models.EmailField(blank=True)

    class Meta:
        ordering = ["kind", "candidate__name", "id"]  # "award" sorts before "regret": the award letter first
        constraints = [
            models.UniqueConstraint(fields=["selection", "candidate"], name="one_letter_per_candidate"),
            models.CheckConstraint(condition=Q(kind__in=LetterKind.values), name="letter_kind_valid"),
            models.CheckConstraint(condition=~Q(subject="") & ~Q(body=""), name="letter_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} letter to {self.candidate_id}"

    @property
    def sent(self) -> bool:
        return self.sent_at is not None
