"""The guide's figures with the organisation's own values: routes and API operations.

Members read the page and the list; owners set a value (a 302 back to the page) and reset it; the
outsider works in their own organisation (the page is not about an object), and for the API
gets the uniform 404 for another organisation.
"""

from __future__ import annotations

from typing import Any

from tests.authorisation.matrix import MEMBERS, OWNERS, Case, Op, members, owner_only
from tests.personas import Personas

KEY = "costs.roi.payback"


def _key(p: Personas) -> dict[str, Any]:
    return {"key": KEY}


ROUTES: dict[str, Case] = {
    "budget:figures": Case(members(200)),
    "budget:figure_set": Case(
        owner_only(302, outsider=302), method="post", kwargs=_key,
        data=lambda p: {"low": "6", "high": "9", "reason": "Our own projects"},
    ),
    "budget:figure_reset": Case(owner_only(302, outsider=302), method="post", kwargs=_key),
}

ORG = "/api/v1/organisations/{organisation_id}"

API: dict[tuple[str, str], Op] = {
    ("GET", ORG + "/figures"): Op(MEMBERS),
    ("PUT", ORG + "/figures/{key}"): Op(OWNERS, body={"low": 6, "high": 9, "reason": "Our own projects"}),
    ("DELETE", ORG + "/figures/{key}"): Op(OWNERS),
}

PATH_VALUES = {
    "key": lambda p: KEY,
}
