"""The portfolio as an Excel workbook: one row per client, a column per journey step, overdue
tasks and flags, labelled in the adviser organisation's language. Client names go through
:func:`partnerwijzer.budget.export.xlsx.safe_text` (the documents' XLSX rule): text stays text."""

from __future__ import annotations

import io
from typing import Final

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.advisers.selectors import PortfolioRow
from partnerwijzer.budget.export.xlsx import safe_text, sheet_name
from partnerwijzer.documents.scoring_matrix import CONTENT_TYPE
from partnerwijzer.journey.steps import STEPS

PORTFOLIO_CONTENT_TYPE: Final = CONTENT_TYPE


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
