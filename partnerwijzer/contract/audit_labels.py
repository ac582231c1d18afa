"""How the audit log names the contract items a decision or a refresh added.

``contract.items_add`` records ``{"added": ["<source>:<key>", ...]}`` (``guide:acceptance``): keys
of the guide's contract checklist, its AI Act and GDPR clauses. The audit app, below contract,
cannot read that reference data, so contract registers this describer at start-up
(``ContractConfig.ready``) and the audit page shows the items' titles in the reader's language. A
KPI item (its key names the KPI) or a code the current data does not know is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

from partnerwijzer.contract.models import ItemSource
from partnerwijzer.knowledge.topics import contract as contract_topic

ITEM_LIST_KEYS = ("added",)


def describe_contract(key: str, changes: Mapping[str, Any]) -> tuple[str | None, Mapping[str, str]]:
    if key not in ITEM_LIST_KEYS:
        return None, {}
    data = contract_topic.load()
    lang = translation.get_language()
    groups = ((ItemSource.GUIDE, data.items), (ItemSource.AI_ACT, data.ai_act_items),
              (ItemSource.GDPR, data.gdpr_items))
    return None, {f"{source}:{clause.key}": clause.name.get(lang) for source, clause_list in groups
                  for clause in clause_list}
