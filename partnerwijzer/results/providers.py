"""What higher apps hand down to the results pages (docs/architecture.md).

``documents`` is above results and builds the progress report; it registers here the links the
results page shows for downloading it, so results never names a documents URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportLink:
    label: str
    url: str
    format: str


ReportLinkProvider = Callable[[Any], list[ReportLink]]
"""``(project) -> links``."""

REPORT_LINKS: list[ReportLinkProvider] = []


def report_links(project: Any) -> list[ReportLink]:
    return [link for provide in REPORT_LINKS for link in provide(project)]
