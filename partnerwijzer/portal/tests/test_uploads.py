"""The content checks of portal uploads (pure functions): accepted PDF/DOCX/XLSX built in the
test, and every refusal with its message: size, false extension, archive bomb, entity bomb,
macros, other archives."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from partnerwijzer.portal import uploads
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.portal.uploads import Limits, UploadRejectedError, check_upload, sanitise_filename

pytestmark = pytest.mark.usefixtures("english")  # texts in English (tests/fixtures.py)


def _check(data: bytes, name: str, limits: Limits | None = None) -> uploads.CheckedUpload:
    return check_upload(io.BytesIO(data), name, limits)


def _refused(data: bytes, name: str, limits: Limits | None = None) -> str:
    with pytest.raises(UploadRejectedError) as raised:
        _check(data, name, limits)
    return raised.value.message


@pytest.mark.parametrize(
    ("builder", "name", "kind"),
    [(lambda: f.PDF_BYTES, "proposal.pdf", "pdf"), (f.docx_bytes, "proposal.docx", "docx"),
     (f.xlsx_bytes, "prices.XLSX", "xlsx")],
    ids=["pdf", "docx", "xlsx"],
)
def test_valid_files_are_accepted(builder, name: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    data = builder()
    checked = _check(data, name)
    assert checked.detected_type == kind
    assert checked.size == len(data)
    assert checked.file.read() == data
    import hashlib

    assert checked.sha256 == hashlib.sha256(data).hexdigest()


def test_text_file_named_pdf_is_refused() -> None:
    assert _refused(b"just some text, not a PDF", "proposal.pdf") == "The file is named .pdf but it is not a PDF file."


def test_pdf_named_docx_is_refused() -> None:
    message = _refused(f.PDF_BYTES, "proposal.docx")
    assert message.startswith("The file is named .docx but its content is a PDF file.")


def test_docx_named_xlsx_is_refused() -> None:
    assert "its content is a Word (.docx) file" in _refused(f.docx_bytes(), "prices.xlsx")


def test_unknown_type_is_refused() -> None:
    assert _refused(b"MZ\x90\x00binary", "tool.exe") == "Only PDF, Word (.docx) and Excel (.xlsx) files are accepted."


def test_plain_zip_is_refused() -> None:
    assert _refused(f.many_entries(3), "files.zip") == "Only PDF, Word (.docx) and Excel (.xlsx) files are accepted."


def test_zip_named_docx_without_office_content_is_refused() -> None:
    assert _refused(f.many_entries(3), "proposal.docx") == "The file is named .docx but it is not a Word (.docx) file."


def test_empty_file_is_refused() -> None:
    assert _refused(b"", "proposal.pdf") == "The file is empty."


def test_size_is_checked_while_reading() -> None:
    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Counting.read_bytes += len(chunk)
            return chunk

    stream = Counting(b"%PDF-" + b"x" * (5 * 1024 * 1024))
    with pytest.raises(UploadRejectedError) as raised:
        check_upload(stream, "big.pdf", Limits(max_bytes=1024 * 1024))
    assert raised.value.message == "The file is larger than 1 MB. Please upload a smaller file."
    # Reading stopped at the first chunk past the limit, not at the end of the stream.
    assert Counting.read_bytes <= 1024 * 1024 + uploads.CHUNK


def test_zip_bomb_is_refused_before_decompressing() -> None:
    bomb = f.zip_bomb(200)
    assert len(bomb) < 1024 * 1024  # small on disk
    message = _refused(bomb, "proposal.docx")
    assert message == "The file unpacks to more than 100 MB. It looks like an archive bomb and is not accepted."


def test_high_compression_ratio_is_refused() -> None:
    message = _refused(f.zip_bomb(20), "proposal.docx")
    assert message == ("A part of the file is compressed more than 100 times. It looks like an archive bomb and is "
                       "not accepted.")


def test_too_many_entries_is_refused() -> None:
    message = _refused(f.many_entries(1500), "proposal.docx")
    assert message == "The file contains too many parts (more than 1000). It looks damaged or unsafe."


@pytest.mark.parametrize("builder", [f.entity_bomb_in_content_types, f.entity_bomb_in_document],
                         ids=["content-types", "document"])
def test_xml_entity_bomb_is_refused(builder) -> None:  # type: ignore[no-untyped-def]
    message = _refused(builder(), "proposal.docx")
    assert message.startswith("The file contains XML with a document type definition or entities")


def test_macro_enabled_document_is_refused() -> None:
    assert _refused(f.macro_docx(), "proposal.docx").startswith("Documents with macros are not accepted.")


def test_damaged_zip_is_refused() -> None:
    data = f.docx_bytes()
    assert _refused(data[: len(data) // 2], "proposal.docx") == "The file is damaged: its content could not be read."


def test_messages_follow_the_active_language() -> None:
    with translation.override("nl"):
        message = _refused(b"", "x.pdf")
    assert isinstance(message, str)
    assert message


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\me\\offer.docx", "offer.docx"),
     ("a\x00b\nc.pdf", "abc.pdf"), ("", "upload"), ('inv<o>ice?.pdf', "inv_o_ice_.pdf")],
    ids=["posix-path", "windows-path", "control-chars", "empty", "reserved-chars"],
)
def test_file_names_are_sanitised(raw: str, clean: str) -> None:
    assert sanitise_filename(raw) == clean


def test_long_file_names_keep_their_extension() -> None:
    name = sanitise_filename("x" * 400 + ".pdf")
    assert len(name) == 150
    assert name.endswith(".pdf")
