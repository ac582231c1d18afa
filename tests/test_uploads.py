"""The preview → confirm → store flow's signed rows (partnerwijzer/uploads.py), shared by the
results app's measurement and cost uploads and the sourcing app's candidate import."""

from __future__ import annotations

import pytest
from django.core import signing

from partnerwijzer import uploads


def test_signed_rows_come_back_only_for_their_purpose_and_unchanged() -> None:
    rows = [[2, ["kpi-id", "2026-02-01", "11", "ERP", ""]]]
    signed = uploads.sign_rows(rows, "results.measurements:A")
    assert uploads.confirmed_rows(signed, "results.measurements:A") == rows
    assert uploads.confirmed_rows(signed, "results.measurements:B") is None  # another project's page
    assert uploads.confirmed_rows(signed[:-2] + "xx", "results.measurements:A") is None
    assert uploads.confirmed_rows("not json", "results.measurements:A") is None


def test_a_preview_older_than_an_hour_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    signed = uploads.sign_rows([[2, ["x"]]], "p")
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "0")
    assert uploads.confirmed_rows(uploads.sign_rows([[2, ["x"]]], "p"), "p") is None  # signed in 1970
    assert uploads.confirmed_rows(signed, "p") == [[2, ["x"]]]


def test_row_errors_of_the_parser_and_the_check_are_merged_by_row() -> None:
    assert uploads.row_errors({4: ["Unknown KPI."]}, {2: ["In the future."], 4: ["Not a number."]}) == [
        (2, ["In the future."]), (4, ["Unknown KPI.", "Not a number."])]


def test_preview_rows_align_each_text_with_its_column() -> None:
    columns = [("KPI", False), ("Value", True)]
    (row,) = uploads.preview_rows(columns, [(3, ["Processing time", "11,00"], [])])
    assert (row.number, row.cells, row.errors) == (3, [("Processing time", False), ("11,00", True)], [])
    assert not uploads.Preview(columns=columns, rows=[row]).has_row_errors
