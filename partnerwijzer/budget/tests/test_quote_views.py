"""The quotes pages: what owners and viewers see, the empty states, saving (valid and invalid),
deleting, the price-from-quotes choice, and candidates of another use case."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from partnerwijzer.budget.models import Quote
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.budget.tests.builders import make_quote_world
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas


def test_owner_sees_quotes_tco_and_edit_links(personas: Personas) -> None:
    use_case, selection, (alpha, beta, gamma) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 9000, "data": 50000}, running_per_year=20000)
    quote_save(actor=personas.owner, candidate=beta, lines={"strategy": 30000}, running_per_year=10000)
    response = personas.client("owner").get(reverse("budget:quotes", args=[use_case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("budget:quote_edit", args=[use_case.pk, gamma.pk]) in html
    assert reverse("budget:quote_price_source", args=[use_case.pk, selection.pk]) in html
    # TCO rows cheapest first: Beta 60,000, then Alpha 119,000.
    assert html.index(f'data-candidate="{beta.pk}" data-tco="60000.00"') < html.index(
        f'data-candidate="{alpha.pk}" data-tco="119000.00"'
    )
    assert 'data-flags="far_below_guide"' in html  # Alpha's strategy at 9,000 (< 10,000)
    assert f'data-missing="{gamma.pk}"' in html
    assert 'aria-current="page"' in html  # the Quotes tab
    # The guide's values with their source; strict CSP: no inline styles or scripts.
    assert reverse("knowledge:sources") + "#guide-2025" in html
    assert " style=" not in html
    assert "<script>" not in html
    edit = personas.client("owner").get(reverse("budget:quote_edit", args=[use_case.pk, alpha.pk])).content.decode()
    assert reverse("knowledge:sources") + "#guide-2025" in edit
    assert " style=" not in edit
    assert "<script>" not in edit


def test_viewer_reads_without_edit_links(personas: Personas) -> None:
    use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 30000})
    response = personas.client("viewer").get(reverse("budget:quotes", args=[use_case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="q-{alpha.pk}"' in html
    assert reverse("budget:quote_edit", args=[use_case.pk, alpha.pk]) not in html
    assert "price_from_quotes" not in html


def test_empty_state_without_selection_links_to_sourcing(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Invoice reading")
    html = personas.client("owner").get(reverse("budget:quotes", args=[use_case.pk])).content.decode()
    assert 'id="no-selection"' in html
    assert reverse("sourcing:selection_list") in html


def test_empty_state_without_candidates_links_to_the_selection(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Invoice reading")
    selection = selection_create(
        actor=personas.owner, organisation=personas.organisation, title="Partner", use_case=use_case
    )
    html = personas.client("viewer").get(reverse("budget:quotes", args=[use_case.pk])).content.decode()
    assert f'id="no-candidates-{selection.pk}"' in html
    assert reverse("sourcing:selection_detail", args=[selection.pk]) in html


def test_owner_saves_a_quote(personas: Personas) -> None:
    use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    url = reverse("budget:quote_edit", args=[use_case.pk, alpha.pk])
    client = personas.client("owner")
    assert client.get(url).status_code == 200
    response = client.post(url, {"strategy": "30000", "data": "45.000", "model": "", "implementation": "",
                                 "training": "", "running_per_year": "20000", "received_on": "2026-03-14",
                                 "note": "Valid 60 days"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#q-{alpha.pk}")
    quote = Quote.objects.get(candidate=alpha)
    # Dutch number format: 45.000 is forty-five thousand.
    assert {line.category: line.amount for line in quote.lines.all()} == {
        "strategy": Decimal(30000), "data": Decimal(45000)
    }
    assert quote.running_per_year == Decimal(20000)
    assert str(quote.received_on) == "2026-03-14"


def test_negative_amount_is_a_400_with_the_message_and_nothing_stored(personas: Personas) -> None:
    personas.speak("en")
    use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    url = reverse("budget:quote_edit", args=[use_case.pk, alpha.pk])
    response = personas.client("owner").post(url, {"strategy": "-100", "running_per_year": "1000"})
    assert response.status_code == 400
    assert "An amount cannot be negative." in response.content.decode()
    assert not Quote.objects.exists()


def test_not_a_number_is_a_400(personas: Personas) -> None:
    use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    url = reverse("budget:quote_edit", args=[use_case.pk, alpha.pk])
    response = personas.client("owner").post(url, {"strategy": "a lot"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Quote.objects.exists()


def test_viewer_and_evaluator_cannot_edit(personas: Personas) -> None:
    use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    url = reverse("budget:quote_edit", args=[use_case.pk, alpha.pk])
    for name in ("viewer", "evaluator"):
        assert personas.client(name).post(url, {"strategy": "30000"}).status_code == 403
    assert not Quote.objects.exists()


def test_candidate_of_another_use_case_is_not_found(personas: Personas) -> None:
    _use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    other = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Invoice reading")
    url = reverse("budget:quote_edit", args=[other.pk, alpha.pk])
    assert personas.client("owner").get(url).status_code == 404


def test_owner_deletes_a_quote(personas: Personas) -> None:
    use_case, _selection, (alpha, *_rest) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 30000})
    url = reverse("budget:quote_delete", args=[use_case.pk, alpha.pk])
    client = personas.client("owner")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Quote.objects.exists()


def test_owner_switches_price_to_quotes_and_back(personas: Personas) -> None:
    use_case, selection, (alpha, beta, gamma) = make_quote_world(personas)
    url = reverse("budget:quote_price_source", args=[use_case.pk, selection.pk])
    client = personas.client("owner")
    assert client.post(url, {"price_from_quotes": "on"}).status_code == 302
    selection.refresh_from_db()
    assert scoring_setup_of(selection).price_from_quotes
    page = reverse("budget:quotes", args=[use_case.pk])
    assert 'data-price-active="no"' in client.get(page).content.decode()  # no quotes yet
    for candidate in (alpha, beta, gamma):
        quote_save(actor=personas.owner, candidate=candidate, lines={"strategy": 30000})
    assert 'data-price-active="yes"' in client.get(page).content.decode()
    assert client.post(url, {}).status_code == 302
    selection.refresh_from_db()
    assert not scoring_setup_of(selection).price_from_quotes


def test_selection_of_another_use_case_is_not_found(personas: Personas) -> None:
    _use_case, selection, _cands = make_quote_world(personas)
    other = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Invoice reading")
    url = reverse("budget:quote_price_source", args=[other.pk, selection.pk])
    assert personas.client("owner").post(url, {"price_from_quotes": "on"}).status_code == 404
    selection.refresh_from_db()
    assert not scoring_setup_of(selection).price_from_quotes


def test_page_queries_do_not_grow_with_candidates(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(names: tuple[str, ...]) -> int:
        use_case, _selection, candidates = make_quote_world(personas, names)
        for candidate in candidates:
            quote_save(actor=personas.owner, candidate=candidate, lines={"strategy": 30000, "data": 40000})
        client = personas.client("viewer")
        url = reverse("budget:quotes", args=[use_case.pk])
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert count(("A", "B")) == count(("C", "D", "E", "F", "G"))
