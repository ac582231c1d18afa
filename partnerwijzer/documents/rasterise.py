"""PDF pages as PNG images, with PDFium (the pypdfium2 wheel): no system package needed.

Used for the charts in DOCX files (an SVG drawn into a one-page PDF by WeasyPrint, then
rasterised here) and by the tests that keep page images of generated documents.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium

POINTS_PER_INCH = 72


def pdf_pages_to_png(pdf: bytes, *, dpi: int, first: int = 1, last: int | None = None) -> list[bytes]:
    """Pages ``first``..``last`` (1-based, inclusive; all by default) of ``pdf`` as PNG files."""
    document = pdfium.PdfDocument(pdf)
    try:
        end = len(document) if last is None else min(last, len(document))
        images: list[bytes] = []
        for index in range(max(first, 1) - 1, end):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG", optimize=True)
                images.append(buffer.getvalue())
            finally:
                page.close()
        return images
    finally:
        document.close()
