"""Adviser mode (issue 17): the company's Advisers page, grants and revocations, the adviser
organisation's portfolio, clients, criteria sets and guidance texts, and their API.

Adviser-side pages need the session's organisation to be an adviser organisation the user is a
member of: the company personas and the advisers working in the personas' organisation get 403;
``adviser_other`` and ``adviser_revoked`` sit in their own adviser organisations and may.
"""

from __future__ import annotations

import atexit
import shutil
from pathlib import Path
from typing import Any

from django.utils import timezone

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Organisation, OrganisationKind
from partnerwijzer.advisers.export import PORTFOLIO_KIND
from partnerwijzer.advisers.models import CriteriaSet, CriteriaSetItem
from partnerwijzer.documents.models import DocumentJob, JobStatus
from partnerwijzer.documents.services import documents_dir
from partnerwijzer.sourcing.services import selection_create
from tests.authorisation.matrix import AUTHENTICATED, LOGIN, MEMBERS, OWNERS, Case, Expect, Op, members, owner_only
from tests.personas import Personas


def adviser_pages(ok: int, *, other: int | None = None, revoked: int | None = None) -> Expect:
    """Only members of an adviser organisation, in its own session, may."""
    return {
        "anonymous": LOGIN, "outsider": 403, "viewer": 403, "evaluator": 403, "owner": 403,
        "adviser_reader": 403, "adviser_alongside": 403,
        "adviser_other": ok if other is None else other, "adviser_revoked": ok if revoked is None else revoked,
    }


def _target(p: Personas) -> Organisation:
    return p.memo("grant_target", lambda: Organisation.objects.create(
        name="Target Hub", language="nl", kind=OrganisationKind.HUB))


def _grant(p: Personas) -> dict[str, Any]:
    grant = p.memo("grant", lambda: AdviserAccess.objects.create(
        client=p.organisation, adviser=_target(p), role=AccessRole.READ))
    return {"grant_id": grant.pk}


def _set_of_other(p: Personas) -> dict[str, Any]:
    """A criteria set of adviser_other's organisation (the one with access to the other organisation)."""
    def make() -> CriteriaSet:
        adviser = p.adviser_world()["adviser_other"].memberships.get().organisation
        criteria_set = CriteriaSet.objects.create(adviser=adviser, name="Manufacturing")
        CriteriaSetItem.objects.create(criteria_set=criteria_set, name="Shop-floor experience", weight=20)
        return criteria_set

    return {"set_id": p.memo("criteria_set", make).pk}


def _other_selection(p: Personas) -> dict[str, Any]:
    selection = p.memo("other_selection", lambda: selection_create(
        actor=p.outsider, organisation=p.other_organisation, title="Vision inspection"))
    return {"selection": str(selection.pk)}


_FOLDERS: set[Path] = set()


@atexit.register
def _remove_files() -> None:
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


def _export_of_other(p: Personas) -> dict[str, Any]:
    """A prepared portfolio export of adviser_other's organisation, with a small file."""
    def make() -> DocumentJob:
        adviser = p.adviser_world()["adviser_other"].memberships.get().organisation
        job = DocumentJob.objects.create(
            organisation=adviser, selection=None, kind=PORTFOLIO_KIND, format="xlsx", target_id=adviser.pk,
            language="nl", status=JobStatus.DONE, progress=100, filename="portefeuille.xlsx",
            finished_at=timezone.now(),
        )
        folder = documents_dir(adviser.pk)
        folder.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(folder)
        path = folder / f"{job.pk}.xlsx"
        path.write_bytes(b"PK\x03\x04 portfolio test file")
        job.file_path = str(path.relative_to(folder.parent.parent))
        job.size = path.stat().st_size
        job.save()
        return job

    return {"job_id": p.memo("portfolio_export", make).pk}


ROUTES: dict[str, Case] = {
    "advisers:access": Case(members(200)),
    # Granting from an adviser organisation is refused with the form (400): only companies grant.
    "advisers:access_grant": Case(
        {**owner_only(302, outsider=302), "adviser_other": 400, "adviser_revoked": 400},
        method="post", data=lambda p: {"adviser": str(_target(p).pk), "role": "read"}, ownership=True,
    ),
    "advisers:access_revoke": Case(owner_only(200, outsider=404), kwargs=_grant, ownership=True),
    "advisers:portfolio": Case(adviser_pages(200)),
    # The Excel export is a document job: queue it (back to the portfolio), poll the list, download
    # the file of adviser_other's organisation (another adviser organisation's member: 404).
    "advisers:portfolio_export": Case(adviser_pages(302), method="post"),
    "advisers:portfolio_exports": Case(adviser_pages(200)),
    "advisers:portfolio_export_download": Case(adviser_pages(200, revoked=404), kwargs=_export_of_other),
    "advisers:clients": Case(adviser_pages(200)),
    "advisers:client_create": Case(adviser_pages(200)),
    "advisers:templates": Case(adviser_pages(200)),
    "advisers:criteria_set_create": Case(adviser_pages(302), method="post", data=lambda p: {"name": "Retail"}),
    "advisers:guidance_create": Case(
        adviser_pages(302), method="post", data=lambda p: {"title": "Start small", "body": "One lighthouse first."}
    ),
    # Another adviser organisation's set is the uniform 404.
    "advisers:criteria_set": Case(adviser_pages(200, revoked=404), kwargs=_set_of_other),
    "advisers:criteria_item_add": Case(
        adviser_pages(302, revoked=404), method="post", kwargs=_set_of_other,
        data=lambda p: {"name": "Safety culture", "rubric": "", "factor": "soft", "weight": "10"},
    ),
    "advisers:criteria_set_apply": Case(
        adviser_pages(302, revoked=404), method="post", kwargs=_set_of_other, data=_other_selection
    ),
    "advisers:criteria_set_delete": Case(adviser_pages(200, revoked=404), kwargs=_set_of_other),
}


def _grant_body(p: Personas) -> dict[str, Any]:
    return {"adviser_id": str(_target(p).pk), "role": "alongside"}


def _adviser_org_id(p: Personas) -> str:
    """The portfolio path names adviser_other's organisation: its member reads it, everyone else 404."""
    return str(p.adviser_world()["adviser_other"].memberships.get().organisation_id)


API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/adviser-organisations"): Op(AUTHENTICATED),
    ("GET", "/api/v1/organisations/{organisation_id}/adviser-access"): Op(MEMBERS),
    ("POST", "/api/v1/organisations/{organisation_id}/adviser-access"): Op(OWNERS, body=_grant_body, ownership=True),
    ("POST", "/api/v1/organisations/{organisation_id}/adviser-access/{grant_id}/revoke"): Op(OWNERS, ownership=True),
    ("GET", "/api/v1/adviser-organisations/{adviser_organisation_id}/portfolio"): Op(
        {"anonymous": 401, "outsider": 404, "viewer": 404, "evaluator": 404, "owner": 404,
         "adviser_reader": 404, "adviser_alongside": 404, "adviser_other": 200, "adviser_revoked": 404}
    ),
}

PATH_VALUES = {
    "grant_id": lambda p: str(_grant(p)["grant_id"]),
    "adviser_organisation_id": _adviser_org_id,
}
