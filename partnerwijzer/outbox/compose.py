"""Plain text plus simple HTML from the same few paragraphs, and absolute links for messages.

Messages leave the site, so their links are absolute: ``settings.PARTNERWIJZER_SITE_URL`` (the
address people open the product at; ``make run`` sets it to its own address) plus the path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html, format_html_join


@dataclass(frozen=True)
class Body:
    text: str
    html: str


def absolute_url(path: str) -> str:
    """``path`` (starting with ``/``) on the site's public address."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.PARTNERWIJZER_SITE_URL.rstrip("/") + path


def compose(paragraphs: Sequence[str], *, link: tuple[str, str] | None = None,
            after: Sequence[str] = ()) -> Body:
    """A message body: ``paragraphs``, then an optional ``(words, url)`` link, then ``after``.

    The text version writes the link's address on its own line; the HTML version escapes every
    paragraph (names of firms and selections are user input).
    """
    lines = [p.strip() for p in paragraphs if p.strip()]
    tail = [p.strip() for p in after if p.strip()]
    text_parts = list(lines)
    html = format_html_join("", "<p>{}</p>", ((p,) for p in lines))
    if link is not None:
        words, url = link[0], absolute_url(link[1])
        text_parts.append(f"{words}:\n{url}")
        html += format_html('<p><a href="{}">{}</a></p>', url, words)
    text_parts.extend(tail)
    html += format_html_join("", "<p>{}</p>", ((p,) for p in tail))
    return Body(text="\n\n".join(text_parts) + "\n", html=f"<html><body>{html}</body></html>")



def recipient_language(user: object | None, organisation: object) -> str:
    """The language a message to ``user`` is written in: their own choice, else the organisation's."""
    chosen = getattr(user, "language", "") if user is not None else ""
    return chosen or str(getattr(organisation, "language", "") or settings.LANGUAGE_CODE)
