"""Checking a firm's upload by its content, before anything is stored. Pure functions.

Accepted: PDF, Word (DOCX) and Excel (XLSX), recognised by their bytes, never by the name or the
browser's content type:

* PDF starts with ``%PDF-``;
* DOCX and XLSX are ZIP archives whose ``[Content_Types].xml`` declares the main part
  ``/word/document.xml`` (WordprocessingML document) or ``/xl/workbook.xml`` (SpreadsheetML
  workbook). Macro-enabled documents, templates and every other content type are refused.

Order of the checks, cheapest and safest first: the size while reading (the stream is never read
past ``max_bytes + 1``); for archives the entry count, the declared uncompressed total and each
entry's compression ratio, all from the central directory *before* any entry is decompressed or
any XML parsed; then XML only through defusedxml with DTDs forbidden (no entities, no external
references); finally the file name's extension must match the detected type.

Every refusal is an :class:`UploadRejectedError` with a message for the firm, translated in the
active language (the caller activates the organisation's).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Final
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

PDF: Final = "pdf"
DOCX: Final = "docx"
XLSX: Final = "xlsx"
EXTENSIONS: Final = {PDF: (".pdf",), DOCX: (".docx",), XLSX: (".xlsx",)}
TYPE_NAMES: Final = {PDF: "PDF", DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)"}

MAIN_PARTS: Final = {
    DOCX: ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
MACRO_MARKERS: Final = ("macroenabled", "vnd.ms-office.vbaproject")
CONTENT_TYPES_NS: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"

CHUNK: Final = 64 * 1024
MAX_CONTENT_TYPES_BYTES: Final = 256 * 1024
# A small part may compress very well (a few kB of repeated XML); the ratio matters only for
# entries big enough to hurt.
RATIO_MIN_ENTRY_BYTES: Final = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_entries: int = 1000
    max_uncompressed: int = 100 * 1024 * 1024
    max_ratio: int = 100


class UploadRejectedError(ValueError):
    """The file is refused; ``message`` says why, for the firm."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed every check; ``file`` is positioned at 0 and holds exactly its bytes."""

    file: IO[bytes]
    original_name: str
    detected_type: str
    size: int
    sha256: str


def sanitise_filename(name: str, *, max_length: int = 150) -> str:
    """A display name: the last path component, NFC, without control or path characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name).strip().strip(".").strip()
    if not name:
        name = "upload"
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = stem[:max_length - len(ext) - 1] + "." + ext if dot and len(ext) <= 10 else name[:max_length]
    return name


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def spool(stream: IO[bytes], *, max_bytes: int) -> tuple[IO[bytes], int, str]:
    """Copy ``stream`` into a temporary file chunk by chunk, counting and hashing as it goes;
    stop as soon as it is larger than ``max_bytes`` (nothing beyond that is read)."""
    out = tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024)  # noqa: SIM115 (returned to the caller)
    digest = hashlib.sha256()
    size = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            out.close()
            raise UploadRejectedError(too_large_message(max_bytes))
        digest.update(chunk)
        out.write(chunk)
    out.seek(0)
    return out, size, digest.hexdigest()


def too_large_message(max_bytes: int) -> str:
    return _("The file is larger than %(mb)s MB. Please upload a smaller file.") % {"mb": max_bytes // (1024 * 1024)}


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Entry count, declared uncompressed total and per-entry ratio, from the central directory
    only: nothing is decompressed here."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRejectedError(
            _("The file contains too many parts (more than %(n)s). It looks damaged or unsafe.")
            % {"n": limits.max_entries}
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UploadRejectedError(_("The file is encrypted. Please upload it without a password."))
        total += entry.file_size
        if total > limits.max_uncompressed:
            raise UploadRejectedError(
                _("The file unpacks to more than %(mb)s MB. It looks like an archive bomb and is not accepted.")
                % {"mb": limits.max_uncompressed // (1024 * 1024)}
            )
        too_packed = entry.file_size > limits.max_ratio * max(entry.compress_size, 1)
        if entry.file_size >= RATIO_MIN_ENTRY_BYTES and too_packed:
            raise UploadRejectedError(
                _("A part of the file is compressed more than %(ratio)s times. It looks like an archive bomb "
                  "and is not accepted.") % {"ratio": limits.max_ratio}
            )


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as entry:
        data = entry.read(limit + 1)
    if len(data) > limit:
        raise UploadRejectedError(_("A part of the file is too large. It looks damaged or unsafe."))
    return data


def _unsafe_xml_message() -> str:
    return _("The file contains XML with a document type definition or entities, which we do not accept "
             "for safety. Please save it again from Word or Excel and upload it anew.")


def _damaged_message() -> str:
    return _("The file is damaged: its content could not be read.")


def office_type(archive: zipfile.ZipFile, limits: Limits) -> str | None:
    """DOCX, XLSX or None (another kind of archive), after :func:`check_archive`."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return None
    raw = _read_entry(archive, "[Content_Types].xml", MAX_CONTENT_TYPES_BYTES)
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UploadRejectedError(_unsafe_xml_message()) from None
    except ParseError:
        raise UploadRejectedError(_damaged_message()) from None
    overrides = {
        (el.get("PartName") or "").lower(): (el.get("ContentType") or "").lower()
        for el in root.iter(f"{CONTENT_TYPES_NS}Override")
    }
    all_types = " ".join(overrides.values()) + " " + " ".join(
        (el.get("ContentType") or "").lower() for el in root.iter(f"{CONTENT_TYPES_NS}Default")
    )
    if any(marker in all_types for marker in MACRO_MARKERS) or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRejectedError(_("Documents with macros are not accepted. Please save the file as .docx or .xlsx "
                               "without macros."))
    for kind, (part, content_type) in MAIN_PARTS.items():
        if overrides.get(part) == content_type:
            if part.lstrip("/") not in names:
                raise UploadRejectedError(_damaged_message())
            _parse_part(archive, part.lstrip("/"), limits)
            return kind
    return None


def _parse_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Stream-parse the main part with defusedxml: refuses DTDs and entities, proves it is XML."""
    try:
        with archive.open(name) as part:
            for _event, element in SafeET.iterparse(part, forbid_dtd=True, forbid_entities=True,
                                                    forbid_external=True):
                element.clear()
    except DefusedXmlException:
        raise UploadRejectedError(_unsafe_xml_message()) from None
    except (ParseError, zipfile.BadZipFile, EOFError, OSError):
        raise UploadRejectedError(_damaged_message()) from None


def detect_type(file: IO[bytes], limits: Limits) -> str | None:
    """PDF, DOCX, XLSX or None, by content."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            check_archive(archive, limits)
            return office_type(archive, limits)
    except zipfile.BadZipFile:
        raise UploadRejectedError(_damaged_message()) from None
    finally:
        file.seek(0)


def check_upload(stream: IO[bytes], filename: str, limits: Limits | None = None) -> CheckedUpload:
    """Read, check and classify one upload; raise :class:`UploadRejectedError` with the reason."""
    limits = limits or Limits()
    name = sanitise_filename(filename)
    extension = extension_of(name)
    file, size, sha256 = spool(stream, max_bytes=limits.max_bytes)
    try:
        if size == 0:
            raise UploadRejectedError(_("The file is empty."))
        kind = detect_type(file, limits)
        claimed = next((k for k, exts in EXTENSIONS.items() if extension in exts), None)
        if kind is None:
            if claimed is not None:
                raise UploadRejectedError(
                    _("The file is named %(ext)s but it is not a %(type)s file.")
                    % {"ext": extension, "type": TYPE_NAMES[claimed]}
                )
            raise UploadRejectedError(_("Only PDF, Word (.docx) and Excel (.xlsx) files are accepted."))
        if extension not in EXTENSIONS[kind]:
            raise UploadRejectedError(
                _("The file is named %(ext)s but its content is a %(type)s file. Please give it the right "
                  "extension (%(right)s).")
                % {"ext": extension or _("(no extension)"), "type": TYPE_NAMES[kind], "right": EXTENSIONS[kind][0]}
            )
    except BaseException:
        file.close()
        raise
    return CheckedUpload(file=file, original_name=name, detected_type=kind, size=size, sha256=sha256)
