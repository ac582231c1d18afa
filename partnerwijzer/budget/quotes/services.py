"""Write side of the candidates' quotes.

The choice to take the price criterion from them is part of how a selection is scored, so
evaluation keeps it (``evaluation.scoring.services.price_from_quotes_set``).

Every write validates first (known category keys, amounts >= 0 and within the stored size),
writes atomically and records an audit event; invalid input raises ``ValidationError`` with a
translated message per field and stores nothing.

Field names in errors: the category key (``strategy``, ``data``, ...), ``running_per_year``,
``note``, or ``lines`` for an unknown category.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.amounts import MONEY_MAX, AmountError, Problem, checked_amount
from partnerwijzer.budget.models import Quote, QuoteLine, QuoteSource
from partnerwijzer.budget.quotes.selectors import categories
from partnerwijzer.locking import lock_parent
from partnerwijzer.sourcing.models import Candidate

MAX_AMOUNT = MONEY_MAX
"""The largest amount the database stores (12 digits, 2 decimals)."""
NOTE_MAX = 5000


def _amount(field: str, raw: Any, errors: dict[str, list[str]]) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return checked_amount(raw, maximum=MAX_AMOUNT)
    except AmountError as error:
        errors.setdefault(field, []).append({
            Problem.INVALID: _("Enter an amount in euro, e.g. 25000."),
            Problem.NEGATIVE: _("An amount cannot be negative."),
            Problem.TOO_LARGE: _("This amount is too large."),
        }[error.problem])
        return None


def validate_quote(
    lines: Mapping[str, Any], running_per_year: Any, note: str = ""
) -> tuple[dict[str, Decimal], Decimal]:
    """Check a quote's input; returns the amounts per category (blank ones left out) and the
    running cost per year (blank is 0). Raises ``ValidationError`` naming every bad field."""
    errors: dict[str, list[str]] = {}
    known = categories()
    unknown = sorted(str(k) for k in lines if k not in known)
    if unknown:
        errors["lines"] = [
            _("Unknown cost category: %(keys)s. Use one of: %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(known)}
        ]
    amounts: dict[str, Decimal] = {}
    for key in known:
        value = _amount(key, lines.get(key), errors)
        if value is not None:
            amounts[key] = value
    running = _amount("running_per_year", running_per_year, errors)
    if len(note) > NOTE_MAX:
        errors["note"] = [_("The note can have at most %(max)d characters.") % {"max": NOTE_MAX}]
    if not errors and not amounts and not running:
        errors["lines"] = [_("Enter at least one amount of the quote.")]
    if errors:
        raise ValidationError(errors)
    return amounts, running or Decimal(0)


def _snapshot(quote: Quote | None) -> dict[str, str]:
    if quote is None:
        return {}
    out = {line.category: str(line.amount) for line in quote.lines.all()}
    out["running_per_year"] = str(quote.running_per_year)
    return out


@transaction.atomic
def quote_save(
    *,
    actor: User | None,
    candidate: Candidate,
    lines: Mapping[str, Any],
    running_per_year: Any = None,
    received_on: date | None = None,
    note: str = "",
    source: QuoteSource = QuoteSource.MANUAL,
) -> Quote:
    """Create or replace ``candidate``'s quote: amounts per cost category plus running cost per
    year. A category left blank is not part of the quote (no line). Audited."""
    note = (note or "").strip()
    amounts, running = validate_quote(lines, running_per_year, note)
    lock_parent(candidate)  # one quote per candidate, also when two saves of a new one meet
    quote = Quote.objects.select_for_update().filter(candidate=candidate).first()
    before = _snapshot(quote)
    created = quote is None
    if quote is None:
        quote = Quote(candidate=candidate)
    quote.running_per_year = running
    quote.received_on = received_on
    quote.note = note
    quote.source = source
    quote.updated_by = actor
    quote.save()
    quote.lines.exclude(category__in=list(amounts)).delete()
    existing = {line.category: line for line in quote.lines.all()}
    for key, amount in amounts.items():
        line = existing.get(key)
        if line is None:
            QuoteLine.objects.create(quote=quote, category=key, amount=amount)
        elif line.amount != amount:
            line.amount = amount
            line.save(update_fields=["amount"])
    after = {key: str(amount) for key, amount in amounts.items()} | {"running_per_year": str(running)}
    changes = {key: [before.get(key), after.get(key)] for key in sorted(set(before) | set(after))
               if before.get(key) != after.get(key)}
    audit_record(
        actor=actor, organisation=candidate.selection.organisation,
        action="quote.create" if created else "quote.update", target=quote,
        changes={"candidate": str(candidate.pk), "source": str(source), **changes},
    )
    return quote


@transaction.atomic
def quote_delete(*, actor: User, candidate: Candidate) -> bool:
    """Delete ``candidate``'s quote with its lines; False when it had none. Audited."""
    quote = Quote.objects.select_for_update().filter(candidate=candidate).first()
    if quote is None:
        return False
    before = _snapshot(quote)
    audit_record(
        actor=actor, organisation=candidate.selection.organisation, action="quote.delete", target=quote,
        changes={"candidate": str(candidate.pk), **{k: [v, None] for k, v in before.items()}},
    )
    quote.delete()
    return True
