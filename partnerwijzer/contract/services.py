"""Write actions of the contract checklist: the partner decision, refreshing the items from
earlier results, editing an item, and the company's own items.

Each service validates first, writes in one transaction and records an audit event; on bad
input it raises ``ValidationError`` with a plain-language message and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import is_member
from partnerwijzer.accounts.models import User
from partnerwijzer.audit.services import audit_record
from partnerwijzer.contract import selectors
from partnerwijzer.contract.models import ContractItem, ContractItemStatus, ItemSource, PartnerDecision
from partnerwijzer.locking import lock_parent
from partnerwijzer.sourcing.models import Candidate, Selection

TEXT_LIMIT = 5000


@dataclass(frozen=True)
class DecisionOutcome:
    decision: PartnerDecision
    created: bool
    # True when an existing decision now names another candidate; the items were kept.
    candidate_changed: bool
    added: list[ContractItem]
    # Why this choice is early (selectors.EARLY_REASONS); empty when it is not.
    early: list[str] = field(default_factory=list)


def _clean_text(value: str, field: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        messages = {
            "rationale": _("Say in a few words why you prefer this partner."),
            "title": _("Give the item a title."),
        }
        raise ValidationError({field: messages.get(field, _("This field is required."))}, code="required")
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            {field: _("Keep this under %(limit)s characters.") % {"limit": TEXT_LIMIT}}, code="too_long"
        )
    return text


def _check_candidate(selection: Selection, candidate: Candidate | None) -> Candidate:
    if candidate is None or candidate.selection_id != selection.pk:
        raise ValidationError(
            {"candidate": _("Choose one of the candidates of this selection.")}, code="wrong_candidate"
        )
    if candidate.rejected:
        raise ValidationError(
            {"candidate": _("%(name)s was rejected; reinstate it first or choose another candidate.")
             % {"name": candidate.name}},
            code="rejected_candidate",
        )
    return candidate


def _check_owner(organisation_id: Any, owner: User | None) -> None:
    if owner is not None and not is_member(owner, organisation_id):
        raise ValidationError(
            {"owner": _("The responsible person must be a member of this organisation.")}, code="not_a_member"
        )


def _check_status(status: str) -> None:
    if status not in ContractItemStatus.values:
        raise ValidationError({"status": _("Choose agreed, open or missing.")}, code="invalid_status")


def decision_save(
    *, actor: User, selection: Selection, candidate: Candidate | None, rationale: str,
    disagreement_resolution: str = "",
) -> DecisionOutcome:
    """Choose (or change) the preferred partner of ``selection``.

    The first decision creates the checklist from the guide and earlier results. A choice made
    while scoring is open or before the partner reached the RFP stage is allowed but recorded as
    early (``PartnerDecision.chosen_early`` and the audit event). Changing the
    candidate later keeps every item as it is (the terms were negotiated with the earlier one, so
    the page warns to check them); nothing is deleted.
    """
    candidate = _check_candidate(selection, candidate)
    rationale = _clean_text(rationale, "rationale", required=True)
    resolution = _clean_text(disagreement_resolution, "disagreement_resolution")
    with transaction.atomic():
        lock_parent(selection)  # one decision per selection, also when two first decisions meet
        decision = PartnerDecision.objects.select_for_update().filter(selection=selection).first()
        created = decision is None
        changes: dict[str, list[Any]] = {}
        if decision is None:
            decision = PartnerDecision(selection=selection)
            changes = {"candidate": [None, str(candidate.pk)]}
        candidate_changed = not created and decision.candidate_id != candidate.pk
        early = selectors.early_choice_reasons(selection, candidate) if created or candidate_changed else None
        if early is not None and early != decision.chosen_early:
            changes["chosen_early"] = [decision.chosen_early or [], early]
            decision.chosen_early = early
        for name, value in (("candidate_id", candidate.pk), ("rationale", rationale),
                            ("disagreement_resolution", resolution)):
            old = getattr(decision, name, None)
            if old != value and not (created and name == "candidate_id"):
                changes[name.removesuffix("_id")] = [str(old) if old is not None else None, str(value)]
            setattr(decision, name, value)
        if not changes:
            return DecisionOutcome(decision, created=False, candidate_changed=False, added=[],
                                   early=list(decision.chosen_early or []))
        decision.decided_by = actor
        decision.save()
        audit_record(
            actor=actor, organisation=selection.organisation,
            action="contract.decision_create" if created else "contract.decision_update",
            target=decision, changes=changes,
        )
        added = _add_missing_items(actor=actor, selection=selection, decision=decision) if created else []
    return DecisionOutcome(decision, created=created, candidate_changed=candidate_changed, added=added,
                           early=list(decision.chosen_early or []))


def _add_missing_items(*, actor: User, selection: Selection, decision: PartnerDecision) -> list[ContractItem]:
    lang = selection.organisation.language
    planned = selectors.new_items(selection, decision, lang=lang)
    if not planned:
        return []
    items = [
        ContractItem(decision=decision, source=p.source, key=p.key, title=p.title, position=p.position, kpi=p.kpi,
                     status=ContractItemStatus.MISSING)
        for p in planned
    ]
    # ignore_conflicts: a refresh running at the same time may have added one already; the
    # unique constraint (decision, source, key) keeps it single.
    ContractItem.objects.bulk_create(items, ignore_conflicts=True)
    audit_record(
        actor=actor, organisation=selection.organisation, action="contract.items_add", target=decision,
        changes={"added": [f"{p.source}:{p.key}" for p in planned]},
    )
    return list(ContractItem.objects.filter(decision=decision, key__in=[p.key for p in planned]).order_by("position"))


def items_refresh(*, actor: User, decision: PartnerDecision) -> list[ContractItem]:
    """Add the items earlier results now ask for and the checklist lacks (a new KPI, an AI Act
    screening that came out high-risk, ...). Never duplicates, changes or deletes an item."""
    with transaction.atomic():
        locked = PartnerDecision.objects.select_for_update().select_related("selection__organisation").get(
            pk=decision.pk)
        return _add_missing_items(actor=actor, selection=locked.selection, decision=locked)


def item_update(
    *, actor: User, item: ContractItem, status: str, wording: str, owner: User | None,
) -> ContractItem:
    """Set an item's status, agreed wording or note, and responsible person (a member or nobody)."""
    organisation = item.decision.selection.organisation
    _check_status(status)
    wording = _clean_text(wording, "wording")
    _check_owner(organisation.pk, owner)
    changes: dict[str, list[Any]] = {}
    for name, value in (("status", status), ("wording", wording), ("owner_id", owner.pk if owner else None)):
        old = getattr(item, name)
        if old != value:
            changes[name.removesuffix("_id")] = [str(old) if old is not None else None,
                                                 str(value) if value is not None else None]
            setattr(item, name, value)
    if changes:
        with transaction.atomic():
            item.save()
            audit_record(actor=actor, organisation=organisation, action="contract.item_update", target=item,
                         changes=changes)
    return item


def item_create(
    *, actor: User, decision: PartnerDecision, title: str, status: str = ContractItemStatus.MISSING, wording: str = "",
    owner: User | None = None,
) -> ContractItem:
    """Add one of the company's own items (a clause the guide does not name)."""
    organisation = decision.selection.organisation
    title = _clean_text(title, "title", required=True)
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")}, code="too_long")
    _check_status(status)
    wording = _clean_text(wording, "wording")
    _check_owner(organisation.pk, owner)
    with transaction.atomic():
        last = ContractItem.objects.filter(decision=decision, source=ItemSource.OWN).order_by("-position").first()
        position = last.position + 1 if last else selectors.POSITION_BASE[ItemSource.OWN]
        item = ContractItem.objects.create(
            decision=decision, source=ItemSource.OWN, key="", title=title, status=status, wording=wording,
            owner=owner, position=position,
        )
        audit_record(actor=actor, organisation=organisation, action="contract.item_create", target=item,
                     changes={"title": [None, title], "status": [None, status]})
    return item


def item_delete(*, actor: User, item: ContractItem) -> None:
    """Delete one of the company's own items. Items from the guide and earlier results stay (set
    them to agreed with a note when they do not apply), so a refresh never brings them back."""
    if item.source != ItemSource.OWN:
        raise ValidationError(
            _("Only items you added yourselves can be deleted. If this one does not apply, mark it agreed "
              "and note why."),
            code="not_own",
        )
    organisation = item.decision.selection.organisation
    with transaction.atomic():
        audit_record(actor=actor, organisation=organisation, action="contract.item_delete", target=item,
                     changes={"title": [item.title, None]})
        item.delete()
