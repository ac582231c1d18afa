"""The decision report's section on the firms' questions and the addenda (issue 16, item 4).

The report is the company's own record, so it names the firm that asked each question; the
addenda are listed as every firm read them (the published question text and the answer).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerwijzer.documents.content import Block, BulletList, Heading, Paragraph, Table
from partnerwijzer.documents.report_common import ReportFacts, day
from partnerwijzer.portal.models import FirmQuestionStatus
from partnerwijzer.portal.selectors import questions_of_selection


def firm_questions(facts: ReportFacts) -> list[Block]:
    questions = questions_of_selection(facts.selection.pk)
    blocks: list[Block] = [Heading(_("Questions from firms and addenda"), 2)]
    if not questions:
        blocks.append(Paragraph(_("No firm asked a question through the supplier portal."), "note"))
        return blocks
    status_label = {FirmQuestionStatus.OPEN: _("not answered"), FirmQuestionStatus.PRIVATE: _("answered privately"),
                    FirmQuestionStatus.PUBLISHED: _("published as an addendum")}
    published = [q for q in questions if q.status == FirmQuestionStatus.PUBLISHED]
    blocks.append(Paragraph(ngettext(
        "%(count)d question was asked by the firms; %(published)d answer was published to every firm of the "
        "questionnaire, without the name of the firm that asked.",
        "%(count)d questions were asked by the firms; %(published)d answers were published to every firm of the "
        "questionnaire, without the name of the firm that asked.",
        len(questions)) % {"count": len(questions), "published": len(published)}))
    blocks.append(Table(
        header=(_("Questionnaire"), _("Firm"), _("Asked on"), _("Question"), _("Outcome")),
        rows=tuple((q.questionnaire.title, q.link.candidate.name, day(q.asked_at), q.text,
                    str(status_label[FirmQuestionStatus(q.status)])) for q in questions),
    ))
    if published:
        blocks.append(Heading(_("Addenda"), 3))
        blocks.append(BulletList(tuple(
            _("%(questionnaire)s, %(date)s: %(question)s Answer: %(answer)s") % {
                "questionnaire": q.questionnaire.title, "date": day(q.published_at), "question": q.public_text,
                "answer": q.answer}
            for q in published
        )))
    return blocks
