"""The evaluation endpoints of the JSON API (mounted in partnerwijzer/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["evaluation"])
