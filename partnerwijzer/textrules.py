"""What free text may contain, for the API, the forms and the supplier portal alike.

Text is stored, shown on pages and written into PDF, DOCX and XLSX documents. Control characters
(NUL and the other C0 and C1 codes, DEL) have no place in any of them: PostgreSQL refuses NUL in
text columns and XML cannot hold most of them. Tab, line feed and carriage return are ordinary
text. Lone UTF-16 surrogates (possible in JSON's ``\\ud800`` escapes) are not characters at all.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# The same set as a JSON Schema (ECMA-262) pattern and as a Python pattern.
_FORBIDDEN_CLASS = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F"
TEXT_PATTERN = f"^[^{_FORBIDDEN_CLASS}]*$"
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_CLASS}\\ud800-\\udfff]")

CONTROL_CHARACTER_MESSAGE = _(
    "The text contains an invisible control character (such as NUL). Remove it, for example by typing "
    "the text again instead of pasting it."
)

# Free text without a stricter limit of its own (notes, descriptions, answers).
DEFAULT_MAX_LENGTH = 10_000


def has_control_character(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def validate_no_control_characters(value: object) -> None:
    """A Django validator: refuses text with a control character, with a translated message."""
    if isinstance(value, str) and has_control_character(value):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")


def validate_default_max_length(value: object) -> None:
    """A Django validator: text without a stricter limit of its own takes at most DEFAULT_MAX_LENGTH
    characters. Only text is measured: a CharField subclass that returns another type (UUIDField
    returns a UUID) has no length to check."""
    if isinstance(value, str) and len(value) > DEFAULT_MAX_LENGTH:
        MaxLengthValidator(DEFAULT_MAX_LENGTH)(value)
