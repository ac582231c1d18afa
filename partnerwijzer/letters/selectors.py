"""Reading award and regret letters."""

from __future__ import annotations

from django.db.models import QuerySet

from partnerwijzer.letters.models import Letter
from partnerwijzer.sourcing.models import Candidate, Selection


def letters_of(selection: Selection) -> QuerySet[Letter]:
    """The selection's letters: the award letter first, then the firms by name."""
    return (Letter.objects.filter(selection=selection)
            .select_related("candidate", "sent_by", "updated_by", "organisation")
            .order_by("kind", "candidate__name", "id"))


def sent_letters_for_candidate(candidate: Candidate) -> list[Letter]:
    """What the firm sees on its portal page: the letters sent to it (registered with the portal)."""
    return list(Letter.objects.filter(candidate=candidate, sent_at__isnull=False).order_by("sent_at"))
