"""A request that cannot get the database's write lock answers 503 with a retry, never 400/500.

SQLite has one writer at a time. Settings make every connection wait ``SQLITE_BUSY_SECONDS`` for
the lock; when another process holds it even longer (a long import, a backup made the wrong
way), Django raises ``OperationalError: database is locked``: from a view, from the API, or
wrapped in ``SessionInterrupted`` (a 400) when the session could not be saved. The error handlers
below (``handler500`` and ``handler400`` in urls.py) recognise that case anywhere in the
exception chain and answer with a friendly page (JSON under /api/) and ``Retry-After``; nothing
of the request was saved, since its transaction was rolled back.
"""

from __future__ import annotations

import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 10
_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")


def database_busy(exc: BaseException | None) -> bool:
    """Whether ``exc`` or an exception it was raised from is SQLite's "database is locked"."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OperationalError) and any(word in str(exc).lower() for word in _BUSY_WORDS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def busy_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The database is busy. Nothing was saved; try again in a few seconds.")}, status=503
        )
    else:
        # No context processors: they would query the database this page is about.
        retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else None
        html = render_to_string("errors/busy.html", {"retry_url": retry_url, "seconds": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django calls it inside the ``except`` block, so the exception is at hand."""
    if database_busy(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: a session that could not be saved because the database was busy is a 503."""
    if database_busy(exception):
        return busy_response(request)
    return defaults.bad_request(request, exception)
