"""Role-matrix rows of the award and regret letters (issue 16): the letters page, drafting, editing,
sending and the DOCX/PDF download; and the letters API. Owners only: a letter carries a firm's
scores. The selection and candidate are the sourcing rows' memos; the partner decision is the
contract rows' memo. For the outsider all ids are another organisation's: the uniform 404.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from partnerwijzer.evaluation.models import ScoringSetup
from partnerwijzer.letters.models import Letter, LetterKind
from tests.authorisation.matrix import LOGIN, OWNERS, Case, Expect, Op, owner_only
from tests.authorisation.rows.contract import _decision
from tests.authorisation.rows.sourcing import _candidate, _selection
from tests.personas import Personas

OWNER_WRITES: Expect = {"anonymous": LOGIN, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 302}


def _ready(p: Personas) -> None:
    """A partner decision and closed scoring: what drafting needs."""
    _decision(p)
    p.memo("letters_closed", lambda: ScoringSetup.objects.update_or_create(
        selection=_selection(p), defaults={"closed_at": timezone.now()}))


def _letter(p: Personas) -> Letter:
    def make() -> Letter:
        _ready(p)
        return Letter.objects.create(
            organisation=p.organisation, selection=_selection(p), candidate=_candidate(p), kind=LetterKind.AWARD,
            language="nl", subject="Uw voorstel", body="Beste Acme AI,\n\nGefeliciteerd.",
        )

    return p.memo("letter", make)


def _sel(p: Personas) -> dict[str, Any]:
    _ready(p)
    return {"selection_id": _selection(p).pk}


def _let(p: Personas) -> dict[str, Any]:
    return {"letter_id": _letter(p).pk}


ROUTES: dict[str, Case] = {
    "letters:list": Case(owner_only(200, outsider=404), kwargs=_sel),
    "letters:draft": Case(OWNER_WRITES, method="post", kwargs=_sel),
    "letters:edit": Case(owner_only(200, outsider=404), kwargs=_let),
    "letters:send": Case(owner_only(200, outsider=404), kwargs=_let),
    "documents:letter": Case(owner_only(200, outsider=404), kwargs=lambda p: {**_let(p), "fmt": "docx"}),
}


def _draft_body(p: Personas) -> dict[str, Any]:
    _ready(p)
    return {}


API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/selections/{selection_id}/letters"): Op(OWNERS),
    # An adviser working alongside acts as an owner but never holds a seat; scoring is closed here
    # (_ready), so they see the results the letters explain as an owner without a seat does, and
    # draft (results_visible_for_user decides through accounts/access.py; docs/advisers.md).
    ("POST", "/api/v1/selections/{selection_id}/letters/draft"): Op(OWNERS, body=_draft_body),
    ("PATCH", "/api/v1/letters/{letter_id}"): Op(OWNERS, body={"subject": "Uw voorstel voor het onderhoud"}),
    ("POST", "/api/v1/letters/{letter_id}/send"): Op(OWNERS, body={"confirm": True}),
}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
API.update({
    # The letter as a file, built on request (as documents:letter): owners, as every letter operation.
    ("GET", "/api/v1/letters/{letter_id}/docx"): Op(OWNERS, content_type=DOCX),
    ("GET", "/api/v1/letters/{letter_id}/pdf"): Op(OWNERS, content_type="application/pdf"),
})

PATH_VALUES = {
    "letter_id": lambda p: str(_letter(p).pk),
}
