"""Reading document jobs and what documents a selection can have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from uuid import UUID

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.documents.models import ACTIVE_STATUSES, DocumentJob
from partnerwijzer.documents.registry import KINDS
from partnerwijzer.sourcing.models import Selection

KIND_LABELS: Final[dict[str, Promise]] = {
    "rfi": _("Request for information (RFI)"),
    "rfp": _("Request for proposal (RFP)"),
    "first_talk_guide": _("First-talk guide"),
    "reference_call_guide": _("Reference-call guide"),
    "decision_report": _("Decision report"),
    "scoring_matrix": _("Scoring matrix"),
}
FORMAT_LABELS: Final[dict[str, str]] = {"docx": "Word (DOCX)", "pdf": "PDF", "xlsx": "Excel (XLSX)"}
# The selection's own documents, in the order the page lists them.
SELECTION_KINDS: Final = ("decision_report", "scoring_matrix", "first_talk_guide", "reference_call_guide")


def kind_label(kind: str) -> str:
    registered = KINDS.get(kind)
    return str(KIND_LABELS.get(kind) or (registered.label if registered and registered.label else kind))


@dataclass(frozen=True, slots=True)
class Choice:
    """One document the owner can ask for: a kind, its target and the formats it comes in."""

    kind: str
    label: str
    target_id: UUID
    target_label: str
    formats: tuple[str, ...]


def document_choices(*, selection: Selection) -> list[Choice]:
    """The selection's own documents, then the RFI/RFP of each of its questionnaires."""
    from partnerwijzer.questionnaires.models import Questionnaire

    choices = [
        Choice(key, kind_label(key), selection.pk, selection.title, KINDS[key].formats)
        for key in SELECTION_KINDS
        if key in KINDS
    ]
    for questionnaire in Questionnaire.objects.filter(selection=selection).order_by("created_at", "id"):
        if questionnaire.kind in KINDS:
            choices.append(Choice(questionnaire.kind, kind_label(questionnaire.kind), questionnaire.pk,
                                  questionnaire.title, KINDS[questionnaire.kind].formats))
    return choices


def jobs_of(*, selection: Selection) -> QuerySet[DocumentJob]:
    return DocumentJob.objects.filter(selection=selection).select_related("created_by").order_by("-created_at", "-id")


def jobs_of_organisation(*, organisation: Organisation, kind: str, limit: int = 5) -> list[DocumentJob]:
    """The newest jobs of a whole organisation's document (no selection), newest first."""
    return list(DocumentJob.objects.filter(organisation=organisation, kind=kind, selection__isnull=True)
                .select_related("created_by").order_by("-created_at", "-id")[:limit])


def any_active(jobs: list[DocumentJob]) -> bool:
    return any(job.status in ACTIVE_STATUSES for job in jobs)
