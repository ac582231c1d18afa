"""API: budget estimate (filled by its part)."""

from ninja import Router

router = Router(tags=["budget"])
