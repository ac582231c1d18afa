"""Recall of the criterion queries on the labelled set (``data/recall_labels.yaml``).

For each label (a passage of a demo firm and a criterion it speaks to), the label counts as found
at ``k`` when one of the first ``k`` passages the score form shows for that firm and criterion is
that passage (from the same source, holding the quote). Recall@k is found labels / all labels.
Run with ``python manage.py evidence_recall`` on a database with the demo loaded and indexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evidence.models import SourceKind
from partnerwijzer.evidence.selectors import criterion_evidence
from partnerwijzer.sourcing.models import Candidate

LABELS = Path(__file__).resolve().parent / "data" / "recall_labels.yaml"


@dataclass(frozen=True)
class Label:
    firm: str
    source: str
    quote: str
    criterion: str


@dataclass
class Report:
    k: int
    labels: int = 0
    found: int = 0
    missed: list[Label] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # "answers"/"documents" -> [found, labels]

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 0.0


def load_labels(path: Path = LABELS) -> tuple[str, int, list[Label]]:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = [Label(firm=item["firm"], source=item["source"], quote=item["quote"], criterion=key)
              for item in raw["labels"] for key in item["criteria"]]
    return str(raw["provenance"]), int(raw["k"]), labels


def measure(organisation: Any, *, k: int | None = None, labels: list[Label] | None = None) -> Report:
    """Recall@k of the labels on ``organisation``'s firms (the demo organisation)."""
    _provenance, default_k, all_labels = load_labels()
    k = k or default_k
    labels = labels if labels is not None else all_labels
    report = Report(k=k)
    language = organisation.language
    panels: dict[str, Any] = {}
    criteria: dict[str, dict[str, Criterion]] = {}
    for label in labels:
        candidate = (Candidate.objects.filter(selection__organisation=organisation, name=label.firm)
                     .order_by("-created_at").first())
        kind = "answers" if label.source == SourceKind.ANSWERS else "documents"
        tally = report.by_kind.setdefault(kind, [0, 0])
        report.labels += 1
        tally[1] += 1
        if candidate is None:
            report.missed.append(label)
            continue
        key = str(candidate.pk)
        if key not in panels:
            criteria[key] = {c.reference_key: c for c in Criterion.objects.filter(selection_id=candidate.selection_id)
                             if c.reference_key}
            panels[key] = criterion_evidence(candidate, list(criteria[key].values()), language, per_criterion=k)
        criterion = criteria[key].get(label.criterion)
        hits = panels[key].by_criterion.get(criterion.pk, []) if criterion else []
        if any(label.quote in hit.text and _same_source(label, hit) for hit in hits[:k]):
            report.found += 1
            tally[0] += 1
        else:
            report.missed.append(label)
    return report


def _same_source(label: Label, hit: Any) -> bool:
    if label.source == SourceKind.ANSWERS:
        return bool(hit.kind == SourceKind.ANSWERS)
    return bool(hit.source_name == label.source)
