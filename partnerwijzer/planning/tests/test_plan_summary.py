"""The one-page AI plan (/plan/use-cases/<id>/summary/): content, escaping, print stylesheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from partnerwijzer.planning.usecases.services import kpi_create, priority_set, profile_update, use_case_create
from tests.personas import Personas

XSS = "<script>alert(1)</script>"


def test_summary_shows_problem_kpis_priority_and_checks(personas: Personas) -> None:
    profile_update(actor=personas.owner, organisation=personas.organisation, staff_count=120, region="Noord-Brabant")
    use_case = use_case_create(
        actor=personas.owner, organisation=personas.organisation, title="Maintenance",
        department="production_operations", archetype="predictive_maintenance",
        problem_statement="Cut unplanned downtime by 30%", current_state=XSS,
    )
    kpi_create(actor=personas.owner, use_case=use_case, name="Downtime", unit="hours per month", baseline_value=42,
               target_value=29, target_date=date(2027, 12, 31), baseline_method=XSS)
    priority_set(actor=personas.owner, use_case=use_case, impact=5, feasibility=4)
    url = reverse("planning:plan_summary", args=[use_case.pk])
    assert url == f"/plan/use-cases/{use_case.pk}/summary/"
    response = personas.client("viewer").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="plan-summary"' in html
    assert 'data-passed="true"' in html
    assert ">42<" in html
    assert ">29<" in html
    assert "10–16\u00a0maanden" in html  # the guide's payback for predictive maintenance
    assert "Noord-Brabant" in html
    for key in ("readiness", "model", "ai_act", "gdpr"):
        assert f'data-check="{key}"' in html
    assert XSS not in html
    assert response.context["summary"].priority.position == 1


def test_outsider_gets_the_uniform_404(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="X")
    assert personas.client("outsider").get(reverse("planning:plan_summary", args=[use_case.pk])).status_code == 404


def test_print_stylesheet_hides_navigation_on_a4() -> None:
    css = (Path(settings.BASE_DIR) / "partnerwijzer" / "static" / "css" / "planning.css").read_text()
    print_block = css[css.index("@media print"):]
    assert "size: A4" in print_block
    assert ".site-header" in print_block
    assert "display: none" in print_block


def test_checks_not_done_link_to_their_start(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="X")
    response = personas.client("viewer").get(reverse("planning:plan_summary", args=[use_case.pk]))
    html = response.content.decode()
    assert html.count("data-not-done") == 4
    for name in ("planning:readiness", "planning:advice", "planning:ai_act_start", "planning:gdpr_start"):
        assert reverse(name, args=[use_case.pk]) in html
    summary = response.context["summary"]
    assert (summary.readiness, summary.model_advice, summary.ai_act, summary.gdpr) == (None, None, None, None)


def test_api_summary_reports_checks_not_done_as_null(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="X")
    body = personas.client("viewer").get(f"/api/v1/use-cases/{use_case.pk}/summary").json()
    assert (body["readiness"], body["recommended_model"], body["ai_act_tier"], body["dpia"]) == (None, None, None, None)
