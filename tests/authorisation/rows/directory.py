"""The provider directory (issue 17, item 5): its pages and API operations.

Only members of an adviser organisation, in its own session, reach its directory: every company
persona (a client's own users included) and the advisers working in the personas' organisation get
403 on the pages; ``adviser_other`` reaches its own organisation's firm, ``adviser_revoked`` (another
adviser organisation) gets the uniform 404 for it. In the API the firm's and the organisation's ids
are adviser_other's: everyone else gets 404. The clients' view of the declarations is members' reading.
"""

from __future__ import annotations

from typing import Any

from partnerwijzer.advisers.models import DirectoryFirm, DirectoryReference, InterestDeclaration
from partnerwijzer.clock import today
from tests.authorisation.matrix import MEMBERS, Case, Expect, Op
from tests.authorisation.rows.advisers import _other_selection, adviser_pages
from tests.personas import Personas

ADVISER_OTHER_ONLY: Expect = {
    "anonymous": 401, "outsider": 404, "viewer": 404, "evaluator": 404, "owner": 404,
    "adviser_reader": 404, "adviser_alongside": 404, "adviser_other": 200, "adviser_revoked": 404,
}


def _hub(p: Personas) -> Any:
    return p.adviser_world()["adviser_other"].memberships.get().organisation


def _firm(p: Personas) -> DirectoryFirm:
    def make() -> DirectoryFirm:
        firm = DirectoryFirm.objects.create(adviser=_hub(p), name="Lumen Data Lab", provider_type="ai_pure_player",
                                            languages="nl, en")
        DirectoryReference.objects.create(firm=firm, client_name="Gieterij Van Dijk", method="call",
                                          verified_on=today(), verified_by=p.adviser_world()["adviser_other"])
        return firm

    return p.memo("directory_firm", make)


def _firm_kwargs(p: Personas) -> dict[str, Any]:
    return {"firm_id": _firm(p).pk}


def _reference_kwargs(p: Personas) -> dict[str, Any]:
    return {"firm_id": _firm(p).pk, "reference_id": _firm(p).references.get().pk}


def _declaration(p: Personas) -> InterestDeclaration:
    return p.memo("interest_declaration", lambda: InterestDeclaration.objects.create(
        adviser=_hub(p), kind="provides", provider="Kamer Advies Data B.V."))


ROUTES: dict[str, Case] = {
    "advisers:directory": Case(adviser_pages(200)),
    "advisers:directory_firm_create": Case(
        adviser_pages(302), method="post", data=lambda p: {"name": "Kempen Procesdata", "languages": "nl, de"}),
    "advisers:interests": Case(adviser_pages(200)),
    "advisers:interest_declare": Case(
        adviser_pages(302), method="post", data=lambda p: {"who": "", "kind": "earns", "provider": "Delta B.V."}),
    "advisers:interest_withdraw": Case(adviser_pages(200, revoked=404),
                                       kwargs=lambda p: {"declaration_id": _declaration(p).pk}),
    "advisers:directory_firm": Case(adviser_pages(200, revoked=404), kwargs=_firm_kwargs),
    "advisers:directory_firm_edit": Case(adviser_pages(200, revoked=404), kwargs=_firm_kwargs),
    "advisers:directory_firm_delete": Case(adviser_pages(200, revoked=404), kwargs=_firm_kwargs),
    "advisers:directory_reference_add": Case(
        adviser_pages(302, revoked=404), method="post", kwargs=_firm_kwargs,
        data=lambda p: {"client_name": "Zuivel Oost", "method": "visit", "verified_on": today().isoformat()}),
    "advisers:directory_reference_delete": Case(adviser_pages(200, revoked=404), kwargs=_reference_kwargs),
    # adviser_other works alongside in the other organisation: the firm lands on its longlist.
    "advisers:directory_firm_copy": Case(
        adviser_pages(302, revoked=404), method="post", kwargs=_firm_kwargs, data=_other_selection),
}


def _firm_body(p: Personas) -> dict[str, Any]:
    return {"name": "Rijnland Vision GmbH", "country": "DE", "languages": "de, nl"}


def _copy_body(p: Personas) -> dict[str, Any]:
    return {"selection_id": _other_selection(p)["selection"]}


API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/adviser-organisations/{adviser_organisation_id}/directory"): Op(ADVISER_OTHER_ONLY),
    ("POST", "/api/v1/adviser-organisations/{adviser_organisation_id}/directory"): Op(
        ADVISER_OTHER_ONLY, body=_firm_body),
    ("GET", "/api/v1/directory-firms/{firm_id}"): Op(ADVISER_OTHER_ONLY),
    ("PATCH", "/api/v1/directory-firms/{firm_id}"): Op(ADVISER_OTHER_ONLY, body={"regions": "NRW"}),
    ("DELETE", "/api/v1/directory-firms/{firm_id}"): Op(ADVISER_OTHER_ONLY),
    ("POST", "/api/v1/directory-firms/{firm_id}/references"): Op(
        ADVISER_OTHER_ONLY, body={"client_name": "Zuivel Oost", "method": "document"}),
    ("POST", "/api/v1/directory-firms/{firm_id}/copy"): Op(ADVISER_OTHER_ONLY, body=_copy_body),
    ("GET", "/api/v1/adviser-organisations/{adviser_organisation_id}/interests"): Op(ADVISER_OTHER_ONLY),
    ("POST", "/api/v1/adviser-organisations/{adviser_organisation_id}/interests"): Op(
        ADVISER_OTHER_ONLY, body={"kind": "provides", "provider": "Kamer Advies Data B.V."}),
    ("DELETE", "/api/v1/adviser-organisations/{adviser_organisation_id}/interests/{interest_id}"): Op(
        ADVISER_OTHER_ONLY),
    ("GET", "/api/v1/organisations/{organisation_id}/adviser-interests"): Op(MEMBERS),
}

PATH_VALUES = {
    "firm_id": lambda p: str(_firm(p).pk),
    "interest_id": lambda p: str(_declaration(p).pk),
}
