"""The text of a firm's files, page by page, and its split into passages. Pure functions.

* PDF through PDFium (pypdfium2): the text of each page;
* DOCX through python-docx: paragraphs and table rows in document order; a page starts at each
  page break Word wrote (explicit breaks and the breaks of its last layout), so the page number is
  the one Word showed when the file was saved (1 when Word wrote none);
* XLSX through openpyxl (read-only, values only): each sheet is a "page", each row a line with its
  cells joined by " · ".

Bounded: at most ``Limits.max_pages`` pages (or sheets) and ``Limits.max_chars`` characters per
document, at most ``Limits.max_rows`` rows per sheet; beyond a limit the rest is left out and the
result says it was cut. A file that cannot be read raises :class:`ExtractionError` with a reason
key (see ``REASONS``), never anything else.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSAGE_CHARS = 700
"""A passage is about a paragraph: split longer text at sentence ends below this length."""
MIN_PASSAGE_CHARS = 120
"""Shorter paragraphs (headings, list items) join the next one on the same page."""

REASONS = ("unreadable", "encrypted", "empty", "unsupported")


@dataclass(frozen=True)
class Limits:
    max_pages: int = 200
    max_chars: int = 400_000
    max_rows: int = 5_000


@dataclass
class Extracted:
    """The pages of one document: ``pages[i]`` is (page number, text)."""

    pages: list[tuple[int, str]] = field(default_factory=list)
    truncated: bool = False
    chars: int = 0

    def add(self, number: int, text: str, limits: Limits) -> bool:
        """Add a page; False once a limit is reached (the caller stops reading)."""
        if len(self.pages) >= limits.max_pages or self.chars >= limits.max_chars:
            self.truncated = True
            return False
        room = limits.max_chars - self.chars
        if len(text) > room:
            text, self.truncated = text[:room], True
        self.chars += len(text)
        self.pages.append((number, text))
        return not self.truncated


class ExtractionError(Exception):
    """The file could not be read; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def extract(path: Path, kind: str, limits: Limits | None = None) -> Extracted:
    """The text of the file at ``path`` of type ``kind`` ("pdf", "docx" or "xlsx")."""
    limits = limits or Limits()
    readers = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}
    if kind not in readers:
        raise ExtractionError("unsupported")
    try:
        result = readers[kind](path, limits)
    except ExtractionError:
        raise
    except Exception as error:
        raise ExtractionError("encrypted" if "password" in str(error).lower() else "unreadable") from error
    if not any(text.strip() for _number, text in result.pages):
        raise ExtractionError("empty")
    return result


def _pdf(path: Path, limits: Limits) -> Extracted:
    import pypdfium2 as pdfium

    result = Extracted()
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            if not result.add(index + 1, _pdf_paragraphs(text), limits):
                break
        if len(document) > len(result.pages):
            result.truncated = True
    finally:
        document.close()
    return result


def _pdf_paragraphs(text: str) -> str:
    """A PDF page's lines with a blank line after each that ends a paragraph.

    A PDF has no paragraphs, only lines; PDFium gives them one per line. A line that ends a
    sentence and is clearly shorter than the page's longest line ends a paragraph (a heading
    too: a short line without a full stop before a longer one)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < 0.75 * width
        if not line or (short and line.endswith((".", "!", "?", ":"))) or (short and len(following) > len(line) * 2
                                                                          and not line.endswith((",", "-"))):
            out.append("")
    return "\n".join(out)


_EXPLICIT_BREAKS = './/w:br[@w:type="page"]'
_RENDERED_BREAKS = ".//w:lastRenderedPageBreak"


def _breaks(element: Any) -> tuple[int, int]:
    return len(element.xpath(_EXPLICIT_BREAKS)), len(element.xpath(_RENDERED_BREAKS))


def _docx_blocks(document: Any) -> Iterator[tuple[str, int]]:
    """(text, page breaks in it) of each paragraph and table row, in document order.

    Word marks the start of a page it laid out with ``lastRenderedPageBreak``; after an explicit
    page break it writes that mark too, at the start of the next page, which is not a second page.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    after_explicit = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            items = [(block.text, block._p)]
        elif isinstance(block, Table):
            items = []
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                items.append((" · ".join(cells), row._tr))
        else:
            continue
        for text, element in items:
            explicit, rendered = _breaks(element)
            consumed = after_explicit and rendered > 0
            if consumed:
                rendered -= 1
            after_explicit = explicit > 0 or (after_explicit and not consumed and not text.strip())
            yield text, explicit + rendered


def _docx(path: Path, limits: Limits) -> Extracted:
    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ExtractionError("unreadable") from error
    result = Extracted()
    page, lines = 1, list[str]()
    for text, breaks in _docx_blocks(document):
        if breaks and lines:
            if not result.add(page, "\n\n".join(lines), limits):
                return result
            lines = []
        page += breaks
        if text.strip():
            lines.append(text.strip())
    if lines:
        result.add(page, "\n\n".join(lines), limits)
    return result


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx(path: Path, limits: Limits) -> Extracted:
    import openpyxl

    # A file object: openpyxl refuses a path without an .xlsx extension (stored uploads have none).
    with open(path, "rb") as stream:
        return _xlsx_read(openpyxl.load_workbook(stream, read_only=True, data_only=True), limits)


def _xlsx_read(workbook: Any, limits: Limits) -> Extracted:
    result = Extracted()
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            lines = [sheet.title]
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                if index >= limits.max_rows:
                    result.truncated = True
                    break
                cells = [text for text in (_cell(value) for value in row) if text]
                if cells:
                    lines.append(" · ".join(cells))
            # Each row is a line; rows become passages like paragraphs (split_passages).
            if not result.add(number, "\n\n".join(lines), limits):
                break
        if len(workbook.worksheets) > len(result.pages):
            result.truncated = True
    finally:
        workbook.close()
    return result


# --- Passages ----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks between blank lines, their lines joined (a PDF breaks lines by width)."""
    blocks = []
    for block in _BLANK_LINES.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            blocks.append(joined)
    return blocks


def _pieces(paragraph: str, limit: int) -> list[str]:
    """A long paragraph cut at sentence ends into pieces of at most ``limit`` characters (a
    sentence longer than that is cut at a space)."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for whole in _SENTENCE_END.split(paragraph):
        sentence = whole
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


def split_passages(text: str, *, limit: int = PASSAGE_CHARS, minimum: int = MIN_PASSAGE_CHARS) -> list[str]:
    """The passages of one page: paragraphs, a short one joined to the next, a long one cut."""
    passages: list[str] = []
    carry = ""
    for paragraph in _paragraphs(text):
        for part in _pieces(paragraph, limit):
            piece = part
            if carry and len(carry) + 1 + len(piece) <= limit:
                piece = f"{carry} {piece}"
            elif carry:
                passages.append(carry)
            carry = ""
            if len(piece) < minimum:
                carry = piece
            else:
                passages.append(piece)
    if carry:
        passages.append(carry)
    return passages
