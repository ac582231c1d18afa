"""Tenancy is decided in one place (issue 17, docs/architecture.md): no module outside the accounts
app asks the Membership table about a particular user. Whether a user is a member, holds a role,
may hold a seat or may see results goes through partnerwijzer/accounts/access.py, which also
knows an adviser's access through a client's grant. Listing an organisation's members (the
recipients of a message, a head count) is not an authorisation decision and stays allowed."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "partnerwijzer"
EXEMPT = {"demo.py"}  # seeds the demo's users; decides nothing


def _membership_queries_about_a_user(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        manager = node.func.value
        if not (isinstance(manager, ast.Attribute) and manager.attr == "objects"
                and isinstance(manager.value, ast.Name) and manager.value.id == "Membership"):
            continue
        if any(k.arg and (k.arg == "user" or k.arg.startswith(("user_", "user__"))) for k in node.keywords):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def _checked_files() -> list[Path]:
    return [
        path for path in sorted(PACKAGE.rglob("*.py"))
        if "accounts" not in path.relative_to(PACKAGE).parts[:1]
        and "tests" not in path.parts and "migrations" not in path.parts
        and str(path.relative_to(PACKAGE)) not in EXEMPT
    ]


def test_no_app_outside_accounts_asks_membership_about_a_user() -> None:
    offenders = [hit for path in _checked_files() for hit in _membership_queries_about_a_user(path)]
    assert offenders == [], "decide membership through partnerwijzer/accounts/access.py: " + ", ".join(offenders)


def test_the_check_sees_such_a_query(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("Membership.objects.filter(user=u, organisation=o).first()\n"
                      "Membership.objects.filter(organisation=o, role='owner')\n", encoding="utf-8")
    original = PACKAGE
    try:
        globals()["PACKAGE"] = tmp_path
        assert _membership_queries_about_a_user(sample) == [f"{tmp_path.name}/sample.py:1"]
    finally:
        globals()["PACKAGE"] = original
    assert len(_checked_files()) > 100
