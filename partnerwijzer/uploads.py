"""The preview → confirm → store flow of every table upload (the results app's measurements and
actual costs, the sourcing app's candidate import). Part of the shared kit: imports no app.

A file is read and checked (``tabular.py`` and the owner's parser and service); nothing is
stored, and the page shows a preview. The checked rows travel back with the confirmation
*signed* (:func:`sign_rows`), bound to their purpose (the upload and its object) and at most
:data:`MAX_AGE` seconds old, so a changed or stale preview is refused (:func:`confirmed_rows`
gives None) and the service checks the rows once more before it stores them all or none. The
page is ``templates/includes/upload_preview.html``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core import signing

MAX_AGE = 3600  # seconds a preview may be confirmed
_SALT = "partnerwijzer.uploads"


def sign_rows(rows: list[Any], purpose: str) -> str:
    """The checked rows (JSON values) as the confirm form's hidden value, for ``purpose`` only."""
    return signing.dumps(rows, salt=f"{_SALT}:{purpose}", compress=True)


def confirmed_rows(raw: str, purpose: str) -> list[Any] | None:
    """The rows :func:`sign_rows` signed for ``purpose``; None when changed, for another purpose or too old."""
    try:
        rows = signing.loads(raw, salt=f"{_SALT}:{purpose}", max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return rows if isinstance(rows, list) else None


def row_errors(*groups: Mapping[int, Iterable[str]]) -> list[tuple[int, list[str]]]:
    """The problems per row number of the parser and of the service's check, together, by row."""
    merged: dict[int, list[str]] = {}
    for group in groups:
        for number, problems in group.items():
            merged.setdefault(number, []).extend(problems)
    return sorted(merged.items())


@dataclass(frozen=True)
class PreviewRow:
    number: int  # the row number as the file shows it
    cells: list[tuple[str, bool]]  # (text formatted for the reader, numeric): see preview_rows
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Preview:
    """What ``includes/upload_preview.html`` shows: the problems or the preview, and the confirmation.

    ``columns`` are (heading, numeric); ``confirm_rows`` is :func:`sign_rows`'s value, empty while a
    row has a problem (then the table shows each row's problems and there is nothing to confirm).
    """

    heading: str = ""
    note: str = ""
    columns: list[tuple[str, bool]] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    confirm_rows: str = ""
    confirm_label: str = ""
    action: str = ""  # the value of a hidden "action" field, for a view that tells its POSTs apart
    cancel_url: str = ""

    @property
    def has_row_errors(self) -> bool:
        return any(row.errors for row in self.rows)


def preview_rows(columns: list[tuple[str, bool]],
                 rows: Iterable[tuple[int, list[str], list[str]]]) -> list[PreviewRow]:
    """(number, texts, errors) per row as the preview's rows: each text beside its column's alignment."""
    numeric = [is_numeric for _heading, is_numeric in columns]
    return [PreviewRow(number, list(zip(texts, numeric, strict=True)), errors) for number, texts, errors in rows]
