"""Plan endpoints of the JSON API (api; mounted in partnerwijzer/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["plan"])
