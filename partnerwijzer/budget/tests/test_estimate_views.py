"""Estimate pages: the owner's flow (start from the guide, edit, add, delete, buffer, roles, hidden
costs), read-only pages for viewers and evaluators, 400 on invalid input with nothing stored,
the overview and the chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.budget.estimate import services
from partnerwijzer.budget.models import Budget, CostLine, EffortRole, HiddenCost
from partnerwijzer.planning.models import UseCase
from tests.personas import Personas


@pytest.fixture
def use_case_fields() -> dict[str, Any]:
    return {"title": "Quote <preparation> & more"}  # escaped on every page


def _url(name: str, use_case: UseCase, **kwargs: object) -> str:
    return reverse(f"budget:{name}", kwargs={"use_case_id": use_case.pk, **kwargs})


def _page(personas: Personas, persona: str, use_case: UseCase) -> str:
    response = personas.client(persona).get(_url("estimate", use_case))
    assert response.status_code == 200
    return response.content.decode()


# --- the owner's flow ----------------------------------------------------------------------------


def test_empty_page_offers_to_start_from_the_guide(personas: Personas, use_case: UseCase) -> None:
    html = _page(personas, "owner", use_case)
    assert 'id="start-button"' in html
    assert _url("estimate_start", use_case) in html
    assert 'id="no-result"' in html
    assert 'class="budget-tabs"' in html
    assert 'aria-current="page"' in html
    assert "Quote &lt;preparation&gt; &amp; more" in html
    assert not Budget.objects.exists()  # looking creates nothing


def test_owner_starts_and_sees_guide_ranges_with_source_beside_own_figures(
    personas: Personas, use_case: UseCase
) -> None:
    client = personas.client("owner")
    response = client.post(_url("estimate_start", use_case))
    assert response.status_code == 302
    assert response["Location"].endswith("#lines")
    assert CostLine.objects.filter(budget__use_case=use_case).count() == 6
    html = client.get(_url("estimate", use_case)).content.decode()
    for line in CostLine.objects.all():
        row = html.split(f'id="line-{line.pk}"', 1)[1].split("</tr>", 1)[0]
        assert 'class="refvalue"' in row  # the guide's range...
        assert reverse("knowledge:sources") + "#guide-2025" in row  # ...with its source
        assert f'data-likely="{line.likely}"' in row  # beside the own figure
        assert _url("cost_line_update", use_case, line_id=line.pk) in row
    assert 'id="result-table"' in html
    assert _url("cost_chart", use_case) in html
    assert 'alt="' in html.split(_url("cost_chart", use_case), 1)[1].split(">", 1)[0]
    # Buffer: the guide's 20-30 % with its source, and the first-project default
    buffer = html.split('id="buffer"', 1)[1].split("</section>", 1)[0]
    assert 'class="refvalue"' in buffer
    assert 'id="buffer-default"' in buffer
    assert 'value="30"' in buffer
    # All five hidden costs are open: a warning lists them
    assert html.count('class="budget-hidden__item"') == 5
    assert 'id="open-hidden"' in html
    assert 'id="read-only"' not in html


def test_result_shows_samples_and_p90_explanation(personas: Personas, use_case: UseCase) -> None:
    personas.speak("en")
    services.estimate_start(actor=personas.owner, use_case=use_case)
    with translation.override("en"):
        html = _page(personas, "viewer", use_case)
    result = html.split('id="result"', 1)[1]
    assert "10,000" in result  # samples, formatted for the locale
    assert "9 in 10 simulated outcomes stay below" in result
    for total in ("one_off", "one_off_total", "running_per_year", "total"):
        assert f'data-total="{total}"' in result


def test_edit_a_guide_line(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    line = budget.cost_lines.get(category="model")
    client = personas.client("owner")
    form = client.get(_url("cost_line_update", use_case, line_id=line.pk)).content.decode()
    assert 'id="guide-range"' in form
    assert 'class="refvalue"' in form
    assert 'name="kind"' not in form  # the guide says what kind it is
    assert 'value="42.500"' in form  # what was stored, without trailing cents, in the Dutch format
    response = client.post(_url("cost_line_update", use_case, line_id=line.pk),
                           {"name": "", "low": "30000", "likely": "40000", "high": "55000", "note": "Quote"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.low, line.likely, line.high, line.note) == (Decimal(30000), Decimal(40000), Decimal(55000), "Quote")


def test_invalid_line_gives_400_with_the_message_and_stores_nothing(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    line = budget.cost_lines.get(category="model")
    response = personas.client("owner").post(
        _url("cost_line_update", use_case, line_id=line.pk), {"low": "50000", "likely": "40000", "high": "55000"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    line.refresh_from_db()
    assert line.likely == Decimal(42500)


def test_swapped_low_and_high_give_one_message_at_low(personas: Personas, use_case: UseCase) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    line = budget.cost_lines.get(category="model")
    before = (line.low, line.likely, line.high)
    response = personas.client("owner").post(
        _url("cost_line_update", use_case, line_id=line.pk), {"low": "60000", "likely": "40000", "high": "30000"})
    assert response.status_code == 400
    html = response.content.decode()
    # In the organisation's language (Dutch), in the summary and at the field; no second message.
    assert html.count("Laag mag niet hoger zijn dan hoog.") == 2
    assert "kan niet lager zijn" not in html
    assert html.count("field--error") == 1
    line.refresh_from_db()
    assert (line.low, line.likely, line.high) == before


def test_add_own_running_line_and_delete_it(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    form = client.get(_url("cost_line_create", use_case) + "?kind=running").content.decode()
    assert 'value="running"' in form.split("checked", 1)[0].rsplit("<input", 1)[1]
    response = client.post(_url("cost_line_create", use_case),
                           {"name": "Cloud hosting", "kind": "running", "low": "6000", "likely": "8.000,50",
                            "high": "12000"})
    assert response.status_code == 302, response.content.decode()
    line = CostLine.objects.get()
    assert (line.kind, line.likely) == ("running", Decimal("8000.50"))  # the Dutch decimal comma
    confirm = client.get(_url("cost_line_delete", use_case, line_id=line.pk)).content.decode()
    assert "Cloud hosting" in confirm
    assert "button--danger" in confirm
    assert client.post(_url("cost_line_delete", use_case, line_id=line.pk)).status_code == 302
    assert not CostLine.objects.exists()


def test_own_line_needs_a_name(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(
        _url("cost_line_create", use_case), {"kind": "one_off", "low": "1", "likely": "2", "high": "3"})
    assert response.status_code == 400
    assert not CostLine.objects.exists()


def test_buffer_form(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    assert client.post(_url("estimate_buffer", use_case), {"buffer_percent": "22,5"}).status_code == 302
    assert Budget.objects.get().buffer_percent == Decimal("22.5")
    response = client.post(_url("estimate_buffer", use_case), {"buffer_percent": "120"})
    assert response.status_code == 400
    assert Budget.objects.get().buffer_percent == Decimal("22.5")


def test_role_with_share_of_time(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    data = {"name": "Maintenance planner", "people": "2", "basis": "share", "share_low": "10", "share_high": "30",
            "weekly_hours": "40", "months": "6", "hourly_rate": "65"}
    assert client.post(_url("effort_role_create", use_case), data).status_code == 302
    role = EffortRole.objects.get()
    assert (role.hours_low, role.hours_high) == (Decimal(104), Decimal(312))
    html = _page(personas, "owner", use_case)
    row = html.split(f'id="role-{role.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-hours-low="104.0"' in row
    # The share basis needs its four fields
    response = client.post(_url("effort_role_update", use_case, role_id=role.pk), {**data, "months": ""})
    assert response.status_code == 400
    role.refresh_from_db()
    assert role.months == 6
    assert client.post(_url("effort_role_delete", use_case, role_id=role.pk)).status_code == 302
    assert not EffortRole.objects.exists()


def test_hidden_cost_planned_needs_amount(personas: Personas, use_case: UseCase) -> None:
    personas.speak("en")  # the assertion reads the English message
    client = personas.client("owner")
    url = _url("hidden_cost_set", use_case, key="retraining")
    response = client.post(url, {"retraining-status": "planned", "retraining-amount": ""})
    assert response.status_code == 400
    assert not HiddenCost.objects.exists()
    item = response.content.decode().split('id="hidden-retraining"', 1)[1].split("</form>", 1)[0]
    assert "field--error" in item
    assert "Enter the amount you plan for it" in item
    assert client.post(url, {"retraining-status": "planned", "retraining-amount": "9000"}).status_code == 302
    assert HiddenCost.objects.get().amount == Decimal(9000)
    html = _page(personas, "owner", use_case)
    assert 'id="hidden-retraining" data-status="planned"' in html
    assert client.post(_url("hidden_cost_set", use_case, key="nonsense"), {}).status_code == 404


# --- readers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_everything_without_edit_forms(personas: Personas, use_case: UseCase, persona: str) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    services.effort_role_create(actor=personas.owner, use_case=use_case, name="IT", basis="hours", hours_low=10,
                                hours_high=20, hourly_rate=60)
    html = _page(personas, persona, use_case)
    assert 'id="read-only"' in html
    assert "<form" not in html.split('id="main"', 1)[1].split('class="site-footer"', 1)[0].replace(
        '<form method="post" action="' + reverse("accounts:logout"), "")
    assert 'class="refvalue"' in html
    assert 'id="result-table"' in html
    assert _url("cost_line_update", use_case, line_id=budget.cost_lines.first().pk) not in html  # type: ignore[union-attr]
    assert 'data-buffer="30' in html


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_get_403_on_every_write(personas: Personas, use_case: UseCase, persona: str) -> None:
    budget = services.estimate_start(actor=personas.owner, use_case=use_case)
    line = budget.cost_lines.first()
    assert line is not None
    client = personas.client(persona)
    for url, data in [
        (_url("estimate_start", use_case), {}),
        (_url("estimate_buffer", use_case), {"buffer_percent": "10"}),
        (_url("cost_line_create", use_case), {"name": "x", "kind": "one_off", "low": 1, "likely": 1, "high": 1}),
        (_url("cost_line_update", use_case, line_id=line.pk), {"low": 1, "likely": 1, "high": 1}),
        (_url("cost_line_delete", use_case, line_id=line.pk), {}),
        (_url("effort_role_create", use_case), {}),
        (_url("hidden_cost_set", use_case, key="scaling"), {"scaling-status": "acknowledged"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert CostLine.objects.count() == 6
    line.refresh_from_db()
    assert line.low != 1
    assert not HiddenCost.objects.exists()


def test_line_of_another_use_case_is_404(personas: Personas, use_case: UseCase) -> None:
    other = UseCase.objects.create(organisation=personas.organisation, title="Other")
    line = services.estimate_start(actor=personas.owner, use_case=other).cost_lines.first()
    assert line is not None
    client = personas.client("owner")
    assert client.get(_url("cost_line_update", use_case, line_id=line.pk)).status_code == 404


# --- overview ------------------------------------------------------------------------------------


def test_overview_without_use_cases_links_to_creating_one(personas: Personas) -> None:
    html = personas.client("owner").get(reverse("budget:overview")).content.decode()
    assert 'id="no-use-cases"' in html
    assert reverse("planning:usecase_create") in html


def test_overview_shows_p50_or_the_next_step(personas: Personas, use_case: UseCase) -> None:
    other = UseCase.objects.create(organisation=personas.organisation, title="Another")
    services.cost_line_create(actor=personas.owner, use_case=use_case, name="Fixed", low=10_000, likely=10_000,
                              high=10_000)
    services.cost_line_create(actor=personas.owner, use_case=use_case, name="Hosting", kind="running", low=2_000,
                              likely=2_000, high=2_000)
    html = personas.client("viewer").get(reverse("budget:overview")).content.decode()
    row = html.split(f'data-use-case="{use_case.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-one-off-p50="13000.00"' in row  # 10,000 with the 30 % first-project buffer
    assert 'data-running-p50="2000.00"' in row
    assert "status--needs_attention" in row  # five hidden costs still open
    row = html.split(f'data-use-case="{other.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-state="not_started"' in row
    assert _url("estimate", other) in row


# --- chart ---------------------------------------------------------------------------------------


def test_chart_is_valid_svg_with_escaped_names(personas: Personas, use_case: UseCase) -> None:
    services.estimate_start(actor=personas.owner, use_case=use_case)
    services.cost_line_create(actor=personas.owner, use_case=use_case, name='<script>alert("x")</script> & co',
                              low=1, likely=2, high=3)
    response = personas.client("viewer").get(_url("cost_chart", use_case))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert "<script" not in body
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed to check it is well-formed
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert any(t.startswith('<script>alert("x")') for t in texts)
    assert root.find(f"{ns}title") is not None
    assert root.find(f"{ns}desc") is not None
    # One faint band per guide range (five categories + running), one bar per item (six + own line).
    rects = [r for r in root.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    assert len(rects) == 6 + 7


def test_chart_without_estimate_is_404(personas: Personas, use_case: UseCase) -> None:
    assert personas.client("owner").get(_url("cost_chart", use_case)).status_code == 404
