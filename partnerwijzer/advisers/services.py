"""Write actions of an adviser organisation: its criteria sets and guidance texts, and applying a
criteria set to a client's selection. Each records an audit event. Access to clients is granted and
revoked by accounts' services (``adviser_access_grant``, ``adviser_access_revoke``, ``client_create``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation, User
from partnerwijzer.advisers.models import CriteriaSet, CriteriaSetItem, Factor, GuidanceText
from partnerwijzer.audit.services import audit_record
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.scoring.selectors import criteria_of
from partnerwijzer.evaluation.scoring.services import criterion_create, weights_set_direct
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.locking import lock_parent
from partnerwijzer.sourcing.models import Selection

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _require_adviser(organisation: Organisation) -> None:
    if not organisation.is_adviser:
        raise ValidationError(_("Only an adviser organisation keeps criteria sets and guidance texts."))


@transaction.atomic
def criteria_set_create(*, actor: User, adviser: Organisation, name: str, description: str = "") -> CriteriaSet:
    _require_adviser(adviser)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the criteria set a name.")})
    criteria_set = CriteriaSet.objects.create(adviser=adviser, name=name, description=description.strip())
    audit_record(actor=actor, organisation=adviser, action="criteria_set.create", target=criteria_set,
                 changes={"name": name})
    return criteria_set


@transaction.atomic
def criteria_set_item_add(
    *, actor: User, criteria_set: CriteriaSet, name: str, rubric: str = "", factor: str = Factor.HARD,
    weight: Decimal | str | int = 0,
) -> CriteriaSetItem:
    """Add a criterion with its rubric and default weight; the set's weights may add up to 100 % at most."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    if factor not in Factor.values:
        raise ValidationError({"factor": _("Choose hard or soft factor.")})
    try:
        value = Decimal(str(weight)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise ValidationError({"weight": _("A weight is a percentage from 0 to 100.")}) from None
    if not Decimal(0) <= value <= HUNDRED:
        raise ValidationError({"weight": _("A weight is a percentage from 0 to 100.")})
    lock_parent(criteria_set)
    items = list(criteria_set.items.all())
    if sum((i.weight for i in items), Decimal(0)) + value > HUNDRED:
        raise ValidationError({"weight": _("The default weights of a set add up to 100% at most.")})
    last = criteria_set.items.aggregate(Max("position"))["position__max"]
    item = CriteriaSetItem.objects.create(
        criteria_set=criteria_set, name=name, rubric=rubric.strip(), factor=factor, weight=value,
        position=0 if last is None else last + 1,
    )
    audit_record(actor=actor, organisation=criteria_set.adviser, action="criteria_set.update", target=criteria_set,
                 changes={"added": name, "weight": str(value)})
    return item


@transaction.atomic
def criteria_set_delete(*, actor: User, criteria_set: CriteriaSet) -> None:
    """Delete a set; criteria it gave to clients stay theirs."""
    audit_record(actor=actor, organisation=criteria_set.adviser, action="criteria_set.delete", target=criteria_set,
                 changes={"name": criteria_set.name})
    criteria_set.delete()


@transaction.atomic
def criteria_set_apply(*, actor: User, criteria_set: CriteriaSet, selection: Selection) -> list[Criterion]:
    """Copy the set's criteria into the selection, with their rubric as "what to look for".

    The set's criteria get their default weights; the selection's criteria share what is left in
    proportion to their weights (equally when all are 0), so the weights still add up to 100 %.
    From then on the criteria are the client's own: later changes of the set do not reach them.
    Refused once scoring is closed.
    """
    if scoring_setup_of(selection).closed:
        raise ValidationError(_("Scoring of this selection is closed; its criteria no longer change."))
    items = list(criteria_set.items.all())
    if not items:
        raise ValidationError(_("This criteria set has no criteria yet."))
    existing = criteria_of(selection)
    added = [
        criterion_create(actor=actor, selection=selection, name=item.name, description=item.rubric, factor=item.factor)
        for item in items
    ]
    template_total = sum((i.weight for i in items), Decimal(0))
    rest = HUNDRED - template_total
    old_total = sum((c.weight for c in existing), Decimal(0))
    weights: dict[str, Decimal] = {}
    for criterion in existing:
        share = criterion.weight / old_total if old_total > 0 else Decimal(1) / len(existing)
        weights[str(criterion.pk)] = (rest * share).quantize(CENT)
    if existing:
        # Rounding lands on the selection's own largest criterion, never on the set's defaults.
        largest = max(existing, key=lambda c: weights[str(c.pk)])
        weights[str(largest.pk)] += rest - sum(weights.values(), Decimal(0))
    for criterion, item in zip(added, items, strict=True):
        weights[str(criterion.pk)] = item.weight
    if not existing and template_total < HUNDRED:
        # Nothing to share the rest: the set's criteria keep their proportions and fill 100 %.
        for criterion, item in zip(added, items, strict=True):
            weights[str(criterion.pk)] = (
                (item.weight * HUNDRED / template_total) if template_total > 0 else HUNDRED / len(items)
            ).quantize(CENT)
    weights_set_direct(actor=actor, selection=selection, weights=weights)
    audit_record(actor=actor, organisation=selection.organisation, action="criteria_set.apply", target=selection,
                 changes={"criteria_set": criteria_set.name, "adviser": criteria_set.adviser.name,
                          "criteria": [i.name for i in items]})
    return added


@transaction.atomic
def guidance_text_create(*, actor: User, adviser: Organisation, title: str, body: str) -> GuidanceText:
    _require_adviser(adviser)
    if not title.strip() or not body.strip():
        raise ValidationError(_("Give the guidance text a title and a text."))
    text = GuidanceText.objects.create(adviser=adviser, title=title.strip(), body=body.strip())
    audit_record(actor=actor, organisation=adviser, action="criteria_set.update", target=text,
                 changes={"guidance": title.strip()})
    return text
