"""The return page, the benefit forms and the charts, per persona, with the database state."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from partnerwijzer.budget.models import BenefitLine, Budget, CostKind, CostLine, FundingApplication, FundingStatus
from partnerwijzer.budget.returns.services import benefit_create, return_settings_update
from partnerwijzer.planning.models import Kpi, UseCase
from tests.personas import Personas


@pytest.fixture
def use_case_fields() -> dict[str, Any]:
    return {"title": "Quote <preparation>", "archetype": "predictive_maintenance"}


@pytest.fixture
def use_case(personas: Personas, use_case: UseCase) -> UseCase:
    personas.speak("en")
    return use_case


def _url(name: str, use_case: UseCase, **kwargs: object) -> str:
    return reverse(f"budget:{name}", kwargs={"use_case_id": use_case.pk, **kwargs})


def _with_costs(personas: Personas, use_case: UseCase) -> Budget:
    budget = return_settings_update(actor=personas.owner, use_case=use_case, horizon_months=36, go_live_month=6,
                                    ramp_months=6, discount_rate=Decimal(6))
    CostLine.objects.create(budget=budget, kind=CostKind.ONE_OFF, name="Build", low=40_000, likely=60_000,
                            high=90_000)
    return budget


def _benefit(personas: Personas, use_case: UseCase, **changes: object) -> BenefitLine:
    fields: dict[str, object] = {"name": "Less downtime", "factor": "cost_savings", "method": "hours",
                                 "low": Decimal(300), "likely": Decimal(500), "high": Decimal(800),
                                 "unit_value": Decimal(90)}
    fields.update(changes)
    return benefit_create(actor=personas.owner, use_case=use_case, **fields)  # type: ignore[arg-type]


def test_empty_page_says_what_to_do_first(personas: Personas, use_case: UseCase) -> None:
    html = personas.client("owner").get(_url("roi", use_case)).content.decode()
    assert 'id="no-costs"' in html
    assert 'id="findings"' not in html
    assert _url("roi_benefit_create", use_case) in html
    # Settings form for the owner, with the guide's go-live suggestion as a reference value.
    assert 'name="horizon_months"' in html
    assert 'value="9"' in html
    assert 'id="go-live-suggestion"' in html
    assert 'class="refvalue"' in html
    assert "Quote &lt;preparation&gt;" in html


def test_no_benefits_yet_explains_how_to_add_one(personas: Personas, use_case: UseCase) -> None:
    _with_costs(personas, use_case)
    html = personas.client("owner").get(_url("roi", use_case)).content.decode()
    assert 'id="no-benefits"' in html
    assert 'id="no-costs"' not in html


def test_owner_sees_result_benefits_and_charts(personas: Personas, use_case: UseCase) -> None:
    budget = _with_costs(personas, use_case)
    FundingApplication.objects.create(budget=budget, programme="de-digital-jetzt", status=FundingStatus.GRANTED,
                                      expected_amount=Decimal(10_000))
    benefit = _benefit(personas, use_case)
    html = personas.client("owner").get(_url("roi", use_case)).content.decode()
    assert 'id="payback"' in html
    assert 'id="roi-table"' in html
    assert 'id="composition"' in html
    assert 'id="findings"' in html
    assert 'data-code="' in html
    assert 'id="funding-note"' in html
    assert "10,000" in html
    assert _url("roi_chart", use_case) in html
    assert _url("payback_chart", use_case) in html
    # The benefit's yearly range: 300 x 90 = 27,000 to 800 x 90 = 72,000.
    row = html.split(f'id="benefit-{benefit.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "27,000" in row
    assert "45,000" in row
    assert "72,000" in row
    assert _url("roi_benefit_update", use_case, benefit_id=benefit.pk) in row
    # The guide's values with their source.
    assert reverse("knowledge:sources") + "#guide-2025" in html
    # Strict CSP: no inline styles or scripts.
    assert " style=" not in html
    assert "<script>" not in html


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_the_result_without_forms(personas: Personas, use_case: UseCase, persona: str) -> None:
    _with_costs(personas, use_case)
    _benefit(personas, use_case)
    html = personas.client(persona).get(_url("roi", use_case)).content.decode()
    assert 'id="read-only"' in html
    assert 'id="payback"' in html
    assert 'name="horizon_months"' not in html
    assert _url("roi_benefit_create", use_case) not in html
    assert "roi_benefit_update" not in html
    assert "/delete/" not in html


def test_settings_post_saves_and_redirects(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(
        _url("roi_settings", use_case),
        {"horizon_months": "48", "go_live_month": "10", "ramp_months": "8", "discount_rate": "7.5"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#result")
    budget = Budget.objects.get(use_case=use_case)
    assert (budget.horizon_months, budget.go_live_month, budget.ramp_months, budget.discount_rate) == (
        48, 10, 8, Decimal("7.5"))


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"horizon_months": "121"}, "between 12 and 120 months"),
        ({"go_live_month": "36"}, "at most month 35"),
        ({"discount_rate": "x"}, "as a number"),
    ],
)
def test_invalid_settings_show_the_message_with_400(
    personas: Personas, use_case: UseCase, data: dict[str, str], text: str
) -> None:
    post = {"horizon_months": "36", "go_live_month": "6", "ramp_months": "6", "discount_rate": "6", **data}
    response = personas.client("owner").post(_url("roi_settings", use_case), post)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not Budget.objects.exists()


def test_benefit_form_shows_kpi_gap_and_factor_descriptions(personas: Personas, use_case: UseCase) -> None:
    kpi = Kpi.objects.create(use_case=use_case, name="Downtime", unit="hours/month", direction="lower",
                             baseline_value=Decimal(42), target_value=Decimal(29))
    html = personas.client("owner").get(_url("roi_benefit_create", use_case)).content.decode()
    assert 'id="kpi-gaps"' in html
    assert "42" in html
    assert "29" in html
    assert "13" in html
    assert f'value="{kpi.pk}" selected' in html  # the only KPI is preselected
    assert "Time people gain for other work." in html  # productivity's description from costs.yaml
    for method in ("amount", "hours", "errors", "conversions"):
        assert f'value="{method}"' in html


def test_benefit_create_from_a_kpi(personas: Personas, use_case: UseCase) -> None:
    kpi = Kpi.objects.create(use_case=use_case, name="Downtime", unit="hours/month")
    response = personas.client("owner").post(_url("roi_benefit_create", use_case), {
        "name": "Less downtime", "kpi": str(kpi.pk), "factor": "cost_savings", "method": "hours",
        "low": "120", "likely": "156", "high": "200", "unit_value": "85.50", "note": "",
    })
    assert response.status_code == 302
    assert response["Location"].endswith("#benefits")
    benefit = BenefitLine.objects.get()
    assert (benefit.kpi, benefit.unit_value, benefit.amount_likely) == (kpi, Decimal("85.50"), Decimal("13338.00"))


def test_invalid_benefit_shows_the_message_with_400(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(_url("roi_benefit_create", use_case), {
        "name": "Less downtime", "kpi": "", "factor": "cost_savings", "method": "hours",
        "low": "300", "likely": "200", "high": "400", "unit_value": "80",
    })
    assert response.status_code == 400
    assert "cannot be above the most likely" in response.content.decode()
    assert not BenefitLine.objects.exists()


def test_benefit_update_and_delete_with_confirmation(personas: Personas, use_case: UseCase) -> None:
    benefit = _benefit(personas, use_case)
    client = personas.client("owner")
    page = client.get(_url("roi_benefit_update", use_case, benefit_id=benefit.pk)).content.decode()
    assert 'value="Less downtime"' in page
    assert 'value="800"' in page
    response = client.post(_url("roi_benefit_update", use_case, benefit_id=benefit.pk), {
        "name": "Less downtime", "kpi": "", "factor": "productivity", "method": "amount",
        "low": "10000", "likely": "20000", "high": "30000", "unit_value": "",
    })
    assert response.status_code == 302
    benefit.refresh_from_db()
    assert (benefit.factor, benefit.method, benefit.unit_value) == ("productivity", "amount", Decimal(1))
    confirm = client.get(_url("roi_benefit_delete", use_case, benefit_id=benefit.pk))
    assert confirm.status_code == 200
    assert BenefitLine.objects.exists()
    assert 'class="button button--danger"' in confirm.content.decode()
    response = client.post(_url("roi_benefit_delete", use_case, benefit_id=benefit.pk))
    assert response.status_code == 302
    assert not BenefitLine.objects.exists()


def test_another_use_cases_benefit_is_404(personas: Personas, use_case: UseCase) -> None:
    other = UseCase.objects.create(organisation=personas.organisation, title="Other")
    benefit = _benefit(personas, other)
    response = personas.client("owner").get(_url("roi_benefit_update", use_case, benefit_id=benefit.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_cannot_write(personas: Personas, use_case: UseCase, persona: str) -> None:
    benefit = _benefit(personas, use_case)
    client = personas.client(persona)
    assert client.post(_url("roi_benefit_delete", use_case, benefit_id=benefit.pk)).status_code == 403
    settings = {"horizon_months": "48", "go_live_month": "10", "ramp_months": "8", "discount_rate": "7"}
    assert client.post(_url("roi_settings", use_case), settings).status_code == 403
    assert BenefitLine.objects.exists()
    assert Budget.objects.get().horizon_months == 36


def test_charts_are_svg_with_the_use_case_title_escaped(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("viewer")
    empty = client.get(_url("roi_chart", use_case))
    assert empty.status_code == 200
    assert empty["Content-Type"].startswith("image/svg+xml")
    _with_costs(personas, use_case)
    _benefit(personas, use_case)
    for name in ("roi_chart", "payback_chart"):
        response = client.get(_url(name, use_case))
        svg = response.content.decode()
        assert response["Content-Type"].startswith("image/svg+xml")
        assert response["Cache-Control"] == "private, no-cache"
        assert "Quote &lt;preparation&gt;" in svg
        assert "<preparation>" not in svg
        assert "<desc" in svg
        assert "style=" not in svg


def test_percentiles_are_labelled_by_meaning_and_read_the_same_way(personas: Personas, use_case: UseCase) -> None:
    """Issue 11, finding 14: P10 of the payback month is the good case, P10 of ROI the bad one; the
    page labels both by meaning, pessimistic first."""
    personas.speak("nl")
    _with_costs(personas, use_case)
    _benefit(personas, use_case)
    html = personas.client("viewer").get(_url("roi", use_case)).content.decode()
    payback = html[html.index('id="payback"'):html.index('id="no-payback"')]
    assert re.findall(r"<dt>(\w+) <span", payback) == ["Pessimistisch", "Waarschijnlijk", "Optimistisch"]
    assert "(P90)" in payback.split("Waarschijnlijk")[0]  # the late payback is the pessimistic one
    roi = html[html.index('id="roi-table"'):]
    head = roi[:roi.index("</thead>")]
    assert head.index("Pessimistisch") < head.index("(P10)") < head.index("Optimistisch") < head.index("(P90)")
