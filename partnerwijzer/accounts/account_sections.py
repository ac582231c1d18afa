"""Sections that apps above ``accounts`` add to the user's account page.

``accounts`` imports no higher app; the API app registers its "active tokens" section here
(in its ``AppConfig.ready``), and the account page renders every registered section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from partnerwijzer.accounts.models import User


@dataclass(frozen=True)
class AccountSection:
    template: str
    context: Callable[[User], dict[str, Any]]


_SECTIONS: dict[str, AccountSection] = {}


def register(section: AccountSection) -> None:
    _SECTIONS[section.template] = section


def sections_for(user: User) -> list[tuple[str, dict[str, Any]]]:
    return [(section.template, section.context(user)) for section in _SECTIONS.values()]
