"""The full scoring matrix of a selection as an Excel workbook (issue 7, decision report).

Sheets, labelled in the organisation's language:

* **Weights**: each criterion with its factor, price and knock-out flags, the entered weight in
  percent and its share as a formula (weight / sum of weights).
* **Scores**: every submitted evaluator's score per candidate and criterion, with their comment
  and evidence (evaluators who have not submitted are left out: their scores are hidden from
  everyone until they submit, here too).
* **Consensus**: per candidate and criterion the evaluators' average, the spread, the owner's
  consensus score and the value the ranking uses, then the weighted total as a native
  ``=SUMPRODUCT`` of that row and the weights row (which refers to the Weights sheet).
* **Ranking**: rank, weighted score (a formula referring to the Consensus sheet), TOPSIS
  closeness and win probability from the ranking page's own computation (values).

Formulas only ever come from this module; every text a user typed (names, comments, evidence)
goes through :func:`partnerwijzer.budget.export.xlsx.safe_text`, so it stays text and never becomes a
formula, also after someone edits the cell.
"""

from __future__ import annotations

import io
import math
from typing import Any, Final

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.budget.export.xlsx import safe_text, sheet_name
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import Score
from partnerwijzer.evaluation.ranking.selectors import Ranking, ranking_for
from partnerwijzer.evaluation.selectors import DecisionMatrix, decision_matrix_for
from partnerwijzer.sourcing.models import Selection

CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BOLD: Final = Font(bold=True)
_TITLE: Final = Font(bold=True, size=14)
_NOTE: Final = Font(italic=True, color="555555")
_HEADER_FILL: Final = PatternFill("solid", fgColor="E8EEF4")
_WRAP: Final = Alignment(wrap_text=True, vertical="top")
SCORE_FORMAT: Final = "0.00"
SHARE_FORMAT: Final = "0.0%"
PERCENT_FORMAT: Final = "0%"


def _ref(column: int, row: int, *, absolute: bool = False) -> str:
    letter = get_column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def _sheet_ref(ws: Worksheet) -> str:
    """The sheet's name as a formula prefix: quoted, apostrophes doubled (names are translated)."""
    return "'" + ws.title.replace("'", "''") + "'!"


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(float(value)) else None


class _Writer:
    """Writes one sheet; text through safe_text, numbers and formulas through :meth:`value`."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def _cell(self, row: int, column: int) -> Cell:
        cell = self.ws.cell(row=row, column=column)
        assert isinstance(cell, Cell)  # noqa: S101 - this module merges no cells
        return cell

    def text(self, row: int, column: int, value: object, *, font: Font | None = None, wrap: bool = False) -> Cell:
        cell = safe_text(self._cell(row, column), value)
        if font:
            cell.font = font
        if wrap:
            cell.alignment = _WRAP
        return cell

    def value(self, row: int, column: int, value: Any, *, fmt: str | None = None) -> Cell:
        """A number, or a formula this module built (never user text)."""
        cell = self._cell(row, column)
        cell.value = value
        if fmt:
            cell.number_format = fmt
        return cell

    def header(self, row: int, labels: list[str]) -> None:
        for column, label in enumerate(labels, start=1):
            cell = self.text(row, column, label, font=_BOLD)
            cell.fill = _HEADER_FILL

    def widths(self, *widths: int) -> None:
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width


def build_scoring_matrix(organisation: Organisation, selection_id: Any, language: str) -> bytes:
    """The XLSX file of the selection's scoring matrix, labelled in ``language``.

    The selection must belong to ``organisation`` (``Selection.DoesNotExist`` otherwise).
    """
    selection = Selection.objects.select_related("organisation").get(pk=selection_id, organisation=organisation)
    matrix = decision_matrix_for(selection=selection)
    ranking = ranking_for(selection=selection, matrix=matrix)
    with translation.override(language):
        workbook = Workbook()
        weights_ws = workbook.active
        assert weights_ws is not None  # noqa: S101 - a new workbook has one sheet
        weights_ws.title = sheet_name(_("Weights"))
        share_cells = _weights_sheet(_Writer(weights_ws), selection, matrix, language)
        _scores_sheet(_Writer(workbook.create_sheet(sheet_name(_("Scores")))), matrix, language)
        consensus_ws = workbook.create_sheet(sheet_name(_("Consensus")))
        totals = _consensus_sheet(_Writer(consensus_ws), matrix, language, weights_ws, share_cells)
        _ranking_sheet(_Writer(workbook.create_sheet(sheet_name(_("Ranking")))), ranking, consensus_ws, totals)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _weights_sheet(s: _Writer, selection: Selection, matrix: DecisionMatrix, language: str) -> list[str]:
    """Returns the cell of each criterion's share (absolute refs), in criteria order."""
    s.text(1, 1, selection.title, font=_TITLE)
    s.text(2, 1, _("Criteria and weights. The share is the weight divided by the sum of all weights."), font=_NOTE)
    s.header(4, [_("Criterion"), _("Factor"), _("Price criterion"), _("Knock-out"), _("Weight (%)"), _("Share")])
    first = 5
    last = first + len(matrix.criteria) - 1
    shares = []
    for k, criterion in enumerate(matrix.criteria):
        row = first + k
        s.text(row, 1, criterion_label(criterion, language), wrap=True)
        s.text(row, 2, criterion.get_factor_display())
        s.text(row, 3, _("yes") if criterion.is_price else "")
        s.text(row, 4, _("yes") if criterion.knockout else "")
        s.value(row, 5, float(criterion.weight), fmt="0.00")
        weight_sum = f"SUM({_ref(5, first, absolute=True)}:{_ref(5, last, absolute=True)})"
        s.value(row, 6, f"=IF({weight_sum}=0,0,{_ref(5, row)}/{weight_sum})", fmt=SHARE_FORMAT)
        shares.append(_ref(6, row, absolute=True))
    if matrix.criteria:
        total_row = last + 1
        s.text(total_row, 1, _("Total"), font=_BOLD)
        s.value(total_row, 5, f"=SUM({_ref(5, first)}:{_ref(5, last)})", fmt="0.00").font = _BOLD
        s.value(total_row, 6, f"=SUM({_ref(6, first)}:{_ref(6, last)})", fmt=SHARE_FORMAT).font = _BOLD
    s.widths(44, 14, 14, 12, 12, 10)
    return shares


def _scores_sheet(s: _Writer, matrix: DecisionMatrix, language: str) -> None:
    s.text(1, 1, _("Scores of every evaluator who submitted (scale 1 to 5)."), font=_NOTE)
    s.header(3, [_("Evaluator"), _("Candidate"), _("Criterion"), _("Score"), _("Comment"), _("Evidence")])
    scores = (
        Score.objects.filter(
            evaluator__in=matrix.evaluators, candidate__in=matrix.candidates, criterion__in=matrix.criteria,
        )
        .select_related("evaluator__user")
    )
    by_key = {(sc.evaluator_id, sc.candidate_id, sc.criterion_id): sc for sc in scores}
    row = 4
    for evaluator in matrix.evaluators:
        for candidate in matrix.candidates:
            for criterion in matrix.criteria:
                score = by_key.get((evaluator.pk, candidate.pk, criterion.pk))
                s.text(row, 1, str(evaluator.user))
                s.text(row, 2, candidate.name)
                s.text(row, 3, criterion_label(criterion, language))
                if score is not None:
                    s.value(row, 4, score.value)
                    s.text(row, 5, score.comment, wrap=True)
                    s.text(row, 6, score.evidence, wrap=True)
                row += 1
    s.ws.freeze_panes = "A4"
    s.widths(24, 28, 36, 8, 50, 40)


def _consensus_sheet(
    s: _Writer, matrix: DecisionMatrix, language: str, weights_ws: Worksheet, share_cells: list[str]
) -> dict[int, str]:
    """Returns the weighted-total cell per candidate index (absolute, on this sheet)."""
    n = len(matrix.criteria)
    s.text(1, 1, _("Per candidate and criterion: the evaluators' average, the spread (highest minus lowest), "
                   "the consensus score where the owner set one, and the value the ranking uses."), font=_NOTE)
    s.text(3, 1, _("Weight (share)"), font=_BOLD)
    for j in range(n):
        s.text(2, 3 + j, criterion_label(matrix.criteria[j], language), font=_BOLD, wrap=True)
        s.value(3, 3 + j, f"={_sheet_ref(weights_ws)}{share_cells[j]}", fmt=SHARE_FORMAT)
    s.text(2, 3 + n, _("Weighted total"), font=_BOLD)
    weights_range = f"{_ref(3, 3, absolute=True)}:{_ref(2 + n, 3, absolute=True)}"
    rows = (
        (_("Average"), matrix.average),
        (_("Spread"), matrix.spread),
        (_("Consensus"), matrix.consensus),
        (_("Used in the ranking"), matrix.mean),
    )
    row = 5
    totals: dict[int, str] = {}
    for i, candidate in enumerate(matrix.candidates):
        s.text(row, 1, candidate.name, font=_BOLD)
        row += 1
        for label, values in rows:
            s.text(row, 2, label)
            for j in range(n):
                s.value(row, 3 + j, _number(values[i, j]), fmt=SCORE_FORMAT)
            if values is matrix.mean and n:
                used = f"{_ref(3, row)}:{_ref(2 + n, row)}"
                s.value(row, 3 + n, f"=SUMPRODUCT({weights_range},{used})", fmt=SCORE_FORMAT).font = _BOLD
                totals[i] = _ref(3 + n, row, absolute=True)
            row += 1
        row += 1
    for exclusion in matrix.excluded:
        s.text(row, 1, exclusion.candidate.name)
        reasons = "; ".join(f"{criterion_label(c, language)}: {reason}" for c, reason in exclusion.failures)
        s.text(row, 2, _("Knocked out"))
        s.text(row, 3, reasons, wrap=True)
        row += 1
    s.ws.freeze_panes = "C4"
    s.widths(28, 22, *([14] * n), 16)
    return totals


def _ranking_sheet(s: _Writer, ranking: Ranking, consensus_ws: Worksheet, totals: dict[int, str]) -> None:
    s.text(1, 1, _("The ranking as the ranking page shows it. The weighted score is the formula on the "
                   "Consensus sheet; the win probability comes from the simulation with uncertain weights."),
           font=_NOTE)
    s.header(3, [_("Rank"), _("Candidate"), _("Weighted score"), _("TOPSIS closeness"), _("Win probability")])
    if not ranking.ready:
        s.text(4, 1, ranking.next_step, wrap=True)
    row = 4
    for result in ranking.candidates:
        s.value(row, 1, result.rank)
        s.text(row, 2, result.candidate.name)
        total = totals.get(result.index)
        if total is not None:
            s.value(row, 3, f"={_sheet_ref(consensus_ws)}{total}", fmt=SCORE_FORMAT)
        else:
            s.value(row, 3, _number(result.weighted_score), fmt=SCORE_FORMAT)
        s.value(row, 4, _number(result.topsis_score), fmt="0.000")
        if result.win_probability is not None:
            s.value(row, 5, _number(result.win_probability), fmt=PERCENT_FORMAT)
        row += 1
    s.widths(8, 32, 16, 18, 16)
