"""What every server-rendered SVG chart shares: escaping, coordinates and the document frame.

The charts (planning's prioritisation matrix, the cost range, the return and the ranking charts)
are built as strings: every text is user input or translated, so it is escaped here, once.
Part of the shared kit (docs/architecture.md): imports no app.
"""

from __future__ import annotations

from html import escape

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
INK = "#1b1f24"
INK_SOFT = "#4a5260"


def text(value: object) -> str:
    """Escape text content (``&``, ``<``, ``>``)."""
    return escape(str(value), quote=False)


def attr(value: object) -> str:
    """Escape an attribute value (also quotes)."""
    return escape(str(value), quote=True)


def num(value: float) -> str:
    """Coordinates with at most two decimals, no exponent, no ``-0``."""
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if out in {"-0", ""} else out


def document(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """A complete SVG image: labelled by its title and description, on a white background."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{attr(FONT)}" font-size="13" fill="{INK}">'
        f'<title id="chart-title">{text(title)}</title><desc id="chart-desc">{text(desc)}</desc>'
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="#ffffff"/>'
    )
    return head + "".join(body) + "</svg>\n"
