"""The outcome of each check of a use case, for its page: readiness, implementation model, AI Act
tier and DPIA (a selector: reads only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.planning.compliance.selectors import ai_act_result, gdpr_result
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness.display import LIGHT_WORDS
from partnerwijzer.planning.readiness.selectors import readiness_result


@dataclass(frozen=True)
class CheckOutcome:
    key: str
    title: str
    url: str
    done: bool
    outcome: str
    """What came out, in one line ("Amber: 58 / 100"), or what is still open."""
    tone: str = ""
    """green / amber / red for a readiness light; empty otherwise."""


def check_outcomes(use_case: UseCase) -> list[CheckOutcome]:
    lang = (translation.get_language() or "nl")[:2]
    outcomes = []
    readiness = readiness_result(use_case)
    if readiness is None:
        outcomes.append(CheckOutcome("readiness", _("Readiness check"),
                                     reverse("planning:readiness", args=[use_case.pk]), False, _("Not started yet.")))
    elif not readiness.complete or readiness.light is None:
        outcomes.append(CheckOutcome(
            "readiness", _("Readiness check"), reverse("planning:readiness", args=[use_case.pk]), False,
            _("%(answered)s of %(total)s questions answered.") % {"answered": readiness.answered,
                                                                  "total": readiness.total}))
    else:
        outcomes.append(CheckOutcome(
            "readiness", _("Readiness check"), reverse("planning:readiness_result", args=[use_case.pk]), True,
            _("%(light)s (%(score)s / 100)") % {"light": LIGHT_WORDS[readiness.light], "score": readiness.score},
            tone=str(readiness.light)))
    models = {m.key: m for m in reference().implementation_models}
    model = models.get(use_case.chosen_model)
    outcomes.append(CheckOutcome(
        "model", _("Implementation model"), reverse("planning:advice", args=[use_case.pk]), model is not None,
        _("Chosen: %(model)s") % {"model": model.name.get(lang)} if model is not None else _("Not chosen yet.")))
    ai = ai_act_result(use_case, lang=lang)
    outcomes.append(CheckOutcome(
        "ai_act", _("AI Act screening"),
        reverse("planning:ai_act_result" if ai is not None else "planning:ai_act_start", args=[use_case.pk]),
        ai is not None, _("Risk tier: %(tier)s") % {"tier": ai.tier_label} if ai is not None else _("Not done yet.")))
    gdpr = gdpr_result(use_case, lang=lang)
    outcomes.append(CheckOutcome(
        "gdpr", _("GDPR screening"),
        reverse("planning:gdpr_result" if gdpr is not None else "planning:gdpr_start", args=[use_case.pk]),
        gdpr is not None, _("DPIA: %(verdict)s") % {"verdict": gdpr.verdict_label} if gdpr is not None
        else _("Not done yet.")))
    return outcomes
