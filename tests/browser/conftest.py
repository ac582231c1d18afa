"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, never a downloaded browser."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test thread; the test only touches the
# database to set up data before the browser starts, so Django's async guard can be relaxed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("PARTNERWIJZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]

TIMEOUT_MS = 30_000
"""How long an action, a navigation or an ``expect`` waits, in every browser test.

Playwright's own defaults are 30 s for actions but only 5 s for ``expect``; CI runs the browser
tests beside the rest of the suite (``pytest -n 2``) on two cores, where a ranking page with its
simulation and five charts can take longer than 5 s. A passing test never waits this long; a
failing one reports after it.
"""
expect.set_options(timeout=TIMEOUT_MS)

REQUEST_THREAD_JOIN_S = 60
"""How long the live server's teardown waits for its request threads to end (they end within a
second: their connections are shut down first)."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (see .ci/run).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A fresh browser context (own cookies) with the suite's timeout (TIMEOUT_MS)."""
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}, "locale": "nl-NL"} | options))
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    # A CSP violation or a script error shows up as a console error: none are allowed.
    assert not errors, errors


def wait_until(page: Page, expression: str, arg: object = None, *, timeout: float = TIMEOUT_MS / 1000) -> None:
    """Poll ``expression`` with ``page.evaluate`` until it is truthy.

    Playwright's ``wait_for_function`` polls by evaluating a string inside the page, which the
    app's strict Content-Security-Policy (no 'unsafe-eval') refuses whenever the first check is
    false; ``evaluate`` runs through the DevTools protocol and is not subject to the page's CSP.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout:g} s: {expression}")
        page.wait_for_timeout(100)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class _ServerThatEndsItsRequestThreads(ThreadedWSGIServer):
    """Django's threaded test server, whose ``server_close()`` ends and joins every request thread.

    Each browser connection is answered in its own thread, which lives as long as the browser
    keeps the connection open (HTTP keep-alive) and closes the thread's database connections when
    it ends. With the in-memory SQLite test database that is the test's own connection, shared with
    the server only until the fixture stops it; Django's request threads are daemons that nobody
    waits for, so one that ended a moment later (when the browser context closed) used the
    connection from the wrong thread ("DatabaseWrapper objects created in a thread can only be used
    in that same thread", an unhandled exception in whichever test ran next). Here the server shuts
    the open connections down and waits for their threads before the connection stops being shared.
    """

    daemon_threads = False  # socketserver's server_close() then joins the request threads
    block_on_close = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):  # type: ignore[no-untyped-def]
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:  # a thread waiting for the next request on it wakes up and ends
            with contextlib.suppress(OSError):  # the client closed it already
                connection.shutdown(socket.SHUT_RDWR)
        # socketserver's own server_close() joins the request threads without a limit: a thread that
        # never ends would hang the test's teardown, and with it the whole run, silently. Joined here
        # with a limit; one still running after it fails the test with its stack.
        pending = self._threads  # socketserver's list of request threads (made by the first request)
        threads: list[threading.Thread] = pending.pop_all() if isinstance(pending, list) else []
        super().server_close()  # joins what is left in the list: nothing
        deadline = time.monotonic() + REQUEST_THREAD_JOIN_S
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        stuck = [thread for thread in threads if thread.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = "\n".join(
                f"--- {thread.name}\n" + "".join(traceback.format_stack(frames[thread.ident]))
                for thread in stuck if thread.ident in frames
            )
            raise AssertionError(
                f"{len(stuck)} request thread(s) of the live server still running {REQUEST_THREAD_JOIN_S} s "
                f"after it stopped:\n{stacks}"
            )


class _OneRequestAtATime(testcases.LiveServerThread):
    """The live server thread of pytest-django, with Django handling one request at a time.

    With the in-memory SQLite test database, every request thread of the (threaded) live server
    shares the test's one database connection. The ranking page loads five chart images at
    once, and concurrent use of that connection fails at random ("bad parameter or other API
    misuse", "database table is locked", a lost session), so a chart would answer 500 or 400.
    Connections stay threaded; only the WSGI application is entered by one thread at a time.
    """

    server_class = _ServerThatEndsItsRequestThreads

    def _create_server(self, connections_override=None):  # type: ignore[no-untyped-def]
        server = super()._create_server(connections_override=connections_override)
        lock = threading.Lock()
        set_app = server.set_app

        def set_serialised_app(app):  # type: ignore[no-untyped-def]
            def serialised(environ, start_response):  # type: ignore[no-untyped-def]
                with lock:
                    return app(environ, start_response)

            set_app(serialised)

        server.set_app = set_serialised_app  # type: ignore[method-assign]
        return server


def start_live_server(addr: str = "localhost") -> LiveServer:
    """pytest-django's live server with this module's server thread (see _OneRequestAtATime)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(testcases, "LiveServerThread", _OneRequestAtATime)
        return LiveServer(addr)


@pytest.fixture
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """Overrides pytest-django's ``live_server`` for every browser test (see _OneRequestAtATime)."""
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = start_live_server(addr)
    yield server
    server.stop()
