"""Helpers for the questionnaire tests."""

from __future__ import annotations

from partnerwijzer.documents.content import BulletList, Document, Heading, KeyValues, Paragraph, QuestionBlock, Table


def document_texts(document: Document) -> list[str]:
    """Every plain text of ``document`` (title page and blocks), in order."""
    texts = [document.title, document.subtitle, document.organisation]
    texts += [f"{k}: {v}" for k, v in document.meta]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, BulletList):
            texts += block.items
        elif isinstance(block, KeyValues):
            texts += [f"{k}: {v}" for k, v in block.rows]
        elif isinstance(block, Table):
            texts += [block.caption, *block.header] + [cell for row in block.rows for cell in row]
        elif isinstance(block, QuestionBlock):
            texts += [block.text, block.hint]
    return texts


def document_text(document: Document) -> str:
    return "\n".join(document_texts(document))
