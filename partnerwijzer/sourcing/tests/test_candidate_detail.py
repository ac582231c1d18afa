"""The candidate page: facts, safe evidence links, stage history and the red-flag checklist."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from partnerwijzer.sourcing.models import Candidate, CandidateRedFlag, RedFlag
from partnerwijzer.sourcing.services import candidate_red_flag_set, candidate_reject
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import XSS, MakeCandidate
from tests.personas import Personas


def _url(candidate: Candidate) -> str:
    return reverse("sourcing:candidate_detail", args=[candidate.pk])


@pytest.mark.parametrize("persona", ["owner", "evaluator", "viewer"])
def test_members_read_the_candidate(personas: Personas, make_candidate: MakeCandidate, persona: str) -> None:
    candidate = make_candidate(
        "Acme AI",
        stage=Stage.TALKS,
        website="https://acme.example",
        country="DE",
        city="Köln",
        evidence_links="https://acme.example/case",
    )
    response = personas.client(persona).get(_url(candidate))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="https://acme.example" rel="noopener noreferrer" target="_blank">' in html
    assert '<a href="https://acme.example/case" rel="noopener noreferrer" target="_blank">' in html
    assert "Köln, DE" in html
    assert 'data-from="longlist" data-to="talks"' in html
    assert "Owner" in html.split('id="history"', 1)[1]  # who moved it
    is_owner = persona == "owner"
    assert (reverse("sourcing:candidate_red_flags", args=[candidate.pk]) in html) is is_owner
    assert (reverse("sourcing:candidate_reject", args=[candidate.pk]) in html) is is_owner
    assert (reverse("sourcing:candidate_update", args=[candidate.pk]) in html) is is_owner


def test_outsider_and_unknown_get_the_same_404(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    client = personas.client("outsider")
    other = client.get(_url(candidate))
    missing = client.get(reverse("sourcing:candidate_detail", args=[uuid.uuid4()]))
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content


def test_everything_the_user_typed_is_escaped(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate(XSS, notes=XSS, city=XSS)
    candidate_red_flag_set(
        actor=personas.owner, candidate=candidate, flag=RedFlag.PUSHES_PLATFORM, observed=True, note=XSS
    )
    candidate_reject(actor=personas.owner, candidate=candidate, reason=XSS)
    for persona in ("owner", "viewer"):
        html = personas.client(persona).get(_url(candidate)).content.decode()
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unsafe_stored_links_are_not_rendered_as_links(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    # Data written around the services (an import, an old version) must still not become a link.
    Candidate.objects.filter(pk=candidate.pk).update(
        website="javascript:alert(1)", evidence_links="javascript:alert(2)\nhttps://ok.example"
    )
    html = personas.client("viewer").get(_url(candidate)).content.decode()
    assert "javascript:" not in html
    assert 'href="https://ok.example"' in html


def test_rejected_candidate_shows_the_reason_and_owner_can_bring_it_back(
    personas: Personas, make_candidate: MakeCandidate
) -> None:
    candidate = make_candidate("Acme AI", stage=Stage.SHORTLIST)
    candidate_reject(actor=personas.owner, candidate=candidate, reason="No references in our industry.")
    html = personas.client("owner").get(_url(candidate)).content.decode()
    assert 'data-state="rejected"' in html
    assert "No references in our industry." in html.split('id="rejection"', 1)[1]
    assert reverse("sourcing:candidate_reinstate", args=[candidate.pk]) in html
    assert "data-rejected" in html.split('id="history"', 1)[1]
    viewer_html = personas.client("viewer").get(_url(candidate)).content.decode()
    assert reverse("sourcing:candidate_reinstate", args=[candidate.pk]) not in viewer_html


def test_owner_saves_the_red_flag_checklist(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(
        reverse("sourcing:candidate_red_flags", args=[candidate.pk]),
        {
            "pushes_platform_observed": "on",
            "pushes_platform_note": "Opened with a platform demo.",
            "no_comparable_projects_note": "Asked; answer pending.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#red-flags")
    flags = {f.flag: (f.observed, f.note) for f in CandidateRedFlag.objects.filter(candidate=candidate)}
    assert flags == {
        "pushes_platform": (True, "Opened with a platform demo."),
        "no_comparable_projects": (False, "Asked; answer pending."),
    }
    html = personas.client("owner").get(_url(candidate)).content.decode()
    assert 'name="pushes_platform_observed" id="id_pushes_platform_observed" checked' in html
    viewer_html = personas.client("viewer").get(_url(candidate)).content.decode()
    assert 'data-flag="pushes_platform" data-observed="true"' in viewer_html
    assert "Opened with a platform demo." in viewer_html


def test_red_flag_note_too_long_is_refused_and_nothing_changes(
    personas: Personas, make_candidate: MakeCandidate
) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client("owner").post(
        reverse("sourcing:candidate_red_flags", args=[candidate.pk]),
        {"pushes_platform_observed": "on", "talks_more_than_listens_note": "x" * 2001},
    )
    assert response.status_code == 400
    assert not CandidateRedFlag.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_only_owners_record_red_flags(
    personas: Personas, make_candidate: MakeCandidate, persona: str, status: int
) -> None:
    candidate = make_candidate("Acme AI")
    response = personas.client(persona).post(
        reverse("sourcing:candidate_red_flags", args=[candidate.pk]), {"pushes_platform_observed": "on"}
    )
    assert response.status_code == status
    assert not CandidateRedFlag.objects.exists()


def test_owner_removes_a_candidate_after_confirming(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Typo BV")
    url = reverse("sourcing:candidate_delete", args=[candidate.pk])
    assert personas.client("owner").get(url).status_code == 200
    assert Candidate.objects.exists()
    response = personas.client("owner").post(url)
    assert response["Location"] == reverse("sourcing:selection_detail", args=[candidate.selection_id])
    assert not Candidate.objects.exists()
    assert personas.client("viewer").get(_url(candidate)).status_code == 404  # gone
