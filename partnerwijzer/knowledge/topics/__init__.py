"""Further reference data, one module per topic (archetypes, readiness, AI Act, ...).

Each module here defines ``load()`` (cached, returns its validated data, raises
``ReferenceDataError``) and ``summary(data) -> str`` (one line for ``check_reference``). They are
found automatically, validated at start-up with the core files and by ``check_reference``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def topic_modules() -> list[Any]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]


def load_topics() -> dict[str, Any]:
    """Load every topic; collect all problems of all topics into one ReferenceDataError."""
    from partnerwijzer.knowledge.loader import ReferenceDataError

    loaded: dict[str, Any] = {}
    problems: list[str] = []
    for module in topic_modules():
        try:
            loaded[module.__name__.rsplit(".", 1)[1]] = module.load()
        except ReferenceDataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReferenceDataError(problems)
    return loaded
