"""Helpers for the API tests: bearer clients for each persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnerwijzer.accounts.models import User
from partnerwijzer.api.services import api_token_create


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is right for production and far too slow to create the personas in every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def bearer_client(user: User, *, name: str = "tests") -> Client:
    """A client that sends a fresh personal token of ``user`` with every request (no session)."""
    _token, plaintext = api_token_create(user=user, name=name)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def patch_json(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.patch(url, data=body, content_type="application/json", **extra)
