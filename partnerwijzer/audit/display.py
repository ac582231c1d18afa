"""The audit log as people read it: who did what to which *named* object, and what changed.

Events store codes, ids and JSON (``budget.quote``, ``Quote of 94b35c5f-...``, ``{"owner": [None,
"4ca3..."]}``). This module turns them into words without knowing the apps above it: an id is
named by the label the log itself recorded for that object (the candidate's own events carry its
name) or by the member it is; an id nobody can name is left out rather than shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerwijzer.accounts.models import Membership, Organisation
from partnerwijzer.audit.labels import (
    FIELD_LABELS,
    LIST_KEYS,
    VALUE_LABELS,
    ChangeDescriber,
    change_describer,
    field_label,
)
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.formatting import date_time, long_date, money, month_year, number

UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_OF_ID: Final = re.compile(rf"^[\w ]+ of ({UUID.pattern})$")
_ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME: Final = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")

# Objects whose recorded label (the model's ``__str__``) is an English sentence: the pattern of that
# sentence and the translated template it is shown with instead.
_SENTENCES: Final = {
    "evaluation.knockoutcheck": (
        (re.compile(r"^(?P<candidate>\S+) passes (?P<criterion>\S+)$"),
         gettext_lazy("%(candidate)s passes %(criterion)s")),
        (re.compile(r"^(?P<candidate>\S+) fails (?P<criterion>\S+)$"),
         gettext_lazy("%(candidate)s fails %(criterion)s")),
    ),
    "evaluation.evaluator": (
        (re.compile(r"^(?P<person>.+?) on (?P<selection>.+)$"), gettext_lazy("%(person)s on %(selection)s")),
    ),
    "evaluation.score": (
        (re.compile(r"^(?P<value>\S+) for (?P<candidate>\S+) on (?P<criterion>\S+)$"),
         gettext_lazy("%(value)s for %(candidate)s on %(criterion)s")),
    ),
    "contract.partnerdecision": (
        (re.compile(r"^(?P<candidate>.+) for (?P<selection>.+)$"), gettext_lazy("%(candidate)s for %(selection)s")),
    ),
    "advisers.marketsnapshot": (  # "<adviser id> 2026-12-07"
        (re.compile(r"^(?P<adviser>\S+) (?P<day>\d{4}-\d{2}-\d{2})$"), gettext_lazy("Computed on %(day)s")),
    ),
    "results.gatedecision": (  # "<phase label>: <outcome code>"; the code by its model field's label
        (re.compile(r"^(?P<phase>.+): (?P<outcome>[a-z_]+)$"), gettext_lazy("%(phase)s: %(outcome)s")),
    ),
    "results.actualcost": (  # "<category key> 2026-11: 12937.00"; the category by its registered label
        (re.compile(r"^(?P<category>\S+) (?P<month>\d{4}-\d{2}): (?P<amount>-?\d+(\.\d+)?)$"),
         gettext_lazy("%(category)s, %(month)s: %(amount)s")),
    ),
    "accounts.adviseraccess": (  # "<adviser> → <client> (<role code>)"; the role by its label
        (re.compile(r"^(?P<adviser>.+) → (?P<client>.+) \((?P<role>[a-z_]+)\)$"),
         gettext_lazy("%(adviser)s → %(client)s (%(role)s)")),
    ),
    "evaluation.consensusscore": (
        (re.compile(r"^consensus (?P<value>\S+) for (?P<candidate>\S+) on (?P<criterion>\S+)$"),
         gettext_lazy("consensus %(value)s for %(candidate)s on %(criterion)s")),
    ),
}

OBJECT_TYPES: Final = {
    "accounts.organisation": gettext_lazy("Organisation"),
    "accounts.membership": gettext_lazy("Member"),
    "accounts.invitation": gettext_lazy("Invitation"),
    "api.apitoken": gettext_lazy("API token"),
    "planning.companyprofile": gettext_lazy("Company profile"),
    "planning.usecase": gettext_lazy("Use case"),
    "planning.kpi": gettext_lazy("KPI"),
    "planning.answer": gettext_lazy("Answer"),
    "planning.checklistitem": gettext_lazy("Checklist item"),
    "sourcing.selection": gettext_lazy("Selection"),
    "sourcing.candidate": gettext_lazy("Candidate"),
    "evaluation.criterion": gettext_lazy("Criterion"),
    "evaluation.evaluator": gettext_lazy("Evaluator"),
    "evaluation.score": gettext_lazy("Score"),
    "evaluation.scorecard": gettext_lazy("Scorecard"),
    "evaluation.knockoutcheck": gettext_lazy("Knock-out check"),
    "evaluation.consensusscore": gettext_lazy("Consensus score"),
    "budget.budget": gettext_lazy("Budget"),
    "budget.costline": gettext_lazy("Cost line"),
    "budget.effortrole": gettext_lazy("Effort"),
    "budget.hiddencost": gettext_lazy("Hidden cost"),
    "budget.quote": gettext_lazy("Quote"),
    "budget.benefitline": gettext_lazy("Benefit"),
    "budget.fundingapplication": gettext_lazy("Funding application"),
    "questionnaires.questionnaire": gettext_lazy("Questionnaire"),
    "questionnaires.question": gettext_lazy("Question"),
    "portal.portallink": gettext_lazy("Portal link"),
    "portal.portalupload": gettext_lazy("Uploaded file"),
    "contract.partnerdecision": gettext_lazy("Partner decision"),
    "contract.contractitem": gettext_lazy("Contract item"),
    "documents.documentjob": gettext_lazy("Document"),
    "budget.figureoverride": gettext_lazy("Own value"),
    "results.project": gettext_lazy("Project"),
    "results.phase": gettext_lazy("Phase"),
    "results.gate": gettext_lazy("Decision point"),
    "results.gatedecision": gettext_lazy("Decision"),
    "results.kpiplan": gettext_lazy("Measurement plan"),
    "results.measurement": gettext_lazy("KPI measurement"),
    "results.actualcost": gettext_lazy("Actual cost"),
    "results.partnerreview": gettext_lazy("Partner review"),
    # Types that showed as their model name on the German audit page (walked in German, December 2026).
    "outbox.message": gettext_lazy("Message"),
    "accounts.adviseraccess": gettext_lazy("Adviser access"),
    "advisers.criteriaset": gettext_lazy("Criteria set"),
    "advisers.guidancetext": gettext_lazy("Guidance text"),
    "advisers.directoryfirm": gettext_lazy("Firm in the provider directory"),
    "advisers.interestdeclaration": gettext_lazy("Declared interest"),
    "advisers.marketsnapshot": gettext_lazy("Market figures"),
}


def object_type_label(target_type: str) -> str:
    if not target_type:
        return ""
    label = OBJECT_TYPES.get(target_type)
    return str(label) if label is not None else target_type.rsplit(".", 1)[-1]


def names_for(organisation: Organisation) -> dict[str, str]:
    """``{id: name}`` for every object the organisation's log has named, and every member."""
    names: dict[str, str] = {}
    rows = (AuditEvent.objects.filter(organisation=organisation).exclude(target_label="")
            .order_by("created_at").values_list("target_id", "target_label"))
    for target_id, label in rows:
        if not _OF_ID.match(label) and not UUID.fullmatch(label):
            names[target_id] = label  # the latest label wins (a renamed candidate)
    for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
        names[str(membership.user_id)] = membership.user.display_name
        names[str(membership.pk)] = membership.user.display_name
    return names


def object_name(label: str, names: Mapping[str, str], target_type: str = "") -> str:
    """``Quote of <candidate id>`` -> the candidate's name; other ids named or left out; an English
    sentence (``<id> passes <id>``) in the reader's language."""
    match = _OF_ID.match(label)
    if match:
        return names.get(match.group(1), "")
    for pattern, template in _SENTENCES.get(target_type, ()):
        sentence = pattern.match(label)
        if sentence:
            parts = {key: _part(target_type, key, value, names) for key, value in sentence.groupdict().items()
                     if value is not None}
            return str(template) % parts
    return _without_ids(label, names)


_MONTH: Final = re.compile(r"^\d{4}-\d{2}$")


def _part(target_type: str, key: str, value: str, names: Mapping[str, str]) -> str:
    """One named part of a recorded sentence in the reader's language: a code by its label, an
    ``amount`` in euro and a month (``2026-11``) through the one formatter, a date, else ids named."""
    label = field_choices(target_type, key).get(value)
    if label:
        return label
    if key == "amount" and _DECIMAL_OR_WHOLE.match(value):
        return money(Decimal(value), decimals=True)
    if _MONTH.match(value):
        return month_year(date(int(value[:4]), int(value[5:]), 1)) if 1 <= int(value[5:]) <= 12 else value
    return _iso(value) or _without_ids(value, names)


def _without_ids(text: str, names: Mapping[str, str]) -> str:
    return UUID.sub(lambda m: names.get(m.group(0), "…"), text)


Choices = Mapping[str, str]


def field_choices(target_type: str, key: str) -> Choices:
    """``{code: translated label}`` of the field ``key`` of the model ``target_type``, if it has choices
    (``sourcing.candidate`` / ``stage``: ``{"rfi": "Informatieaanvraag", ...}``); else empty."""
    if not target_type or not key:
        return {}
    known = VALUE_LABELS.get((target_type, key))
    if known is not None:
        return _Translated(known)
    try:
        field = apps.get_model(target_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    return {str(code): str(label) for code, label in getattr(field, "flatchoices", ()) or ()}


class _Translated(Mapping[str, str]):
    """A registered ``{code: lazy label}`` read as text; asked code by code, so a mapping that names
    codes it cannot list (a company's own cost line, ``line:<id>``) can answer them."""

    def __init__(self, labels: Mapping[str, Promise]) -> None:
        self._labels = labels

    def __contains__(self, code: object) -> bool:
        return code in self._labels

    def __getitem__(self, code: str) -> str:
        return str(self._labels[code])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


_DECIMAL: Final = re.compile(r"^-?\d+\.\d+$")
_DECIMAL_OR_WHOLE: Final = re.compile(r"^-?\d+(\.\d+)?$")
_KEYED: Final = re.compile(rf"^(?P<prefix>[a-z_]+):(?P<id>{UUID.pattern})$")


def change_label(target_type: str, key: str, names: Mapping[str, str]) -> str:
    """The name of a ``changes`` key in the reader's language: the audit's own label, else the target
    model's translated field name (``open_risks`` -> "Openstaande risico's"), else the key humanised.
    A key that names an object (``kpi:<id>``) is shown with that object's name."""
    keyed = _KEYED.match(key)
    if keyed:
        return f"{field_label(keyed['prefix'])} {names.get(keyed['id'], '…')}"
    if key not in FIELD_LABELS and target_type:
        try:
            field = apps.get_model(target_type)._meta.get_field(key)
        except (LookupError, ValueError, FieldDoesNotExist):
            field = None
        explicit = getattr(field, "_verbose_name", None)  # None: Django made it from the (English) field name
        if explicit:
            text = str(explicit)
            return text[:1].upper() + text[1:]
    return field_label(key)


def _iso(text: str) -> str | None:
    """An ISO date or date-time in the reader's language and time zone (``28 december 2026 17:00``)."""
    if _ISO_DATE.match(text):
        day = parse_date(text)
        return long_date(day) if day else None
    if _ISO_DATETIME.match(text):
        moment = parse_datetime(text)
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return date_time(timezone.localtime(moment))
    return None


def _value(value: Any, names: Mapping[str, str], choices: Choices | None = None,
           describe: ChangeDescriber | None = None) -> str:
    if value is None or (isinstance(value, str) and value in {"", "None"}):  # "None": recorded as str(None)
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v, names, choices) for v in value) or "—"
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            label, inner = describe(k, value) if describe else (None, {})
            parts.append(f"{label or field_label(k)}: {_value(v, names, inner, describe)}")
        return "; ".join(parts)
    return _text(str(value), names, choices)


def _text(text: str, names: Mapping[str, str], choices: Choices | None) -> str:
    if choices and text in choices:
        return choices[text]
    if UUID.fullmatch(text):
        return names.get(text, "…")
    if _DECIMAL.match(text):  # a recorded Decimal ("110.00", "36.0000"): the reader's decimal comma
        value = Decimal(text)
        return number(value, digits=max(0, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
    return _iso(text) or _without_ids(text, names)


def readable_changes(changes: Mapping[str, Any], names: Mapping[str, str], target_type: str = "",
                     action: str = "") -> list[str]:
    """``{"status": ["missing", "open"], "owner": [None, "<id>"]}`` ->
    ``["Status: Ontbreekt → Open", "Eigenaar: — → Pieter Bakker"]``: keys translated, choice codes of
    the target's model by their labels, dates formatted. Ids nobody can name are left out. Keys and
    values that are codes of reference data (an AI Act question and its options) are named by the
    describer the owning app registered for ``action``."""
    describe = change_describer(action)
    lines = []
    for key, value in changes.items():
        label, choices = describe(key, changes) if describe else (None, {})
        choices = choices or field_choices(target_type, key)
        if isinstance(value, (list, tuple)) and len(value) == 2 and key not in LIST_KEYS:  # [before, after]
            before, after = (_value(v, names, choices, describe) for v in value)
            text = f"{before} → {after}"
        else:
            text = _value(value, names, choices, describe)
        if text.strip("…—, →") == "" and "…" in text:
            continue  # nothing but ids nobody can name
        lines.append(f"{label or change_label(target_type, key, names)}: {text}")
    return lines


@dataclass(frozen=True)
class Row:
    when: datetime
    who: str
    what: str
    object_type: str
    object_name: str
    changes: tuple[str, ...]
    count: int = 1
    last: datetime | None = None


def rows_for(events: Iterable[AuditEvent], names: Mapping[str, str]) -> list[Row]:
    return [
        Row(
            when=event.created_at,
            who=names.get(str(event.actor_id), event.actor_label) if event.actor_id else (event.actor_label or "—"),
            what=event.action_label,
            object_type=object_type_label(event.target_type),
            object_name=object_name(event.target_label, names, event.target_type),
            changes=tuple(readable_changes(event.changes, names, event.target_type, event.action)),
        )
        for event in events
    ]


def summarised(rows: Iterable[Row]) -> list[Row]:
    """One row per person, action and object, in order of first occurrence: 21 "answer saved"
    events on one questionnaire become one row "(21 times)" with the first and last time."""
    groups: dict[tuple[str, str, str, str], Row] = {}
    for row in rows:
        key = (row.who, row.what, row.object_type, row.object_name)
        first = groups.get(key)
        if first is None:
            groups[key] = row
        else:
            groups[key] = Row(first.when, first.who, first.what, first.object_type, first.object_name, (),
                              first.count + 1, row.when)
    return list(groups.values())


def period_text(row: Row) -> str:
    if row.count == 1 or row.last is None:
        return long_date(row.when)
    if row.last.date() == row.when.date():
        return long_date(row.when)
    return f"{long_date(row.when)} – {long_date(row.last)}"
