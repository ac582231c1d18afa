"""The budget as an Excel download (issue 6): every member of the organisation may export it."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.budget.export.xlsx import CONTENT_TYPE, budget_workbook
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase

FILENAME_SLUG_LENGTH = 60


def export_filename(title: str) -> str:
    """``budget-<slug of the title>.xlsx``: ASCII letters, digits and dashes only, so the name
    needs no quoting in the header and is a safe file name on every system."""
    slug = slugify(title)[:FILENAME_SLUG_LENGTH].strip("-")
    return f"budget-{slug}.xlsx" if slug else "budget.xlsx"


@membership_required(Role.VIEWER)
@require_GET
def export_xlsx(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    return attachment(use_case_for(request, use_case_id))


def attachment(use_case: UseCase) -> HttpResponse:
    """The workbook of ``use_case`` as a download (also served by the API's export operation)."""
    # The file is shared inside the company: it speaks the organisation's language.
    content = budget_workbook(use_case, language=use_case.organisation.language)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(use_case.title)}"'
    # Figures change with every edit and are the company's own: never cached on the way.
    response["Cache-Control"] = "private, no-store"
    return response
