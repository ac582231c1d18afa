"""How a selection's criterion reads in the current language.

A criterion copied from the reference data (``reference_key`` set) takes its name, summary,
check items and rubric from ``knowledge/data/criteria.yaml`` in the reader's language; an
owner's rename (``custom_name``) overrides the name and ``custom_description`` the summary. A
criterion the owner added has only the owner's own text and the generic 1/3/5 anchors.

Both the scoring pages and the ranking page use these helpers, so a criterion is named the
same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.knowledge import schema
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language

RUBRIC_POINTS: tuple[int, ...] = (1, 3, 5)


def _lang(lang: str | None) -> str:
    return normalise_language(lang or translation.get_language())


def reference_criterion(criterion: Criterion) -> schema.Criterion | None:
    """The reference-data entry behind ``criterion``, or None for an owner's own criterion."""
    if not criterion.reference_key:
        return None
    try:
        return reference().criterion(criterion.reference_key)
    except KeyError:  # a key that the reference data no longer has: treat as own criterion
        return None


def criterion_label(criterion: Criterion, lang: str | None = None) -> str:
    """The criterion's name: the owner's rename, else the reference name in ``lang``."""
    if criterion.custom_name:
        return criterion.custom_name
    ref = reference_criterion(criterion)
    return ref.name.get(_lang(lang)) if ref else criterion.reference_key


def criterion_description(criterion: Criterion, lang: str | None = None) -> str:
    """What to look for: the owner's text, else the reference summary."""
    if criterion.custom_description:
        return criterion.custom_description
    ref = reference_criterion(criterion)
    return ref.summary.get(_lang(lang)) if ref else ""


def criterion_check_items(criterion: Criterion, lang: str | None = None) -> list[str]:
    """The reference check items in ``lang``; empty for an owner's own criterion."""
    ref = reference_criterion(criterion)
    return [item.get(_lang(lang)) for item in ref.check_items] if ref else []


def criterion_rubric(criterion: Criterion, lang: str | None = None) -> dict[int, str]:
    """What a 1, 3 and 5 look like: ``{1: ..., 3: ..., 5: ...}``.

    Own criteria get the generic anchors (poor, adequate, excellent), so every score has words.
    """
    ref = reference_criterion(criterion)
    if ref is not None:
        language = _lang(lang)
        return {point: ref.rubric.for_score(point).get(language) for point in RUBRIC_POINTS}
    with translation.override(_lang(lang)):
        return {
            1: _("Poor: does not meet what you look for."),
            3: _("Adequate: meets the essentials, with gaps."),
            5: _("Excellent: meets everything, with evidence."),
        }


@dataclass(frozen=True)
class CriterionText:
    """Everything a page shows about one criterion, in one language."""

    criterion: Criterion
    name: str
    description: str
    check_items: list[str]
    rubric: dict[int, str]
    is_reference: bool

    @property
    def id(self) -> str:
        return str(self.criterion.pk)

    @property
    def rubric_rows(self) -> list[tuple[int, str]]:
        return sorted(self.rubric.items())


def criterion_text(criterion: Criterion, lang: str | None = None) -> CriterionText:
    """Name, description, check items and rubric of ``criterion`` in ``lang`` (default: current)."""
    return CriterionText(
        criterion=criterion,
        name=criterion_label(criterion, lang),
        description=criterion_description(criterion, lang),
        check_items=criterion_check_items(criterion, lang),
        rubric=criterion_rubric(criterion, lang),
        is_reference=reference_criterion(criterion) is not None,
    )


def criteria_texts(criteria: list[Criterion], lang: str | None = None) -> list[CriterionText]:
    return [criterion_text(c, lang) for c in criteria]
