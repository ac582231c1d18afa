"""The portfolio (issue 17 item 3): every client with its status per step, overdue tasks and
flags, filters and sorting, an XLSX export, in a number of queries independent of the clients."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnerwijzer.accounts.models import AccessRole, Organisation
from partnerwijzer.accounts.services import adviser_access_revoke
from partnerwijzer.advisers.models import PortfolioStatus
from partnerwijzer.advisers.selectors import portfolio_of
from partnerwijzer.advisers.tests.builders import export_through_the_worker, grant, make_adviser, signed_in
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.documents.models import DocumentJob, JobStatus
from partnerwijzer.documents.services import run_job
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.journey.steps import Status
from partnerwijzer.planning.models import StoredStatus, UseCase
from partnerwijzer.planning.usecases import services
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

pytestmark = pytest.mark.usefixtures("english")


def _clients(adviser: Organisation, owner: object, count: int, *, start: int = 0) -> list[Organisation]:
    made = []
    for number in range(start, start + count):
        client = Organisation.objects.create(name=f"Client {number:03d}")
        grant(client, adviser)
        UseCase.objects.create(organisation=client, title=f"Use case {number}")
        selection_create(actor=owner, organisation=client, title=f"Selection {number}")  # type: ignore[arg-type]
        made.append(client)
    return made


def _page_queries(client: object) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("advisers:portfolio"))  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries)


def test_portfolio_queries_do_not_grow_with_the_clients(personas: Personas) -> None:
    adviser, user = make_adviser()
    _clients(adviser, personas.owner, 3)
    browser = signed_in(user)
    _page_queries(browser)  # the first request also renews the session: not the portfolio's
    StoredStatus.objects.all().delete()
    PortfolioStatus.objects.all().delete()
    three_new = _page_queries(browser)  # computes and stores the three clients' rows, plan and readiness
    three = _page_queries(browser)  # reads them
    _clients(adviser, personas.owner, 27, start=3)
    _page_queries(browser)  # computes the 27 new ones, reads the three
    thirty = _page_queries(browser)
    StoredStatus.objects.all().delete()
    PortfolioStatus.objects.all().delete()
    thirty_new = _page_queries(browser)  # computes all thirty again
    assert three == thirty
    assert three_new == thirty_new
    assert three < three_new
    assert StoredStatus.objects.count() == 30
    assert browser.get(reverse("advisers:portfolio")).content.decode().count("<th scope=\"row\">Client 0") == 30


def test_portfolio_shows_status_per_step_flags_and_next_action(personas: Personas, settings: object) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"  # type: ignore[attr-defined]
    adviser, user = make_adviser()
    fresh = Organisation.objects.create(name="Aardappel BV")
    grant(fresh, adviser, AccessRole.READ)
    busy = _clients(adviser, personas.owner, 1)[0]
    selection = busy.selections.get()
    Evaluator.objects.create(selection=selection, user=personas.owner, score_by=dt.date(2026, 12, 1))
    rows = {r.client.name: r for r in portfolio_of(adviser, on=dt.date(2026, 12, 7))}
    statuses = {s.key: st for s, st in rows["Client 000"].statuses}
    assert statuses["plan"] == Status.IN_PROGRESS
    assert statuses["selection"] == Status.IN_PROGRESS
    assert statuses["readiness"] == Status.NOT_STARTED  # every step is computed for the whole portfolio
    assert statuses["contract"] == Status.NOT_STARTED
    assert statuses["results"] == Status.NOT_STARTED
    assert rows["Client 000"].overdue_tasks == 1
    assert [f.key for f in rows["Client 000"].flags] == ["overdue"]
    assert rows["Aardappel BV"].next_step is not None
    assert rows["Aardappel BV"].next_step.key == "plan"
    assert rows["Aardappel BV"].holder == "The client's owners"
    assert rows["Client 000"].holder == "The client's owners, with you alongside"
    # Filters and sorting
    assert [r.client.name for r in portfolio_of(adviser, flag="overdue")] == ["Client 000"]
    assert [r.client.name for r in portfolio_of(adviser, sort="flags")] == ["Client 000", "Aardappel BV"]
    assert next(r.client.name for r in portfolio_of(adviser, sort="progress")) == "Aardappel BV"
    page = signed_in(user).get(reverse("advisers:portfolio"), {"flag": "overdue"}).content.decode()
    page = page[page.index("<main"):]
    assert "Client 000" in page
    assert "Aardappel BV" not in page


def _names(browser: object, query: dict[str, str]) -> list[str]:
    page = browser.get(reverse("advisers:portfolio"), query).content.decode()  # type: ignore[attr-defined]
    return re.findall(r'<th scope="row">(Client \d+)', page)


def test_a_change_to_a_clients_step_shows_in_the_next_sort_and_filter(personas: Personas) -> None:
    # Plan and readiness are stored per client (planning/stored_status.py): never shown stale.
    adviser, user = make_adviser()
    clients = _clients(adviser, personas.owner, 3)
    browser = signed_in(user)
    assert _names(browser, {"step": "plan"}) == ["Client 000", "Client 001", "Client 002"]
    assert _names(browser, {"sort": "progress"}) == ["Client 000", "Client 001", "Client 002"]
    use_case = UseCase.objects.get(organisation=clients[0])
    services.use_case_update(actor=personas.owner, use_case=use_case, problem_statement="Cut lead time by 60%",
                             current_state="Two days per quote")
    kpi = services.kpi_create(actor=personas.owner, use_case=use_case, name="Lead time", unit="hours",
                              baseline_value=Decimal(16), target_value=Decimal(6), target_date=dt.date(2027, 6, 1))
    # Client 000's plan is done: its next step is readiness, and it has the most progress
    assert _names(browser, {"step": "plan"}) == ["Client 001", "Client 002"]
    assert _names(browser, {"step": "readiness"}) == ["Client 000"]
    assert _names(browser, {"sort": "progress"}) == ["Client 001", "Client 002", "Client 000"]
    services.kpi_update(actor=personas.owner, kpi=kpi, baseline_value=None)  # no baseline: not measurable
    assert _names(browser, {"step": "plan"}) == ["Client 000", "Client 001", "Client 002"]
    assert _names(browser, {"sort": "progress"}) == ["Client 000", "Client 001", "Client 002"]


def test_a_stalled_selection_is_flagged_after_thirty_days(personas: Personas) -> None:
    adviser, _user = make_adviser()
    client = _clients(adviser, personas.owner, 1)[0]
    created = client.selections.get().created_at.date()
    assert portfolio_of(adviser, on=created + dt.timedelta(days=30))[0].flags == []
    late = portfolio_of(adviser, on=created + dt.timedelta(days=31))[0]
    assert [f.key for f in late.flags] == ["stalled"]


def test_revoked_clients_leave_the_portfolio(personas: Personas) -> None:
    adviser, _user = make_adviser()
    access = grant(personas.organisation, adviser)
    assert [r.client for r in portfolio_of(adviser)] == [personas.organisation]
    adviser_access_revoke(actor=personas.owner, grant=access)
    assert portfolio_of(adviser) == []


def test_portfolio_export_is_a_real_workbook_with_text_kept_as_text(personas: Personas, settings: Any,
                                                                     tmp_path: Path) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path
    adviser, user = make_adviser()
    tricky = Organisation.objects.create(name="=HYPERLINK(\"x\")")
    grant(tricky, adviser)
    _clients(adviser, personas.owner, 2)
    browser = signed_in(user)
    sheet = load_workbook(io.BytesIO(export_through_the_worker(browser))).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Client", "Access", "Plan"]
    assert "Flags" in header
    names = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert names == ["=HYPERLINK(\"x\")", "Client 000", "Client 001"]
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=3, column=3).value == "In progress"


def test_the_export_is_queued_in_the_request_and_prepared_by_the_worker(
        personas: Personas, settings: Any, tmp_path: Path) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path
    adviser, user = make_adviser()
    _clients(adviser, personas.owner, 2)
    browser = signed_in(user)
    assert "No Excel export yet" in browser.get(reverse("advisers:portfolio")).content.decode()
    response = browser.post(reverse("advisers:portfolio_export") + "?sort=flags&flag=bogus")
    assert response.status_code == 302
    job = DocumentJob.objects.get(organisation=adviser)
    # the request only queued it: no file, the page's sorting kept, the unknown filter dropped
    assert (job.kind, job.status, job.selection_id, job.file_path) == ("portfolio", JobStatus.QUEUED, None, "")
    assert job.options == {"flag": "", "step": "", "sort": "flags"}
    assert AuditEvent.objects.filter(action="document.request", organisation=adviser).count() == 1
    page = browser.get(response["Location"]).content.decode()
    assert "The Excel file is being prepared." in page
    assert 'hx-get="/portfolio/exports/"' in page
    assert "Waiting for a worker" in page
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.filename == "portfolio-hub-twente.xlsx"
    listing = browser.get(reverse("advisers:portfolio_exports")).content.decode()
    assert reverse("advisers:portfolio_export_download", args=[job.pk]) in listing
    assert "hx-get" not in listing  # nothing under way: the list stops polling


def test_only_the_adviser_organisations_members_download_its_export(
        personas: Personas, settings: Any, tmp_path: Path) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    export_through_the_worker(signed_in(user))
    job = DocumentJob.objects.get(organisation=adviser)
    url = reverse("advisers:portfolio_export_download", args=[job.pk])
    _other, other_user = make_adviser("Kamer Oost", email="other@example.com")
    assert signed_in(other_user).get(url).status_code == 404
    # the client's owner (whose data is in it) is not a member of the adviser organisation
    assert signed_in(personas.owner).get(url).status_code == 403
    # nor does the documents app serve it: its download is for a selection's documents only
    assert signed_in(user).get(reverse("documents:download", args=[job.pk])).status_code == 404


def test_the_api_gives_the_portfolio_a_page_at_a_time_in_the_sorting(personas: Personas) -> None:
    adviser, user = make_adviser()
    _clients(adviser, personas.owner, 5)
    api = signed_in(user)
    url = f"/api/v1/adviser-organisations/{adviser.pk}/portfolio"
    first = api.get(url, {"per_page": 2}).json()
    assert (first["count"], first["page"], first["pages"], first["per_page"]) == (5, 1, 3, 2)
    assert [c["client_name"] for c in first["clients"]] == ["Client 000", "Client 001"]
    assert [s["step"] for s in first["clients"][0]["steps"]][:2] == ["plan", "readiness"]
    last = api.get(url, {"per_page": 2, "page": 3}).json()
    assert [c["client_name"] for c in last["clients"]] == ["Client 004"]
    # past the end: the last page, which says so
    assert api.get(url, {"per_page": 2, "page": 9}).json()["page"] == 3
    # the default page holds every one of these clients, each once, as the whole portfolio
    whole = api.get(url).json()
    assert whole["per_page"] == 50
    assert [c["client_id"] for c in whole["clients"]] == [str(r.client.pk) for r in portfolio_of(adviser)]
    for bad in ({"page": 0}, {"per_page": 0}, {"per_page": 201}, {"page": "x"}):
        assert api.get(url, bad).status_code == 422, bad


def test_older_exports_go_with_their_files_once_five_are_kept(personas: Personas, settings: Any,
                                                              tmp_path: Path) -> None:
    from django.test import TestCase

    settings.PRIVATE_FILES_DIR = tmp_path
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    browser = signed_in(user)
    for _ in range(5):
        export_through_the_worker(browser)
    first = DocumentJob.objects.filter(organisation=adviser).order_by("created_at", "id").first()
    assert first is not None
    path = first.absolute_path()
    assert path is not None
    assert path.is_file()
    with TestCase.captureOnCommitCallbacks(execute=True):
        export_through_the_worker(browser)
    # the newest five are kept (the sixth request deleted the oldest finished one and its file)
    assert DocumentJob.objects.filter(organisation=adviser).count() == 5
    assert not DocumentJob.objects.filter(pk=first.pk).exists()
    assert not path.exists()
    requests = AuditEvent.objects.filter(organisation=adviser, action="document.request")
    assert sorted(e.changes["deleted_older"] for e in requests) == [0, 0, 0, 0, 0, 1]


def test_only_members_queue_the_export_and_only_as_a_whole_organisations_document(personas: Personas) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    from partnerwijzer.documents import services as document_services

    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    with pytest.raises(PermissionDenied):  # the client's owner is no member of the adviser organisation
        document_services.request_organisation_document(actor=personas.owner, organisation=adviser,
                                                        kind="portfolio", format="xlsx")
    with pytest.raises(PermissionDenied):  # nor does the adviser's grant make the client's export theirs
        document_services.request_organisation_document(actor=user, organisation=personas.organisation,
                                                        kind="portfolio", format="xlsx")
    for kind, fmt in (("decision_report", "pdf"), ("portfolio", "pdf"), ("nothing", "xlsx")):
        with pytest.raises(ValidationError):
            document_services.request_organisation_document(actor=user, organisation=adviser, kind=kind, format=fmt)
    with pytest.raises(ValidationError):  # a selection's documents page cannot ask for it either
        document_services.request_document(actor=personas.owner, organisation=personas.organisation,
                                           kind="portfolio", format="xlsx", target=personas.organisation.pk)
    assert not DocumentJob.objects.exists()


def test_the_exports_list_shows_when_through_the_one_formatter(personas: Personas, settings: Any,
                                                               tmp_path: Path) -> None:
    """The exports list showed Django's short format ("07.12.2026 16:37"), every other page the
    one locale formatter ("7. Dezember 2026 16:37")."""
    import datetime as dt

    from partnerwijzer.accounts.models import User

    settings.PRIVATE_FILES_DIR = tmp_path
    adviser, user = make_adviser()
    _clients(adviser, personas.owner, 1)
    User.objects.filter(pk=user.pk).update(language="de")
    browser = signed_in(user)
    browser.post(reverse("advisers:portfolio_export"))
    DocumentJob.objects.filter(organisation=adviser).update(
        created_at=dt.datetime(2026, 12, 7, 15, 37, tzinfo=dt.UTC))  # 16:37 in Amsterdam
    listing = browser.get(reverse("advisers:portfolio_exports")).content.decode()
    assert "7. Dezember 2026 16:37" in listing
    assert "07.12.2026" not in listing
