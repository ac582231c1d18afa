"""API: the budget of a use case as an XLSX workbook (the same file as the page's download)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from partnerwijzer.accounts.access import object_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import UseCaseId, caller
from partnerwijzer.budget.export.views import attachment
from partnerwijzer.budget.export.xlsx import CONTENT_TYPE
from partnerwijzer.planning.models import UseCase

router = Router(tags=["budget"])

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


@router.get(
    "/use-cases/{use_case_id}/budget/export.xlsx",
    summary="Budget as an Excel workbook",
    openapi_extra={
        "responses": {
            200: {"description": "The workbook, as an attachment.",
                  "content": {CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
            401: {"description": "Not signed in.", "content": _ERROR},
            404: {"description": "No such use case in your organisations.", "content": _ERROR},
        }
    },
)
def budget_export(request: HttpRequest, use_case_id: UseCaseId) -> HttpResponse:
    """Costs, quotes, return and sources sheets; totals are Excel formulas, in the organisation's language."""
    use_case = object_for_user(
        caller(request), UseCase.objects.select_related("organisation"), use_case_id, role=Role.VIEWER
    )
    return attachment(use_case)
