"""Words for the readiness traffic light, shared by every page that shows it."""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from partnerwijzer.planning.readiness.rules import Light

LIGHT_WORDS: Final[dict[Light, Promise]] = {
    Light.GREEN: gettext_lazy("Green: a good basis"),
    Light.AMBER: gettext_lazy("Amber: work on this before you start"),
    Light.RED: gettext_lazy("Red: a serious risk for the project"),
}
"""The traffic light always comes with words; colour alone carries no meaning."""
