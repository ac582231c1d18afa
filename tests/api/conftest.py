"""Helpers for the API tests: bearer clients for each persona."""

from __future__ import annotations

from typing import Any

from django.test import Client

from partnerwijzer.accounts.models import User
from partnerwijzer.api.services import api_token_create


def bearer_client(user: User, *, name: str = "tests") -> Client:
    """A client that sends a fresh personal token of ``user`` with every request (no session)."""
    _token, plaintext = api_token_create(user=user, name=name)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def patch_json(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.patch(url, data=body, content_type="application/json", **extra)
