"""API: budget roi (filled by its part)."""

from ninja import Router

router = Router(tags=["budget"])
