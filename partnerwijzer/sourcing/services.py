"""Write actions on selections, candidates, their stages and red flags.

Each service validates first, writes in one transaction and records an audit event; on bad
input it raises ``ValidationError`` with a plain-language message and changes nothing (also
not the instance the caller passed in).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Final

from babel import Locale
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.locking import lock_parent
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.models import Candidate, CandidateRedFlag, RedFlag, Selection, StageMove
from partnerwijzer.sourcing.signals import selection_created
from partnerwijzer.sourcing.stages import Stage

CANDIDATE_FIELDS: Final = (
    "name",
    "website",
    "city",
    "country",
    "size",
    "provider_type",
    "sourcing_channel",
    "industries",
    "contact_name",
    "contact_email",
    "notes",
    "evidence_links",
)
"""The fields of a candidate that its owner edits (stage and rejection have their own services)."""

_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


# --- Validation helpers ----------------------------------------------------------------------


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166 two-letter codes (from Babel's territory list; regions such as 150 left out)."""
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha() and code != "ZZ")


def normalise_country(value: str) -> str:
    """``" nl "`` → ``"NL"``; raises ``ValidationError`` for anything but a known two-letter code."""
    code = value.strip().upper()
    if code and code not in country_codes():
        raise ValidationError(
            _("Enter the country as a two-letter code, such as NL for the Netherlands or DE for Germany."),
            code="country",
        )
    return code


def provider_type_keys() -> tuple[str, ...]:
    return tuple(item.key for item in reference().provider_types)


def sourcing_channel_keys() -> tuple[str, ...]:
    return tuple(item.key for item in reference().sourcing_channels)


def evidence_lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _check_web_address(value: str) -> None:
    try:
        _WEB_ADDRESS(value)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a web address. Start it with https:// (or http://).") % {"value": value[:80]},
            code="url",
        ) from None


def _check_addresses_and_keys(candidate: Candidate, errors: dict[str, list[str]]) -> None:
    if candidate.website:
        try:
            _check_web_address(candidate.website)
        except ValidationError as error:
            errors.setdefault("website", []).extend(error.messages)
    if candidate.provider_type and candidate.provider_type not in provider_type_keys():
        errors.setdefault("provider_type", []).append(_("Choose one of the provider types in the list."))
    if candidate.sourcing_channel and candidate.sourcing_channel not in sourcing_channel_keys():
        errors.setdefault("sourcing_channel", []).append(_("Choose one of the ways of finding firms in the list."))
    links = evidence_lines(candidate.evidence_links)
    for link in links:
        try:
            _check_web_address(link)
        except ValidationError as error:
            errors.setdefault("evidence_links", []).extend(error.messages)
    candidate.evidence_links = "\n".join(links)


def clean_candidate(candidate: Candidate) -> None:
    """Check a candidate in memory as the form does (the CSV import checks each row with it)."""
    _clean_candidate(candidate)


def _clean_candidate(candidate: Candidate) -> None:
    """Normalise and validate a candidate in memory; raise one ValidationError for all fields."""
    errors: dict[str, list[str]] = {}
    for field in CANDIDATE_FIELDS:
        value = getattr(candidate, field)
        if isinstance(value, str) and field not in ("notes", "evidence_links"):
            setattr(candidate, field, value.strip())
    if not candidate.name:
        errors.setdefault("name", []).append(_("Enter the name of the firm."))
    try:
        candidate.country = normalise_country(candidate.country)
    except ValidationError as error:
        errors.setdefault("country", []).extend(error.messages)
    _check_addresses_and_keys(candidate, errors)
    try:
        candidate.full_clean(exclude=["selection", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _selection_clean(title: str, description: str) -> tuple[str, str]:
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the selection a title, e.g. “Partner for predictive maintenance”.")]})
    if len(title) > 200:
        raise ValidationError({"title": [_("Keep the title to 200 characters or fewer.")]})
    return title, description.strip()


# --- Selections --------------------------------------------------------------------------------


def _check_use_case(use_case: UseCase | None, organisation: Organisation) -> None:
    if use_case is not None and use_case.organisation_id != organisation.pk:
        raise ValidationError({"use_case": [_("Choose one of your use cases in the list.")]})


class DeleteBlockedError(Exception):
    """A delete refused because other records still depend on the object; the message says what to
    do first. The API answers 409, the pages show the message on the confirmation page."""


class _Unchanged:
    """Marker: ``selection_update`` keeps the linked use case when none is passed."""


UNCHANGED: Final = _Unchanged()


@transaction.atomic
def selection_create(
    *, actor: User, organisation: Organisation, title: str, description: str = "", use_case: UseCase | None = None
) -> Selection:
    """Start a selection (for ``use_case``, if given); it gets the seven criteria of the reference data
    plus price."""
    title, description = _selection_clean(title, description)
    _check_use_case(use_case, organisation)
    selection = Selection.objects.create(
        organisation=organisation, title=title, description=description, created_by=actor, use_case=use_case
    )
    selection_created.send(sender=Selection, selection=selection)  # evaluation adds the default criteria
    changes: dict[str, Any] = {"title": title}
    if use_case is not None:
        changes["use_case"] = str(use_case.pk)
    audit_record(
        actor=actor, organisation=organisation, action="selection.create", target=selection, changes=changes,
    )
    return selection


@transaction.atomic
def selection_update(
    *, actor: User, selection: Selection, title: str, description: str,
    use_case: UseCase | _Unchanged | None = UNCHANGED,
) -> Selection:
    """Change the title and description, and the linked use case when one (or None) is passed."""
    title, description = _selection_clean(title, description)
    use_case_id = selection.use_case_id
    if not isinstance(use_case, _Unchanged):
        _check_use_case(use_case, selection.organisation)
        use_case_id = use_case.pk if use_case is not None else None
    # Ids as text: the audit log stores JSON.
    before = {"title": selection.title, "description": selection.description,
              "use_case": str(selection.use_case_id) if selection.use_case_id else None}
    after = {"title": title, "description": description, "use_case": str(use_case_id) if use_case_id else None}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        selection.title, selection.description = title, description
        selection.use_case_id = use_case_id
        selection.save(update_fields=["title", "description", "use_case"])
        audit_record(
            actor=actor, organisation=selection.organisation, action="selection.update", target=selection,
            changes=changes,
        )
    return selection


@transaction.atomic
def selection_delete(*, actor: User, selection: Selection) -> None:
    """Delete a selection with its candidates, criteria and scores. The audit log keeps the trace."""
    audit_record(
        actor=actor, organisation=selection.organisation, action="selection.delete", target=selection,
        changes={"title": selection.title, "candidates": selection.candidates.count()},
    )
    try:
        with transaction.atomic():
            selection.delete()
    except ProtectedError as exc:
        # Records of this very selection that protect its candidates (the partner decision, which
        # points at the chosen candidate) go with it; anything else is a real conflict.
        own = [obj for obj in exc.protected_objects if getattr(obj, "selection_id", None) == selection.pk]
        if len(own) != len(exc.protected_objects):
            raise DeleteBlockedError(_("Other records still refer to this selection's candidates.")) from exc
        for obj in own:
            obj.delete()
        selection.delete()


# --- Candidates --------------------------------------------------------------------------------


@transaction.atomic
@transaction.atomic
def candidates_import(*, actor: User, selection: Selection, rows: list[dict[str, str]]) -> list[Candidate]:
    """Add every firm of an imported file to the longlist, or none: each row is checked again
    (the same rules as :func:`candidate_create`, plus unique names), and one invalid row refuses
    the whole import with the row errors (``{"row 3": [...]}``)."""
    from partnerwijzer.sourcing.candidate_import import FIELDS, ImportRow, ParsedCandidates, check

    parsed = ParsedCandidates(rows=[ImportRow(number=k, values={key: str(row.get(key, "") or "") for key in FIELDS})
                                    for k, row in enumerate(rows, start=2)])
    lock_parent(selection)
    check(parsed, selection)
    if not parsed.rows:
        raise ValidationError(_("The file has no firms below its first row."))
    if not parsed.valid:
        raise ValidationError({f"row {row.number}": row.errors for row in parsed.rows if row.errors})
    created = []
    for row in parsed.rows:
        candidate = Candidate(selection=selection, stage=Stage.LONGLIST, **row.values)
        _clean_candidate(candidate)
        candidate.save()
        created.append(candidate)
    audit_record(actor=actor, organisation=selection.organisation, action="candidate.import", target=selection,
                 changes={"selection": str(selection.pk), "count": len(created),
                          "candidates": [str(c.pk) for c in created]})
    return created


def candidate_create(
    *,
    actor: User,
    selection: Selection,
    name: str,
    website: str = "",
    city: str = "",
    country: str = "",
    size: str = "",
    provider_type: str = "",
    sourcing_channel: str = "",
    industries: str = "",
    contact_name: str = "",
    contact_email: str = "",
    notes: str = "",
    evidence_links: str = "",
) -> Candidate:
    """Add a firm to the longlist of ``selection``."""
    candidate = Candidate(
        selection=selection, name=name, website=website, city=city, country=country, size=size,
        provider_type=provider_type, sourcing_channel=sourcing_channel, industries=industries,
        contact_name=contact_name, contact_email=contact_email, notes=notes, evidence_links=evidence_links,
        stage=Stage.LONGLIST,
    )
    _clean_candidate(candidate)
    candidate.save()
    audit_record(
        actor=actor, organisation=selection.organisation, action="candidate.create", target=candidate,
        changes={"selection": str(selection.pk), "stage": candidate.stage},
    )
    return candidate


@transaction.atomic
def candidate_update(*, actor: User, candidate: Candidate, **fields: str) -> Candidate:
    """Change the given fields (any of :data:`CANDIDATE_FIELDS`); fields left out keep their value."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        fields_text = ", ".join(sorted(unknown))
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {"fields": fields_text})
    before = {field: getattr(candidate, field) for field in CANDIDATE_FIELDS}
    for field, value in fields.items():
        setattr(candidate, field, value if value is not None else "")
    try:
        _clean_candidate(candidate)
    except ValidationError:
        for field, value in before.items():  # leave the caller's instance as it was
            setattr(candidate, field, value)
        raise
    changes = {f: [before[f], getattr(candidate, f)] for f in CANDIDATE_FIELDS if before[f] != getattr(candidate, f)}
    if changes:
        candidate.save(update_fields=list(changes))
        audit_record(
            actor=actor, organisation=candidate.selection.organisation, action="candidate.update",
            target=candidate, changes=changes,
        )
    return candidate


@transaction.atomic
def candidate_delete(*, actor: User, candidate: Candidate) -> None:
    """Remove a candidate entered by mistake. To drop a real candidate, reject it with a reason."""
    audit_record(
        actor=actor, organisation=candidate.selection.organisation, action="candidate.delete", target=candidate,
        changes={"name": candidate.name, "stage": candidate.stage, "rejected": candidate.rejected},
    )
    try:
        with transaction.atomic():
            candidate.delete()
    except ProtectedError as exc:
        # The one protecting reference is the partner decision (PROTECT): it is chosen there.
        raise DeleteBlockedError(
            _("%(name)s is the preferred partner of this selection, so it cannot be removed. Choose another "
              "preferred partner in the Contract step first, or reject the candidate with a reason instead.")
            % {"name": candidate.name}
        ) from exc


def _locked(candidate: Candidate) -> Candidate:
    """The candidate's current row, locked for this transaction (two owners clicking at once)."""
    return Candidate.objects.select_for_update().select_related("selection__organisation").get(pk=candidate.pk)


def _sync(target: Candidate, source: Candidate) -> None:
    for field in ("stage", "rejected", "rejected_reason"):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def candidate_stage_move(*, actor: User, candidate: Candidate, to_stage: Stage | str) -> StageMove:
    """Move a candidate to another stage (forward or back), recorded as a StageMove and audited."""
    if to_stage not in Stage.values:
        raise ValidationError(_("Choose one of the stages of the selection."), code="stage")
    current = _locked(candidate)
    if current.rejected:
        raise ValidationError(
            _("%(name)s was rejected. Bring the candidate back before moving it.") % {"name": current.name},
            code="rejected",
        )
    if current.stage == to_stage:
        raise ValidationError(
            _("%(name)s is already in the stage “%(stage)s”.") % {"name": current.name, "stage": Stage(to_stage).label},
            code="same_stage",
        )
    from_stage = current.stage
    current.stage = Stage(to_stage).value
    current.save(update_fields=["stage"])
    move = StageMove.objects.create(candidate=current, from_stage=from_stage, to_stage=current.stage, actor=actor)
    audit_record(
        actor=actor, organisation=current.selection.organisation, action="candidate.stage_move", target=current,
        changes={"stage": [from_stage, current.stage]},
    )
    _sync(candidate, current)
    return move


@transaction.atomic
def candidate_reject(*, actor: User, candidate: Candidate, reason: str) -> StageMove:
    """Take a candidate out of the race at its current stage; the reason is required."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": [_("Say why you reject this candidate; the reason is kept with the decision.")]}
        )
    current = _locked(candidate)
    if current.rejected:
        raise ValidationError(_("%(name)s has already been rejected.") % {"name": current.name}, code="rejected")
    current.rejected = True
    current.rejected_reason = reason
    current.save(update_fields=["rejected", "rejected_reason"])
    move = StageMove.objects.create(
        candidate=current, from_stage=current.stage, to_stage=current.stage, rejected=True, reason=reason, actor=actor
    )
    audit_record(
        actor=actor, organisation=current.selection.organisation, action="candidate.reject", target=current,
        changes={"rejected": [False, True], "stage": current.stage, "reason": reason},
    )
    _sync(candidate, current)
    return move


@transaction.atomic
def candidate_reinstate(*, actor: User, candidate: Candidate) -> StageMove:
    """Bring a rejected candidate back, at the stage where it was rejected."""
    current = _locked(candidate)
    if not current.rejected:
        raise ValidationError(_("%(name)s has not been rejected.") % {"name": current.name}, code="not_rejected")
    old_reason = current.rejected_reason
    current.rejected = False
    current.rejected_reason = ""
    current.save(update_fields=["rejected", "rejected_reason"])
    move = StageMove.objects.create(candidate=current, from_stage=current.stage, to_stage=current.stage, actor=actor)
    audit_record(
        actor=actor, organisation=current.selection.organisation, action="candidate.reinstate", target=current,
        changes={"rejected": [True, False], "stage": current.stage, "reason": old_reason},
    )
    _sync(candidate, current)
    return move


@transaction.atomic
def candidate_red_flag_set(
    *, actor: User, candidate: Candidate, flag: RedFlag | str, observed: bool, note: str = ""
) -> CandidateRedFlag:
    """Record whether one of the guide's red flags was observed for a candidate, with a note."""
    if flag not in RedFlag.values:
        raise ValidationError({"flag": [_("Choose one of the warning signs in the list.")]})
    note = note.strip()
    lock_parent(candidate)  # one entry per flag, also when two first saves meet
    entry = CandidateRedFlag.objects.select_for_update().filter(candidate=candidate, flag=str(flag)).first()
    before: Mapping[str, Any] = {"observed": False, "note": ""}
    if entry is not None:
        before = {"observed": entry.observed, "note": entry.note}
    if before == {"observed": observed, "note": note}:
        # Nothing to record: an untouched flag gets no row and no audit event.
        return entry or CandidateRedFlag(candidate=candidate, flag=str(flag))
    if entry is None:
        entry = CandidateRedFlag.objects.create(
            candidate=candidate, flag=str(flag), observed=observed, note=note, updated_by=actor
        )
    else:
        entry.observed, entry.note, entry.updated_by = observed, note, actor
        entry.save(update_fields=["observed", "note", "updated_by", "updated_at"])
    changes: dict[str, Any] = {"flag": str(flag)}
    if before["observed"] != observed:
        changes["observed"] = [before["observed"], observed]
    if before["note"] != note:
        changes["note"] = [before["note"], note]
    audit_record(
        actor=actor, organisation=candidate.selection.organisation, action="candidate.red_flag_set",
        target=candidate, changes=changes,
    )
    return entry
