"""Reading a small uploaded table (CSV or XLSX) into rows, for every import of the product.

Shared by the results app's measurement and cost uploads and the sourcing app's candidate
import, so it sits at the package root and imports no app. It only reads: the header row names
the columns (in any order, matched case-insensitively against each key's accepted names); every
row below it is returned as it is, and the caller checks each value and reports problems per row
with the row number as the file shows it. Problems with the whole file (not CSV/XLSX, too large,
empty, unreadable, a required column missing, too many rows) come back as one message in the
active language; nothing is stored here.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


def cells(name: str, content: bytes) -> list[list[Any]]:
    """Every row of the file's first sheet (XLSX) or of the CSV (delimiter , ; or tab, UTF-8)."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = content.decode("utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def columns(first_row: list[Any], names: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column index per known key, from the header row's names."""
    header = [str(c or "").strip().lower() for c in first_row]
    index: dict[str, int] = {}
    for key, accepted in names.items():
        found = next((i for i, column in enumerate(header) if column in accepted), None)
        if found is not None:
            index[key] = found
    return index


def read(name: str, content: bytes) -> tuple[list[list[Any]], str]:
    """The non-empty rows of the file, or a problem with the whole file."""
    if not name.lower().endswith((".csv", ".xlsx", ".txt")):
        return [], _("Upload a CSV or XLSX file.")
    if len(content) > MAX_BYTES:
        return [], _("The file is larger than 2 MB; split it into smaller files.")
    try:
        table = cells(name, content)
    except Exception:
        return [], _("The file could not be read. Save it as CSV (UTF-8) or XLSX and try again.")
    table = [row for row in table if any(str(c or "").strip() for c in row)]
    return table, "" if table else _("The file is empty.")


def table(name: str, content: bytes, names: dict[str, tuple[str, ...]], required: tuple[str, ...],
          missing_message: str) -> tuple[list[list[Any]], dict[str, int], str]:
    """The file's rows below the header, the column index per key, or a problem with the whole file
    (``missing_message`` names the required columns, with ``%(columns)s`` for the missing ones)."""
    rows, problem = read(name, content)
    if problem:
        return [], {}, problem
    index = columns(rows[0], names)
    missing = [key for key in required if key not in index]
    if missing:
        return [], {}, missing_message % {"columns": ", ".join(missing)}
    if len(rows) - 1 > MAX_ROWS:
        return [], {}, _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
    return rows[1:], index, ""


def cell(index: dict[str, int], row: list[Any], key: str) -> Any:
    """The value of column ``key`` in ``row``, or None when the file has no such column or cell."""
    i = index.get(key)
    return row[i] if i is not None and i < len(row) else None
