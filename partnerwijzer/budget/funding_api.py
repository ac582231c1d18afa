"""API: budget funding (filled by its part)."""

from ninja import Router

router = Router(tags=["budget"])
