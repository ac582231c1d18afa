"""Shared pieces of the decision report: the facts read once, and small text helpers.

Every helper returns plain text in the active language (the report is built inside
``translation.override``); numbers, money and dates go through :mod:`partnerwijzer.formatting`.
User text is passed through unchanged: the renderers escape it for their format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerwijzer.formatting import current_locale
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import Figure, normalise_language

if TYPE_CHECKING:
    from partnerwijzer.accounts.models import Organisation
    from partnerwijzer.budget.estimate.selectors import EstimateResult
    from partnerwijzer.budget.models import Budget
    from partnerwijzer.budget.returns.selectors import ReturnOverview
    from partnerwijzer.contract.models import PartnerDecision
    from partnerwijzer.contract.selectors import ContractReadiness
    from partnerwijzer.evaluation.ranking.selectors import Ranking
    from partnerwijzer.planning.models import UseCase
    from partnerwijzer.sourcing.models import Selection


@dataclass(frozen=True)
class ReportFacts:
    """Everything several sections need, read once per report."""

    organisation: Organisation
    selection: Selection
    use_case: UseCase | None
    language: str
    ranking: Ranking
    decision: PartnerDecision | None
    budget: Budget | None
    estimate: EstimateResult | None
    returns: ReturnOverview | None
    contract: ContractReadiness


def lang() -> str:
    return normalise_language(translation.get_language())


def person(user: Any, fallback: str = "") -> str:
    """A person's name (or e-mail address), or ``fallback`` when the account is gone."""
    if user is None:
        return fallback or _("a deleted account")
    return str(getattr(user, "full_name", "") or getattr(user, "email", "") or fallback)


def day(value: date | datetime | None) -> str:
    """A date (or a moment, in the server's time zone) as the locale writes it short: 30-06-2026."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return format_date(value, format="medium", locale=current_locale())


def moment(value: datetime) -> str:
    """Date and time (hours and minutes) in the server's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date(), format='short', locale=current_locale())} {local:%H:%M}"


def source_name(key: str) -> str:
    """``Title of the source (2025)`` of a key of sources.yaml; the key itself if unknown."""
    try:
        src = reference().source(key)
    except KeyError:
        return key
    title = src.title.get(lang())
    return title if str(src.year) in title else f"{title} ({src.year})"


def reference_text(fig: Figure) -> str:
    """A guide figure with what it means and where it comes from, never as our own number."""
    return _("%(value)s: %(label)s (reference value; source: %(source)s)") % {
        "value": fig.format(lang()),
        "label": fig.label.get(lang()),
        "source": source_name(fig.source),
    }


def or_dash(text: str | None) -> str:
    return text if text else "—"
