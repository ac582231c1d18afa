"""What the page benchmarks share: a throwaway Django (SQLite in a temporary folder, migrated)
and the 95th percentile of their timings.

Imported by the ``bench_*_page.py`` scripts and ``bench_evidence.py`` as ``from _django import
...`` (``bench/``, the scripts' own folder, is on ``sys.path`` when a script runs).
"""

from __future__ import annotations

import os


def setup_django(var_dir: str, **environ: str) -> None:
    """Django on a fresh SQLite database in ``var_dir``, migrated; ``environ`` is set first (e.g. a
    files folder). Settings for a page benchmark: no HTTPS, no DEBUG, plain static names."""
    os.environ["PARTNERWIJZER_VAR_DIR"] = var_dir
    os.environ.update(environ)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_HTTPS", "false")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef")
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerwijzer.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
