"""Property tests never fail on the clock: every hypothesis profile of the suite runs without a
deadline (root conftest.py; CI once failed a realised-return property because one example took
281 ms against the default 200 ms). Speed goals live in `make bench`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


def test_the_loaded_profile_has_no_deadline() -> None:
    assert settings().deadline is None
    assert settings.get_profile("partnerwijzer").deadline is None


@given(st.integers())
def test_a_property_test_inherits_it(value: int) -> None:
    assert isinstance(value, int)
    assert settings().deadline is None
