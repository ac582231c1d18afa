"""Write actions on criteria, weights, evaluators, scores, judgements and consensus."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from partnerwijzer.evaluation.models import Criterion, Factor
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.sourcing.models import Selection


@transaction.atomic
def criteria_initialise(*, selection: Selection) -> list[Criterion]:
    """Give a new selection the seven criteria of the reference data plus price, in order.

    Weights start equal over the seven and price at 0 %, so the owner sets them consciously;
    the ranking page says so until the weights are set.
    """
    criteria = []
    selection_criteria = reference().selection_criteria
    equal = (Decimal(100) / len(selection_criteria)).quantize(Decimal("0.01"))
    for position, ref in enumerate(reference().criteria):
        weight = Decimal(0) if ref.is_price else equal
        criteria.append(
            Criterion(
                selection=selection,
                reference_key=ref.key,
                position=position,
                factor=Factor(ref.factor),
                is_price=ref.is_price,
                weight=weight,
            )
        )
    # Rounding: make the seven add up to exactly 100.
    criteria[0].weight += Decimal(100) - sum((c.weight for c in criteria), Decimal(0))
    return Criterion.objects.bulk_create(criteria)
