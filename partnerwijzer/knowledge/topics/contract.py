"""The contract checklist (``data/contract.yaml``, brief section 10).

``items``: the guide's eight critical clauses plus data-quality responsibility, a balanced risk
split and a phase plan with go/no-go points, in this order (``GUIDE_KEYS``; the keys are stored in
``ContractItem.key``). ``ai_act_items``: the contract side of the AI Act deployer duties, keyed by
the duty keys of ``ai_act.yaml``. ``gdpr_items``: the processor agreement (Art 28). ``kpi``: the
text of the acceptance item per KPI. Each item names its source (and article, for the law).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_topic_file
from partnerwijzer.knowledge.schema import DataFile, Key, LocalisedText, _Frozen

FILE: Final = "contract.yaml"

GUIDE_KEYS: Final = (
    "scope_deliverables", "acceptance", "change_process", "data_protection", "model_rights",
    "maintenance_support", "knowledge_transfer", "exit_strategy", "data_quality", "risk_split", "phase_plan",
)
"""The eight critical clauses of the guide, then data quality, risk split and the phase plan."""

PROCESSOR_AGREEMENT: Final = "processor_agreement"


class SourceRef(_Frozen):
    """Where an item comes from: a key of ``sources.yaml`` and, for the law, the article."""

    source: Key
    article: LocalisedText | None = None


class ContractText(_Frozen):
    """What to agree (``description``) and what to ask or how to word it (``questions``)."""

    name: LocalisedText
    description: LocalisedText
    questions: tuple[LocalisedText, ...] = Field(min_length=1)
    refs: tuple[SourceRef, ...] = Field(min_length=1)


class ContractClause(ContractText):
    key: Key


class ContractFile(DataFile):
    items: tuple[ContractClause, ...]
    ai_act_items: tuple[ContractClause, ...] = Field(min_length=1)
    gdpr_items: tuple[ContractClause, ...] = Field(min_length=1)
    kpi: ContractText
    phase_reminder: LocalisedText

    @model_validator(mode="after")
    def _keys(self) -> ContractFile:
        found = tuple(item.key for item in self.items)
        if found != GUIDE_KEYS:
            raise ValueError(f"items must have the keys {', '.join(GUIDE_KEYS)} in this order, got {', '.join(found)}")
        if PROCESSOR_AGREEMENT not in {item.key for item in self.gdpr_items}:
            raise ValueError(f"gdpr_items must contain {PROCESSOR_AGREEMENT!r}")
        for group in ("ai_act_items", "gdpr_items"):
            keys = [item.key for item in getattr(self, group)]
            if len(keys) != len(set(keys)):
                raise ValueError(f"{group}: keys must be unique")
        return self

    def refs(self) -> list[tuple[str, SourceRef]]:
        out: list[tuple[str, SourceRef]] = []
        for group in ("items", "ai_act_items", "gdpr_items"):
            for index, item in enumerate(getattr(self, group)):
                out.extend((f"{group}[{index}].refs[{n}]", ref) for n, ref in enumerate(item.refs))
        out.extend((f"kpi.refs[{n}]", ref) for n, ref in enumerate(self.kpi.refs))
        return out

    def clause(self, key: str) -> ContractClause:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"no contract clause with key {key!r}")

    def text_for(self, source: str, key: str) -> ContractText | None:
        """The reference text of a stored item (``ContractItem.source``/``key``), if it has one."""
        if source == "kpi":
            return self.kpi
        group = {"guide": self.items, "ai_act": self.ai_act_items, "gdpr": self.gdpr_items}.get(source, ())
        return next((item for item in group if item.key == key), None)


def _check_references(data: ContractFile, data_dir: Path) -> None:
    """Every ref names a known source; AI Act items are keyed by a duty of ai_act.yaml."""
    from partnerwijzer.knowledge.topics.ai_act import AiActFile

    problems: list[str] = []
    sources = load_topic_file("sources.yaml", _SourceKeys, data_dir=data_dir)
    known = {item.key for item in sources.items}
    for path, ref in data.refs():
        if ref.source not in known:
            problems.append(f"{FILE}: {path}.source: unknown source {ref.source!r}")
    ai_act = load_topic_file("ai_act.yaml", AiActFile, data_dir=data_dir)
    duties = {duty.key for duty in ai_act.duties}
    for index, item in enumerate(data.ai_act_items):
        if item.key not in duties:
            problems.append(f"{FILE}: ai_act_items[{index}].key: {item.key!r} is not a duty of ai_act.yaml")
    if problems:
        raise ReferenceDataError(problems)


class _SourceKey(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    key: Key


class _SourceKeys(DataFile):
    """Only the keys of ``sources.yaml`` (the rest is validated by the core loader)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    items: tuple[_SourceKey, ...]


def load_from(data_dir: Path) -> ContractFile:
    data = load_topic_file(FILE, ContractFile, data_dir=data_dir)
    _check_references(data, data_dir)
    return data


@functools.cache
def load() -> ContractFile:
    return load_from(DATA_DIR)


def summary(data: ContractFile) -> str:
    return (
        f"{FILE}: {len(data.items)} clauses, {len(data.ai_act_items)} AI Act items, "
        f"{len(data.gdpr_items)} GDPR items, version {data.version}"
    )
