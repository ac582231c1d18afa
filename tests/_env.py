"""Test environment, loaded as a plugin (``-p tests._env`` in pyproject) before Django starts.

The test client speaks plain HTTP; production defaults (HTTPS, secure cookies) are checked
separately by tests/test_security.py in subprocesses with production values."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerwijzer.settings")
