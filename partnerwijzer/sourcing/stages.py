"""The stages a candidate passes on the way from longlist to chosen partner (guide, section 9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LONGLIST = "longlist", _("Longlist")
    SHORTLIST = "shortlist", _("Shortlist")
    RFI = "rfi", _("Request for information")
    TALKS = "talks", _("First talks")
    RFP = "rfp", _("Request for proposal")
    REFERENCES = "references", _("References")
    WORKSHOP = "workshop", _("Workshop / proof of concept")
    NEGOTIATION = "negotiation", _("Contract negotiation")
    CHOSEN = "chosen", _("Chosen")

    @property
    def position(self) -> int:
        return list(Stage).index(self)


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)
