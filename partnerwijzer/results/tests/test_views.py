"""The results pages: starting from the contract step and from a use case, the results page with
KPI status and reasons, the burn against the estimate and the realised return, the upload with
its preview and row errors, costs, and the gate decision with the evidence beside it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerwijzer.budget.models import Budget
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.journey.steps import Status
from partnerwijzer.planning.models import UseCase
from partnerwijzer.results import selectors, services
from partnerwijzer.results.models import ActualCost, GateDecision, Measurement, PhaseKey, Project
from partnerwijzer.results.services import MeasurementInput
from partnerwijzer.results.tests.conftest import START, kpi
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _measure(project: Project, personas: Personas, name: str, values: list[tuple[date, str]]) -> None:
    target = kpi(project.use_case, name)
    for day, value in values:
        services.measurement_add(actor=personas.owner, row=MeasurementInput(target, day, Decimal(value)))


def test_the_contract_step_offers_to_start_the_project(personas: Personas, decision: PartnerDecision) -> None:
    page = personas.client("owner").get(reverse("contract:checklist", args=[decision.selection_id]))
    start = reverse("results:project_start", args=[decision.selection.use_case_id])
    assert start in page.content.decode()
    viewer = personas.client("viewer").get(reverse("contract:checklist", args=[decision.selection_id]))
    assert start not in viewer.content.decode()


def test_starting_from_the_contract_step_takes_the_preferred_partner(personas: Personas,
                                                                       decision: PartnerDecision) -> None:
    use_case = decision.selection.use_case
    assert use_case is not None
    url = reverse("results:project_start", args=[use_case.pk])
    page = personas.client("owner").get(url)
    assert "Acme AI" in page.content.decode()
    response = personas.client("owner").post(url, {"partner_name": "", "start_date": "2026-01-01",
                                                   "contract_reference": "C-1"})
    project = Project.objects.get(use_case=use_case)
    assert response.status_code == 302
    assert response["Location"] == reverse("results:project", args=[project.pk])
    assert project.candidate == decision.candidate
    assert project.partner_name == "Acme AI"


def test_starting_from_a_use_case_without_a_selection(personas: Personas, use_case: UseCase) -> None:
    page = personas.client("owner").get(reverse("planning:usecase_detail", args=[use_case.pk]))
    url = reverse("results:project_start", args=[use_case.pk])
    assert url in page.content.decode()
    bad = personas.client("owner").post(url, {"partner_name": "", "start_date": "2026-01-01"})
    assert bad.status_code == 400
    assert not Project.objects.exists()
    personas.client("owner").post(url, {"partner_name": "Data Partners BV", "start_date": "2026-01-01"})
    assert Project.objects.get().partner_name == "Data Partners BV"


def test_results_page_shows_status_with_the_reason_in_words(personas: Personas, project: Project,
                                                            budget: Budget) -> None:
    _measure(project, personas, "Processing time", [(date(2026, 2, 1), "11"), (date(2026, 3, 1), "9.5"),
                                                    (date(2026, 4, 1), "8"), (date(2026, 5, 1), "6.5")])
    _measure(project, personas, "First-time right", [(date(2026, 3, 1), "81")])
    client = personas.client("viewer")
    page = client.get(reverse("results:project", args=[project.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    time = kpi(project.use_case, "Processing time")
    ftr = kpi(project.use_case, "First-time right")
    assert f'id="kpi-{time.pk}" data-status="on_track"' in text
    assert f'id="kpi-{ftr.pk}" data-status="not_enough_data"' in text
    assert "een trend vraagt minstens drie metingen" in text  # Dutch, the default
    assert reverse("results:kpi_chart", args=[project.pk, time.pk]) in text
    assert 'id="realised-to-date"' in text
    assert "percentiel" in text


def test_kpi_chart_draws_baseline_target_points_and_trend(personas: Personas, project: Project) -> None:
    _measure(project, personas, "Processing time", [(date(2026, 2, 1), "11"), (date(2026, 3, 1), "10"),
                                                    (date(2026, 4, 1), "9")])
    time = kpi(project.use_case, "Processing time")
    response = personas.client("viewer").get(reverse("results:kpi_chart", args=[project.pk, time.pk]))
    svg = response.content.decode()
    assert response["Content-Type"].startswith("image/svg+xml")
    assert svg.count('class="measurement"') == 3
    for part in ('class="baseline"', 'class="target"', 'class="trend"', 'class="trend-band"'):
        assert part in svg


def test_burn_warns_when_the_actuals_leave_the_band(personas: Personas, project: Project, budget: Budget) -> None:
    services.actual_cost_set(actor=personas.owner, project=project, category="development",
                             categories=["development"], month=date(2026, 1, 1), amount=Decimal(90000))
    client = personas.client("owner")
    page = client.get(reverse("results:costs", args=[project.pk]))
    text = page.content.decode()
    assert 'data-outside="above"' in text
    assert "Let op: de werkelijke kosten" in text
    chart = client.get(reverse("results:burn_chart", args=[project.pk])).content.decode()
    assert 'class="burn-band"' in chart
    assert 'class="burn-actual"' in chart


def test_cost_form_saves_and_refuses_bad_input(personas: Personas, project: Project, budget: Budget) -> None:
    url = reverse("results:cost_create", args=[project.pk])
    client = personas.client("owner")
    bad = client.post(url, {"category": "development", "month": "2026-03-01", "amount": "-5"})
    assert bad.status_code == 400
    assert not ActualCost.objects.exists()
    ok = client.post(url, {"category": "development", "month": "2026-03-10", "amount": "12.500"})
    assert ok.status_code == 302
    cost = ActualCost.objects.get()
    assert cost.amount == Decimal(12500)
    assert cost.month == date(2026, 3, 1)


def test_upload_previews_then_stores_and_reports_row_errors(personas: Personas, project: Project) -> None:
    url = reverse("results:measurement_upload", args=[project.pk])
    client = personas.client("owner")
    bad = SimpleUploadedFile("m.csv", b"kpi;date;value\nProcessing time;2026-02-01;11\n"
                                      b"Processing time;2026-13-01;10\nUnknown;2026-03-01;abc\n")
    response = client.post(url, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 400
    assert 'data-row="3"' in text
    assert 'data-row="4"' in text
    assert 'data-row="2"' not in text
    assert not Measurement.objects.exists()
    good = SimpleUploadedFile("m.csv", b"kpi,date,value,source\nProcessing time,2026-02-01,11,ERP\n"
                                       b"First-time right,2026-02-01,\"82,5\",QA\n")
    preview = client.post(url, {"file": good})
    assert preview.status_code == 200
    assert not Measurement.objects.exists()
    rows = preview.context["upload"].confirm_rows
    stored = client.post(url, {"rows": rows})
    assert stored.status_code == 302
    assert sorted(Measurement.objects.values_list("value", flat=True)) == [Decimal(11), Decimal("82.5")]


def test_the_forms_and_the_upload_refuse_a_value_outside_the_kpis_bounds(personas: Personas,
                                                                          project: Project) -> None:
    ftr = kpi(project.use_case, "First-time right")
    client = personas.client("owner")
    form = client.post(reverse("results:measurement_create", args=[project.pk]),
                       {"kpi": str(ftr.pk), "measured_on": "2026-06-01", "value": "100,5"})
    assert form.status_code == 400
    assert "“First-time right” is een percentage: een percentage ligt tussen 0 en 100." in form.content.decode()
    assert not Measurement.objects.exists()
    upload = SimpleUploadedFile("m.csv", b"kpi;date;value\nProcessing time;2026-02-01;11\n"
                                         b"First-time right;2026-02-01;120\nProcessing time;2026-03-01;-1\n")
    response = client.post(reverse("results:measurement_upload", args=[project.pk]), {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400
    assert 'data-row="3"' in text
    assert 'data-row="4"' in text
    assert 'data-row="2"' not in text
    assert "“Processing time” kan niet negatief zijn: vul 0 of meer in." in text
    assert not Measurement.objects.exists()
    measurement = services.measurement_add(actor=personas.owner, row=MeasurementInput(ftr, START, Decimal(90)))
    correction = client.post(reverse("results:measurement_update", args=[measurement.pk]),
                             {"value": "-4", "source": "", "note": ""})
    assert correction.status_code == 400
    assert "een percentage ligt tussen 0 en 100" in correction.content.decode()
    measurement.refresh_from_db()
    assert measurement.value == Decimal(90)


def test_xlsx_upload_reads_date_cells(personas: Personas, project: Project) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KPI", "Datum", "Waarde"])
    sheet.append(["Processing time", date(2026, 2, 1), 11.5])
    buffer = io.BytesIO()
    book.save(buffer)
    url = reverse("results:measurement_upload", args=[project.pk])
    preview = personas.client("owner").post(url, {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue())})
    assert preview.status_code == 200
    upload = preview.context["upload"]
    assert upload.rows[0].cells[1] == ("1 februari 2026", False)  # shown in the reader's language
    from partnerwijzer.uploads import confirmed_rows

    (number, values), = confirmed_rows(upload.confirm_rows, f"results.measurements:{project.pk}")
    assert (number, values[1]) == (2, "2026-02-01")  # carried to the confirmation as ISO


def test_a_named_measurer_enters_measurements_other_viewers_may_not(personas: Personas, project: Project) -> None:
    time = kpi(project.use_case, "Processing time")
    url = reverse("results:measurement_create", args=[project.pk])
    data = {"kpi": str(time.pk), "measured_on": "2026-06-01", "value": "7,5"}
    assert personas.client("viewer").post(url, data).status_code == 403
    services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="monthly", measurer=personas.viewer)
    assert personas.client("viewer").post(url, data).status_code == 302
    assert Measurement.objects.get().value == Decimal("7.5")
    ftr = kpi(project.use_case, "First-time right")
    other = personas.client("viewer").post(url, {**data, "kpi": str(ftr.pk)})
    assert other.status_code == 400  # not one of the KPIs this member measures
    assert Measurement.objects.count() == 1


def test_gate_decision_page_shows_the_evidence_and_records_the_decision(personas: Personas, project: Project,
                                                                        budget: Budget) -> None:
    gate = project.phases.get(key=PhaseKey.ANALYSIS).gate
    url = reverse("results:gate_decide", args=[gate.pk])
    client = personas.client("owner")
    page = client.get(url)
    text = page.content.decode()
    assert 'id="evidence"' in text
    assert 'id="burn-verdict"' in text
    response = client.post(url, {"outcome": "go", "rationale": "Analysis complete.", "decided_on": "2026-02-02"})
    assert response.status_code == 302
    assert GateDecision.objects.get(gate=gate).outcome == "go"
    gates = client.get(reverse("results:gates", args=[project.pk])).content.decode()
    assert 'data-outcome="go"' in gates


def test_portfolio_lists_projects_and_the_dashboard_step_links_to_it(personas: Personas, project: Project) -> None:
    client = personas.client("viewer")
    page = client.get(reverse("results:portfolio"))
    assert reverse("results:project", args=[project.pk]) in page.content.decode()
    dashboard = client.get(reverse("journey:dashboard")).content.decode()
    assert reverse("results:portfolio") in dashboard


def test_empty_portfolio_says_what_to_do(personas: Personas) -> None:
    page = personas.client("owner").get(reverse("results:portfolio"))
    assert 'id="no-projects"' in page.content.decode()
    assert START  # the fixture date is unused here on purpose: no project exists


def test_the_empty_portfolio_points_below_only_when_there_is_something_below(personas: Personas) -> None:
    """Found walking a new client in German: "... oder unten für einen Anwendungsfall" with nothing
    below (no use case to start a project for)."""
    assert selectors.startable_use_cases(personas.organisation) == []
    html = personas.client("owner").get(reverse("results:portfolio")).content.decode()
    expected = ("Er is nog geen project gestart. Is het contract met een partner rond, start het project dan "
                "vanuit de contractstap.")
    assert expected in html
    assert "hieronder" not in html
    assert 'id="start-project"' not in html


def test_the_measurers_dashboard_lists_the_due_measurement_and_the_step_needs_attention(
    personas: Personas, project: Project,
) -> None:
    time = kpi(project.use_case, "Processing time")
    services.kpi_plan_set(actor=personas.owner, kpi=time, frequency="monthly", measurer=personas.viewer)
    # The last measurement on 1 May: the next is due on 1 June, before TODAY (15 June): overdue.
    services.measurement_add(actor=personas.owner, row=MeasurementInput(time, date(2026, 5, 1), Decimal(9)))
    dashboard = personas.client("viewer").get(reverse("journey:dashboard")).content.decode()
    assert reverse("results:measurement_create", args=[project.pk]) + f"?kpi={time.pk}" in dashboard
    assert "Processing time" in dashboard
    owner_dashboard = personas.client("owner").get(reverse("journey:dashboard")).content.decode()
    assert f"?kpi={time.pk}" not in owner_dashboard  # the owner is not this KPI's measurer
    assert selectors.results_status(personas.organisation) == Status.NEEDS_ATTENTION


def test_the_phase_and_the_gate_form_share_one_page_with_their_own_heading(personas: Personas,
                                                                            project: Project) -> None:
    from django.utils import translation
    from django.utils.translation import gettext

    phase = project.phases.get(key=PhaseKey.ANALYSIS)
    client = personas.client("owner")
    pages = {
        "Change the phase": client.get(reverse("results:phase_update", args=[phase.pk])),
        "Gate criteria": client.get(reverse("results:gate_update", args=[phase.gate.pk])),
    }
    for heading, page in pages.items():
        assert page.status_code == 200
        with translation.override(personas.organisation.language):
            words = gettext(heading)
        assert words != heading or personas.organisation.language == "en"
        assert f"<h1>{words}: {phase.label}</h1>" in page.content.decode()
        assert f"<title>{words} ·" in page.content.decode()


def _many(project: Project, personas: Personas, name: str, count: int, *, offset: int = 0) -> None:
    """``count`` measurements of a KPI on consecutive days from the project start (bulk: no audit needed)."""
    target = kpi(project.use_case, name)
    Measurement.objects.bulk_create(
        Measurement(kpi=target, measured_on=START + timedelta(days=offset + i), value=Decimal(12) - Decimal(i) / 20,
                    source=f"source {offset + i}", entered_by=personas.owner) for i in range(count))


def test_results_page_lists_the_latest_measurements_and_links_to_all(personas: Personas, project: Project) -> None:
    _many(project, personas, "Processing time", 12)
    time = kpi(project.use_case, "Processing time")
    text = personas.client("viewer").get(reverse("results:project", args=[project.pk])).content.decode()
    article = text[text.index(f'id="kpi-{time.pk}"'):]
    article = article[:article.index("</article>")]
    shown = [f"source {i}<" for i in range(12) if f"source {i}<" in article]
    assert shown == [f"source {i}<" for i in range(7, 12)]  # the latest five
    assert article.index("source 11<") < article.index("source 7<")  # newest first
    assert "De laatste 5 van 12 metingen" in article
    assert reverse("results:kpi_measurements", args=[project.pk, time.pk]) in article
    assert "Alle 12 metingen tonen" in article


def test_results_page_without_more_measurements_has_no_link(personas: Personas, project: Project) -> None:
    _many(project, personas, "Processing time", 3)
    text = personas.client("viewer").get(reverse("results:project", args=[project.pk])).content.decode()
    assert "data-all-measurements" not in text
    assert "source 0<" in text
    assert "source 2<" in text


def test_kpi_measurements_page_pages_through_all_newest_first(personas: Personas, project: Project) -> None:
    _many(project, personas, "Processing time", selectors.MEASUREMENTS_PER_PAGE + 3)
    time = kpi(project.use_case, "Processing time")
    url = reverse("results:kpi_measurements", args=[project.pk, time.pk])
    first = personas.client("viewer").get(url).content.decode()
    last = f"source {selectors.MEASUREMENTS_PER_PAGE + 2}<"
    assert last in first
    assert "source 2<" not in first
    assert first.count("<tr>") == selectors.MEASUREMENTS_PER_PAGE + 1  # header row and one page
    assert "Pagina 1 van 2" in first
    assert "Corrigeren" not in first  # a viewer who does not measure may not correct
    second = personas.client("owner").get(url, {"page": "2"}).content.decode()
    assert second.count("<tr>") == 3 + 1
    assert "source 0<" in second
    assert "Corrigeren" in second
    assert personas.client("viewer").get(url, {"page": "x"}).status_code == 200  # a bad page is the first


def test_results_page_query_count_does_not_grow_with_the_measurements(personas: Personas, project: Project,
                                                                      budget: Budget) -> None:
    client = personas.client("owner")
    url = reverse("results:project", args=[project.pk])

    def queries() -> int:
        client.get(url)  # warm-up: the simulation is memoised per process, as in production
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    _many(project, personas, "Processing time", 6)
    _many(project, personas, "First-time right", 6)
    few = queries()
    _many(project, personas, "Processing time", 54, offset=6)
    _many(project, personas, "First-time right", 54, offset=6)
    assert queries() == few


def test_cost_upload_lists_row_errors_and_stores_nothing(personas: Personas, project: Project,
                                                         budget: Budget) -> None:
    url = reverse("results:cost_upload", args=[project.pk])
    client = personas.client("owner")
    bad = SimpleUploadedFile("k.csv", b"maand;categorie;bedrag\n2026-02;development;12.500\n"
                                      b"2026-13;development;100\n2026-03;catering;-5\n2026-09;other;10\n"
                                      b"2026-02;development;1\n")
    response = client.post(url, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 400
    assert 'data-row="2"' not in text
    assert 'data-row="3"' in text  # no such month
    assert 'data-row="4"' in text  # unknown category
    assert 'data-row="5"' in text  # in the future
    assert 'data-row="6"' in text  # a second amount for development in February
    assert "is geen kostencategorie van het budget" in text
    assert not ActualCost.objects.exists()
    missing = client.post(url, {"file": SimpleUploadedFile("k.csv", b"month,amount\n2026-02,1\n")})
    assert missing.status_code == 400
    assert "category" in missing.content.decode()


def test_cost_upload_previews_then_stores_each_row_audited(personas: Personas, project: Project,
                                                           budget: Budget) -> None:
    import io

    from openpyxl import Workbook

    from partnerwijzer.audit.models import AuditEvent

    services.actual_cost_set(actor=personas.owner, project=project, category="other",
                             categories=["other"], month=date(2026, 3, 1), amount=Decimal(99))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Month", "Category", "Amount", "Note"])
    sheet.append([date(2026, 2, 10), "development", 12500, "Sprint 1"])
    sheet.append(["2026-03", "Other", "1.250,50", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    url = reverse("results:cost_upload", args=[project.pk])
    client = personas.client("owner")
    preview = client.post(url, {"file": SimpleUploadedFile("k.xlsx", buffer.getvalue())})
    assert preview.status_code == 200
    assert ActualCost.objects.count() == 1  # the preview stores nothing
    stored = client.post(url, {"rows": preview.context["upload"].confirm_rows})
    assert stored.status_code == 302
    amounts = dict(ActualCost.objects.values_list("category", "amount"))
    assert amounts == {"development": Decimal(12500), "other": Decimal("1250.50")}  # March replaced
    assert AuditEvent.objects.filter(action="results.actual_cost_set").count() == 3
    assert client.post(url, {"rows": "not json"}).status_code == 302
    assert personas.client("viewer").get(url).status_code == 403


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", ["Modelontwikkeling en training", "Overig", "“development” (geen categorie van de gids)", "Maand",
            "Kostencategorie", "Bedrag (€)", "Notitie", "Voorvertoning: 3 kostenposten"]),
    ("de", ["Modellentwicklung und Training", "Sonstiges", "„development“ (keine Kategorie des Leitfadens)",
            "Monat", "Kostenkategorie", "Betrag (€)", "Notiz"]),
])
def test_the_cost_upload_preview_names_every_category_in_the_users_language(
        personas: Personas, project: Project, budget: Budget, language: str, expected: list[str]) -> None:
    """polish3 item 5: the preview showed the key "development" of a cost line whose category the
    guide does not know, untranslated; the guide's categories show the guide's name in nl and de."""
    from partnerwijzer.budget.models import CostLine

    CostLine.objects.create(budget=budget, category="model", low=Decimal(1), likely=Decimal(2), high=Decimal(3),
                            position=2)
    personas.speak(language)
    data = b"month;category;amount\n2026-02;model;100\n2026-02;other;10\n2026-02;development;5\n"
    preview = personas.client("owner").post(reverse("results:cost_upload", args=[project.pk]),
                                            {"file": SimpleUploadedFile("k.csv", data)})
    assert preview.status_code == 200
    html = preview.content.decode()
    for text in expected:
        assert text in html, text
    assert "<td>development</td>" not in html
    assert "<td>model</td>" not in html
