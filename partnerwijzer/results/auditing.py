"""How the audit log reads what results records: an actual cost's category key (``data``,
``internal_effort``) by its name in the reader's language, registered from ``ResultsConfig.ready``
(audit, low in the layers, names no code of this app)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import cast

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerwijzer.budget.simulation import INTERNAL_EFFORT
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.results.selectors import OTHER_CATEGORY


def cost_category_label(key: str) -> str:
    """The name of an actual cost's category key in the active language (the key if unknown)."""
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
    """``{category key: label}`` for the audit log, each label translated when it is read."""

    @staticmethod
    def _keys() -> list[str]:
        guide = cost_reference.load_guide()
        return [c.key for c in guide.categories] + [guide.running.key, INTERNAL_EFFORT, OTHER_CATEGORY]

    def __getitem__(self, key: str) -> Promise:
        if key not in self._keys():
            raise KeyError(key)
        return cast(Promise, _lazy_label(key))  # django-stubs types lazy()'s result as the wrapped type

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())
