"""How the audit log names the contract items a decision or a refresh added.

``contract.items_add`` records ``{"added": ["<source>:<key>", ...]}`` (``guide:acceptance``): keys
of the guide's contract checklist, its AI Act and GDPR clauses. The audit app, below contract,
cannot read that reference data, so contract registers this describer at start-up
(``ContractConfig.ready``) and the audit page shows the items' titles in the reader's language. A
KPI item (``kpi:kpi-<KPI id>``) reads as "KPI as acceptance criterion: <the KPI's name>" while the
KPI exists, "KPI (deleted)" once it is gone. A code the current data does not know is shown as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.contract.models import ItemSource
from partnerwijzer.knowledge.topics import contract as contract_topic
from partnerwijzer.planning.models import Kpi

ITEM_LIST_KEYS = ("added",)


def describe_contract(key: str, changes: Mapping[str, Any]) -> tuple[str | None, Mapping[str, str]]:
    if key not in ITEM_LIST_KEYS:
        return None, {}
    data = contract_topic.load()
    lang = translation.get_language()
    groups = ((ItemSource.GUIDE, data.items), (ItemSource.AI_ACT, data.ai_act_items),
              (ItemSource.GDPR, data.gdpr_items))
    labels = {f"{source}:{clause.key}": clause.name.get(lang) for source, clause_list in groups
              for clause in clause_list}
    labels.update(_kpi_items(changes.get(key), data.kpi.name.get(lang)))
    return None, labels


def _kpi_items(codes: Any, heading: str) -> dict[str, str]:
    """``{"kpi:kpi-<id>": "<heading>: <KPI name>"}`` for the KPI items among ``codes``; "KPI (deleted)"
    for an id no KPI has any more (a deleted object cannot be looked up)."""
    prefix = f"{ItemSource.KPI}:kpi-"
    ids = {str(code)[len(prefix):]: str(code) for code in codes or () if str(code).startswith(prefix)}
    valid = {}
    for kpi_id, code in ids.items():
        try:
            valid[str(uuid.UUID(kpi_id))] = code
        except ValueError:
            continue  # not an id: shown as it is
    if not valid:
        return {}
    found = {str(pk): name for pk, name in Kpi.objects.filter(pk__in=list(valid)).values_list("pk", "name")}
    return {code: f"{heading}: {found[kpi_id]}" if kpi_id in found else _("KPI (deleted)")
            for kpi_id, code in valid.items()}
