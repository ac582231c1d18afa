"""Which documents exist, what they are built from and in which formats they come.

Each kind names a builder ``(organisation, target_id, language) -> Document`` (or, for the
XLSX scoring matrix, a function returning bytes) by dotted path, imported only when a document
is built. documents is the top layer (docs/architecture.md), so all builders live here:

* questionnaire_documents.py: ``rfi``, ``rfp`` (target: a questionnaire), ``first_talk_guide``,
  ``reference_call_guide`` (target: a selection);
* ``decision_report`` (target: a selection), ``scoring_matrix`` (XLSX, a selection).

A higher app may register a document of a whole organisation (target ``"organisation"``) with
:func:`register`, from its ``AppConfig.ready``: its builder is ``(organisation, options, language)
-> bytes`` and lives in that app (advisers' ``portfolio``, docs/advisers.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from django.utils.functional import Promise

Format = Literal["docx", "pdf", "xlsx"]
Target = Literal["questionnaire", "selection", "organisation"]


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    builder: str  # dotted path of the builder function
    target: Target
    formats: tuple[Format, ...]
    label: Promise | str = ""  # a registered kind's name in lists and file names (translated lazily)


KINDS: Final[dict[str, Kind]] = {
    k.key: k
    for k in (
        Kind("rfi", "partnerwijzer.documents.questionnaire_documents.build_questionnaire", "questionnaire",
             ("docx", "pdf")),
        Kind("rfp", "partnerwijzer.documents.questionnaire_documents.build_questionnaire", "questionnaire",
             ("docx", "pdf")),
        Kind("first_talk_guide", "partnerwijzer.documents.questionnaire_documents.build_first_talk_guide", "selection",
             ("docx", "pdf")),
        Kind("reference_call_guide", "partnerwijzer.documents.questionnaire_documents.build_reference_call_guide",
             "selection", ("docx", "pdf")),
        Kind("decision_report", "partnerwijzer.documents.decision_report.build_decision_report", "selection",
             ("docx", "pdf")),
        Kind("scoring_matrix", "partnerwijzer.documents.scoring_matrix.build_scoring_matrix", "selection",
             ("xlsx",)),
    )
}


def register(kind: Kind) -> None:
    """Add a higher app's document of a whole organisation (target ``"organisation"``)."""
    if kind.target != "organisation":
        raise ValueError("Only documents of a whole organisation are registered from outside documents.")
    KINDS[kind.key] = kind
