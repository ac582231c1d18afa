"""The firms' submitted answers to one questionnaire side by side, as an Excel workbook (issue 16,
item 5): the same table as the page ``portal:side_by_side``.

One sheet: a row per question (with its criterion), a column per firm that submitted, and a last
row with each firm's attachments (file names). Every text a user or a firm typed goes through
:func:`partnerwijzer.budget.export.xlsx.safe_text`, so an answer starting with ``=`` stays text.
"""

from __future__ import annotations

import io
from typing import Any, Final

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.budget.export.xlsx import safe_text, sheet_name
from partnerwijzer.portal.selectors import side_by_side
from partnerwijzer.questionnaires.models import Questionnaire

CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW: Final = 4
_BOLD: Final = Font(bold=True)
_FILL: Final = PatternFill("solid", fgColor="E8EEF4")
_WRAP: Final = Alignment(wrap_text=True, vertical="top")


def _cell(ws: Worksheet, *, row: int, column: int) -> Cell:
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # noqa: S101 - this module merges no cells
    return cell


def build_answers_side_by_side(organisation: Organisation, questionnaire_id: Any, language: str) -> bytes:
    """The workbook's bytes, labelled in ``language``. The questionnaire must belong to
    ``organisation`` (``Questionnaire.DoesNotExist`` otherwise)."""
    questionnaire = Questionnaire.objects.select_related("selection").get(
        pk=questionnaire_id, selection__organisation=organisation)
    table = side_by_side(questionnaire)
    with translation.override(language):
        workbook = Workbook()
        ws = workbook.active
        assert ws is not None  # noqa: S101 - a new workbook has one sheet
        ws.title = sheet_name(_("Answers side by side"))
        safe_text(_cell(ws, row=1, column=1), questionnaire.title).font = Font(bold=True, size=14)
        safe_text(_cell(ws, row=2, column=1), _("Submitted answers only, one column per firm. %(selection)s") % {
            "selection": questionnaire.selection.title}).font = Font(italic=True, color="555555")
        header = [_("Criterion"), _("Question")] + [link.candidate.name for link in table.firms]
        for column, label in enumerate(header, start=1):
            cell = safe_text(_cell(ws, row=HEADER_ROW, column=column), label)
            cell.font, cell.fill, cell.alignment = _BOLD, _FILL, _WRAP
        for k, link in enumerate(table.firms):
            # The organisation's local time, as the page shows it (the database holds UTC).
            submitted = (formatting.date_time(timezone.localtime(link.submitted_at), language=language)
                         if link.submitted_at else "")
            safe_text(_cell(ws, row=HEADER_ROW + 1, column=3 + k), _("Submitted %(when)s") % {"when": submitted})
        row = HEADER_ROW + 2
        for item in table.rows:
            safe_text(_cell(ws, row=row, column=1), item.group or _("General questions")).alignment = _WRAP
            safe_text(_cell(ws, row=row, column=2), item.question.text).alignment = _WRAP
            for k, answer in enumerate(item.answers):
                safe_text(_cell(ws, row=row, column=3 + k), answer).alignment = _WRAP
            row += 1
        safe_text(_cell(ws, row=row, column=2), _("Attachments")).font = _BOLD
        for k, files in enumerate(table.files):
            safe_text(_cell(ws, row=row, column=3 + k), "\n".join(f.original_name for f in files)).alignment = _WRAP
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 50
        for k in range(len(table.firms)):
            ws.column_dimensions[get_column_letter(3 + k)].width = 45
        ws.freeze_panes = f"C{HEADER_ROW + 2}"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
