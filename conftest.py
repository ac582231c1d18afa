"""Fixtures shared by every test folder (the apps' own tests/ and the top-level tests/)."""

pytest_plugins = ["tests.personas", "tests.fixtures"]
