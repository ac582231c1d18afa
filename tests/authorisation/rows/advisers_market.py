"""Market figures across clients (issue 17 item 6, docs/market.md): the client's owners give or
withdraw consent per grant; the adviser organisation's members read its figures and its owners
compute them. The grant and the adviser organisation are those of ``rows/advisers.py``."""

from __future__ import annotations

from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, owner_only
from tests.authorisation.rows.advisers import _grant, adviser_pages

_ADVISER_ONLY = {"anonymous": 401, "outsider": 404, "viewer": 404, "evaluator": 404, "owner": 404,
                 "adviser_reader": 404, "adviser_alongside": 404, "adviser_other": 200, "adviser_revoked": 404}

ROUTES: dict[str, Case] = {
    # Another organisation's grant is the uniform 404; advisers working alongside never decide it.
    "advisers:market_consent": Case(
        owner_only(302, outsider=404), method="post", kwargs=_grant, data=lambda p: {"consent": "on"},
        ownership=True,
    ),
    "advisers:market": Case(adviser_pages(200)),
    "advisers:market_compute": Case(adviser_pages(302), method="post"),
}

API: dict[tuple[str, str], Op] = {
    ("PUT", "/api/v1/organisations/{organisation_id}/adviser-access/{grant_id}/market-consent"): Op(
        OWNERS, body={"consent": True}, ownership=True),
    ("GET", "/api/v1/adviser-organisations/{adviser_organisation_id}/market-figures"): Op(_ADVISER_ONLY),
    ("POST", "/api/v1/adviser-organisations/{adviser_organisation_id}/market-figures/compute"): Op(_ADVISER_ONLY),
    ("GET", "/api/v1/use-cases/{use_case_id}/budget/market-figures"): Op(MEMBERS),
}

