"""API of the questionnaires app."""

from ninja import Router

router = Router(tags=["questionnaires"])
