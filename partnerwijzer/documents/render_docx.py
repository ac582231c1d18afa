"""A :class:`~partnerwijzer.documents.content.Document` as a Word file (python-docx).

python-docx writes every text as XML character data (escaped), so user text can never become
markup or a field code; characters XML cannot hold (``\\x07`` and friends) are dropped first.
The only field code in the file is our own page number in the footer.

Charts: Word has no reliable SVG support, so each chart is embedded as a PNG rendered from the
same SVG (WeasyPrint draws it into a one-page PDF, PDFium from the pypdfium2 wheel rasterises
it: no system package), with the caption as alternative text and below the picture. Where a
chart cannot be rasterised the document carries the caption and a note that the chart is in
the PDF version.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, Final

import docx
from django.utils import translation
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from partnerwijzer.documents import content as c
from partnerwijzer.documents.rasterise import pdf_pages_to_png
from partnerwijzer.documents.render_pdf import clean_text, svg_data_uri

logger = logging.getLogger(__name__)

LOCALES: Final = {"nl": "nl-NL", "en": "en-GB", "de": "de-DE"}
PNG_DPI: Final = 200
_VIEWBOX: Final = re.compile(r'viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"')
GREY: Final = RGBColor(0x55, 0x55, 0x55)


# --- Charts ----------------------------------------------------------------------------------------


def svg_to_png(svg: str, width_mm: float) -> bytes | None:
    """The SVG as a PNG ``width_mm`` wide at 200 dpi, or None when it cannot be rasterised here."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    match = _VIEWBOX.search(svg)
    ratio = float(match.group(2)) / float(match.group(1)) if match and float(match.group(1)) > 0 else 0.75
    width = max(20.0, min(width_mm, 170.0))
    height = round(width * ratio, 2)
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    css = (f"@page {{ size: {width}mm {height}mm; margin: 0 }} html, body {{ margin: 0 }} "
           f"img {{ display: block; width: {width}mm; height: {height}mm }}")
    html = HTML(string=f'<img src="{svg_data_uri(svg)}" alt="">', base_url="about:blank", url_fetcher=fetcher)
    pdf = html.write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
    try:
        pages = pdf_pages_to_png(bytes(pdf or b""), dpi=PNG_DPI, last=1)
    except Exception:
        logger.warning("Could not rasterise a chart for a DOCX", exc_info=True)
        return None
    return pages[0] if pages else None


# --- Helpers -----------------------------------------------------------------------------------------


def _set_language(doc: Any, language: str) -> None:
    """Word's proofing language of the whole document (the Normal style)."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LOCALES.get(language, "nl-NL"))
    rpr.append(lang)


def _page_number(paragraph: Any) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bottom_border(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "999999")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _add_lines(paragraph: Any, text: str, **font: Any) -> None:
    """``text`` into ``paragraph``, its line breaks kept as Word line breaks."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        run = paragraph.add_run(line)
        for key, value in font.items():
            setattr(run.font, key, value)
        if k < len(lines) - 1:
            run.add_break()


def _table(doc: Any, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], numeric: tuple[int, ...]) -> None:
    columns = max([len(header), *(len(r) for r in rows)]) or 1
    table = doc.add_table(rows=1 if header else 0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if header:
        cells = table.rows[0].cells
        for j, label in enumerate(header):
            cells[j].text = ""
            run = cells[j].paragraphs[0].add_run(clean_text(label))
            run.bold = True
            if j in numeric:
                cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Repeat the header row on every page the table spans.
        trpr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for j, value in enumerate(row):
            _add_lines(cells[j].paragraphs[0], clean_text(value))
            if j in numeric:
                cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _chart(doc: Any, chart: c.Chart) -> None:
    caption = clean_text(chart.caption)
    png = svg_to_png(chart.svg, chart.width_mm)
    if png is not None:
        doc.add_picture(io.BytesIO(png), width=Mm(max(20.0, min(chart.width_mm, 170.0))))
        # Alternative text: the caption (docPr/@descr of the picture just added).
        inline = doc.paragraphs[-1]._p.xpath(".//wp:docPr")
        if inline:
            inline[-1].set("descr", caption)
            inline[-1].set("title", caption)
        doc.add_paragraph(caption, style="Caption")
    else:
        doc.add_paragraph(caption, style="Caption")
        note = doc.add_paragraph()
        run = note.add_run(_("The chart is in the PDF version of this document."))
        run.italic = True


def _question(doc: Any, block: c.QuestionBlock) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    number = p.add_run(clean_text(block.number) + "  ")
    number.bold = True
    number.font.color.rgb = RGBColor(0x3B, 0x5B, 0x7A)
    _add_lines(p, clean_text(block.text), bold=True)
    if block.hint:
        hint = doc.add_paragraph()
        hint.paragraph_format.keep_with_next = True
        _add_lines(hint, clean_text(block.hint), italic=True, size=Pt(9))
    for _k in range(max(0, min(block.answer_lines, 40))):
        line = doc.add_paragraph()
        line.paragraph_format.space_after = Pt(10)
        _bottom_border(line)


# --- The document ------------------------------------------------------------------------------------


def render_docx(document: c.Document) -> bytes:
    with translation.override(document.language):
        return _render(document)


def _render(document: c.Document) -> bytes:  # noqa: PLR0912, PLR0915 - one branch per block type
    doc = docx.Document()
    title = clean_text(document.title)
    organisation = clean_text(document.organisation)
    props = doc.core_properties
    props.title = title[:255]
    props.author = organisation[:255]
    props.language = LOCALES.get(document.language, "nl-NL")
    _set_language(doc, document.language)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)

    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.add_run(f"{organisation} · {title}").font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{organisation} · {title}    {_('Page')} ").font.size = Pt(8)
    _page_number(footer)

    # Title page.
    org_line = doc.add_paragraph()
    org_line.add_run(organisation).font.size = Pt(13)
    doc.add_paragraph(title, style="Title")
    if document.subtitle:
        doc.add_paragraph(clean_text(document.subtitle), style="Subtitle")
    if document.meta:
        meta = doc.add_table(rows=0, cols=2)
        for label, value in document.meta:
            cells = meta.add_row().cells
            cells[0].paragraphs[0].add_run(clean_text(label)).bold = True
            _add_lines(cells[1].paragraphs[0], clean_text(value))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for block in document.blocks:
        match block:
            case c.Heading(text=text, level=level):
                doc.add_heading(clean_text(text), level=max(1, min(level, 3)))
            case c.Paragraph(text=text, style=style):
                p = doc.add_paragraph()
                if style == "note":
                    _add_lines(p, clean_text(text), size=Pt(9), italic=True)
                elif style == "lead":
                    _add_lines(p, clean_text(text), size=Pt(12))
                elif style == "warning":
                    _add_lines(p, clean_text(text), bold=True)
                else:
                    _add_lines(p, clean_text(text))
            case c.BulletList(items=items, numbered=numbered):
                for item in items:
                    _add_lines(doc.add_paragraph(style="List Number" if numbered else "List Bullet"), clean_text(item))
            case c.KeyValues(rows=rows):
                _table(doc, (), tuple((k, v) for k, v in rows), ())
            case c.Table(header=head, rows=rows, caption=caption, numeric=numeric):
                if caption:
                    doc.add_paragraph(clean_text(caption), style="Caption")
                _table(doc, head, rows, numeric)
            case c.Chart():
                _chart(doc, block)
            case c.QuestionBlock():
                _question(doc, block)
            case c.PageBreak():
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
