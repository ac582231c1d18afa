"""Random secrets that are shown once and stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str = "") -> str:
    """A URL-safe secret with 256 bits of randomness."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 is enough here: the tokens are long random values, not passwords."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
