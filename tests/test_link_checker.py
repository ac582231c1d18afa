"""Issue 11: a link checker. Logged in as each persona of the demo organisation, follow every link
from the dashboard in Dutch, German and English: no link a member can see leads to a 4xx or 5xx,
and every date input on the way holds an ISO value (a browser's date picker shows anything else
as empty, and the date is lost on the next save).

It uses the Django test client (no browser), reads each page once per persona and language, and
does not follow links that leave the site or log out; of links to one route with other ids or
query values it follows the first four (see ``PER_PATTERN``)."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from lxml import html as lxml_html

from partnerwijzer.accounts.models import User
from partnerwijzer.demo import DEMO_OWNER_EMAIL, demo_seed

pytestmark = pytest.mark.django_db

PERSONAS = {
    "owner": DEMO_OWNER_EMAIL,
    "evaluator": "pieter.bakker@partnerwijzer.example",
    "viewer": "lisa.mulder@partnerwijzer.example",
}
SKIP_PATHS = ("/accounts/logout", "/static/", "/media/", "/admin/")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PER_PATTERN = 4
"""Links of one pattern (the same route with other ids or query values: the 48 consensus cells, each
criterion's edit page) are followed for the first few only; every route a member can reach is read."""
_ID = re.compile(r"/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)(?=/|$)")
MAX_PAGES = 600
def _links(page: bytes) -> list[str]:
    tree = lxml_html.fromstring(page)
    return [str(href) for href in tree.xpath("//a/@href")]


def _date_inputs(page: bytes) -> list[tuple[str, str]]:
    tree = lxml_html.fromstring(page)
    return [(el.get("name", ""), el.get("value", "")) for el in tree.xpath('//input[@type="date"]')]


def _internal(href: str) -> str | None:
    href, _fragment = urldefrag(href.strip())
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None  # mailto:, external sources, relative oddities
    if parts.path.startswith(SKIP_PATHS):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def pattern(url: str) -> str:
    """``/selections/<id>/consensus/<id>/<id>/?round=2`` -> ``/selections/ID/consensus/ID/ID/?round``."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return _ID.sub("/ID", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(client: Client) -> tuple[dict[str, int], list[str], dict[str, set[str]]]:
    """Every page reachable by links from the dashboard: status per URL, the date inputs seen
    (``url: name=value``, bad ones marked ``NOT ISO``), referrers."""
    seen: dict[str, int] = {}
    referrers: dict[str, set[str]] = {}
    per_pattern: dict[str, int] = {"/": 1}
    dates: list[str] = []
    queue = deque(["/"])
    queued = {"/"}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code in (301, 302):
            target = _internal(response["Location"])
            if target and target not in queued:
                queued.add(target)
                queue.append(target)
                referrers.setdefault(target, set()).add(url)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content
        dates += [f"{url}: {name}={value!r}" + ("" if not value or ISO_DATE.match(value) else " NOT ISO")
                  for name, value in _date_inputs(page)]
        for href in _links(page):
            target = _internal(href)
            if target is None or target in queued:
                continue
            key = pattern(target)
            if per_pattern.get(key, 0) >= PER_PATTERN:
                continue
            per_pattern[key] = per_pattern.get(key, 0) + 1
            queued.add(target)
            queue.append(target)
            referrers.setdefault(target, set()).add(url)
    return seen, dates, referrers


@pytest.fixture
def demo() -> None:
    demo_seed()


@pytest.mark.parametrize("language", ["nl", "de", "en"])
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_link_from_the_dashboard_works(demo: None, persona: str, language: str) -> None:
    client = Client()
    client.force_login(User.objects.get(email=PERSONAS[persona]),
                       backend="django.contrib.auth.backends.ModelBackend")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen, dates, referrers = crawl(client)
    assert seen["/"] == 200
    assert len(seen) > 20, f"the crawl found only {sorted(seen)}"  # it really walked the app
    broken = {url: status for url, status in seen.items()
              if status >= 400}
    assert broken == {}, {url: (status, sorted(referrers.get(url, ()))[:3]) for url, status in broken.items()}
    assert [d for d in dates if d.endswith("NOT ISO")] == []
    if persona == "owner":  # the owner's edit forms hold dates: the check above really ran
        filled = [d for d in dates if not d.endswith("=''")]
        assert len(filled) >= 3, dates
