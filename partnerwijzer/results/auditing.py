"""How the audit log reads what results records: an actual cost's category key (``data``,
``internal_effort``) by its name in the reader's language, a company's own cost line
(``line:<id>``) by the line's name, or "Cost line (deleted)" once the line is gone; registered from
``ResultsConfig.ready`` (audit, low in the layers, names no code of this app)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Final, cast

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerwijzer.budget.models import CostLine
from partnerwijzer.budget.simulation import INTERNAL_EFFORT
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.results.selectors import OTHER_CATEGORY

OWN_LINE: Final = re.compile(r"^line:(?P<id>[0-9a-fA-F-]{32,36})$")
"""The category of an actual cost on a company's own cost line (results.selectors.cost_categories)."""


def _own_line_id(key: str) -> uuid.UUID | None:
    match = OWN_LINE.match(key)
    if not match:
        return None
    try:
        return uuid.UUID(match["id"])
    except ValueError:
        return None


def cost_category_label(key: str) -> str:
    """The name of an actual cost's category key in the active language (the key if unknown); a
    company's own line by its name, "Cost line (deleted)" when it no longer exists."""
    line_id = _own_line_id(key)
    if line_id is not None:
        name = CostLine.objects.filter(pk=line_id).values_list("name", flat=True).first()
        return name or _("Cost line (deleted)")
    if key == INTERNAL_EFFORT:
        return _("Internal effort")
    if key == OTHER_CATEGORY:
        return _("Other")
    guide = cost_reference.load_guide()
    lang = (get_language() or "nl")[:2]
    if key == guide.running.key:
        return guide.running.name.get(lang)
    try:
        return guide.category(key).name.get(lang)
    except KeyError:
        return key


_lazy_label = lazy(cost_category_label, str)


class CostCategoryLabels(Mapping[str, Promise]):
    """``{category key: label}`` for the audit log, each label translated when it is read. Iterates
    the guide's keys; a company's own line (``line:<id>``) is looked up when asked for."""

    @staticmethod
    def _keys() -> list[str]:
        guide = cost_reference.load_guide()
        return [c.key for c in guide.categories] + [guide.running.key, INTERNAL_EFFORT, OTHER_CATEGORY]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (_own_line_id(key) is not None or key in self._keys())

    def __getitem__(self, key: str) -> Promise:
        if key not in self:
            raise KeyError(key)
        return cast(Promise, _lazy_label(key))  # django-stubs types lazy()'s result as the wrapped type

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())
