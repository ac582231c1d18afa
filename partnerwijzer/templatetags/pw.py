"""Template filters shared by every page: locale-aware numbers, money and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from partnerwijzer import formatting, pagelinks

register = template.Library()


@register.filter
def money(value: Decimal | float | int | None) -> str:
    return "" if value is None else formatting.money(value)


@register.filter
def num(value: Decimal | float | int | None, digits: int = 0) -> str:
    return "" if value is None else formatting.number(value, digits=digits)


@register.filter
def pct(value: Decimal | float | None, digits: int = 0) -> str:
    return "" if value is None else formatting.percent(value, digits=digits)


@register.filter
def longdate(value: date | datetime | None) -> str:
    return "" if value is None else formatting.long_date(value)


@register.filter
def moment(value: datetime | None) -> str:
    """``7 december 2026 13:36``: a moment (a stored UTC datetime) in the organisation's time zone,
    through the one formatter, like the moments in messages and documents."""
    return "" if value is None else formatting.date_time(timezone.localtime(value))


@register.filter
def partialdate(value: str | int | date | None) -> str:
    """``2025`` / ``oktober 2025`` / ``16 september 2025``: a source's date in running text."""
    return "" if value in (None, "") else formatting.partial_date(value)


@register.filter
def monthyear(value: date | datetime | None) -> str:
    return "" if value is None else formatting.month_year(value)


@register.filter
def year(value: int | str | None) -> str:
    """A year without a thousands separator (``2025``, not ``2.025``)."""
    return "" if value in (None, "") else formatting.year(value)


@register.filter
def tr(value: Any) -> str:
    """Pick the current language from a localised reference text (nl/en/de)."""
    if value is None:
        return ""
    getter = getattr(value, "get", None)
    from django.utils import translation

    lang = (translation.get_language() or "nl")[:2]
    if callable(getter):
        try:
            return str(getter(lang))
        except TypeError:
            pass
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("nl") or "")
    return str(value)


@register.filter
def figure(value: Any) -> str:
    """A reference figure formatted for the current language (``22 %``, ``€ 20.000 – € 50.000``)."""
    from django.utils import translation

    return str(value.format((translation.get_language() or "nl")[:2]))


@register.inclusion_tag("includes/figure.html")
def reference_figure(fig: Any) -> dict[str, Any]:
    """A figure with its label and provenance: shown as the guide's reference value."""
    from partnerwijzer.knowledge.loader import reference

    source = reference().source(fig.source)
    from partnerwijzer.knowledge import overrides

    # The practitioner guide gives no references we could check: its figures are its statements.
    is_guide = source.kind == "practitioner guide"
    # The organisation replaced the guide's figure: show its value, and the guide's beside it.
    guide_fig = overrides.original(fig)
    return {"fig": fig, "source": source, "key": source.key, "year": str(source.year), "is_guide": is_guide,
            "guide_fig": guide_fig}


@register.simple_tag
def page_url(name: str, *args: Any) -> str:
    """The URL of a page a higher app registered as ``name`` (:mod:`partnerwijzer.pagelinks`), or ""."""
    return pagelinks.url(name, *args)
