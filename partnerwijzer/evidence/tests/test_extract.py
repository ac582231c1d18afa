"""Reading PDF, DOCX and XLSX page by page, the limits, damaged files, and passages."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerwijzer.demo import demo_docx, demo_pdf
from partnerwijzer.evidence import extract
from partnerwijzer.evidence.tests.builders import openpyxl_bytes


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pdf_text_per_page(tmp_path: Path) -> None:
    pages = [["First page about spindles."], ["Second page about GDPR (AVG)."]]
    path = _file(tmp_path, "a-pdf-without-extension", demo_pdf(pages))
    result = extract.extract(path, "pdf")
    assert [number for number, _text in result.pages] == [1, 2]
    assert "spindles" in result.pages[0][1]
    assert "GDPR (AVG)" in result.pages[1][1]
    assert not result.truncated


def test_docx_pages_follow_the_page_breaks(tmp_path: Path) -> None:
    pages = [["Intro paragraph."], ["Second page."], ["Third page text."]]
    path = _file(tmp_path, "a-docx-without-extension", demo_docx(pages))
    result = extract.extract(path, "docx")
    assert result.pages == [(1, "Intro paragraph."), (2, "Second page."), (3, "Third page text.")]


def test_xlsx_sheets_are_pages_and_rows_are_lines(tmp_path: Path) -> None:
    data = openpyxl_bytes({"Projects": [["Customer", "Result"], ["Foundry", "25% less downtime"]],
                           "Costs": [["Licence", 9600.0]]})
    # Stored uploads have no extension; the reader must not depend on one.
    result = extract.extract(_file(tmp_path, "stored-upload-without-extension", data), "xlsx")
    assert result.pages == [(1, "Projects\n\nCustomer · Result\n\nFoundry · 25% less downtime"),
                            (2, "Costs\n\nLicence · 9600")]


def test_page_and_character_limits_cut_and_say_so(tmp_path: Path) -> None:
    path = _file(tmp_path, "long.pdf", demo_pdf([[f"Page {n} text."] for n in range(1, 8)]))
    result = extract.extract(path, "pdf", extract.Limits(max_pages=3))
    assert [n for n, _t in result.pages] == [1, 2, 3]
    assert result.truncated
    short = extract.extract(path, "pdf", extract.Limits(max_chars=20))
    assert short.truncated
    assert short.chars == 20


@pytest.mark.parametrize(("kind", "data", "reason"), [
    ("pdf", b"%PDF-1.4\nnot really a pdf", "unreadable"),
    ("docx", b"PK\x03\x04 broken zip", "unreadable"),
    ("xlsx", b"PK\x03\x04 broken zip", "unreadable"),
    ("pdf", demo_pdf([[""]]), "empty"),
    ("odt", b"anything", "unsupported"),
])
def test_damaged_or_empty_files_raise_a_reason(tmp_path: Path, kind: str, data: bytes, reason: str) -> None:
    with pytest.raises(extract.ExtractionError) as raised:
        extract.extract(_file(tmp_path, f"x.{kind}", data), kind)
    assert raised.value.reason == reason


def test_passages_are_paragraphs_short_ones_joined_long_ones_cut() -> None:
    text = "Heading\n\n" + "A sentence about data. " * 60 + "\n\nShort closing line."
    passages = extract.split_passages(text, limit=200, minimum=40)
    assert passages[0].startswith("Heading A sentence about data.")
    assert all(len(p) <= 200 for p in passages)
    assert passages[-1].endswith("Short closing line.")
    assert "".join(p.replace(" ", "") for p in passages) == text.replace("\n", "").replace(" ", "")
