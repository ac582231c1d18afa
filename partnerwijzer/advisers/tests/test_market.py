"""Market figures across clients (issue 17 item 6, docs/market.md): consent, the k >= 5 rule on
real data, the difference attack, the budget step's ranges, the pages and the query counts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerwijzer.accounts.models import AccessRole, Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_revoke
from partnerwijzer.advisers.market import selectors, services
from partnerwijzer.advisers.models import MarketConsent, MarketSnapshot
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.knowledge.topics import archetypes
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

ARCHETYPE = "predictive_maintenance"


def _archetype() -> str:
    keys = archetypes.load().keys
    return ARCHETYPE if ARCHETYPE in keys else keys[0]


def make_client(adviser: Organisation, index: int, *, amounts: tuple[int, ...] = (10_000,), consent: bool = True,
                archetype: str | None = None) -> tuple[Organisation, User]:
    """A client company with an active grant, a use case of the archetype and quotes for ``data``."""
    client = Organisation.objects.create(name=f"Client {index:03d}", language="en")
    owner = User.objects.create_user(email=f"owner{index}@client.example", password=PASSWORD, full_name="Owner",
                                     language="en")
    Membership.objects.create(user=owner, organisation=client, role=Role.OWNER)
    access = grant(client, adviser, AccessRole.READ, actor=owner)
    use_case = use_case_create(actor=owner, organisation=client, title="Maintenance",
                               archetype=archetype if archetype is not None else _archetype())
    selection = selection_create(actor=owner, organisation=client, title="Partner", use_case=use_case)
    for n, amount in enumerate(amounts):
        candidate = candidate_create(actor=owner, selection=selection, name=f"Firm {n}")
        quote_save(actor=owner, candidate=candidate, lines={"data": Decimal(amount), "model": Decimal(amount * 2)},
                   running_per_year=Decimal(1000))
    if consent:
        services.market_consent_set(actor=owner, grant=access, consent=True)
    return client, owner


def _shown(snapshot: MarketSnapshot) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(f["measure"], f["archetype"], f["category"]): f for f in snapshot.figures}


def test_consent_is_off_by_default_and_four_companies_give_no_figure() -> None:
    adviser, _ = make_adviser()
    for i in range(4):
        make_client(adviser, i, amounts=(10_000 * (i + 1),))
    make_client(adviser, 9, consent=False)  # a fifth client without consent does not count
    snapshot = services.market_figures_compute(actor=None, adviser=adviser)
    assert snapshot.companies == 4
    assert snapshot.figures == []
    assert snapshot.groups == []


def test_five_consenting_companies_give_their_percentiles_each_company_once() -> None:
    adviser, _ = make_adviser()
    # Client 0 has three quotes: it counts once, at their median (20,000).
    make_client(adviser, 0, amounts=(10_000, 20_000, 90_000))
    for i, amount in enumerate((30_000, 40_000, 50_000, 60_000), start=1):
        make_client(adviser, i, amounts=(amount,))
    snapshot = services.market_figures_compute(actor=None, adviser=adviser)
    data = _shown(snapshot)[("quote", _archetype(), "data")]
    assert (data["companies"], data["p25"], data["median"], data["p75"]) == (5, 30_000, 40_000, 50_000)
    total = _shown(snapshot)[("quote", _archetype(), "total")]
    assert total["median"] == 120_000
    assert snapshot.groups == [{"measure": "quote", "archetype": _archetype(), "companies": 5}]
    assert all(f["companies"] >= 5 for f in snapshot.figures)


def test_withdrawing_or_revoking_removes_the_company_and_the_figures_fall_below_five() -> None:
    adviser, _ = make_adviser()
    clients = [make_client(adviser, i, amounts=(10_000 * (i + 1),)) for i in range(5)]
    assert services.market_figures_compute(actor=None, adviser=adviser).figures
    client, owner = clients[0]
    access = client.adviser_grants.get(revoked_at__isnull=True)
    services.market_consent_set(actor=owner, grant=access, consent=False)
    # Withdrawing recomputed the figures at once: four companies, nothing shown; the figures with
    # the company are not kept.
    assert MarketSnapshot.objects.filter(adviser=adviser).count() == 1
    latest = selectors.latest_snapshot(adviser)
    assert latest is not None
    assert latest.figures == []
    assert latest.companies == 4
    assert AuditEvent.objects.filter(organisation=client, action="market_consent.withdraw").count() == 1
    assert AuditEvent.objects.filter(organisation=adviser, action="market_consent.withdraw").count() == 1
    # A consent whose grant was revoked does not count either.
    services.market_consent_set(actor=owner, grant=access, consent=True)
    assert selectors.consenting_clients(adviser).count() == 5
    adviser_access_revoke(actor=owner, grant=clients[1][0].adviser_grants.get(revoked_at__isnull=True))
    assert selectors.consenting_clients(adviser).count() == 4


def test_the_difference_attack_no_displayed_group_below_five_and_no_filter() -> None:
    """Adding consenting companies one at a time: at every step every stored group has at least
    five distinct companies and is one fixed (measure, archetype, category); a company's figures
    sit in one archetype only, so no displayed group is another displayed group plus or minus one
    company; and neither the page nor the API takes any parameter that narrows a group."""
    adviser, adviser_user = make_adviser()
    other = next(k for k in archetypes.load().keys if k != _archetype())
    plan = [_archetype(), other] * 3 + [_archetype(), other, _archetype()]  # 5 of one kind, 4 of the other
    history: list[set[tuple[str, str, str]]] = []
    for i, archetype in enumerate(plan):
        make_client(adviser, i, amounts=(10_000 + 1_000 * i,), archetype=archetype)
        snapshot = services.market_figures_compute(actor=None, adviser=adviser)
        assert all(f["companies"] >= 5 for f in snapshot.figures)
        assert all(f["category"] in selectors.CATEGORIES for f in snapshot.figures)
        assert all(g["companies"] >= 5 for g in snapshot.groups)
        history.append({(f["measure"], f["archetype"], f["category"]) for f in snapshot.figures})
    # Nothing was shown before the fifth company of a kind; the other kind (4) never shows.
    assert all(not keys for keys in history[:-1])
    assert {a for _, a, _ in history[-1]} == {_archetype()}
    # Within one snapshot no two groups share a (measure, archetype, category): a partition.
    final = services.market_figures_compute(actor=None, adviser=adviser)
    assert len(final.figures) == len(history[-1])
    browser = signed_in(adviser_user, adviser)
    main = re.compile(rb"<main.*</main>", re.DOTALL)
    volatile = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')

    def content(response: Any) -> bytes:
        found = main.search(response.content)
        assert found is not None
        return volatile.sub(b"", found.group(0))

    plain = content(browser.get(reverse("advisers:market")))
    assert b'data-category="data"' in plain
    narrowed = content(browser.get(reverse("advisers:market"), {
        "archetype": other, "company": "Client 000", "region": "x", "since": "2026-01-01"}))
    assert plain == narrowed
    url = f"/api/v1/adviser-organisations/{adviser.pk}/market-figures"
    assert browser.get(url).json() == browser.get(url, {"archetype": _archetype(), "company": "Client 000"}).json()


def test_the_budget_step_shows_the_ranges_labelled_with_companies_and_date(settings: Any) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-01"
    adviser, _ = make_adviser("AI-Hub Brabant (demo)")
    adviser.language = "nl"
    adviser.save(update_fields=["language"])
    clients = [make_client(adviser, i, amounts=(10_000 * (i + 1),)) for i in range(7)]
    services.market_figures_compute(actor=None, adviser=adviser)
    client, owner = clients[0]
    client.language = "nl"
    client.save(update_fields=["language"])
    owner.language = "nl"
    owner.save(update_fields=["language"])
    use_case = client.use_cases.get()
    page = signed_in(owner, client).get(reverse("budget:estimate", kwargs={"use_case_id": use_case.pk}),
                                        HTTP_ACCEPT_LANGUAGE="nl")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Marktcijfers van AI-Hub Brabant (demo): 7 bedrijven, 1 december 2026" in text
    assert 'data-category="data"' in text
    # The API gives the same ranges.
    [api] = signed_in(owner).get(f"/api/v1/use-cases/{use_case.pk}/budget/market-figures").json()
    assert (api["source"], api["companies"], api["computed_on"]) == ("AI-Hub Brabant (demo)", 7, "2026-12-01")
    data = next(r for r in api["ranges"] if r["category"] == "data")
    assert (data["p25"], data["median"], data["p75"], data["companies"]) == (25_000, 40_000, 55_000, 7)
    # A company that is no client of an adviser organisation sees no market figures.
    outsider, outsider_owner = make_client(make_adviser("Other hub", email="o@x.example")[0], 99)
    adviser_access_revoke(actor=outsider_owner, grant=outsider.adviser_grants.get())
    page = signed_in(outsider_owner, outsider).get(
        reverse("budget:estimate", kwargs={"use_case_id": outsider.use_cases.get().pk}))
    assert "budget-market" not in page.content.decode()


def test_the_budget_step_shows_nothing_below_five_companies() -> None:
    adviser, _ = make_adviser()
    clients = [make_client(adviser, i) for i in range(4)]
    services.market_figures_compute(actor=None, adviser=adviser)
    assert selectors.budget_market_ranges(clients[0][0].use_cases.get()) == []


def test_owners_give_and_withdraw_consent_on_the_advisers_page_and_the_adviser_sees_it() -> None:
    adviser, adviser_user = make_adviser()
    client, owner = make_client(adviser, 1, consent=False)
    access = client.adviser_grants.get()
    browser = signed_in(owner, client)
    page = browser.get(reverse("advisers:access")).content.decode()
    assert "Give consent" in page
    response = browser.post(reverse("advisers:market_consent", kwargs={"grant_id": access.pk}), {"consent": "on"})
    assert response.status_code == 302
    assert MarketConsent.objects.filter(client=client, adviser=adviser).exists()
    assert "Client 001" in signed_in(adviser_user, adviser).get(reverse("advisers:clients")).content.decode()
    # Anything but on/off changes nothing.
    browser.post(reverse("advisers:market_consent", kwargs={"grant_id": access.pk}), {"consent": "maybe"})
    assert MarketConsent.objects.filter(client=client, adviser=adviser).exists()
    browser.post(reverse("advisers:market_consent", kwargs={"grant_id": access.pk}), {"consent": "off"})
    assert not MarketConsent.objects.filter(client=client, adviser=adviser).exists()
    # Revoking access through the page withdraws consent too.
    services.market_consent_set(actor=owner, grant=access, consent=True)
    browser.post(reverse("advisers:access_revoke", kwargs={"grant_id": access.pk}))
    assert not MarketConsent.objects.filter(client=client, adviser=adviser).exists()


def test_the_market_page_says_not_enough_data_and_shows_groups_of_five() -> None:
    adviser, adviser_user = make_adviser()
    browser = signed_in(adviser_user, adviser)
    assert "have not been computed yet" in browser.get(reverse("advisers:market")).content.decode()
    for i in range(5):
        make_client(adviser, i, amounts=(10_000 * (i + 1),))
    response = browser.post(reverse("advisers:market_compute"))
    assert response.status_code == 302
    text = browser.get(reverse("advisers:market")).content.decode()
    assert 'data-measure="quote"' in text
    assert "not enough data" in text  # e.g. the categories nobody quoted
    assert AuditEvent.objects.filter(organisation=adviser, action="market_figures.compute").count() == 1


def _queries(adviser: Organisation) -> list[int]:
    counts = []
    for run in (lambda: services.market_figures_compute(actor=None, adviser=adviser),
                lambda: selectors.sections_of(selectors.latest_snapshot(adviser))):
        with CaptureQueriesContext(connection) as captured:
            run()
        counts.append(len(captured))
    return counts


def test_the_queries_do_not_grow_with_the_number_of_clients() -> None:
    small, _ = make_adviser("Small hub", email="s@x.example")
    large, _ = make_adviser("Large hub", email="l@x.example")
    for i in range(5):
        make_client(small, i)
    for i in range(100, 125):
        make_client(large, i, amounts=(10_000, 20_000))
    assert _queries(small) == _queries(large)
    clients = list(large.client_grants.values_list("client", flat=True)[:2])
    use_cases = [Organisation.objects.get(pk=c).use_cases.get() for c in clients]
    small_case = Organisation.objects.get(pk=small.client_grants.first().client_id).use_cases.get()
    for use_case in (small_case, *use_cases):
        with CaptureQueriesContext(connection) as captured:
            selectors.budget_market_ranges(use_case)
        assert len(captured) == 1
    assert dt.date.today()  # the clock is not read by the selectors


def test_the_market_page_answers_in_the_same_number_of_queries_for_5_and_25_clients() -> None:
    counts = []
    for name, first, n in (("Five hub", 200, 5), ("Twenty-five hub", 300, 25)):
        adviser, user = make_adviser(name, email=f"{first}@hub.example")
        for i in range(first, first + n):
            make_client(adviser, i)
        services.market_figures_compute(actor=None, adviser=adviser)
        browser = signed_in(user, adviser)
        browser.get(reverse("advisers:market"))  # warm the session and the reference data
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(reverse("advisers:market")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_api_gives_and_withdraws_consent_and_reads_the_figures() -> None:
    adviser, adviser_user = make_adviser()
    clients = [make_client(adviser, i, amounts=(10_000 * (i + 1),)) for i in range(4)]
    client, owner = make_client(adviser, 4, consent=False)
    access = client.adviser_grants.get()
    api = signed_in(owner)
    url = f"/api/v1/organisations/{client.pk}/adviser-access/{access.pk}/market-consent"
    response = api.put(url, data='{"consent": true}', content_type="application/json")
    assert response.status_code == 200
    assert response.json()["consent"] is True
    assert response.json()["given_at"] is not None
    adviser_api = signed_in(adviser_user)
    figures_url = f"/api/v1/adviser-organisations/{adviser.pk}/market-figures"
    assert adviser_api.get(figures_url).json()["computed_on"] is None
    computed = adviser_api.post(figures_url + "/compute")
    assert computed.status_code == 200
    body = computed.json()
    assert body["companies"] == 5
    data = next(f for f in body["figures"] if f["measure"] == "quote" and f["category"] == "data")
    assert (data["companies"], data["median"]) == (5, 20_000)  # 10k, 10k, 20k, 30k, 40k
    # Withdrawing through the API recomputes at once: four companies, no figure.
    withdrawn = api.put(url, data='{"consent": false}', content_type="application/json")
    assert withdrawn.json() == {"grant_id": str(access.pk), "adviser_id": str(adviser.pk), "consent": False,
                                "given_at": None}
    after = adviser_api.get(figures_url).json()
    assert after["companies"] == 4
    assert after["figures"] == []
    # Consent on a revoked grant is refused with 422 and nothing is stored.
    adviser_access_revoke(actor=owner, grant=access)
    refused = api.put(url, data='{"consent": true}', content_type="application/json")
    assert refused.status_code == 422
    assert not MarketConsent.objects.filter(client=client).exists()
    # A client's owner is no member of the adviser organisation: the uniform 404.
    assert api.get(figures_url).status_code == 404
    assert clients  # the four consenting clients stay


# --- Realised payback (results step) --------------------------------------------------------------


def _with_results(client: Organisation, owner: User, *, one_off: int, measured: int = 75) -> None:
    """A running project: a KPI (100 minutes, target 50, lower is better) linked to a benefit of
    EUR 50,000 a year at the target (EUR 1,000 a year per minute), measured at ``measured`` minutes
    30 days after the start, and ``one_off`` euro of actual one-off costs (plus running costs)."""
    from partnerwijzer import clock
    from partnerwijzer.budget.models import BenefitFactor, BenefitLine, Budget
    from partnerwijzer.planning.models import Kpi, UseCase
    from partnerwijzer.results.models import ActualCost, Measurement, Project

    today = clock.today()
    use_case = UseCase.objects.get(organisation=client)
    kpi = Kpi.objects.create(use_case=use_case, name="Repair time", unit="min", baseline_value=Decimal(100),
                             target_value=Decimal(50))
    budget = Budget.objects.create(use_case=use_case)
    BenefitLine.objects.create(budget=budget, name="Time saved", factor=BenefitFactor.PRODUCTIVITY, kpi=kpi,
                               low=Decimal(40_000), likely=Decimal(50_000), high=Decimal(60_000))
    start = today - dt.timedelta(days=90)
    project = Project.objects.create(organisation=client, use_case=use_case, partner_name="Firm 0", start_date=start)
    Measurement.objects.create(kpi=kpi, measured_on=start + dt.timedelta(days=30), value=Decimal(measured),
                               entered_by=owner)
    first = start.replace(day=1)
    ActualCost.objects.create(project=project, category="data", month=first, amount=Decimal(one_off))
    ActualCost.objects.create(project=project, category="running", month=first, amount=Decimal(99_999))


def test_realised_payback_per_archetype_needs_five_companies_with_a_paying_benefit() -> None:
    adviser, adviser_user = make_adviser()
    clients = [make_client(adviser, i) for i in range(6)]
    # 25 minutes better = EUR 25,000 a year: 12,500 x (i + 1) one-off pays back in 6 x (i + 1) months.
    for i, (client, owner) in enumerate(clients[:4]):
        _with_results(client, owner, one_off=12_500 * (i + 1))
    # a project whose KPI got worse does not pay back: it gives no payback figure
    _with_results(*clients[4], one_off=10_000, measured=120)
    snapshot = services.market_figures_compute(actor=None, adviser=adviser)
    assert ("payback", _archetype(), "months") not in _shown(snapshot)  # four paying companies: not enough
    page = signed_in(adviser_user).get(reverse("advisers:market")).content.decode()
    assert 'id="realised-payback"' in page
    assert re.search(r'data-archetype="[a-z_]+">\s*<th scope="row">[^<]+</th>\s*<td colspan="4" '
                     r'class="muted not-enough">not enough data</td>', page)
    _with_results(*clients[5], one_off=62_500)  # 30 months
    snapshot = services.market_figures_compute(actor=None, adviser=adviser)
    payback = _shown(snapshot)[("payback", _archetype(), "months")]
    assert (payback["companies"], payback["p25"], payback["median"], payback["p75"]) == (5, 12, 18, 24)
    assert {"measure": "payback", "archetype": _archetype(), "companies": 5} in snapshot.groups
    page = signed_in(adviser_user).get(reverse("advisers:market")).content.decode()
    assert '<td class="num">18 months</td>' in page
    api = signed_in(adviser_user).get(f"/api/v1/adviser-organisations/{adviser.pk}/market-figures").json()
    assert {"measure": "payback", "archetype": _archetype(), "category": "months", "companies": 5, "p25": 12,
            "median": 18, "p75": 24} in api["figures"]


def test_realised_payback_in_dutch_and_german() -> None:
    adviser, adviser_user = make_adviser(language="nl")
    for i in range(5):
        _with_results(*make_client(adviser, i), one_off=25_000)
    services.market_figures_compute(actor=None, adviser=adviser)
    browser = signed_in(adviser_user)
    dutch = browser.get(reverse("advisers:market")).content.decode()
    assert "Gerealiseerde terugverdientijd" in dutch
    assert "12 maanden" in dutch
    adviser_user.language = "de"
    adviser_user.save()
    german = signed_in(adviser_user).get(reverse("advisers:market")).content.decode()
    assert "Realisierte Amortisationszeit" in german
    assert "12 Monate" in german
