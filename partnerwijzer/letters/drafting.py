"""The text of an award or regret letter, drafted in the organisation's language.

The explanation comes from the firm's *own* row of the decision matrix only (the values the
ranking used: consensus where set, else the mean over the seats that count, conflicts of interest
honoured), through :func:`decisioncore.candidate_profile`: its weighted overall score, its
strongest criteria and the criteria where it lost the most weighted points. No other firm's name,
score or rank is read into a letter.
"""

from __future__ import annotations

import math

from django.utils import translation
from django.utils.translation import gettext as _

from decisioncore import candidate_profile
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import SCALE_MAX, SCALE_MIN
from partnerwijzer.evaluation.selectors import DecisionMatrix
from partnerwijzer.formatting import number, percent, sentence
from partnerwijzer.letters.models import LetterKind
from partnerwijzer.sourcing.models import Candidate, Selection


def explanation(matrix: DecisionMatrix, candidate: Candidate, kind: str) -> str:
    """A few sentences on this firm's own assessment (in the active language)."""
    knocked_out = next((x for x in matrix.excluded if x.candidate.pk == candidate.pk), None)
    if knocked_out is not None:
        names = ", ".join(criterion_label(c) for c, _reason in knocked_out.failures)
        return _("Your proposal did not meet a requirement we had set as a must-have: %(criteria)s.") % {
            "criteria": names}
    index = next((i for i, c in enumerate(matrix.candidates) if c.pk == candidate.pk), None)
    if index is None:
        return _("Your proposal did not reach our final comparison, so we have no assessment per criterion to share.")
    values = matrix.mean[index]
    weighted = matrix.weights > 0
    if not weighted.any() or bool(any(math.isnan(v) for v, w in zip(values, weighted, strict=True) if w)):
        return _("We could not assess your proposal on every criterion, so we give no breakdown per criterion.")
    profile = candidate_profile(values, matrix.weights, scale_min=SCALE_MIN, scale_max=SCALE_MAX)
    scale = number(SCALE_MAX)

    def listed(indices: tuple[int, ...]) -> str:
        return "; ".join(
            _("%(criterion)s (%(score)s of %(max)s, weight %(weight)s)") % {
                "criterion": criterion_label(matrix.criteria[j]), "score": number(float(values[j]), digits=1),
                "max": scale, "weight": percent(float(matrix.weights[j]))}
            for j in indices
        )

    lines = [_("In our assessment your proposal scored %(score)s of %(max)s overall, weighted by what mattered most "
               "to us.") % {"score": number(profile.overall, digits=1), "max": scale}]
    if profile.strongest:
        lines.append(_("Your strongest points: %(list)s.") % {"list": listed(profile.strongest)})
    if profile.weakest:
        if kind == LetterKind.AWARD:
            lines.append(_("Where we see room to grow: %(list)s.") % {"list": listed(profile.weakest)})
        else:
            lines.append(_("Where your proposal fell short on what weighed for us: %(list)s.")
                         % {"list": listed(profile.weakest)})
    return "\n".join(sentence(line) for line in lines)


def draft(
    *, organisation: Organisation, selection: Selection, candidate: Candidate, kind: str, matrix: DecisionMatrix
) -> tuple[str, str]:
    """``(subject, body)`` of the letter to ``candidate``, in the organisation's language."""
    with translation.override(organisation.language):
        values = {"title": selection.title, "firm": candidate.name, "organisation": organisation.name,
                  "explanation": explanation(matrix, candidate, kind)}
        if kind == LetterKind.AWARD:
            subject = _("Your proposal for “%(title)s”: you are our preferred partner") % values
            body = _(
                "Dear %(firm)s,\n\n"
                "Thank you for your proposal for “%(title)s”. We are pleased to tell you that we have chosen you "
                "as our preferred partner.\n\n"
                "%(explanation)s\n\n"
                "We will contact you shortly to agree the contract. Until the contract is signed, this choice is "
                "not yet a commitment.\n\n"
                "Kind regards,\n%(organisation)s"
            ) % values
        else:
            subject = _("Your proposal for “%(title)s”") % values
            body = _(
                "Dear %(firm)s,\n\n"
                "Thank you for your proposal for “%(title)s” and for the time you put into it. After careful "
                "consideration we have chosen another partner.\n\n"
                "%(explanation)s\n\n"
                "If you have questions about this assessment, we are glad to explain it.\n\n"
                "Kind regards,\n%(organisation)s"
            ) % values
    return subject[:200], body
