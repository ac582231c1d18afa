"""The use-case list (/plan/use-cases/): empty state per role, content, escaping, query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from partnerwijzer.journey.selectors import journey_for
from partnerwijzer.journey.steps import Status
from partnerwijzer.planning.usecases.services import kpi_create, use_case_create
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

URL = "/plan/use-cases/"
XSS = "<script>alert(1)</script>"


def test_route_name_and_journey_link() -> None:
    assert reverse("planning:usecase_list") == URL
    from partnerwijzer.journey.steps import STEPS

    assert next(s for s in STEPS if s.key == "plan").url_name == "planning:usecase_list"


def test_empty_state_tells_an_owner_what_to_do(personas: Personas) -> None:
    html = personas.client("owner").get(URL).content.decode()
    assert 'id="no-use-cases"' in html
    assert f'href="{reverse("planning:usecase_create")}"' in html
    assert 'id="profile-hint"' in html


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_no_create_link(personas: Personas, persona: str) -> None:
    html = personas.client(persona).get(URL).content.decode()
    assert 'id="no-use-cases"' in html
    assert reverse("planning:usecase_create") not in html


def _make(p: Personas, title: str, *, complete: bool = False) -> Any:
    use_case = use_case_create(
        actor=p.owner, organisation=p.organisation, title=title, department="hr", archetype="other",
        problem_statement="Cut time to hire by 30%" if complete else "We need AI",
        current_state="45 days" if complete else "",
    )
    if complete:
        from datetime import date

        kpi_create(actor=p.owner, use_case=use_case, name="Time to hire", unit="days", baseline_value=45,
                   target_value=30, target_date=date(2027, 1, 1))
    return use_case


def test_list_shows_own_use_cases_escaped_with_check_state(personas: Personas) -> None:
    good = _make(personas, "Good", complete=True)
    bad = _make(personas, XSS)
    other = use_case_create(actor=personas.outsider, organisation=personas.other_organisation, title="Fremd")
    response = personas.client("viewer").get(URL)
    html = response.content.decode()
    assert reverse("planning:usecase_detail", args=[good.pk]) in html
    assert reverse("planning:usecase_detail", args=[bad.pk]) in html
    assert reverse("planning:usecase_detail", args=[other.pk]) not in html
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('data-check="pass"') == 1
    assert html.count('data-check="fail"') == 1


def test_query_count_does_not_grow_with_use_cases(personas: Personas, django_assert_num_queries: Any) -> None:
    for n in range(3):
        use_case = _make(personas, f"Case {n}", complete=True)
        selection_create(actor=personas.owner, organisation=personas.organisation, title=f"S{n}")
        use_case.selections.add(*personas.organisation.selections.filter(title=f"S{n}"))
    client = personas.client("owner")
    client.get(URL)  # warm up session and caches
    # session, user, memberships (the org switcher reuses them: issue 17 item 7), use cases, their KPIs,
    # profile, and the
    # organisation's own figure values (read once per request when reference figures are used); the
    # session is not saved: it was renewed by the first view
    with django_assert_num_queries(7):
        client.get(URL)
    for n in range(3, 8):
        _make(personas, f"Case {n}")
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.content.decode().count('class="usecase-list__item"') == 8


def test_journey_status_follows_the_use_cases(personas: Personas) -> None:
    def plan_status() -> Status:
        return next(s.status for s in journey_for(organisation=personas.organisation).steps if s.step.key == "plan")

    assert plan_status() == Status.NOT_STARTED
    _make(personas, "Vague")
    assert plan_status() == Status.IN_PROGRESS
    _make(personas, "Measurable", complete=True)
    assert plan_status() == Status.DONE
