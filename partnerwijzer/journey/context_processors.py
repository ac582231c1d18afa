from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnerwijzer.journey.steps import STEPS


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"journey_steps": STEPS}
