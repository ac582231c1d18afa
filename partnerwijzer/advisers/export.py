"""The portfolio as an Excel workbook: one row per client, a column per journey step, overdue
tasks and flags, labelled in the adviser organisation's language. Client names go through
:func:`partnerwijzer.budget.export.xlsx.safe_text` (the documents' XLSX rule): text stays text.

The workbook is a document job (documents app): the portfolio page queues it, the worker runs
:func:`build_portfolio` with the page's filter and sorting, the page offers the download when it
is ready (with 2,000 clients building it in the request took seconds; docs/benchmarks.md)."""

from __future__ import annotations

import io
from typing import Any, Final

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.advisers.selectors import FLAG_KEYS, PortfolioRow, portfolio_of
from partnerwijzer.budget.export.xlsx import safe_text, sheet_name
from partnerwijzer.documents.scoring_matrix import CONTENT_TYPE
from partnerwijzer.journey.steps import STEPS

PORTFOLIO_CONTENT_TYPE: Final = CONTENT_TYPE
PORTFOLIO_KIND: Final = "portfolio"
"""The document kind advisers registers with the documents app (apps.py)."""
SORTS: Final = ("name", "progress", "flags")


def portfolio_options(*, flag: str = "", step: str = "", sort: str = "name") -> dict[str, str]:
    """The export's filter and sorting as a job stores them; unknown values are dropped."""
    steps = {s.key for s in STEPS}
    return {"flag": flag if flag in FLAG_KEYS else "", "step": step if step in steps else "",
            "sort": sort if sort in SORTS else "name"}


def build_portfolio(adviser: Organisation, options: dict[str, Any], language: str) -> bytes:
    """The documents worker's builder: every client of the portfolio with the stored filter and
    sorting (the page's at the time of the request)."""
    clean = portfolio_options(flag=str(options.get("flag", "")), step=str(options.get("step", "")),
                              sort=str(options.get("sort", "")))
    return portfolio_workbook(adviser, portfolio_of(adviser, flag=clean["flag"], step=clean["step"],
                                                    sort=clean["sort"]))


def portfolio_workbook(adviser: Organisation, rows: list[PortfolioRow]) -> bytes:
    with translation.override(adviser.language):
        book = Workbook()
        ws = book.create_sheet()
        book.remove(book.worksheets[0])
        ws.title = sheet_name(_("Portfolio"))
        header = [_("Client"), _("Access"), *[str(step.title) for step in STEPS], _("Next step"),
                  _("Who holds it"), _("Overdue tasks"), _("Flags")]
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for number, row in enumerate(rows, start=2):
            values: list[object] = [
                row.grant.get_role_display(),
                *[status.label if status is not None else _("not computed here") for _step, status in row.statuses],
                str(row.next_step.title) if row.next_step else _("All steps done"),
                row.holder, row.overdue_tasks, ", ".join(f.text for f in row.flags),
            ]
            safe_text(ws.cell(row=number, column=1), row.client.name)
            for column, value in enumerate(values, start=2):
                ws.cell(row=number, column=column, value=value)
        ws.column_dimensions["A"].width = 32
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
