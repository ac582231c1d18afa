"""An award or regret letter (issue 16, item 8) as a document: the text the owner edited, as it
stands (a sent letter exactly as sent), in the letter's language. Nothing but the letter's own
text, the firm's name and the organisation's name goes in, so no other firm's figures can."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.documents.content import Block, Document, Language, Paragraph
from partnerwijzer.documents.report_common import day
from partnerwijzer.letters.models import Letter


def build_letter(organisation: Organisation, target_id: Any, language: str | None = None) -> Document:
    """The letter ``target_id`` of ``organisation`` (``Letter.DoesNotExist`` for any other id).

    ``language`` is ignored: a letter is written in the organisation's language when drafted."""
    letter = Letter.objects.select_related("candidate").get(organisation=organisation, pk=target_id)
    lang: Language = letter.language if letter.language in {"nl", "en", "de"} else "nl"  # type: ignore[assignment]
    with translation.override(lang):
        when = letter.sent_at or timezone.now()
        blocks: list[Block] = [Paragraph(part.strip()) for part in letter.body.replace("\r\n", "\n").split("\n\n")
                               if part.strip()]
        return Document(
            title=letter.subject,
            language=lang,
            organisation=organisation.name,
            subtitle=letter.get_kind_display(),
            meta=((_("To"), letter.candidate.name), (_("Date"), day(when))),
            blocks=tuple(blocks),
            filename_stem=(slugify(f"{letter.get_kind_display()} {letter.candidate.name}")[:80].strip("-") or "letter"),
        )
