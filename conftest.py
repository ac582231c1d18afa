"""Shared test set-up: plain-HTTP settings and the named personas of every access test."""

from __future__ import annotations

import os

# The test client speaks plain HTTP; production defaults (HTTPS, secure cookies) are checked
# separately by tests/test_deploy_check.py in a subprocess with production values.
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerwijzer.settings")
