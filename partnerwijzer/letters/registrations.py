"""What letters hands down to lower apps' pages (docs/architecture.md): the link from the contract
checklist, where the preferred partner is shown, to the award and regret letters."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.pagelinks import Link


def letters_from_contract(decision: Any, is_owner: bool) -> Link | None:
    """Owners: draft, edit and send the award letter and the regret letters."""
    if not is_owner:
        return None
    return Link(label=_("Award and regret letters"), url=reverse("letters:list", args=[decision.selection_id]),
                text=_("Tell %(name)s they are chosen and the other firms why not, each from its own scores.")
                % {"name": decision.candidate.name}, button=False)
