"""Links a higher app hands down to a lower app's page (docs/architecture.md).

A page of a lower app (the contract checklist, a use case) may need to lead to a later step
that a higher app owns (results: "start the project"). The lower app never names the higher
one's URLs; the higher app registers a provider for a named slot in its ``ready()``, and the
lower page shows whatever :func:`links_for` returns. Without the higher app the page simply has
no such link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    text: str = ""
    """An optional sentence shown before the link (what it leads to)."""
    button: bool = True


LinkProvider = Callable[[Any, bool], Link | None]
"""``(object, is_owner) -> Link | None``: the object is the page's subject (a partner decision, a use case)."""

LINK_PROVIDERS: dict[str, list[LinkProvider]] = {}
"""Slot name -> providers. Slots: ``contract.decision`` (a PartnerDecision), ``planning.use_case`` (a UseCase)."""


def register(slot: str, provider: LinkProvider) -> None:
    providers = LINK_PROVIDERS.setdefault(slot, [])
    if provider not in providers:
        providers.append(provider)


def links_for(slot: str, subject: Any, *, is_owner: bool) -> list[Link]:
    """The links registered for ``slot`` that apply to ``subject`` and the reader's role."""
    return [link for provide in LINK_PROVIDERS.get(slot, ()) if (link := provide(subject, is_owner)) is not None]
