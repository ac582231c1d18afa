"""Writes of the market figures (docs/market.md): a client's owners give or withdraw consent, an
adviser organisation computes its figures. Each records an audit event."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decisioncore import market as dcm
from partnerwijzer import clock
from partnerwijzer.accounts.models import AdviserAccess, Organisation, User
from partnerwijzer.advisers.market import selectors
from partnerwijzer.advisers.models import MarketConsent, MarketSnapshot
from partnerwijzer.audit.services import audit_record


@transaction.atomic
def market_consent_set(*, actor: User | None, grant: AdviserAccess, consent: bool) -> MarketConsent | None:
    """Give (``consent=True``) or withdraw consent that the client's figures count, anonymised, in
    the grant's adviser organisation's market figures. Consent is given only on an active grant;
    withdrawing always works (revoking access withdraws it too); the same answer again changes
    nothing. Withdrawing recomputes the adviser's figures at once if it has any, so the company's
    figures leave them now, not at the next computation."""
    if consent and not grant.is_active:
        raise ValidationError(_("This adviser organisation no longer has access; there is nothing to consent to."))
    current = MarketConsent.objects.select_for_update().filter(client_id=grant.client_id,
                                                               adviser_id=grant.adviser_id).first()
    if consent and current is None:
        current = MarketConsent.objects.create(client_id=grant.client_id, adviser_id=grant.adviser_id,
                                               given_at=timezone.now(), given_by=actor)
    elif not consent and current is not None:
        current.delete()
        current = None
        if selectors.latest_snapshot(grant.adviser) is not None:
            market_figures_compute(actor=None, adviser=grant.adviser)
    else:
        return current
    changes = {"adviser": grant.adviser.name, "client": grant.client.name, "consent": consent}
    action = "market_consent.give" if consent else "market_consent.withdraw"
    # Both sides see it in their log, as with the grant itself.
    audit_record(actor=actor, organisation=grant.client, action=action, target=grant, changes=changes)
    audit_record(actor=actor, organisation=grant.adviser, action=action, target=grant, changes=changes)
    return current


def _aggregates(figures: list[selectors.Figure]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    keys = [(f.measure, f.archetype, f.category) for f in figures]
    shown = dcm.group_aggregates(keys, [f.company for f in figures], [f.value for f in figures])
    rows = []
    for key, agg in sorted(shown.items(), key=lambda item: str(item[0])):
        measure, archetype, category = cast(tuple[str, str, str], key)
        rows.append({"measure": measure, "archetype": archetype, "category": category,
                     "companies": agg.companies, "p25": round(agg.p25), "median": round(agg.median),
                     "p75": round(agg.p75)})
    # The companies behind each measure and type of application that has a figure shown.
    shown_keys = set(shown)
    companies: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for key, figure in zip(keys, figures, strict=True):
        if key in shown_keys:
            companies[(figure.measure, figure.archetype)].add(figure.company)
    groups = [{"measure": m, "archetype": a, "companies": len(c)} for (m, a), c in sorted(companies.items())]
    return rows, groups


@transaction.atomic
def market_figures_compute(*, actor: User | None, adviser: Organisation) -> MarketSnapshot:
    """Compute the adviser organisation's market figures now from its consenting clients and keep
    them as the only snapshot: earlier ones are deleted, so figures a client has since withdrawn
    from are not kept. Only groups of at least five distinct companies are stored."""
    if not adviser.is_adviser:
        raise ValidationError(_("Only an adviser organisation has market figures."))
    consenting = selectors.consenting_clients(adviser).count()
    rows, groups = _aggregates(selectors.figures_of(adviser))
    MarketSnapshot.objects.filter(adviser=adviser).delete()
    snapshot = MarketSnapshot.objects.create(
        adviser=adviser, computed_on=clock.today(), computed_at=timezone.now(), companies=consenting,
        figures=rows, groups=groups,
    )
    audit_record(actor=actor, organisation=adviser, action="market_figures.compute", target=snapshot,
                 changes={"companies": consenting, "groups": len(rows)})
    return snapshot
