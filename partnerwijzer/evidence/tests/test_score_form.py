"""The score form shows, beside each criterion, the firm's matching passages with file name and
page and the matched words marked, and searches that firm's passages only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.tests import builders as evaluation_builders
from partnerwijzer.evidence.tests.builders import make_evidence
from partnerwijzer.portal.tests import builders as portal_builders
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _url(setup: portal_builders.PortalSetup, firm: object = None) -> str:
    firm = firm or setup.firm_a
    return reverse("evaluation:score_candidate", args=[setup.selection.pk, firm.pk])  # type: ignore[attr-defined]


def _section(html: str, criterion: Criterion) -> str:
    match = re.search(rf'data-evidence="{criterion.pk}">(.*?)</section>', html, re.S)
    assert match, "no evidence beside the criterion"
    return match.group(1)


def test_passages_beside_the_criterion_with_file_and_page(personas: Personas) -> None:
    setup = make_evidence(personas)
    response = personas.client("evaluator").get(_url(setup))
    assert response.status_code == 200
    html = response.content.decode()
    data_protection = Criterion.objects.get(selection=setup.selection, reference_key="data_protection")
    section = _section(html, data_protection)
    assert "Acme profile.pdf" in section
    assert "page 2" in section
    assert "<mark>GDPR</mark>" in section
    assert "Beta also stores" not in html  # never another firm's passages on this firm's form


def test_search_finds_this_firms_passages_only(personas: Personas) -> None:
    setup = make_evidence(personas)
    client = personas.client("evaluator")
    html = client.get(_url(setup), {"q": "reference customers"}).content.decode()
    results = html.split('id="evidence-results"')[1].split("</section>")[0]
    assert "1 passage found for “reference customers”." in results
    assert "Acme approach.docx" in results
    assert "page 2" in results
    assert "<mark>reference</mark>" in results
    beta = client.get(_url(setup, setup.firm_b), {"q": "GDPR"}).content.decode()
    assert "Beta also stores" in beta
    assert "Acme" not in beta.split('id="evidence-results"')[1].split("</section>")[0]


@pytest.mark.parametrize(("query", "message"), [
    ("the and", "Type one or more words to search for."),
    ("gdpr\x00", "The search text contains an invisible control character. Type it again."),
    ("x" * 201, "Use at most 200 characters to search."),
])
def test_a_bad_search_says_why_and_the_form_still_works(personas: Personas, query: str, message: str) -> None:
    setup = make_evidence(personas)
    response = personas.client("evaluator").get(_url(setup), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'name="criterion"' in response.content.decode()  # the score form is still there


def test_dutch_organisation_queries_in_dutch(personas: Personas) -> None:
    setup = portal_builders.make_portal(personas, language="nl")
    from partnerwijzer.evidence.services import link_index
    from partnerwijzer.evidence.tests.builders import submit_with_files

    submit_with_files(setup.link_a, ["", ("Uw gegevens blijven in Nederland; we sluiten een verwerkersovereenkomst "
                                         "volgens de AVG.")], {})
    link_index(link_id=setup.link_a.pk)
    evaluation_builders.seat(setup.selection, personas.evaluator, by=personas.owner)
    personas.speak("nl")
    html = personas.client("evaluator").get(_url(setup)).content.decode()
    data_protection = Criterion.objects.get(selection=setup.selection, reference_key="data_protection")
    section = _section(html, data_protection)
    assert "<mark>AVG</mark>" in section
    assert "<mark>verwerkersovereenkomst</mark>" in section
    assert "Antwoorden op" in section or "Answers to" in section


def test_before_indexing_the_form_says_the_files_are_being_read(personas: Personas) -> None:
    setup = make_evidence(personas, index=False)
    html = personas.client("evaluator").get(_url(setup)).content.decode()
    assert "are being read" in html
    assert "data-evidence=" not in html


def test_a_firm_that_did_not_submit_has_nothing_to_search(personas: Personas) -> None:
    setup = portal_builders.make_portal(personas)

    evaluation_builders.seat(setup.selection, personas.evaluator, by=personas.owner)
    html = personas.client("evaluator").get(_url(setup)).content.decode()
    assert "Nothing to search yet" in html


def test_saving_one_criterion_with_htmx_keeps_its_passages(personas: Personas) -> None:
    setup = make_evidence(personas)
    data_protection = Criterion.objects.get(selection=setup.selection, reference_key="data_protection")
    response = personas.client("evaluator").post(
        _url(setup), {"criterion": str(data_protection.pk), f"{data_protection.pk}-value": "4"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Acme profile.pdf" in _section(response.content.decode(), data_protection)
