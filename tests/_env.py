"""Test environment, loaded as a plugin (``-p tests._env`` in pyproject) before Django starts.

The test client speaks plain HTTP; production defaults (HTTPS, secure cookies) are checked
separately by tests/test_security.py in subprocesses with production values."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
# Fewer Monte Carlo samples than the 100,000 of a real page keep the suite fast; make bench
# measures the page at full size.
os.environ.setdefault("PARTNERWIJZER_SIMULATION_SAMPLES", "10000")
# Generated documents and uploads of a test run go to a temporary folder, never into var/. It is
# made only if the variable is not set already, and removed when this process ends (pytest-xdist
# workers inherit the variable, so only the process that made the folder removes it).
if not os.environ.get("PARTNERWIJZER_FILES_DIR"):
    _files_dir = tempfile.mkdtemp(prefix="partnerwijzer-files-")
    os.environ["PARTNERWIJZER_FILES_DIR"] = _files_dir
    atexit.register(shutil.rmtree, _files_dir, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerwijzer.settings")
