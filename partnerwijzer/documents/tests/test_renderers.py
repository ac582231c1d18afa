"""The renderers with hostile text: DOCX read back with python-docx, PDF text extracted with
pypdf, the first PDF page rasterised to a PNG test artifact, the scoring matrix read with
openpyxl (formulas only from our code, user text never a formula)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from partnerwijzer.documents.render_docx import render_docx, svg_to_png
from partnerwijzer.documents.render_pdf import css_string, html_for, render_pdf
from partnerwijzer.documents.scoring_matrix import build_scoring_matrix
from partnerwijzer.documents.tests.helpers import AMP, FORMULA, HOSTILE, hostile_document, scored_selection
from tests.personas import Personas

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _docx_texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    texts += [p.text for p in document.sections[0].header.paragraphs]
    return texts


def test_docx_keeps_hostile_text_as_text() -> None:
    data = render_docx(hostile_document())
    texts = _docx_texts(data)
    joined = "\n".join(texts)
    assert f"Offerteaanvraag {HOSTILE}" in texts
    assert FORMULA in texts
    assert AMP in joined
    assert "KlingelTon" in joined
    assert "\x07" not in joined
    assert "Hoe gaat u om met trainingsdata? <script>alert(1)</script>" in joined
    assert "Radar van Alpha" in joined
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
        assert "<script>" not in xml
        assert "&lt;script&gt;" in xml
        assert "HYPERLINK" not in "".join(xml.split("w:t")[::2])  # never a field instruction
        assert any(name.startswith("word/media/") for name in archive.namelist()), "chart embedded as PNG"


def test_docx_speaks_the_document_language() -> None:
    data = render_docx(hostile_document("de"))
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "de-DE"


def test_chart_png_is_a_png() -> None:
    png = svg_to_png(hostile_document().blocks[7].svg, 120)  # type: ignore[union-attr]
    assert png is not None
    assert png.startswith(b"\x89PNG")


def test_pdf_text_contains_the_content_and_the_html_is_escaped() -> None:
    document = hostile_document()
    html = html_for(document)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "data:image/svg+xml;base64," in html
    assert "<svg" not in html
    data = render_pdf(document)
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Offerteaanvraag", HOSTILE, "HYPERLINK", AMP, "KlingelTon", "Wij bouwen machines",
                     "Einde van het document", "Machinebouw"):
        assert expected in text, expected
    assert "\x07" not in text
    assert len(reader.pages) >= 3  # title page, content, after the page break


def test_css_string_escapes_everything_but_letters() -> None:
    assert css_string('Seite"}; @import url(x)') == '"Seite\\22 \\7d \\3b  \\40 import url\\28 x\\29 "'


def test_first_pdf_page_as_png_artifact() -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (Debian package poppler-utils) is needed; .ci/run installs it"
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "document-sample.pdf"
    source.write_bytes(render_pdf(hostile_document()))
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "2", str(source), str(ARTIFACTS / "document-sample")],
        check=True, timeout=60,
    )
    pages = sorted(ARTIFACTS.glob("document-sample-*.png"))
    assert pages
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    source.unlink()


# --- Scoring matrix ----------------------------------------------------------------------------------


@pytest.fixture
def workbook(personas: Personas):  # type: ignore[no-untyped-def]
    built = scored_selection(personas)
    data = build_scoring_matrix(personas.organisation, built.selection.pk, "en")
    return load_workbook(io.BytesIO(data)), built


def test_scoring_matrix_sheets_and_formulas(workbook) -> None:  # type: ignore[no-untyped-def]
    wb, _built = workbook
    assert wb.sheetnames == ["Weights", "Scores", "Consensus", "Ranking"]
    formulas = [
        (ws.title, cell.coordinate, cell.value)
        for ws in wb.worksheets for row in ws.iter_rows() for cell in row
        if cell.data_type == "f"
    ]
    assert formulas
    for _sheet, _coord, value in formulas:
        assert value.startswith(("=SUM(", "=IF(SUM(", "=SUMPRODUCT(", "='Weights'!", "='Consensus'!")), value
    assert any("SUMPRODUCT" in v for *_x, v in formulas)
    # Weights: entered weights and their shares
    weights = wb["Weights"]
    assert [weights.cell(row=r, column=5).value for r in (5, 6, 7)] == [50, 30, 20]


def test_scoring_matrix_user_text_is_never_a_formula(workbook) -> None:  # type: ignore[no-untyped-def]
    wb, _built = workbook
    texts = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "f":
                    texts.setdefault(cell.value, cell)
    assert FORMULA in texts
    assert texts[FORMULA].data_type == "s"
    assert texts[FORMULA].quotePrefix
    assert f"{HOSTILE} & Co" in texts
    comment = f"{FORMULA} KlingelTon"
    assert comment in texts
    assert texts[comment].quotePrefix
    assert "-1+2" in texts
    assert texts["-1+2"].quotePrefix


def test_scoring_matrix_totals_match_the_ranking(workbook) -> None:  # type: ignore[no-untyped-def]
    wb, built = workbook
    from partnerwijzer.evaluation.ranking.selectors import ranking_for

    ranking = ranking_for(selection=built.selection)
    sheet = wb["Ranking"]
    names = [sheet.cell(row=r, column=2).value for r in range(4, 4 + len(ranking.candidates))]
    assert names == [r.candidate.name for r in ranking.candidates]
    assert [sheet.cell(row=r, column=1).value for r in range(4, 7)] == [r.rank for r in ranking.candidates]
    assert all(str(sheet.cell(row=r, column=3).value).startswith("='Consensus'!") for r in range(4, 7))


def test_scoring_matrix_only_for_its_organisation(personas: Personas) -> None:
    from partnerwijzer.sourcing.models import Selection

    built = scored_selection(personas)
    with pytest.raises(Selection.DoesNotExist):
        build_scoring_matrix(personas.other_organisation, built.selection.pk, "nl")


def test_scoring_matrix_leaves_out_unsubmitted_scores(personas: Personas) -> None:
    built = scored_selection(personas)
    seat = built.evaluators[1]
    seat.submitted_at = None
    seat.save()
    wb = load_workbook(io.BytesIO(build_scoring_matrix(personas.organisation, built.selection.pk, "nl")))
    evaluators = {c.value for c in wb.worksheets[1]["A"][3:] if c.value}
    assert evaluators == {str(built.evaluators[0].user)}
