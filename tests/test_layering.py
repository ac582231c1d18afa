"""The apps depend one way (docs/architecture.md): an app imports only apps in a lower layer.

Counted are every import (also inside functions and under ``TYPE_CHECKING``), relative imports and
every dotted module path written in a string (docstrings, ``include("partnerwijzer.x.urls")``,
registry entries). An app's own ``tests/`` may build fixtures from any app and are not counted;
``urls.py``, ``routers.py``, ``settings.py`` and ``demo.py`` at the top know every app.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "partnerwijzer"

# Lowest first. An app may import apps of lower layers only (not its own layer's neighbours).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("knowledge",),                      # reference data: imports no app
    ("accounts",),                       # tenants, members, roles, the one access module
    ("audit",),                          # the audit log refers to accounts' organisations and users
    ("api", "journey", "templatetags"),  # shared kit: API path types and errors, tokens, journey steps
    ("outbox",),                         # outgoing messages and the task list's API: every app above queues
    ("planning",),
    ("sourcing",),
    ("evaluation",),
    ("budget",),
    ("questionnaires",),
    ("portal", "contract"),
    ("evidence",),                       # passages of the firms' answers and files, their search
    ("results", "letters"),              # the project after the contract; award and regret letters
    ("documents",),
    ("advisers",),                       # adviser mode: portfolio across clients, shared criteria sets
)
# Modules of the package root. The kit modules import no app; the top ones know every app.
KIT_MODULES = (
    "__init__", "env", "formatting", "forms", "inputs", "svg", "busy", "locking", "logsafety", "textrules", "pagelinks",
    "clock", "tabular", "uploads",
)
TOP_MODULES = ("urls", "routers", "settings", "demo", "wsgi")

RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
_DOTTED = re.compile(r"\bpartnerwijzer\.(\w+)")


def _imported_apps(path: Path, package: str | None = None) -> set[tuple[str, int]]:
    """``(app, line)`` for every app of the package this file refers to.

    ``package`` is the file's dotted package (for relative imports); by default from its path.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if package is None:
        package = ".".join(path.relative_to(PACKAGE.parent).parts[:-1])
    package_parts = package.split(".")
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
                modules = [module] + [f"{module}.{alias.name}" for alias in node.names]
            else:
                module = node.module or ""
                modules = [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            modules = [f"partnerwijzer.{name}" for name in _DOTTED.findall(node.value)]
        for module in modules:
            parts = module.split(".")
            if len(parts) > 1 and parts[0] == "partnerwijzer" and parts[1] in RANK:
                found.add((parts[1], getattr(node, "lineno", 0)))
    return found


def _code_files() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.relative_to(PACKAGE).parts
    )


def _owner(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def test_every_app_has_a_layer() -> None:
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps == set(RANK), "add the new app to LAYERS here and to docs/architecture.md"
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules == set(KIT_MODULES) | set(TOP_MODULES)


def _upward(path: Path, found: set[tuple[str, int]]) -> list[str]:
    """The ``(app, line)`` references of a code file that point to its own or a higher layer."""
    owner = _owner(path)
    if owner in TOP_MODULES:
        return []
    limit = -1 if owner in KIT_MODULES else RANK[owner]
    return sorted(f"line {line}: {owner} -> {app}" for app, line in found if app != owner and RANK[app] >= limit)


@pytest.mark.parametrize("path", _code_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_app_imports_an_app_above_it(path: Path) -> None:
    upward = _upward(path, _imported_apps(path))
    assert not upward, "an app imports one in its own or a higher layer (docs/architecture.md):\n" + "\n".join(upward)


def test_the_check_sees_lazy_imports_relative_imports_and_dotted_strings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import partnerwijzer.contract.models\n"
        "def f():\n    from partnerwijzer.budget import models\n"
        'X = "see :mod:`partnerwijzer.documents.registry`"\n'
        "from ..sourcing import models as m\n"
        "from .. import portal\n"
        "from . import views\n",
        encoding="utf-8",
    )
    found = {app for app, _ in _imported_apps(sample, package="partnerwijzer.planning")}
    assert found == {"contract", "budget", "documents", "sourcing", "portal", "planning"}


# --- Route names in Python ---------------------------------------------------------------------

_ROUTE_NAME = re.compile(r"^(?P<namespace>\w+):(?P<route>[\w-]+)$")
_ROUTE_FUNCTIONS = frozenset({"reverse", "reverse_lazy", "redirect", "resolve_url"})


def _named_routes(path: Path, namespaces: dict[str, str]) -> set[tuple[str, int]]:
    """``(app, line)`` for every route name ``"namespace:route"`` of an app that this file writes.

    Counted are the first argument of ``reverse``, ``reverse_lazy``, ``redirect`` and ``resolve_url``
    and every other string that is exactly a route name (a setting-like constant, ``url_name=...``
    of a journey step, a set of allowed routes): a route name is as much a dependency as an import.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        texts: list[ast.Constant] = []
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name in _ROUTE_FUNCTIONS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                texts.append(first)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node)
        for text in texts:
            match = _ROUTE_NAME.match(str(text.value))
            if match and match.group("namespace") in namespaces:
                found.add((namespaces[match.group("namespace")], text.lineno))
    return found


@pytest.mark.parametrize("path", _code_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_app_names_a_route_of_an_app_above_it(path: Path) -> None:
    upward = _upward(path, _named_routes(path, _url_namespaces()))
    assert not upward, (
        "an app names a route of an app in its own or a higher layer; use a setting (LOGIN_REDIRECT_URL) or let "
        "that app register it (docs/architecture.md):\n" + "\n".join(upward)
    )


def test_the_route_check_sees_calls_and_route_name_strings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.shortcuts import redirect, resolve_url\n"
        "from django import urls\n"
        'def f():\n    return redirect("journey:dashboard")\n'
        'X = urls.reverse_lazy("budget:overview")\n'
        'Y = resolve_url("accounts:login")\n'
        'ALLOWED = {"api:openapi", "not a route: journey:dashboard", "unknown:route"}\n'
        'STEP = dict(url_name="results:portfolio")\n',
        encoding="utf-8",
    )
    namespaces = {name: name for name in ("journey", "budget", "accounts", "api", "results")}
    assert _named_routes(sample, namespaces) == {
        ("journey", 4), ("budget", 5), ("accounts", 6), ("api", 7), ("results", 8),
    }


# --- Templates ----------------------------------------------------------------------------------

TEMPLATES = PACKAGE / "templates"
# The site frame (base.html, includes/, errors/) knows every app, like urls.py.
TOP_TEMPLATE_DIRS = ("includes", "errors")
_URL_TAG = re.compile(r"""\{%\s*url\s+["'](?P<namespace>\w+):(?P<route>[\w-]+)["']""")
_APP_NAME = re.compile(r"""^app_name\s*=\s*["'](\w+)["']""", re.MULTILINE)


def _url_namespaces() -> dict[str, str]:
    """Each URL namespace (``app_name`` of an app's urls.py) and the app that owns it."""
    owners = {}
    for urls in PACKAGE.glob("*/urls.py"):
        match = _APP_NAME.search(urls.read_text(encoding="utf-8"))
        if match:
            owners[match.group(1)] = urls.parent.name
    return owners


def _template_files() -> list[Path]:
    return sorted(
        path for path in TEMPLATES.rglob("*.html")
        if len(path.relative_to(TEMPLATES).parts) > 1 and path.relative_to(TEMPLATES).parts[0] not in TOP_TEMPLATE_DIRS
    )


def _linked_apps(text: str, namespaces: dict[str, str]) -> list[tuple[str, int]]:
    """``(app, line)`` for every ``{% url 'namespace:route' %}`` in a template."""
    return [
        (namespaces[m.group("namespace")], text.count("\n", 0, m.start()) + 1)
        for m in _URL_TAG.finditer(text)
        if m.group("namespace") in namespaces
    ]


def test_every_template_folder_belongs_to_an_app_and_every_namespace_to_an_app() -> None:
    folders = {p.name for p in TEMPLATES.iterdir() if p.is_dir()}
    assert folders - set(TOP_TEMPLATE_DIRS) <= set(RANK), "a template folder is named after the app that owns it"
    namespaces = _url_namespaces()
    assert set(namespaces.values()) <= set(RANK)
    assert {"portal", "sourcing", "evaluation", "questionnaires", "documents"} <= set(namespaces)


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_links_to_a_route_of_an_app_above_it(path: Path) -> None:
    owner = path.relative_to(TEMPLATES).parts[0]
    upward = sorted(
        f"line {line}: {owner} -> {app}"
        for app, line in _linked_apps(path.read_text(encoding="utf-8"), _url_namespaces())
        if app != owner and RANK[app] >= RANK[owner]
    )
    assert not upward, (
        "a template links to a route of an app in its own or a higher layer; let that app register the link "
        "(partnerwijzer/pagelinks.py, docs/architecture.md):\n" + "\n".join(upward)
    )


def test_the_template_check_maps_namespaces_to_apps() -> None:
    sample = "<a href=\"{% url 'portal:links' s.pk q.pk %}\">x</a>\n{% url \"accounts:login\" %}{% url name %}"
    assert _linked_apps(sample, {"portal": "portal", "accounts": "accounts"}) == [("portal", 1), ("accounts", 2)]


# --- Templates reading a higher app's rows through a reverse relation ------------------------------

def _reverse_accessors() -> dict[str, dict[str, str]]:
    """For each app: the reverse accessors its models get from higher apps' foreign keys
    (``selection.questionnaires`` on sourcing's Selection, owned by questionnaires)."""
    from django.apps import apps

    accessors: dict[str, dict[str, str]] = {}
    for model in apps.get_models():
        higher = model._meta.app_label
        if higher not in RANK:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is not None):
                continue
            lower = field.related_model._meta.app_label  # type: ignore[union-attr]
            upward = lower in RANK and lower != higher and RANK[lower] <= RANK[higher]
            if upward and field.remote_field.related_name != "+":
                accessors.setdefault(lower, {})[field.remote_field.get_accessor_name()] = higher  # type: ignore[union-attr]
    return accessors


def _reverse_reads(text: str, accessors: dict[str, str]) -> list[tuple[str, int]]:
    """``(app, line)`` for every ``variable.accessor`` in a template (not inside a quoted link name)."""
    found = []
    for accessor, app in accessors.items():
        for match in re.finditer(rf"""(?<!["'\w.])(?:\w+\.)+{accessor}\b""", text):
            found.append((app, text.count("\n", 0, match.start()) + 1))
    return found


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_reads_a_higher_apps_rows_through_a_reverse_relation(path: Path) -> None:
    owner = path.relative_to(TEMPLATES).parts[0]
    reads = sorted(
        f"line {line}: {owner} -> {app}"
        for app, line in _reverse_reads(path.read_text(encoding="utf-8"), _reverse_accessors().get(owner, {}))
    )
    assert not reads, (
        "a template reads a higher app's rows through a reverse relation; let that app register a reader "
        "(a providers.py of the lower app, docs/architecture.md):\n" + "\n".join(reads)
    )


def test_the_reverse_relation_check_sees_variables_not_link_names() -> None:
    sample = (
        '{% for q in selection.questionnaires.all %}\n{% page_url "selection.questionnaires" s.pk as u %}\n'
        "{{ candidate.selection.questionnaires.count }} {{ selection.questionnaires_url }}"
    )
    found = _reverse_reads(sample, {"questionnaires": "questionnaires"})
    assert found == [("questionnaires", 1), ("questionnaires", 3)]
    assert ("sourcing", "questionnaires") in {
        (lower, accessor) for lower, names in _reverse_accessors().items() for accessor in names
    }
