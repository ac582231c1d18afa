"""Readiness check and implementation-model advice in the JSON API (mounted in partnerwijzer/routers.py).

Access: the use case is resolved first, then the caller's membership of its organisation is
checked (:func:`membership_for_user`), so an unknown id, a malformed one and another
organisation's give the same 404. Members read; owners write (others get 403).

Errors, all ``{"detail": "..."}``: 401 not signed in; 403 a member whose role may not write;
404 unknown use case or not a member; 422 invalid input (``errors`` lists each problem: an
unknown question or option, a wrong language, a too long reason) with nothing stored; 400 a
body that is not JSON.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import Lang, UseCaseId, caller, responses
from partnerwijzer.knowledge.schema import Figure, LocalisedText
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.advice.rules import Advice
from partnerwijzer.planning.advice.selectors import advice_answers, model_advice
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness import services
from partnerwijzer.planning.readiness.rules import score_readiness
from partnerwijzer.planning.readiness.selectors import readiness_answers

router = Router(tags=["plan"])

ModelName = Literal["generalist", "specialist_network", "hybrid", "lighthouse"]
LightName = Literal["green", "amber", "red"]


# --- Schemas ----------------------------------------------------------------------------------


class ReadinessFigureOut(Schema):
    text: str = Field(description="The number with its unit, formatted for the language (e.g. '67%').")
    label: str
    source: str = Field(description="Key of /api/v1/reference/sources.")
    as_of: str


class ReadinessOptionOut(Schema):
    key: str
    label: str
    score: int | None = Field(None, description="Points of this answer (readiness questions only).")


class ReadinessQuestionOut(Schema):
    key: str
    text: str
    why: str = Field(description="Why we ask, in one line.")
    options: list[ReadinessOptionOut]


class FactorOut(Schema):
    key: str
    kind: Literal["success_factor", "prerequisite"]
    name: str
    summary: str
    why: str
    figures: list[ReadinessFigureOut]
    questions: list[ReadinessQuestionOut]


class ReadinessQuestionsOut(Schema):
    version: str
    green_from: int = Field(description="A factor score (0–100) from this value is green.")
    amber_from: int = Field(description="From this value amber; below it red.")
    factors: list[FactorOut]


class ReadinessAnswersOut(Schema):
    version: str = Field(description="Version of the question file.")
    answers: dict[str, str] = Field(description="Question key → option key, for the questions answered.")


class ReadinessAnswersIn(Schema):
    """Answers to save: question key → option key; ``null`` removes an answer. Questions left out keep
    their answer (saved as you go), so a client may send one answer at a time."""

    answers: dict[str, str | None]


class RiskOut(Schema):
    factor: str
    question: str
    answer: str = Field(description="The option key that was answered.")
    risk: str
    action: str


class FactorResultOut(Schema):
    key: str
    name: str
    answered: int
    total: int
    complete: bool
    score: int | None = Field(description="0–100; null until every question of the factor is answered.")
    light: LightName | None = Field(description="Traffic light; null until the factor is complete.")
    missing: list[str]
    risks: list[RiskOut]


class ReadinessResultOut(Schema):
    version: str
    complete: bool
    answered: int
    total: int
    score: int | None = Field(description="Mean of the factor scores; null until the check is complete.")
    light: LightName | None
    missing: list[str]
    stale: list[str] = Field(description="Answers to options that no longer exist; they count as open.")
    factors: list[FactorResultOut]


class AdviceQuestionsOut(Schema):
    version: str
    questions: list[ReadinessQuestionOut]


class ReadinessReasonOut(Schema):
    rule: str
    points: int
    text: str


class ModelScoreOut(Schema):
    model: ModelName
    points: int
    speaks_for: list[ReadinessReasonOut] = Field(description="Rules that speak for this model, strongest first.")
    speaks_against: list[ReadinessReasonOut]


class AdviceOut(Schema):
    version: str
    complete: bool = Field(description="False while advice questions are open; then nothing is recommended.")
    answered: int
    total: int
    missing: list[str]
    recommended: ModelName | None
    reasons: list[ReadinessReasonOut] = Field(description="Up to three reasons for the recommended model.")
    tied: bool = Field(description="Another model scored the same; the tie order decided.")
    next_model: ModelName | None = Field(description="The usual next step (hybrid after lighthouse).")
    typical_path: str
    ranking: list[ModelScoreOut]
    inputs: dict[str, str] = Field(description="The input values the advice used.")
    missing_context: list[str] = Field(description="Profile or readiness inputs that were not available.")
    chosen_model: ModelName | None
    chosen_model_reason: str


class ChosenModelIn(Schema):
    model: ModelName | Literal[""] = Field(description="The model the company chooses; an empty string clears it.")
    reason: str = Field("", max_length=services.REASON_MAX_LENGTH)


class ChosenModelOut(Schema):
    model: ModelName | None
    reason: str


# --- Helpers ----------------------------------------------------------------------------------



def _t(text: LocalisedText, lang: str) -> str:
    return text.get(lang)


def _figure(fig: Figure, lang: str) -> ReadinessFigureOut:
    return ReadinessFigureOut(text=fig.format(lang), label=fig.label.get(lang), source=fig.source, as_of=fig.as_of)


def _question(q: Any, lang: str) -> ReadinessQuestionOut:
    return ReadinessQuestionOut(
        key=q.key, text=_t(q.text, lang), why=_t(q.why, lang),
        options=[ReadinessOptionOut(key=o.key, label=_t(o.label, lang), score=getattr(o, "score", None))
                 for o in q.options],
    )


def _string_answers(raw: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in raw.items() if isinstance(v, str)}


def _advice_out(use_case: UseCase, advice: Advice | None, lang: str) -> AdviceOut:
    data = advice_data.load()
    chosen = use_case.chosen_model or None
    if advice is None:
        return AdviceOut(
            version=data.version, complete=False, answered=0, total=len(data.questions),
            missing=[q.key for q in data.questions], recommended=None, reasons=[], tied=False, next_model=None,
            typical_path="", ranking=[], inputs={}, missing_context=[], chosen_model=chosen,  # type: ignore[arg-type]
            chosen_model_reason=use_case.chosen_model_reason,
        )

    def reasons(rules: Any) -> list[ReadinessReasonOut]:
        return [ReadinessReasonOut(rule=r.key, points=r.points, text=_t(r.reason, lang)) for r in rules]

    return AdviceOut(
        version=advice.version, complete=advice.complete, answered=advice.answered, total=advice.total,
        missing=list(advice.missing), recommended=advice.recommended,  # type: ignore[arg-type]
        reasons=reasons(advice.reasons), tied=advice.tied, next_model=advice.next_model,  # type: ignore[arg-type]
        typical_path=_t(advice.typical_path, lang) if advice.typical_path else "",
        ranking=[
            ModelScoreOut(model=s.model, points=s.points, speaks_for=reasons(s.pros),  # type: ignore[arg-type]
                          speaks_against=reasons(s.cons))
            for s in advice.ranking
        ],
        inputs=dict(advice.inputs), missing_context=list(advice.missing_context),
        chosen_model=chosen, chosen_model_reason=use_case.chosen_model_reason,  # type: ignore[arg-type]
    )


# --- Readiness ---------------------------------------------------------------------------------


@router.get(
    "/readiness/questions", response=responses(ReadinessQuestionsOut, 422),
    summary="Questions of the readiness check",
)
def readiness_questions(request: HttpRequest, lang: Lang = "nl") -> ReadinessQuestionsOut:
    """The four success factors and the internal prerequisites, each with the guide's figures and
    its questions; every option has a score. Any signed-in user may read this (422: unknown lang).
    The figures are the guide's as the file holds them; an organisation's own values are at
    ``/organisations/{id}/figures``."""
    data = readiness_data.load_guide()
    return ReadinessQuestionsOut(
        version=data.version, green_from=data.thresholds.green, amber_from=data.thresholds.amber,
        factors=[
            FactorOut(
                key=f.key, kind=f.kind, name=_t(f.name, lang), summary=_t(f.summary, lang), why=_t(f.why, lang),
                figures=[_figure(fig, lang) for fig in f.figures],
                questions=[_question(q, lang) for q in f.questions],
            )
            for f in data.items
        ],
    )


@router.get(
    "/use-cases/{use_case_id}/readiness/answers", response=responses(ReadinessAnswersOut, 404),
    summary="Readiness answers of a use case",
)
def readiness_answers_get(request: HttpRequest, use_case_id: UseCaseId) -> ReadinessAnswersOut:
    """The answers given so far (members of the use case's organisation)."""
    use_case = use_case_for(caller(request), use_case_id)
    return ReadinessAnswersOut(version=readiness_data.load().version,
        answers=_string_answers(readiness_answers(use_case)))


@router.put(
    "/use-cases/{use_case_id}/readiness/answers", response=responses(ReadinessAnswersOut, 400, 403, 404, 422),
    summary="Save readiness answers (owners)",
)
def readiness_answers_put(
    request: HttpRequest, use_case_id: UseCaseId, payload: ReadinessAnswersIn
) -> ReadinessAnswersOut:
    """Save the given answers; others keep theirs. An unknown question or option gives 422 and
    stores nothing. Returns all answers. With a session this needs the `X-CSRFToken` header."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.readiness_answers_set(actor=user, use_case=use_case, answers=payload.answers)
    return ReadinessAnswersOut(version=readiness_data.load().version,
        answers=_string_answers(readiness_answers(use_case)))


@router.get(
    "/use-cases/{use_case_id}/readiness/result", response=responses(ReadinessResultOut, 404, 422),
    summary="Readiness result of a use case",
)
def readiness_result_get(request: HttpRequest, use_case_id: UseCaseId, lang: Lang = "nl") -> ReadinessResultOut:
    """Score and traffic light per factor (only for complete factors), risks with actions, and what
    is still open. Members read."""
    use_case = use_case_for(caller(request), use_case_id)
    result = score_readiness(readiness_data.load(), readiness_answers(use_case))
    return ReadinessResultOut(
        version=result.version, complete=result.complete, answered=result.answered, total=result.total,
        score=result.score, light=result.light.value if result.light else None, missing=list(result.missing),
        stale=list(result.stale),
        factors=[
            FactorResultOut(
                key=f.key, name=_t(f.factor.name, lang), answered=f.answered, total=f.total, complete=f.complete,
                score=f.score, light=f.light.value if f.light else None, missing=list(f.missing),
                risks=[
                    RiskOut(factor=r.factor_key, question=r.question_key, answer=r.option.key,
                            risk=_t(r.risk, lang), action=_t(r.action, lang))
                    for r in f.risks
                ],
            )
            for f in result.factors
        ],
    )


# --- Model advice ------------------------------------------------------------------------------


@router.get(
    "/model-advice/questions", response=responses(AdviceQuestionsOut, 422),
    summary="Questions of the implementation-model advice",
)
def advice_questions(request: HttpRequest, lang: Lang = "nl") -> AdviceQuestionsOut:
    """The six advice questions. Any signed-in user may read this (422: unknown lang)."""
    data = advice_data.load()
    return AdviceQuestionsOut(version=data.version, questions=[_question(q, lang) for q in data.questions])


@router.get(
    "/use-cases/{use_case_id}/model-advice/answers", response=responses(ReadinessAnswersOut, 404),
    summary="Model-advice answers of a use case",
)
def advice_answers_get(request: HttpRequest, use_case_id: UseCaseId) -> ReadinessAnswersOut:
    """The use case's own answers to the advice questions (members)."""
    use_case = use_case_for(caller(request), use_case_id)
    return ReadinessAnswersOut(version=advice_data.load().version,
        answers=_string_answers(advice_answers(use_case)))


@router.put(
    "/use-cases/{use_case_id}/model-advice/answers", response=responses(ReadinessAnswersOut, 400, 403, 404, 422),
    summary="Save model-advice answers (owners)",
)
def advice_answers_put(
    request: HttpRequest, use_case_id: UseCaseId, payload: ReadinessAnswersIn
) -> ReadinessAnswersOut:
    """Save the given answers; others keep theirs. Unknown question or option: 422, nothing stored."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.advice_answers_set(actor=user, use_case=use_case, answers=payload.answers)
    return ReadinessAnswersOut(version=advice_data.load().version, answers=_string_answers(advice_answers(use_case)))


@router.get(
    "/use-cases/{use_case_id}/model-advice", response=responses(AdviceOut, 404, 422),
    summary="Implementation-model advice for a use case",
)
def advice_get(request: HttpRequest, use_case_id: UseCaseId, lang: Lang = "nl") -> AdviceOut:
    """The four models' scores, the recommendation with its reasons (once every advice question is
    answered), the typical path and the chosen model. Members read."""
    use_case = use_case_for(caller(request), use_case_id)
    return _advice_out(use_case, model_advice(use_case), lang)


@router.put(
    "/use-cases/{use_case_id}/chosen-model", response=responses(ChosenModelOut, 400, 403, 404, 422),
    summary="Record the chosen implementation model (owners)",
)
def chosen_model_put(request: HttpRequest, use_case_id: UseCaseId, payload: ChosenModelIn) -> ChosenModelOut:
    """The model the company chooses, with its reason; it may differ from the advice."""
    user = caller(request)
    use_case = use_case_for(user, use_case_id, role=Role.OWNER)
    services.use_case_model_choose(actor=user, use_case=use_case, model=payload.model, reason=payload.reason)
    return ChosenModelOut(model=use_case.chosen_model or None, reason=use_case.chosen_model_reason)  # type: ignore[arg-type]
