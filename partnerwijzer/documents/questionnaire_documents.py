"""Builders of the questionnaire documents (see ``partnerwijzer/documents/registry.py``):

* :func:`build_questionnaire` — the RFI or RFP a firm receives (target: a questionnaire);
* :func:`build_first_talk_guide` — questions and warning signs for the first personal talks;
* :func:`build_reference_call_guide` — questions for calls with a candidate's reference customers.

Each returns a :class:`~partnerwijzer.documents.content.Document` of plain texts in ``language``
(the organisation's language); the renderers escape them per format. The builders look the
target up inside ``organisation`` only: another organisation's id is "not found".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.documents.content import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyValues,
    Language,
    PageBreak,
    Paragraph,
    QuestionBlock,
    Table,
)
from partnerwijzer.evaluation.criteria_display import criterion_label, reference_criterion
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.knowledge.schema import Criterion as ReferenceCriterion
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireKind
from partnerwijzer.questionnaires.selectors import CompanySection, company_section, question_groups, questions_of
from partnerwijzer.sourcing.models import RedFlag, Selection


def _lang(language: str) -> Language:
    return normalise_language(language)  # type: ignore[return-value]


def _questionnaire(organisation: Organisation, target_id: Any) -> Questionnaire:
    try:
        return Questionnaire.objects.select_related("selection__organisation", "selection__use_case").get(
            pk=target_id, selection__organisation=organisation
        )
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Questionnaire.DoesNotExist(str(target_id)) from error


def _selection(organisation: Organisation, selection_id: Any) -> Selection:
    try:
        return Selection.objects.select_related("organisation", "use_case").get(
            pk=selection_id, organisation=organisation
        )
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Selection.DoesNotExist(str(selection_id)) from error


def _stem(prefix: str, title: str) -> str:
    return (f"{prefix}-{slugify(title)}" if slugify(title) else prefix)[:80]


# --- RFI / RFP ---------------------------------------------------------------------------------


def _company_blocks(company: CompanySection) -> list[Block]:
    blocks: list[Block] = [Heading(_("About us")), Paragraph(company.organisation, style="lead")]
    if company.profile:
        blocks.append(KeyValues(company.profile))
    blocks.append(Heading(_("The project")))
    if company.use_case_title:
        blocks.append(Paragraph(company.use_case_title, style="lead"))
    if company.problem_statement:
        blocks += [Heading(_("The problem we want to solve"), level=2), Paragraph(company.problem_statement)]
    if company.baseline:
        blocks += [Heading(_("Where we stand today"), level=2), Paragraph(company.baseline)]
    if company.kpis:
        blocks.append(Table(
            header=(_("KPI"), _("Unit"), _("Baseline"), _("Target"), _("By")),
            rows=tuple((k.name, k.unit, k.baseline or "—", k.target or "—", k.target_date or "—")
                       for k in company.kpis),
            caption=_("How we will measure success"), numeric=(2, 3),
        ))
    blocks.append(Heading(_("Constraints")))
    if company.data_situation:
        blocks += [Heading(_("Our data"), level=2), KeyValues(company.data_situation)]
    if company.constraints:
        blocks += [Heading(_("Compliance and way of working"), level=2), KeyValues(company.constraints)]
    if not company.data_situation and not company.constraints:
        blocks.append(Paragraph(_("We will explain our data situation and compliance needs in the first talk."),
                                style="note"))
    blocks.append(Heading(_("Timeline")))
    if company.timeline:
        blocks.append(Paragraph(company.timeline))
    blocks.append(Paragraph(_("Answers are due by %(deadline)s.") % {"deadline": company.deadline}))
    blocks.append(Heading(_("How we decide")))
    if company.show_weights:
        blocks.append(Table(
            header=(_("Criterion"), _("Weight")), rows=tuple((c.name, c.weight) for c in company.criteria),
            caption=_("Our criteria and their weights"), numeric=(1,),
        ))
    else:
        blocks.append(BulletList(tuple(c.name for c in company.criteria)))
    blocks.append(Paragraph(
        _("Every firm answers the same questions, and several colleagues score the answers independently on "
          "these criteria."), style="note",
    ))
    return blocks


def build_questionnaire(organisation: Organisation, target_id: Any, language: str) -> Document:
    """The RFI or RFP as the firm receives it, in ``language``."""
    lang = _lang(language)
    questionnaire = _questionnaire(organisation, target_id)
    with translation.override(lang):
        company = company_section(questionnaire, lang)
        questions = list(questions_of(questionnaire=questionnaire))
        kind = questionnaire.kind
        blocks: list[Block] = []
        if questionnaire.introduction:
            blocks.append(Paragraph(questionnaire.introduction, style="lead"))
        blocks += _company_blocks(company)
        blocks += [PageBreak(), Heading(_("Questions"))]
        number = 0
        for group in question_groups(questions, lang):
            blocks.append(Heading(group.title, level=2))
            for question in group.questions:
                number += 1
                blocks.append(QuestionBlock(
                    number=str(number), text=question.text, hint=question.help_text,
                    answer_lines=6 if kind == QuestionnaireKind.RFP else 4,
                ))
        blocks += [Heading(_("How to answer")), BulletList((
            _("Answer through the personal link you received by e-mail; your answers are saved as you type and "
              "only you and we can see them."),
            _("Upload your proposal there as a PDF, Word or Excel file."),
            _("Submit before %(deadline)s; answers after the deadline cannot be accepted.")
            % {"deadline": company.deadline},
            _("Questions about this document: ask the contact person below."),
        ))]
        if company.contact:
            blocks.append(KeyValues(company.contact))
        meta = [(_("Company"), company.organisation), (_("Deadline"), company.deadline)]
        if questionnaire.contact_name or questionnaire.contact_email:
            contact = " · ".join(v for v in (questionnaire.contact_name, questionnaire.contact_email) if v)
            meta.append((_("Contact"), contact))
        subtitle = (_("Request for proposal") if kind == QuestionnaireKind.RFP else _("Request for information"))
        return Document(
            title=questionnaire.title, language=lang, organisation=company.organisation,
            subtitle=f"{subtitle} · {questionnaire.selection.title}", meta=tuple(meta), blocks=tuple(blocks),
            filename_stem=_stem(kind, questionnaire.title),
        )


# --- Conversation guides --------------------------------------------------------------------------


def _reference_criteria(selection: Selection) -> list[tuple[Criterion, ReferenceCriterion]]:
    """The selection's criteria that come from the reference data, with their reference entry."""
    criteria = Criterion.objects.filter(selection=selection).order_by("position", "id")
    pairs = ((c, reference_criterion(c)) for c in criteria)
    return [(c, ref) for c, ref in pairs if ref is not None]


def _red_flags() -> tuple[str, ...]:
    return tuple(str(flag.label) for flag in RedFlag)


def _selection_meta(selection: Selection) -> tuple[tuple[str, str], ...]:
    meta = [(_("Company"), selection.organisation.name), (_("Selection"), selection.title)]
    if selection.use_case is not None:
        meta.append((_("Use case"), selection.use_case.title))
    return tuple(meta)


def build_first_talk_guide(organisation: Organisation, selection_id: Any, language: str) -> Document:
    """Questions for the first personal talks (the guide: with 3–5 firms), per criterion the practical
    tests and the warning signs to listen for, then the guide's red flags."""
    lang = _lang(language)
    selection = _selection(organisation, selection_id)
    with translation.override(lang):
        blocks: list[Block] = [
            Paragraph(_("Use this guide in the first personal talks with three to five firms. Ask every firm the "
                        "same questions, take notes on the answers, and listen at least as much for how they ask "
                        "about your business as for what they say."), style="lead"),
            BulletList((
                _("Invite people from the firm who would really work on your project, from strategist to "
                  "implementer."),
                _("Bring two or three colleagues; each scores on their own afterwards."),
                _("Note how fast and how thoroughly questions are answered, and whether terms are explained."),
            )),
        ]
        if selection.use_case is not None and selection.use_case.problem_statement:
            blocks += [Heading(_("Our problem, to explain at the start")),
                       Paragraph(selection.use_case.problem_statement)]
        number = 0
        blocks.append(Heading(_("Questions per criterion")))
        for criterion, ref in _reference_criteria(selection):
            blocks.append(Heading(criterion_label(criterion, lang), level=2))
            for test in ref.practical_tests:
                number += 1
                blocks.append(QuestionBlock(number=str(number), text=test.get(lang), answer_lines=3))
            if ref.warning_signs:
                blocks += [Paragraph(_("Listen for these warning signs:"), style="note"),
                           BulletList(tuple(sign.get(lang) for sign in ref.warning_signs))]
        blocks += [
            Heading(_("Red flags")),
            Paragraph(_("The guide names these red flags. Note each one you observe on the candidate's page in "
                        "Partnerwijzer, with what you saw or heard."), style="warning"),
            BulletList(_red_flags()),
            Heading(_("After the talk")),
            BulletList((
                _("Score the firm on every criterion while the talk is fresh, before discussing it with your "
                  "colleagues."),
                _("Decide which two or three firms receive the detailed request for proposal (RFP)."),
            )),
        ]
        return Document(
            title=_("Guide for the first talks"), language=lang, organisation=organisation.name,
            subtitle=selection.title, meta=_selection_meta(selection), blocks=tuple(blocks),
            filename_stem=_stem("first-talk-guide", selection.title),
        )


def _reference_questions() -> tuple[tuple[str, str], ...]:
    """The reference-call questions (product text): (question, what to listen for)."""
    return (
        (_("What was your situation before the project, and what problem did the firm help you solve?"),
         _("A concrete starting point similar to ours: industry, size, problem.")),
        (_("Which results did the project achieve, in numbers, and how were they measured?"),
         _("Quantified results against a baseline, not impressions.")),
        (_("What went wrong or turned out harder than expected, and how did the firm deal with it?"),
         _("Openness about difficulties; a firm that named risks beforehand.")),
        (_("Did the firm understand your industry and your business, or did you have to explain a lot?"),
         _("Industry knowledge shown in practice.")),
        (_("Who of the firm did the work: the people from the sales talks, or others? Were parts subcontracted?"),
         _("The same team throughout; key competences in-house.")),
        (_("How did the firm involve and train your staff, and do they use the solution today?"),
         _("Lasting use by the staff, not a one-off training.")),
        (_("How did the firm handle your data and data protection, and where is your data processed?"),
         _("Clear answers on storage, processing and training data.")),
        (_("Did the project stay within budget and time? Were there costs you did not expect?"),
         _("Honest quotes; hidden costs named early.")),
        (_("Does the firm still support you in operation, and how is that going?"),
         _("Long-term references that include operation and maintenance.")),
        (_("Would you choose this firm again for a project like ours? Why, or why not?"),
         _("A clear yes with reasons.")),
    )


def build_reference_call_guide(organisation: Organisation, selection_id: Any, language: str) -> Document:
    """Questions for calls with a candidate's reference customers of a similar industry or challenge."""
    lang = _lang(language)
    selection = _selection(organisation, selection_id)
    with translation.override(lang):
        blocks: list[Block] = [
            Paragraph(_("Call at least two customers of each remaining firm, preferably of a similar industry or "
                        "with a similar challenge, and preferably without the firm present. The most valuable "
                        "references are customers where the firm also handled the organisational integration and "
                        "operation."), style="lead"),
            BulletList((
                _("Ask the firm for the contacts and tell it you will call them yourself."),
                _("Write down the answers in the customer's own words."),
                _("Enter what you learn in the reference-call scorecard of the candidate."),
            )),
            Heading(_("Questions")),
        ]
        for number, (question, listen) in enumerate(_reference_questions(), start=1):
            blocks.append(QuestionBlock(number=str(number), text=question, hint=listen, answer_lines=3))
        blocks += [
            Heading(_("Red flags")),
            Paragraph(_("The guide names these red flags. A reference call can confirm or rule them out."),
                      style="warning"),
            BulletList(_red_flags()),
        ]
        return Document(
            title=_("Guide for reference calls"), language=lang, organisation=organisation.name,
            subtitle=selection.title, meta=_selection_meta(selection), blocks=tuple(blocks),
            filename_stem=_stem("reference-call-guide", selection.title),
        )
