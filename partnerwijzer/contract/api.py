"""API of the contract app."""

from ninja import Router

router = Router(tags=["contract"])
