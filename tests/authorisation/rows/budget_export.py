"""Budget export routes: the XLSX download of one use case's budget.

Every member may download it (the figures are the ones the budget pages show them); the
outsider gets the uniform 404. The use case is the plan rows' shared one (memo "use_case").
"""

from __future__ import annotations

from tests.authorisation.matrix import MEMBERS, Case, Op, object_readers
from tests.authorisation.rows.planning import use_case_kwargs

ROUTES: dict[str, Case] = {
    "budget:export_xlsx": Case(object_readers(200), kwargs=use_case_kwargs),
}
API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/use-cases/{use_case_id}/budget/export.xlsx"): Op(
        MEMBERS, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}
PATH_VALUES: dict = {}
