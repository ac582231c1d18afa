"""A :class:`~partnerwijzer.documents.content.Document` as a PDF: a Django template (autoescaped)
rendered by WeasyPrint.

* User text only ever reaches the HTML through the template's autoescaping, so it can never
  become markup; characters XML cannot hold are dropped first (:func:`clean_text`).
* Charts stay vector graphics and their SVG never enters the HTML: each one is an
  ``<img src="data:image/svg+xml;base64,...">``.
* WeasyPrint may fetch nothing but those ``data:`` URLs (no files, no network), whatever a
  document contains.
* Header and footer (organisation and title) are running elements of the HTML, not CSS
  strings, so they are escaped like every other text; the page number is a CSS counter.
* Fixed labels speak the document's language (``translation.override``); fonts are DejaVu,
  which Debian's ``fonts-dejavu-core`` provides (.ci/run installs it).
"""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass
from typing import Any, Final

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.documents import content as c

# WeasyPrint logs every layout step at INFO; the worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATE: Final = "documents/pdf/document.html"
STYLESHEET: Final = "documents/pdf/print.css"

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
_XML_INVALID: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the control characters XML (and so HTML, DOCX, XLSX) cannot hold."""
    return _XML_INVALID.sub("", str(text))


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: everything but letters, digits and spaces as a hex escape."""
    out = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in clean_text(text))
    return f'"{out}"'


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass(frozen=True, slots=True)
class _Block:
    """One block as the template needs it (the type as a name, texts cleaned)."""

    type: str
    block: Any
    image: str = ""
    lines: range = range(0)  # answer lines of a question


def _clean(block: c.Block) -> Any:  # noqa: PLR0911 - one case per block type
    match block:
        case c.Heading(text=text, level=level):
            return c.Heading(clean_text(text), max(1, min(level, 3)))
        case c.Paragraph(text=text, style=style):
            return c.Paragraph(clean_text(text), style)
        case c.BulletList(items=items, numbered=numbered):
            return c.BulletList(tuple(clean_text(i) for i in items), numbered)
        case c.KeyValues(rows=rows):
            return c.KeyValues(tuple((clean_text(k), clean_text(v)) for k, v in rows))
        case c.Table(header=header, rows=rows, caption=caption, numeric=numeric):
            return c.Table(tuple(clean_text(h) for h in header),
                           tuple(tuple(clean_text(v) for v in row) for row in rows), clean_text(caption), numeric)
        case c.Chart(svg=svg, caption=caption, width_mm=width):
            return c.Chart(svg, clean_text(caption), max(20.0, min(float(width), 170.0)))
        case c.QuestionBlock(number=number, text=text, hint=hint, answer_lines=lines):
            return c.QuestionBlock(clean_text(number), clean_text(text), clean_text(hint), max(0, min(lines, 40)))
    return block


def _blocks(document: c.Document) -> list[_Block]:
    out = []
    for raw in document.blocks:
        block = _clean(raw)
        image = svg_data_uri(block.svg) if isinstance(block, c.Chart) else ""
        lines = range(block.answer_lines) if isinstance(block, c.QuestionBlock) else range(0)
        out.append(_Block(type(block).__name__.lower(), block, image, lines))
    return out


def html_for(document: c.Document) -> str:
    """The HTML WeasyPrint renders (also handy to look at in a browser while styling)."""
    with translation.override(document.language):
        return render_to_string(TEMPLATE, {
            "document": document,
            "title": clean_text(document.title),
            "subtitle": clean_text(document.subtitle),
            "organisation": clean_text(document.organisation),
            "meta": [(clean_text(k), clean_text(v)) for k, v in document.meta],
            "blocks": _blocks(document),
            "language": document.language,
        })


def page_css(language: str) -> str:
    """The translated page-number footer, as CSS (the one fixed text CSS has to carry)."""
    with translation.override(language):
        page, of = _("Page"), _("of")
    return (
        "@page { @bottom-right { content: " + css_string(page) + ' " " counter(page) " " '
        + css_string(of) + ' " " counter(pages); } }'
    )


def render_pdf(document: c.Document) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    stylesheet = render_to_string(STYLESHEET)
    html = HTML(string=html_for(document), base_url="about:blank", url_fetcher=fetcher)
    pdf = html.write_pdf(stylesheets=[
        CSS(string=stylesheet, url_fetcher=fetcher), CSS(string=page_css(document.language), url_fetcher=fetcher),
    ])
    return bytes(pdf or b"")
