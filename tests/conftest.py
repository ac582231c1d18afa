"""The personas fixture lives in tests/personas.py (registered in the root conftest)."""

from tests.personas import PASSWORD, PERSONA_NAMES, Personas, make_personas

__all__ = ["PASSWORD", "PERSONA_NAMES", "Personas", "make_personas"]
