"""Importing candidate firms from a CSV or XLSX file (issue 16, item 9).

The first row names the columns, in English, Dutch or German, in any order: ``name`` (required),
``website``, ``city``, ``provider type`` (the key or the name of a provider type of the guide, in
any of the three languages), ``contact`` (the contact person) and ``e-mail`` (the contact's
address). Every row is checked as the candidate form checks one firm, plus: a name may occur once
in the file and may not be on the selection's list already. Problems are reported per row, with
the row number as the file shows it, in the active language. Reading uses the shared
:mod:`partnerwijzer.tabular`; storing is :func:`partnerwijzer.sourcing.services.candidates_import`,
all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partnerwijzer import tabular
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.sourcing.models import Candidate, Selection

MAX_CANDIDATES: Final = 200
"""A longlist is 10 to 30 firms; a file with more rows than this is refused as a whole."""
FIELDS: Final = ("name", "website", "city", "provider_type", "contact_name", "contact_email")
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("name", "naam", "firm", "company", "bedrijf", "firma", "unternehmen"),
    "website": ("website", "web", "url", "webseite", "site"),
    "city": ("city", "plaats", "stad", "ort", "stadt", "place"),
    "provider_type": ("provider type", "provider_type", "type", "soort aanbieder", "type aanbieder",
                      "anbietertyp", "art des anbieters"),
    "contact_name": ("contact", "contact person", "contact_name", "contactpersoon", "ansprechpartner",
                     "kontakt", "kontaktperson"),
    "contact_email": ("e-mail", "email", "contact e-mail", "contact_email", "mail", "e-mail-adresse"),
}


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedCandidates:
    rows: list[ImportRow] = field(default_factory=list)
    problem: str = ""
    """A problem with the whole file (no header, too large, too many rows)."""

    @property
    def valid(self) -> bool:
        return not self.problem and bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def provider_type_key(text: str) -> str | None:
    """The provider type's key for its key or its name in Dutch, English or German; None if unknown."""
    wanted = text.strip().lower()
    for item in reference().provider_types:
        if wanted in {item.key.lower(), item.name.nl.lower(), item.name.en.lower(), item.name.de.lower()}:
            return item.key
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse(name: str, content: bytes) -> ParsedCandidates:
    """The file's rows with their values as text; nothing checked beyond the file's shape."""
    result = ParsedCandidates()
    table, index, result.problem = tabular.table(name, content, COLUMNS, ("name",), _(
        "The first row must name the columns; at least “name” is needed (missing: %(columns)s)."))
    if result.problem:
        return result
    if len(table) > MAX_CANDIDATES:
        result.problem = _("The file has more than %(max)s firms; a longlist is usually 10 to 30.") % {
            "max": MAX_CANDIDATES}
        return result
    for number, row in enumerate(table, start=2):
        result.rows.append(ImportRow(number=number, values={key: _text(tabular.cell(index, row, key))
                                                            for key in FIELDS}))
    return result


def _column_label(key: str) -> str:
    return {"name": _("Name"), "website": _("Website"), "city": _("City"), "provider_type": _("Provider type"),
            "contact_name": _("Contact person"), "contact_email": _("Contact e-mail")}.get(key, key)


def check(parsed: ParsedCandidates, selection: Selection) -> ParsedCandidates:
    """Check every row as the candidate form would, in place; returns ``parsed``."""
    from partnerwijzer.sourcing.services import clean_candidate

    existing = {name.strip().lower() for name in
                Candidate.objects.filter(selection=selection).values_list("name", flat=True)}
    seen: dict[str, int] = {}
    for row in parsed.rows:
        values = dict(row.values)
        written_type = values.get("provider_type", "")
        if written_type:
            key = provider_type_key(written_type)
            if key is None:
                row.errors.append(_("%(column)s: “%(value)s” is not one of the guide's provider types.") % {
                    "column": _column_label("provider_type"), "value": written_type[:80]})
                values["provider_type"] = ""
            else:
                values["provider_type"] = key
                row.values["provider_type"] = key
        candidate = Candidate(selection=selection, **values)
        try:
            clean_candidate(candidate)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                row.errors.extend(f"{_column_label(key)}: {message}" for message in messages)
        lowered = values.get("name", "").strip().lower()
        if lowered:
            if lowered in existing:
                row.errors.append(_("%(name)s is already on this selection's list.") % {"name": values["name"][:80]})
            elif lowered in seen:
                row.errors.append(_("%(name)s is also in row %(row)s of the file.") % {
                    "name": values["name"][:80], "row": seen[lowered]})
            else:
                seen[lowered] = row.number
    return parsed
