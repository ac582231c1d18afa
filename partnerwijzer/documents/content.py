"""A neutral model of a generated document, rendered to DOCX (python-docx) and PDF (WeasyPrint).

Builders (the RFI and RFP, the talk and reference-call guides, the decision report) return a
:class:`Document`; renderers in this package turn it into a file. Builders never produce markup:
every text here is plain user or product text, and each renderer escapes it for its format, so
user text can never become markup, a field code or a formula.

Charts are SVG strings made by the product's own chart modules (already escaped there); the PDF
embeds them as vector graphics, the DOCX as a PNG rendered from the same SVG (Word has no
reliable SVG support) with the caption as alternative text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["nl", "en", "de"]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1 = chapter, 2 = section, 3 = subsection


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: Literal["body", "lead", "note", "warning"] = "body"


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class KeyValues:
    """A two-column list of labels and values (company facts, settings)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    # Indexes of columns holding numbers (right-aligned).
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart (from the product's chart modules) with a caption that also serves as alt text."""

    svg: str
    caption: str
    width_mm: float = 160.0


@dataclass(frozen=True, slots=True)
class QuestionBlock:
    """A numbered question with room for the answer (questionnaires and conversation guides)."""

    number: str
    text: str
    hint: str = ""
    answer_lines: int = 4


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Heading | Paragraph | BulletList | KeyValues | Table | Chart | QuestionBlock | PageBreak


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: title page facts plus the blocks in order."""

    title: str
    language: Language
    organisation: str
    subtitle: str = ""
    # Shown on the title page and in the footer, e.g. ("Deadline", "15 January 2027").
    meta: tuple[tuple[str, str], ...] = ()
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    # A short machine-friendly name for the file, e.g. "rfi-partner-voor-onderhoud".
    filename_stem: str = "document"
