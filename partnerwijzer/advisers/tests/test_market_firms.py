"""Market figures per directory firm (issue 17 item 6, docs/market.md): how often consenting
clients shortlisted and chose a firm of the hub's directory and how they scored it after the start,
each figure only with five distinct companies behind it; on the market page and the firm's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisioncore import market as dcm
from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers.market import selectors, services
from partnerwijzer.advisers.models import DirectoryCopy, DirectoryFirm
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.results.models import PartnerReview, Project
from partnerwijzer.sourcing.services import candidate_create, selection_create
from partnerwijzer.sourcing.stages import Stage
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def client_with_copy(adviser: Organisation, firm: DirectoryFirm, index: int, *, stage: str = Stage.SHORTLIST,
                     chosen: bool = True, score: int | None = 4, consent: bool = True) -> Organisation:
    """A client working alongside the hub, with the firm copied into its longlist and moved to
    ``stage``; optionally chosen, started as a project and scored ``score`` on every aspect."""
    client = Organisation.objects.create(name=f"Client {index:03d}", language="en")
    owner = User.objects.create_user(email=f"owner{index}@firms.example", password=PASSWORD, full_name="Owner",
                                     language="en")
    Membership.objects.create(user=owner, organisation=client, role=Role.OWNER)
    access = grant(client, adviser, AccessRole.ALONGSIDE, actor=owner)
    use_case = use_case_create(actor=owner, organisation=client, title="Maintenance")
    selection = selection_create(actor=owner, organisation=client, title="Partner", use_case=use_case)
    candidate = candidate_create(actor=owner, selection=selection, name=firm.name)
    candidate_create(actor=owner, selection=selection, name="Another firm")  # not from the directory
    DirectoryCopy.objects.create(candidate=candidate, firm=firm, adviser=adviser, copied_by=None)
    type(candidate).objects.filter(pk=candidate.pk).update(stage=stage)
    if chosen:
        PartnerDecision.objects.create(selection=selection, candidate=candidate, rationale="Best fit")
        if score is not None:
            project = Project.objects.create(organisation=client, use_case=use_case, candidate=candidate,
                                             partner_name=firm.name, start_date=dt.date(2026, 1, 1))
            PartnerReview.objects.create(project=project, period=dt.date(2026, 2, 1), delivery=score,
                                         quality=score, communication=score, knowledge_transfer=score)
    if consent:
        services.market_consent_set(actor=owner, grant=access, consent=True)
    return client


def _firm(adviser: Organisation, name: str = "Data & Co") -> DirectoryFirm:
    return DirectoryFirm.objects.create(adviser=adviser, name=name)


def test_company_count_keeps_the_five_company_rule() -> None:
    assert dcm.company_count(["a", "b", "c", "d"]) is None
    assert dcm.company_count(["a", "a", "b", "c", "d", "d"]) is None  # six names, four companies
    assert dcm.company_count(["a", "b", "c", "d", "e", "e"]) == 5
    with pytest.raises(ValueError, match="min_companies"):
        dcm.company_count(["a"], min_companies=1)


def test_four_companies_give_not_enough_data_and_non_consenting_clients_do_not_count() -> None:
    adviser, _ = make_adviser()
    firm = _firm(adviser)
    for i in range(4):
        client_with_copy(adviser, firm, i)
    client_with_copy(adviser, firm, 10, consent=False)  # a fifth, without consent
    [figures] = selectors.firm_figures(adviser)
    assert figures.firm_id == firm.pk
    assert (figures.shortlisted, figures.chosen, figures.score) == (None, None, None)


def test_five_companies_give_the_counts_and_the_score_percentiles() -> None:
    adviser, _ = make_adviser()
    firm = _firm(adviser)
    other = _firm(adviser, "Other firm")
    for i, score in enumerate((1, 2, 3, 4, 5)):
        client_with_copy(adviser, firm, i, score=score, stage=Stage.CHOSEN if i else Stage.RFP)
    client_with_copy(adviser, firm, 5, stage=Stage.LONGLIST, chosen=False)  # copied, never shortlisted
    client_with_copy(adviser, other, 6)
    figures = {f.name: f for f in selectors.firm_figures(adviser)}
    assert figures["Data & Co"].shortlisted == 5
    assert figures["Data & Co"].chosen == 5
    score = figures["Data & Co"].score
    assert score is not None
    assert (score.companies, score.p25, score.median, score.p75) == (5, 2.0, 3.0, 4.0)
    assert (figures["Other firm"].shortlisted, figures["Other firm"].chosen) == (None, None)
    assert figures["Other firm"].score is None


def test_withdrawing_consent_takes_the_company_out_at_once() -> None:
    adviser, _ = make_adviser()
    firm = _firm(adviser)
    clients = [client_with_copy(adviser, firm, i) for i in range(5)]
    assert selectors.firm_figures(adviser)[0].chosen == 5
    owner = Membership.objects.get(organisation=clients[0]).user
    access = AdviserAccess.objects.get(client=clients[0], adviser=adviser)
    services.market_consent_set(actor=owner, grant=access, consent=False)
    [figures] = selectors.firm_figures(adviser)
    assert (figures.shortlisted, figures.chosen, figures.score) == (None, None, None)


def test_the_market_page_and_the_firm_page_show_the_figures_and_not_enough_data() -> None:
    adviser, user = make_adviser()
    firm = _firm(adviser)
    few = _firm(adviser, "Few clients firm")
    for i in range(5):
        client_with_copy(adviser, firm, i, score=4)
    client_with_copy(adviser, few, 9)
    browser = signed_in(user, adviser)
    text = browser.get(reverse("advisers:market")).content.decode()
    assert 'id="firm-figures"' in text
    assert f'data-firm="{firm.pk}"' in text
    assert f'data-firm="{few.pk}"' in text
    row = text.split(f'data-firm="{few.pk}"')[1].split("</tr>")[0]
    assert row.count("not enough data") == 3
    row = text.split(f'data-firm="{firm.pk}"')[1].split("</tr>")[0]
    assert '<td class="num" data-figure="chosen">5</td>' in row
    assert "4.0 (4.0–4.0, 5 companies)" in row
    page = browser.get(reverse("advisers:directory_firm", args=[firm.pk])).content.decode()
    assert 'id="firm-market"' in page
    assert '<td class="num" data-figure="shortlisted">5</td>' in page
    page = browser.get(reverse("advisers:directory_firm", args=[few.pk])).content.decode()
    assert page.count("not enough data") == 3


def test_a_firm_nobody_consenting_copied_says_what_to_do() -> None:
    adviser, user = make_adviser()
    firm = _firm(adviser)
    browser = signed_in(user, adviser)
    assert 'id="no-firm-figures"' in browser.get(reverse("advisers:market")).content.decode()
    assert 'id="firm-market-none"' in browser.get(
        reverse("advisers:directory_firm", args=[firm.pk])).content.decode()


def test_the_figures_answer_in_the_same_number_of_queries_for_5_and_25_clients() -> None:
    counts = []
    for name, first, n in (("Five hub", 200, 5), ("Twenty-five hub", 300, 25)):
        adviser, user = make_adviser(name, email=f"{first}@hub.example")
        firms = [_firm(adviser, f"Firm {k}") for k in range(3)]
        for i in range(first, first + n):
            client_with_copy(adviser, firms[i % 3], i)
        browser = signed_in(user, adviser)
        browser.get(reverse("advisers:market"))  # warm the session and the reference data
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(reverse("advisers:market")).status_code == 200
        market = len(captured)
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(reverse("advisers:directory_firm", args=[firms[0].pk])).status_code == 200
        counts.append((market, len(captured)))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("language", "words"), [
    ("nl", ("Op shortlist bij", "Gekozen door", "Score na de start", "niet genoeg gegevens")),
    ("de", ("Auf der Shortlist bei", "Gewählt von", "Bewertung nach dem Start", "nicht genügend Daten")),
])
def test_the_firm_figures_speak_the_advisers_language(language: str, words: tuple[str, ...]) -> None:
    adviser, user = make_adviser(language=language)
    firm = _firm(adviser)
    client_with_copy(adviser, firm, 1)
    browser = signed_in(user, adviser)
    for url in (reverse("advisers:market"), reverse("advisers:directory_firm", args=[firm.pk])):
        text = browser.get(url).content.decode()
        for word in words:
            assert word in text, (url, word)


def test_the_api_gives_the_firm_figures_with_the_same_rule() -> None:
    adviser, user = make_adviser()
    firm = _firm(adviser)
    few = _firm(adviser, "Few clients firm")
    for i, score in enumerate((2, 3, 3, 4, 5)):
        client_with_copy(adviser, firm, i, score=score)
    client_with_copy(adviser, few, 9)
    body = signed_in(user).get(f"/api/v1/adviser-organisations/{adviser.pk}/market-figures").json()
    firms = {f["name"]: f for f in body["firms"]}
    assert firms["Data & Co"] == {"firm_id": str(firm.pk), "name": "Data & Co", "shortlisted": 5, "chosen": 5,
                                  "score": {"companies": 5, "p25": 3.0, "median": 3.0, "p75": 4.0}}
    assert firms["Few clients firm"] == {"firm_id": str(few.pk), "name": "Few clients firm", "shortlisted": None,
                                         "chosen": None, "score": None}
