"""The funding page: matched, excluded and ended programmes, the empty state, owners' applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.budget.models import FundingApplication
from partnerwijzer.planning.models import CompanyProfile
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 11, 27))


def _profile(p: Personas, **fields: Any) -> CompanyProfile:
    values = {"country": "DE", "region": "Bayern", "staff_count": 40, **fields}
    return CompanyProfile.objects.create(organisation=p.organisation, **values)


def _url(p: Personas, **query: str) -> str:
    url = reverse("budget:funding", kwargs={"use_case_id": use_case_for(p).pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _save_url(p: Personas, programme: str) -> str:
    return reverse("budget:funding_save", kwargs={"use_case_id": use_case_for(p).pk, "programme": programme})


def _keys(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.programme.key for row in rows]


def test_owner_sees_matched_excluded_and_ended_with_forms(personas: Personas) -> None:
    _profile(personas)
    response = personas.client("owner").get(_url(personas, project="implementation"))
    assert response.status_code == 200
    ctx = response.context
    assert "de-by-digitalbonus" in _keys(ctx["matched"])
    assert "de-go-digital" in _keys(ctx["ended"])
    assert "nl-wbso" in _keys(ctx["excluded"])
    assert not set(_keys(ctx["matched"])) & {"de-go-digital", "de-digital-jetzt", "de-nrw-mid-analyse-innovation"}
    html = response.content.decode()
    assert _save_url(personas, "de-by-digitalbonus") in html
    assert _save_url(personas, "de-go-digital") not in html  # no form for an ended programme
    assert 'id="programme-de-by-digitalbonus"' in html
    assert "https://www.verkuendung-bayern.de/baymbl/2025-435" in html  # the source
    assert "budget-funding.css" in html


def test_english_page_shows_caveats_and_verification(personas: Personas) -> None:
    personas.speak("en")
    _profile(personas)
    html = personas.client("owner").get(_url(personas)).content.decode()
    assert "Check with the programme before applying." in html
    assert "Last verified" in html
    assert "7 December 2026" in html  # Digitalbonus checked again on 2026-12-07 (issue 14)
    assert "Ended or closed programmes" in html


def test_viewer_reads_without_forms(personas: Personas) -> None:
    _profile(personas)
    response = personas.client("viewer").get(_url(personas))
    assert response.status_code == 200
    assert _save_url(personas, "de-by-digitalbonus") not in response.content.decode()
    assert not response.context["can_edit"]


def test_empty_state_links_to_the_profile_form(personas: Personas) -> None:
    response = personas.client("owner").get(_url(personas))
    assert response.status_code == 200
    assert not response.context["state"].profile_complete
    assert reverse("planning:profile_edit") in response.content.decode()
    assert response.context["matched"] == []


def test_empty_state_without_staff_count(personas: Personas) -> None:
    _profile(personas, staff_count=None)
    response = personas.client("owner").get(_url(personas))
    assert 'id="no-profile"' in response.content.decode()


def test_project_type_changes_the_match(personas: Personas) -> None:
    _profile(personas)
    response = personas.client("viewer").get(_url(personas, project="rnd"))
    assert "de-zim" in _keys(response.context["matched"])
    assert "de-by-digitalbonus" in _keys(response.context["excluded"])


def test_unknown_project_type_is_a_400(personas: Personas) -> None:
    _profile(personas)
    response = personas.client("viewer").get(_url(personas, project="marketing"))
    assert response.status_code == 400
    assert response.context["project_form"].errors


def test_owner_records_an_application_and_the_total_counts(personas: Personas) -> None:
    _profile(personas)
    client = personas.client("owner")
    response = client.post(_save_url(personas, "de-by-digitalbonus"),
                           {"status": "applied", "expected_amount": "3750", "note": "Standard"})
    assert response.status_code == 302
    assert response["Location"].endswith("#programme-de-by-digitalbonus")
    application = FundingApplication.objects.get()
    assert (application.programme, application.status, str(application.expected_amount)) == (
        "de-by-digitalbonus", "applied", "3750.00")
    page = client.get(_url(personas))
    assert str(page.context["state"].total_in_roi) == "3750.00"
    assert page.context["applications"][0].counts


@pytest.mark.parametrize(
    ("programme", "data", "field"),
    [
        ("de-by-digitalbonus", {"status": "applied", "expected_amount": ""}, "expected_amount"),
        ("de-by-digitalbonus", {"status": "considering", "expected_amount": "-5"}, "expected_amount"),
        ("de-go-digital", {"status": "applied", "expected_amount": "100"}, "status"),
        ("de-by-digitalbonus", {"status": "won"}, "status"),
    ],
    ids=["applied-without-amount", "negative", "ended-programme", "unknown-status"],
)
def test_invalid_application_is_a_400_and_nothing_is_stored(
    personas: Personas, programme: str, data: dict[str, str], field: str
) -> None:
    _profile(personas)
    response = personas.client("owner").post(_save_url(personas, programme), data)
    assert response.status_code == 400
    assert not FundingApplication.objects.exists()
    bound = next((row.form for name in ("matched", "excluded", "ended") for row in response.context[name]
                  if row.programme.key == programme and row.form is not None), None)
    if bound is None:  # an ended programme has no form: the message is shown above the lists
        assert response.context["top_errors"]
    else:
        assert field in bound.errors
    assert "error-summary" in response.content.decode()


def test_ended_programme_error_is_clear(personas: Personas) -> None:
    personas.speak("en")
    _profile(personas)
    response = personas.client("owner").post(_save_url(personas, "de-go-digital"),
                                             {"status": "applied", "expected_amount": "100"})
    assert "you cannot apply to it any more" in response.content.decode()


def test_unknown_programme_is_a_400_with_the_message_on_top(personas: Personas) -> None:
    personas.speak("en")
    _profile(personas)
    response = personas.client("owner").post(_save_url(personas, "no-such-programme"),
                                             {"status": "considering"})
    assert response.status_code == 400
    assert "There is no funding programme" in response.content.decode()
    assert not FundingApplication.objects.exists()


def test_viewer_and_evaluator_cannot_write(personas: Personas) -> None:
    _profile(personas)
    for persona in ("viewer", "evaluator"):
        response = personas.client(persona).post(_save_url(personas, "eu-edih"), {"status": "considering"})
        assert response.status_code == 403
    assert not FundingApplication.objects.exists()


def test_owner_removes_an_application(personas: Personas) -> None:
    _profile(personas)
    client = personas.client("owner")
    client.post(_save_url(personas, "eu-edih"), {"status": "considering"})
    url = reverse("budget:funding_delete", kwargs={"use_case_id": use_case_for(personas).pk, "programme": "eu-edih"})
    response = client.post(url, {"project": "training"})
    assert response.status_code == 302
    assert response["Location"].endswith("?project=training#applications")
    assert not FundingApplication.objects.exists()


def _project_url(p: Personas) -> str:
    return reverse("budget:funding_project_type", kwargs={"use_case_id": use_case_for(p).pk})


def test_owner_saves_the_kind_of_project_and_the_page_matches_on_it(personas: Personas) -> None:
    _profile(personas)
    client = personas.client("owner")
    response = client.post(_project_url(personas), {"project": "rnd"})
    assert response.status_code == 302
    assert response["Location"].endswith("/funding/#matched")
    assert use_case_for(personas).budget.funding_project_type == "rnd"
    for persona in ("owner", "viewer"):
        ctx = personas.client(persona).get(_url(personas)).context
        assert ctx["project_type"] == ctx["saved_project_type"] == "rnd"
        assert ctx["state"].result.project_type == "rnd"
    html = client.get(_url(personas)).content.decode()
    assert _project_url(personas) in html
    viewer_html = personas.client("viewer").get(_url(personas, project="training")).content.decode()
    assert _project_url(personas) not in viewer_html  # viewers look, they do not save
    assert personas.client("viewer").post(_project_url(personas), {"project": "training"}).status_code == 403
    assert use_case_for(personas).budget.funding_project_type == "rnd"


@pytest.mark.parametrize("value", ["marketing", ""])
def test_invalid_kind_of_project_is_a_400_and_nothing_is_stored(personas: Personas, value: str) -> None:
    _profile(personas)
    response = personas.client("owner").post(_project_url(personas), {"project": value})
    assert response.status_code == 400
    assert response.context["project_form"].errors["project"]
    assert not hasattr(use_case_for(personas), "budget") or use_case_for(personas).budget.funding_project_type == (
        "implementation"
    )


def test_a_free_programme_shows_free_of_charge_and_takes_zero(personas: Personas) -> None:
    _profile(personas)
    personas.speak("en")
    client = personas.client("owner")
    response = client.post(_save_url(personas, "de-mittelstand-digital-zentren"), {"status": "applied",
                                                                                  "expected_amount": "0"})
    assert response.status_code == 302
    assert FundingApplication.objects.get().status == "applied"
    html = client.get(_url(personas, project="training")).content.decode()
    article = html[html.index('id="programme-de-mittelstand-digital-zentren"'):]
    article = article[:article.index("</article>")]
    assert "Free of charge" in article
    assert "Rate" not in article
    refused = client.post(_save_url(personas, "de-bafa-beratung"), {"status": "applied", "expected_amount": "0"})
    assert refused.status_code == 400


def test_a_dutch_firm_in_noord_brabant_finds_funding_by_default(personas: Personas) -> None:
    """Issue 11, finding 11: the default kind of project follows the use case's stage, Dutch
    programmes come first, and each programme that does not fit says why in one line."""
    _profile(personas, country="NL", region="Noord-Brabant", staff_count=60)
    use_case = use_case_for(personas)
    use_case.chosen_model = "partner"
    use_case.save()
    response = personas.client("owner").get(_url(personas))
    ctx = response.context
    assert ctx["project_type"] == "feasibility"  # a pilot with a partner, not "implementation"
    assert ctx["matched"], "the default kind of project finds something for a Dutch firm"
    assert {row.programme.country for row in ctx["matched"]} <= {"NL", "EU"}
    countries = [row.programme.country for row in ctx["excluded"]]
    assert countries[0] == "NL" or "NL" not in countries
    if "NL" in countries and "DE" in countries:
        assert countries.index("NL") < countries.index("DE")
    assert all(len(row.reasons) == 1 for row in ctx["excluded"])


def test_before_a_model_is_chosen_the_default_is_consulting(personas: Personas) -> None:
    _profile(personas, country="NL", region="Noord-Brabant", staff_count=60)
    assert personas.client("owner").get(_url(personas)).context["project_type"] == "consulting"


def test_an_owners_choice_beats_the_stage(personas: Personas) -> None:
    from partnerwijzer.budget.funding.services import project_type_save

    _profile(personas, country="NL", staff_count=60)
    project_type_save(actor=personas.owner, use_case=use_case_for(personas), project_type="rnd")
    assert personas.client("owner").get(_url(personas)).context["project_type"] == "rnd"


def test_a_programme_past_its_verify_by_date_says_it_may_be_out_of_date(personas: Personas) -> None:
    """Issue 14, point 12: MIT was last verified in 2024 (verify_by 2025-12-31)."""
    personas.speak("en")
    _profile(personas, country="NL", region="Utrecht", staff_count=40)
    html = personas.client("owner").get(_url(personas, project_type="feasibility")).content.decode()
    mit = html.split('id="programme-nl-mit"', 1)[1].split("</article>", 1)[0]
    assert 'data-stale="true"' in mit
    assert "last verified 2024, may be out of date" in mit
    wbso = html.split('id="programme-nl-wbso"', 1)[1].split("</article>", 1)[0]
    assert 'data-stale="true"' not in wbso
