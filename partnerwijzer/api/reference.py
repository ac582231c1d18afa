"""Turn the knowledge package's models into localised API bodies for one language.

Every figure carries its provenance (source key and title, date) and its formatted value, so an
API client can show a number the same way the app does: as the guide's reference value.
"""

from __future__ import annotations

from collections.abc import Iterable

from partnerwijzer.api import schemas
from partnerwijzer.knowledge.loader import reference_guide
from partnerwijzer.knowledge.schema import (
    Criterion,
    DepartmentShare,
    Figure,
    ImplementationModel,
    LocalisedText,
    ProviderType,
    ReferenceData,
    Source,
    SourcingChannel,
)


def _texts(items: Iterable[LocalisedText], lang: str) -> list[str]:
    return [item.get(lang) for item in items]


def figure(fig: Figure, lang: str, ref: ReferenceData) -> schemas.FigureOut:
    return schemas.FigureOut(
        label=fig.label.get(lang),
        value=fig.value,
        low=fig.low,
        high=fig.high,
        unit=fig.unit,
        formatted=fig.format(lang),
        as_of=fig.as_of,
        source=schemas.SourceRef(key=fig.source, title=ref.source(fig.source).title.get(lang)),
        note=fig.note.get(lang) if fig.note is not None else None,
    )


def _figures(figs: Iterable[Figure], lang: str, ref: ReferenceData) -> list[schemas.FigureOut]:
    return [figure(fig, lang, ref) for fig in figs]


def criterion(item: Criterion, lang: str, ref: ReferenceData) -> schemas.CriterionOut:
    return schemas.CriterionOut(
        key=item.key,
        is_price=item.is_price,
        factor=item.factor,
        name=item.name.get(lang),
        summary=item.summary.get(lang),
        why=item.why.get(lang),
        figures=_figures(item.figures, lang, ref),
        check_items=_texts(item.check_items, lang),
        practical_tests=_texts(item.practical_tests, lang),
        warning_signs=_texts(item.warning_signs, lang),
        rubric=[
            schemas.RubricLevel(score=score, description=item.rubric.for_score(score).get(lang))
            for score in (1, 3, 5)
        ],
    )


def implementation_model(item: ImplementationModel, lang: str, ref: ReferenceData) -> schemas.ImplementationModelOut:
    return schemas.ImplementationModelOut(
        key=item.key,
        name=item.name.get(lang),
        what=item.what.get(lang),
        pros=_texts(item.pros, lang),
        cons=_texts(item.cons, lang),
        suits_when=_texts(item.suits_when, lang),
        share=figure(item.share, lang, ref),
        figures=_figures(item.figures, lang, ref),
    )


def provider_type(item: ProviderType, lang: str, ref: ReferenceData) -> schemas.ProviderTypeOut:
    return schemas.ProviderTypeOut(
        key=item.key,
        name=item.name.get(lang),
        description=item.description.get(lang),
        strengths=_texts(item.strengths, lang),
        watch_outs=_texts(item.watch_outs, lang),
        share=figure(item.share, lang, ref),
    )


def sourcing_channel(item: SourcingChannel, lang: str, ref: ReferenceData) -> schemas.SourcingChannelOut:
    return schemas.SourcingChannelOut(
        key=item.key,
        name=item.name.get(lang),
        description=item.description.get(lang),
        how_to=item.how_to.get(lang),
        highlight=item.highlight,
        figures=_figures(item.figures, lang, ref),
    )


def department(item: DepartmentShare, lang: str, ref: ReferenceData) -> schemas.DepartmentShareOut:
    return schemas.DepartmentShareOut(
        key=item.key,
        name=item.name.get(lang),
        use_cases=_texts(item.use_cases, lang),
        share=figure(item.share, lang, ref),
    )


def source(item: Source, lang: str) -> schemas.SourceOut:
    return schemas.SourceOut(
        key=item.key,
        title=item.title.get(lang),
        kind=item.kind,
        year=item.year,
        publisher=item.publisher,
        author=item.author,
        original_language=item.original_language,
        url=item.url,
        description=item.description.get(lang),
        caveat=item.caveat.get(lang),
    )


# One function per endpoint: the whole localised body.


def criteria_body(lang: schemas.Language) -> schemas.CriteriaOut:
    ref = reference_guide()  # the files as they are; own values: /organisations/{id}/figures
    return schemas.CriteriaOut(
        lang=lang, version=ref.versions["criteria.yaml"],
        items=[criterion(item, lang, ref) for item in ref.criteria],
    )


def implementation_models_body(lang: schemas.Language) -> schemas.ImplementationModelsOut:
    ref = reference_guide()  # the files as they are; own values: /organisations/{id}/figures
    return schemas.ImplementationModelsOut(
        lang=lang, version=ref.versions["implementation_models.yaml"],
        typical_path=ref.typical_path.get(lang),
        note=ref.implementation_models_note.get(lang) if ref.implementation_models_note else None,
        items=[implementation_model(item, lang, ref) for item in ref.implementation_models],
    )


def provider_types_body(lang: schemas.Language) -> schemas.ProviderTypesOut:
    ref = reference_guide()  # the files as they are; own values: /organisations/{id}/figures
    return schemas.ProviderTypesOut(
        lang=lang, version=ref.versions["provider_types.yaml"],
        items=[provider_type(item, lang, ref) for item in ref.provider_types],
    )


def sourcing_channels_body(lang: schemas.Language) -> schemas.SourcingChannelsOut:
    ref = reference_guide()  # the files as they are; own values: /organisations/{id}/figures
    return schemas.SourcingChannelsOut(
        lang=lang, version=ref.versions["sourcing_channels.yaml"],
        items=[sourcing_channel(item, lang, ref) for item in ref.sourcing_channels],
    )


def department_budget_body(lang: schemas.Language) -> schemas.DepartmentBudgetOut:
    ref = reference_guide()  # the files as they are; own values: /organisations/{id}/figures
    return schemas.DepartmentBudgetOut(
        lang=lang, version=ref.versions["department_budget.yaml"],
        items=[department(item, lang, ref) for item in ref.department_budget],
    )


def sources_body(lang: schemas.Language) -> schemas.SourcesOut:
    ref = reference_guide()  # the files as they are; own values: /organisations/{id}/figures
    return schemas.SourcesOut(
        lang=lang, version=ref.versions["sources.yaml"], items=[source(item, lang) for item in ref.sources],
    )
