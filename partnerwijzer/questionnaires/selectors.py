"""Reads of the questionnaires app: the lists, one questionnaire with its questions, and the
company section as the candidate firm sees it.

:func:`company_section` is the one place that decides what a firm is told about the company
(profile, the project with its baseline and KPIs, constraints, timeline, how the company
decides); both the detail page and the RFI/RFP document read it, so the page shows exactly
what the document says. It takes the language explicitly: documents are built in the
organisation's language, whatever the reader's interface language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.evaluation.criteria_display import criterion_description, criterion_label
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.planning.compliance.selectors import ai_act_result, gdpr_result
from partnerwijzer.planning.models import CompanyProfile, UseCase
from partnerwijzer.planning.readiness.selectors import readiness_result
from partnerwijzer.planning.usecases.selectors import decimal_text, kpis_of
from partnerwijzer.planning.usecases.services import NACE_SECTIONS
from partnerwijzer.questionnaires.models import (
    DEFAULT_SHARED,
    Question,
    Questionnaire,
    QuestionnaireTemplate,
    SharedSection,
)
from partnerwijzer.sourcing.models import Selection

DATA_FACTOR = "data"
"""The readiness factor whose answers describe the data situation."""


def questionnaires_of(*, selection: Selection) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.filter(selection=selection)
        .annotate(question_count=Count("questions"))
        .order_by("-created_at")
    )


def questions_of(*, questionnaire: Questionnaire) -> QuerySet[Question]:
    return questionnaire.questions.select_related("criterion").order_by("position", "id")


def format_date(value: date | datetime | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formatting.long_date(value, language=lang)


def format_deadline(value: datetime, lang: str) -> str:
    """``15 januari 2027 23:59`` — the date and the local time the portal stops taking answers, spelt
    as every other moment is (``formatting.date_time``, the page head's ``|moment``), not a second way."""
    return formatting.date_time(timezone.localtime(value), language=lang)


@dataclass(frozen=True)
class KpiLine:
    name: str
    unit: str
    baseline: str
    target: str
    baseline_date: str
    target_date: str
    measurement: str


@dataclass(frozen=True)
class CriterionLine:
    criterion: Criterion
    name: str
    description: str
    weight: str  # "" when the weights are hidden


@dataclass(frozen=True)
class CompanySection:
    """What a firm is told about the company, every text in ``language``."""

    language: str
    organisation: str
    profile: tuple[tuple[str, str], ...]
    use_case_title: str
    problem_statement: str
    baseline: str
    kpis: tuple[KpiLine, ...]
    data_situation: tuple[tuple[str, str], ...]
    ai_act: str  # the tier label, "" when not screened
    dpia: str  # the DPIA verdict, "" when not screened
    implementation_model: str
    implementation_reason: str
    timeline: str
    deadline: str
    contact: tuple[tuple[str, str], ...]
    show_weights: bool
    criteria: tuple[CriterionLine, ...] = field(default_factory=tuple)
    # The constraints as label/value rows (only those known): AI Act tier, DPIA, way of working.
    constraints: tuple[tuple[str, str], ...] = ()
    # The keys of the parts shared with the firms, and the labels of those kept from them (for
    # the owner's preview only).
    shared: frozenset[str] = frozenset()
    withheld: tuple[str, ...] = ()


def _profile_rows(profile: CompanyProfile | None, *, basics: bool = True,
                  revenue: bool = False) -> tuple[tuple[str, str], ...]:
    if profile is None:
        return ()
    rows: list[tuple[str, str]] = []
    if not basics:
        if revenue and profile.revenue_band:
            rows.append((_("Annual revenue"), str(profile.get_revenue_band_display())))
        return tuple(rows)
    if profile.industry:
        rows.append((_("Industry"), profile.industry))
    elif profile.nace_section:
        rows.append((_("Industry"), str(NACE_SECTIONS.get(profile.nace_section, ""))))
    location = ", ".join(p for p in (profile.region, str(profile.get_country_display())) if p)
    rows.append((_("Location"), location))
    if profile.staff_count:
        rows.append((_("Staff"), formatting.number(profile.staff_count)))
    if revenue and profile.revenue_band:
        rows.append((_("Annual revenue"), str(profile.get_revenue_band_display())))
    rows.append((_("Experience with AI"), str(profile.get_ai_experience_display())))
    if profile.it_capacity:
        rows.append((_("Internal IT capacity"), str(profile.get_it_capacity_display())))
    if profile.data_capacity:
        rows.append((_("Internal data capacity"), str(profile.get_data_capacity_display())))
    if profile.works_council:
        # The profile records only that a works council exists, not whether it is involved.
        rows.append((_("Works council"), _("Yes, the company has a works council")))
    return tuple(rows)


def _kpi_lines(use_case: UseCase, lang: str) -> tuple[KpiLine, ...]:
    return tuple(
        KpiLine(
            name=k.name, unit=k.unit, baseline=decimal_text(k.baseline_value), target=decimal_text(k.target_value),
            baseline_date=format_date(k.baseline_date, lang), target_date=format_date(k.target_date, lang),
            measurement=k.measurement_method,
        )
        for k in kpis_of(use_case=use_case)
    )


def _data_situation(use_case: UseCase, lang: str) -> tuple[tuple[str, str], ...]:
    result = readiness_result(use_case)
    if result is None:
        return ()
    factor = next((f for f in result.factors if f.key == DATA_FACTOR), None)
    if factor is None:
        return ()
    return tuple((row.question.text.get(lang), row.option.label.get(lang)) for row in factor.rows if row.option)


def _model(use_case: UseCase, lang: str) -> str:
    if not use_case.chosen_model:
        return ""
    try:
        return reference().implementation_model(use_case.chosen_model).name.get(lang)
    except KeyError:
        return ""


def _criteria(selection: Selection, lang: str, show_weights: bool) -> tuple[CriterionLine, ...]:
    criteria = Criterion.objects.filter(selection=selection).order_by("position", "id")
    return tuple(
        CriterionLine(
            criterion=c, name=criterion_label(c, lang), description=criterion_description(c, lang),
            weight=formatting.percent(c.weight / 100, digits=0, language=lang) if show_weights else "",
        )
        for c in criteria
    )


def shared_sections(questionnaire: Questionnaire) -> frozenset[str]:
    """The parts of the company section the owner shares with the firms (known keys only)."""
    chosen = questionnaire.shared_sections
    if not isinstance(chosen, list):
        chosen = list(DEFAULT_SHARED)
    return frozenset(str(key) for key in chosen if key in SharedSection.values)


def company_section(questionnaire: Questionnaire, language: str) -> CompanySection:
    """Everything the firm reads about the company and the project, in ``language``.

    Only the parts the owner shares (:func:`shared_sections`) are filled; ``withheld`` names the
    others for the owner's preview. The portal, the document and the preview all use this.
    """
    lang = normalise_language(language)
    selection = questionnaire.selection
    organisation = selection.organisation
    use_case = selection.use_case
    shared = shared_sections(questionnaire)
    with translation.override(lang):
        profile = CompanyProfile.objects.filter(organisation=organisation).first()
        ai_act = ai_act_result(use_case, lang=lang) if use_case and SharedSection.AI_ACT in shared else None
        gdpr = gdpr_result(use_case, lang=lang) if use_case and SharedSection.DPIA in shared else None
        contact = tuple(
            (label, value) for label, value in (
                (_("Contact person"), questionnaire.contact_name), (_("E-mail"), questionnaire.contact_email),
            ) if value
        )
        model = _model(use_case, lang) if use_case and SharedSection.MODEL in shared else ""
        constraints = tuple(
            (label, value) for label, value in (
                (_("EU AI Act"), ai_act.tier_label if ai_act else ""),
                (_("Data protection impact assessment (DPIA)"), gdpr.verdict_label if gdpr else ""),
                (_("Preferred way of working"), model),
            ) if value
        )
        project = SharedSection.PROJECT in shared
        withheld = tuple(str(label) for key, label in SharedSection.choices if key not in shared)
        return CompanySection(
            language=lang, constraints=constraints, withheld=withheld, shared=shared,
            organisation=organisation.name,
            profile=_profile_rows(profile, basics=SharedSection.PROFILE in shared,
                                  revenue=SharedSection.REVENUE in shared),
            use_case_title=use_case.title if use_case and project else "",
            problem_statement=(use_case.problem_statement if use_case else selection.description) if project else "",
            baseline=use_case.current_state if use_case and project else "",
            kpis=_kpi_lines(use_case, lang) if use_case and project else (),
            data_situation=(_data_situation(use_case, lang)
                            if use_case and SharedSection.DATA in shared else ()),
            ai_act=ai_act.tier_label if ai_act else "",
            dpia=gdpr.verdict_label if gdpr else "",
            implementation_model=model,
            implementation_reason=use_case.chosen_model_reason if use_case and model else "",
            timeline=questionnaire.timeline,
            deadline=format_deadline(questionnaire.deadline, lang),
            contact=contact,
            show_weights=questionnaire.show_weights,
            criteria=_criteria(selection, lang, questionnaire.show_weights),
        )


@dataclass(frozen=True)
class QuestionGroup:
    """Questions under one heading: a criterion's name, or general questions (``criterion`` None)."""

    criterion: Criterion | None
    title: str
    questions: tuple[Question, ...]


def question_groups(questions: list[Question], language: str) -> list[QuestionGroup]:
    """Consecutive questions of the same criterion grouped, in the questionnaire's order."""
    lang = normalise_language(language)
    groups: list[tuple[Criterion | None, list[Question]]] = []
    for question in questions:
        if groups and groups[-1][0] == question.criterion:
            groups[-1][1].append(question)
        else:
            groups.append((question.criterion, [question]))
    with translation.override(lang):
        return [
            QuestionGroup(
                criterion=criterion,
                title=criterion_label(criterion, lang) if criterion else _("General questions"),
                questions=tuple(items),
            )
            for criterion, items in groups
        ]


def templates_of(organisation: Any) -> list[QuestionnaireTemplate]:
    """The organisation's questionnaire templates, by name."""
    return list(QuestionnaireTemplate.objects.filter(organisation=organisation).order_by("name", "-created_at"))
