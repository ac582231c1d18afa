"""Links a lower app's page shows to a higher app's pages, registered by the higher app.

A template of a lower app never names a higher app's route (``{% url 'portal:links' ... %}``:
``tests/test_layering.py`` reads the templates too). Instead it asks for a link by what it is
(``{% page_url "questionnaire.portal_links" selection questionnaire as url %}``), and the app
that owns the page registers how to build it in its ``AppConfig.ready``::

    pagelinks.register("questionnaire.portal_links", lambda selection, q: reverse("portal:links", ...))

Without a registration (the owner not installed) the tag gives ``""`` and the template leaves the
link out, so the lower app still works. The names and who registers them are listed in
docs/architecture.md. This module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable

UrlBuilder = Callable[..., str]

_BUILDERS: dict[str, UrlBuilder] = {}


def register(name: str, builder: UrlBuilder) -> None:
    """Let pages link to ``name``; a second registration of the same name replaces the first."""
    _BUILDERS[name] = builder


def url(name: str, *args: object) -> str:
    """The registered page's URL for ``args``, or ``""`` when nobody registered ``name``."""
    builder = _BUILDERS.get(name)
    return builder(*args) if builder is not None else ""


def registered() -> frozenset[str]:
    return frozenset(_BUILDERS)
