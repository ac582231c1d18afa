"""The three roles a member can hold in an organisation, ordered by what they may do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EVALUATOR = "evaluator", _("Evaluator")
    OWNER = "owner", _("Owner")

    @property
    def rank(self) -> int:
        return _RANK[self]

    def includes(self, required: Role) -> bool:
        """Whether this role may do what ``required`` may do (owner > evaluator > viewer)."""
        return self.rank >= required.rank

    @property
    def description(self) -> str:
        return str(_DESCRIPTIONS[self])

    @property
    def in_sentence(self) -> str:
        """The role inside running text ("… als lezer", "… als Leser"): the label is capitalised
        for a column or a menu, which Dutch and English do not write mid-sentence."""
        return str(_IN_SENTENCE[self])


_RANK = {Role.VIEWER: 1, Role.EVALUATOR: 2, Role.OWNER: 3}
_DESCRIPTIONS = {
    Role.VIEWER: _("Reads the organisation's work."),
    Role.EVALUATOR: _("Reads the organisation's work and writes only their own scores and comments."),
    Role.OWNER: _("Does everything, including managing members."),
}

_IN_SENTENCE = {
    Role.VIEWER: pgettext_lazy("role in running text", "viewer"),
    Role.EVALUATOR: pgettext_lazy("role in running text", "evaluator"),
    Role.OWNER: pgettext_lazy("role in running text", "owner"),
}
