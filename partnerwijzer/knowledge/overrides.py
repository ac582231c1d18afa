"""An organisation's own values for the guide's figures ("your value" beside the guide's).

The reference data hold the guide's figures (payback, ROI range, cost ranges, buffer, ...). An
owner may replace any of them for the organisation, with a reason; the replacement is stored by
the app that owns it (``budget``, model ``FigureOverride``) and used in every calculation while a
request of that organisation runs. This module, at the bottom of the layers, imports no app:

* :func:`register` takes the function that reads an organisation's replacements (the owning app
  calls it at start-up);
* :class:`FigureOverridesMiddleware` opens a fresh scope per request and activates the request's
  organisation; :func:`activate` switches it (the API does so once it knows the organisation of
  the object asked for, in ``accounts/access.py``);
* :func:`active` gives the replacements of the active organisation, read once per request and only
  when a calculation asks; :func:`apply` returns a figure with its replacement.

Outside a request (tests, commands) nothing is active and the guide's figures apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel

from partnerwijzer.knowledge.schema import Figure


@dataclass(frozen=True, slots=True)
class OwnValue:
    """The organisation's replacement of one figure: one value or a range."""

    value: float | None
    low: float | None
    high: float | None


Provider = Callable[[Any], Mapping[str, OwnValue]]
_provider: list[Provider] = []


@dataclass
class _Scope:
    organisation_id: Any = None
    loaded: Mapping[str, OwnValue] | None = None
    # Data files with the replacements applied, built once per scope.
    applied: dict[str, Any] = field(default_factory=dict)
    # id of a replaced figure -> the guide's figure it replaces (to show both side by side).
    originals: dict[int, Figure] = field(default_factory=dict)


_scope: ContextVar[_Scope | None] = ContextVar("figure_overrides", default=None)


def register(provider: Provider) -> None:
    """Set the function that reads an organisation's replacements (one per process)."""
    _provider[:] = [provider]


def activate(organisation_id: Any) -> None:
    """Make ``organisation_id``'s replacements apply for the rest of this request (or scope)."""
    scope = _scope.get()
    if scope is None:
        return
    if scope.organisation_id != organisation_id:
        scope.organisation_id, scope.loaded, scope.applied = organisation_id, None, {}


def active() -> Mapping[str, OwnValue]:
    """The replacements of the active organisation (read once per scope); empty outside one."""
    scope = _scope.get()
    if scope is None or scope.organisation_id is None or not _provider:
        return {}
    if scope.loaded is None:
        scope.loaded = dict(_provider[0](scope.organisation_id))
    return scope.loaded


def applied[T](name: str, guide: T, build: Callable[[T, Mapping[str, OwnValue]], T]) -> T:
    """``guide`` (a data file) with the active replacements, built once per scope; ``guide`` itself
    when none are active."""
    values = active()
    if not values:
        return guide
    scope = _scope.get()
    if scope is None:  # pragma: no cover - active() is empty without a scope
        return guide
    if name not in scope.applied:
        scope.applied[name] = build(guide, values)
    return scope.applied[name]


@contextmanager
def scope(organisation_id: Any = None) -> Iterator[None]:
    """A fresh scope (a request, a test, a document build), optionally with an organisation."""
    token = _scope.set(_Scope(organisation_id))
    try:
        yield
    finally:
        _scope.reset(token)


def apply(key: str, figure: Figure, values: Mapping[str, OwnValue] | None = None) -> Figure:
    """``figure`` with the active organisation's replacement for ``key``, if there is one."""
    own = (active() if values is None else values).get(key)
    if own is None:
        return figure
    replaced = figure.model_copy(update={"value": own.value, "low": own.low, "high": own.high, "bound": None})
    scope = _scope.get()
    if scope is not None:
        scope.originals[id(replaced)] = figure
    return replaced


def _child_path(path: str, index: int, child: object) -> str:
    # Items with a key are named by it, so a key stays the same when the file's order changes.
    return f"{path}.{getattr(child, 'key', index)}"


def figures_in(node: object, path: str) -> Iterator[tuple[str, Figure]]:
    """Every figure below ``node`` with a stable key such as ``readiness.items.problem_goals.figures.0``
    (items with a ``key`` are named by it, others by their position)."""
    if isinstance(node, Figure):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from figures_in(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, tuple):
        for index, child in enumerate(node):
            yield from figures_in(child, _child_path(path, index, child))


def replace_figures[T](node: T, path: str, values: Mapping[str, OwnValue]) -> T:
    """``node`` with every figure whose key (as :func:`figures_in` names it) has a value in
    ``values`` replaced; parts without a replacement are the same objects as before."""
    if not any(key == path or key.startswith(path + ".") for key in values):
        return node
    if isinstance(node, Figure):
        return apply(path, node, values)  # type: ignore[return-value]
    if isinstance(node, BaseModel):
        update = {}
        for name in type(node).model_fields:
            old = getattr(node, name)
            new = replace_figures(old, f"{path}.{name}", values)
            if new is not old:
                update[name] = new
        return node.model_copy(update=update) if update else node
    if isinstance(node, tuple):
        items = tuple(replace_figures(child, _child_path(path, i, child), values) for i, child in enumerate(node))
        return items if any(a is not b for a, b in zip(items, node, strict=True)) else node  # type: ignore[return-value]
    return node


def original(figure: Figure) -> Figure | None:
    """The guide's figure that ``figure`` replaces in this scope; None for a guide figure."""
    scope = _scope.get()
    return None if scope is None else scope.originals.get(id(figure))


class FigureOverridesMiddleware:
    """One scope per request, for the organisation the session works in (``request.membership``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        with scope(getattr(membership, "organisation_id", None)):
            return self.get_response(request)
