"""The three roles a member can hold in an organisation, ordered by what they may do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


_RANK = {Role.VIEWER: 1, Role.EVALUATOR: 2, Role.OWNER: 3}
_DESCRIPTIONS = {
    Role.VIEWER: _("Reads the organisation's work."),
    Role.EVALUATOR: _("Reads the organisation's work and writes only their own scores and comments."),
    Role.OWNER: _("Does everything, including managing members."),
}
