"""The hub's provider directory (issue 17, item 5): an adviser organisation's firms with their
verified references, its own-interest declarations, and copying a firm into a client's longlist.

Every write records an audit event; copying records one on each side (the adviser organisation's
log and the client's). Reads for the pages answer in a fixed number of queries whatever the number
of firms (tests: advisers/tests/test_directory.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import is_member
from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Organisation, User
from partnerwijzer.advisers.models import (
    DirectoryCopy,
    DirectoryFirm,
    DirectoryReference,
    InterestDeclaration,
    InterestKind,
    VerificationMethod,
)
from partnerwijzer.audit.services import audit_record
from partnerwijzer.clock import today
from partnerwijzer.formatting import long_date
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.providers import CandidateOrigin
from partnerwijzer.sourcing.services import candidate_create, normalise_country, provider_type_keys

FIRM_FIELDS: Final = (
    "name", "website", "city", "country", "provider_type", "specialities", "regions", "languages",
    "certifications", "notes",
)
"""The fields of a directory firm its adviser organisation edits."""

_WEB_ADDRESS = URLValidator(schemes=["http", "https"])
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def _require_adviser(organisation: Organisation) -> None:
    if not organisation.is_adviser:
        raise ValidationError(_("Only an adviser organisation keeps a provider directory."))


def _clean_firm(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    clean = {f: str(values.get(f, "") or "").strip() for f in FIRM_FIELDS}
    clean["notes"] = str(values.get("notes", "") or "").strip()
    if not clean["name"]:
        errors.setdefault("name", []).append(_("Enter the name of the firm."))
    if clean["website"]:
        try:
            _WEB_ADDRESS(clean["website"])
        except ValidationError:
            errors.setdefault("website", []).append(
                _("“%(value)s” is not a web address. Start it with https:// (or http://).")
                % {"value": clean["website"][:80]})
    try:
        clean["country"] = normalise_country(clean["country"])
    except ValidationError as error:
        errors.setdefault("country", []).extend(error.messages)
    if clean["provider_type"] and clean["provider_type"] not in provider_type_keys():
        errors.setdefault("provider_type", []).append(_("Choose one of the provider types in the list."))
    for field in ("specialities", "regions", "certifications"):
        clean[field] = ", ".join(DirectoryFirm.split(clean[field]))
    languages = [code.lower() for code in DirectoryFirm.split(clean["languages"])]
    if any(not _LANGUAGE_CODE.match(code) for code in languages):
        errors.setdefault("languages", []).append(
            _("Enter languages as two-letter codes separated by commas, such as nl, de, en."))
    clean["languages"] = ", ".join(dict.fromkeys(languages))
    limits = {f.name: getattr(f, "max_length", None) for f in DirectoryFirm._meta.get_fields()}
    for field, value in clean.items():
        limit = limits.get(field)
        if limit and len(value) > limit and field not in errors:
            errors.setdefault(field, []).append(
                _("Use at most %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(value)})
    if errors:
        raise ValidationError(errors)
    return clean


# --- Firms --------------------------------------------------------------------------------------


@transaction.atomic
def directory_firm_create(*, actor: User, adviser: Organisation, **values: Any) -> DirectoryFirm:
    _require_adviser(adviser)
    firm = DirectoryFirm.objects.create(adviser=adviser, **_clean_firm(values))
    audit_record(actor=actor, organisation=adviser, action="directory.firm_create", target=firm,
                 changes={"name": firm.name})
    return firm


@transaction.atomic
def directory_firm_update(*, actor: User, firm: DirectoryFirm, **values: Any) -> DirectoryFirm:
    """Change the fields given; the others keep their value."""
    current = {f: getattr(firm, f) for f in FIRM_FIELDS}
    clean = _clean_firm({**current, **{k: v for k, v in values.items() if k in FIRM_FIELDS and v is not None}})
    changed = {f: clean[f] for f in FIRM_FIELDS if clean[f] != current[f]}
    for field, value in clean.items():
        setattr(firm, field, value)
    firm.save()
    if changed:
        audit_record(actor=actor, organisation=firm.adviser, action="directory.firm_update", target=firm,
                     changes=changed)
    return firm


@transaction.atomic
def directory_firm_delete(*, actor: User, firm: DirectoryFirm) -> None:
    """Delete a firm with its references; candidates copied from it stay the clients' own."""
    audit_record(actor=actor, organisation=firm.adviser, action="directory.firm_delete", target=firm,
                 changes={"name": firm.name})
    firm.delete()


@transaction.atomic
def directory_reference_add(
    *, actor: User, firm: DirectoryFirm, client_name: str, method: str, verified_on: dt.date | None = None,
    contact: str = "", project: str = "",
) -> DirectoryReference:
    """Record a reference the hub verified: by ``actor``, on ``verified_on`` (today when left out), by ``method``."""
    errors: dict[str, list[str]] = {}
    client_name, contact, project = client_name.strip(), contact.strip(), project.strip()
    if not client_name:
        errors["client_name"] = [_("Enter the reference client's name.")]
    if method not in VerificationMethod.values:
        errors["method"] = [_("Choose how the reference was verified.")]
    verified_on = verified_on or today()
    if verified_on > today():
        errors["verified_on"] = [_("A reference is verified today or earlier, not in the future.")]
    if len(client_name) > 200 or len(contact) > 200:
        errors.setdefault("client_name" if len(client_name) > 200 else "contact", []).append(
            _("Use at most %(limit)s characters (this has %(count)s).")
            % {"limit": 200, "count": max(len(client_name), len(contact))})
    if errors:
        raise ValidationError(errors)
    reference = DirectoryReference.objects.create(
        firm=firm, client_name=client_name, contact=contact, project=project, verified_by=actor,
        verified_on=verified_on, method=method,
    )
    audit_record(actor=actor, organisation=firm.adviser, action="directory.reference_add", target=firm,
                 changes={"reference": client_name, "method": method, "verified_on": verified_on.isoformat()})
    return reference


@transaction.atomic
def directory_reference_delete(*, actor: User, reference: DirectoryReference) -> None:
    firm = reference.firm
    audit_record(actor=actor, organisation=firm.adviser, action="directory.reference_delete", target=firm,
                 changes={"reference": reference.client_name})
    reference.delete()


# --- Copying a firm into a client's longlist ------------------------------------------------------


def _copy_notes(firm: DirectoryFirm, references: list[DirectoryReference]) -> str:
    lines = [_("From the provider directory of %(adviser)s.") % {"adviser": firm.adviser.name}]
    for label, value in ((_("Specialities"), firm.specialities), (_("Regions"), firm.regions),
                         (_("Languages"), firm.languages), (_("Certifications"), firm.certifications)):
        if value:
            lines.append(f"{label}: {value}")
    for ref in references:
        lines.append(_("Reference verified by %(adviser)s on %(date)s: %(client)s") % {
            "adviser": firm.adviser.name, "date": long_date(ref.verified_on), "client": ref.client_name})
    if firm.notes:
        lines.append(firm.notes)
    return "\n".join(lines)


@transaction.atomic
def directory_firm_copy(*, actor: User, firm: DirectoryFirm, selection: Selection) -> Candidate:
    """Copy the firm as a candidate on the selection's longlist. The candidate is the client's own
    from then on (the client edits or deletes it); ``DirectoryCopy`` links it back to the entry.
    The caller must already hold an owner's role in the selection's organisation (the client's
    grant to work alongside). Audited in the adviser organisation and in the client."""
    works_alongside = AdviserAccess.objects.filter(
        adviser=firm.adviser, client=selection.organisation, role=AccessRole.ALONGSIDE, revoked_at__isnull=True,
    ).exists()
    if not works_alongside:
        raise ValidationError({"selection": _("Choose a selection of a client where your organisation works "
                                              "alongside the owners.")})
    candidate = candidate_create(
        actor=actor, selection=selection, name=firm.name, website=firm.website, city=firm.city,
        country=firm.country, provider_type=firm.provider_type, sourcing_channel="",
        industries=firm.specialities[:300], notes=_copy_notes(firm, list(firm.references.all())),
    )
    DirectoryCopy.objects.create(candidate=candidate, firm=firm, adviser=firm.adviser, copied_by=actor)
    audit_record(actor=actor, organisation=firm.adviser, action="directory.firm_copy", target=firm,
                 changes={"client": selection.organisation.name, "selection": selection.title,
                          "candidate": str(candidate.pk)})
    audit_record(actor=actor, organisation=selection.organisation, action="directory.firm_copy", target=candidate,
                 changes={"adviser": firm.adviser.name, "firm": firm.name, "selection": selection.title})
    return candidate


# --- Own-interest declarations --------------------------------------------------------------------


@transaction.atomic
def interest_declare(
    *, actor: User, adviser: Organisation, kind: str, provider: str, details: str = "",
    adviser_user: User | None = None,
) -> InterestDeclaration:
    """Declare that the adviser organisation (``adviser_user`` None) or one of its advisers
    provides AI services or earns from a provider; its directory and every client see it."""
    _require_adviser(adviser)
    errors: dict[str, list[str]] = {}
    provider, details = provider.strip(), details.strip()
    if kind not in InterestKind.values:
        errors["kind"] = [_("Choose what the interest is.")]
    if not provider:
        errors["provider"] = [_("Name the provider the interest is in.")]
    elif len(provider) > 200:
        errors["provider"] = [_("Use at most %(limit)s characters (this has %(count)s).")
                              % {"limit": 200, "count": len(provider)}]
    if adviser_user is not None and not is_member(adviser_user, adviser.pk):
        errors["adviser_user"] = [_("Choose one of your organisation's advisers.")]
    if errors:
        raise ValidationError(errors)
    declaration = InterestDeclaration.objects.create(
        adviser=adviser, adviser_user=adviser_user, kind=kind, provider=provider, details=details,
        declared_by=actor,
    )
    audit_record(actor=actor, organisation=adviser, action="directory.interest_declare", target=declaration,
                 changes={"kind": kind, "provider": provider,
                          "adviser": adviser_user.email if adviser_user else ""})
    return declaration


@transaction.atomic
def interest_withdraw(*, actor: User, declaration: InterestDeclaration) -> None:
    audit_record(actor=actor, organisation=declaration.adviser, action="directory.interest_withdraw",
                 target=declaration, changes={"provider": declaration.provider})
    declaration.delete()


# --- Reads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's filters; empty values do not filter."""

    q: str = ""
    provider_type: str = ""
    country: str = ""
    language: str = ""
    region: str = ""
    verified_only: bool = False


def firms_of(adviser: Organisation, filters: DirectoryFilters | None = None) -> list[DirectoryFirm]:
    """The directory's firms with their reference count, filtered: two queries whatever their number."""
    f = filters or DirectoryFilters()
    qs: QuerySet[DirectoryFirm] = DirectoryFirm.objects.filter(adviser=adviser)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(specialities__icontains=f.q) | Q(certifications__icontains=f.q))
    if f.provider_type:
        qs = qs.filter(provider_type=f.provider_type)
    if f.country:
        qs = qs.filter(country=f.country.upper())
    if f.language:
        qs = qs.filter(languages__icontains=f.language.lower())
    if f.region:
        qs = qs.filter(regions__icontains=f.region)
    qs = qs.annotate(reference_count=Count("references"))
    if f.verified_only:
        qs = qs.filter(reference_count__gt=0)
    return list(qs.prefetch_related(
        Prefetch("references", queryset=DirectoryReference.objects.select_related("verified_by"))
    ).order_by("name", "pk"))


def firm_of(adviser: Organisation, firm_id: Any) -> DirectoryFirm | None:
    return (DirectoryFirm.objects.filter(adviser=adviser, pk=firm_id).select_related("adviser")
            .prefetch_related(Prefetch("references",
                                       queryset=DirectoryReference.objects.select_related("verified_by")))
            .first())


def declarations_of(advisers: list[Any]) -> dict[Any, list[InterestDeclaration]]:
    """Own-interest declarations per adviser organisation id, in one query."""
    result: dict[Any, list[InterestDeclaration]] = {a: [] for a in advisers}
    for d in InterestDeclaration.objects.filter(adviser_id__in=advisers).select_related("adviser_user", "adviser"):
        result.setdefault(d.adviser_id, []).append(d)
    return result


def copies_of(firm: DirectoryFirm) -> list[DirectoryCopy]:
    return list(DirectoryCopy.objects.filter(firm=firm).select_related(
        "candidate__selection__organisation", "copied_by").order_by("-copied_at"))


def copy_of_candidate(candidate: Candidate) -> DirectoryCopy | None:
    return DirectoryCopy.objects.filter(candidate=candidate).select_related("adviser", "firm").first()


def candidate_origin(candidate: Candidate, user: Any) -> CandidateOrigin | None:
    """sourcing's candidate page: the directory the candidate came from, the link back for members
    of that adviser organisation, and its own-interest declarations (registered in ``AdvisersConfig.ready``)."""
    copy = copy_of_candidate(candidate)
    if copy is None:
        return None
    linked = copy.firm_id and is_member(user, copy.adviser_id)
    link = reverse("advisers:directory_firm", args=[copy.firm_id]) if linked else ""
    interests = tuple(
        f"{d.adviser_user or d.adviser.name}: {d.get_kind_display()}: {d.provider}"
        for d in declarations_of([copy.adviser_id])[copy.adviser_id]
    )
    source = _("Copied from the provider directory of %(adviser)s on %(date)s.") % {
        "adviser": copy.adviser.name, "date": long_date(copy.copied_at)}
    return CandidateOrigin(source=source, link=link, interests=interests)
