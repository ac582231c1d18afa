"""The one registry of links a higher app offers on a lower app's page (docs/architecture.md).

A lower app never names a higher app's route (``{% url 'portal:links' ... %}`` in a template or
``reverse("results:...")`` in its views: ``tests/test_layering.py`` reads both). The app that owns
the page registers the link in its ``AppConfig.ready``, in one of two forms:

* a plain URL, asked for by what it is. The owner registers a URL builder under a name::

      pagelinks.register("questionnaire.portal_links", lambda selection, q: reverse("portal:links", ...))

  and the template asks ``{% page_url "questionnaire.portal_links" selection questionnaire as url %}``
  and writes its own wording around it.
* a link with its own wording that depends on the subject's state and the reader's role (the
  contract checklist's "Start the project", or "Open the project's results" once it runs). The
  owner registers a provider ``(subject, is_owner) -> Link | None`` for a named slot::

      pagelinks.register_links("contract.decision", start_from_contract)

  and the lower view puts :func:`links_for` into its context for ``includes/later_links.html``.

Without a registration (the owner not installed) the URL is ``""`` and the slot has no links, so the
lower app still works. The names, slots and who registers them are listed in
docs/architecture.md. This module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


# --- Links with wording and state -------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    text: str = ""
    """An optional sentence shown before the link (what it leads to)."""
    button: bool = True


LinkProvider = Callable[[Any, bool], Link | None]
"""``(subject, is_owner) -> Link | None``: the subject is the page's object (a partner decision, a use case)."""

_PROVIDERS: dict[str, list[LinkProvider]] = {}
"""Slot name -> providers. Slots: ``contract.decision`` (a PartnerDecision), ``planning.use_case`` (a UseCase)."""


def register_links(slot: str, provider: LinkProvider) -> None:
    """Offer links in ``slot``; registering the same provider twice offers its link once."""
    providers = _PROVIDERS.setdefault(slot, [])
    if provider not in providers:
        providers.append(provider)


def links_for(slot: str, subject: Any, *, is_owner: bool) -> list[Link]:
    """The links registered for ``slot`` that apply to ``subject`` and the reader's role."""
    return [link for provide in _PROVIDERS.get(slot, ()) if (link := provide(subject, is_owner)) is not None]


def registered_slots() -> frozenset[str]:
    return frozenset(slot for slot, providers in _PROVIDERS.items() if providers)
