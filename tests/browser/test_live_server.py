"""The browser tests' live server (conftest.py) ends every request thread before it stops.

Django's threaded server answers each browser connection in its own thread, which lives as long
as the browser keeps the connection open (HTTP keep-alive) and closes that thread's database
connections when it ends. With the in-memory SQLite test database that is the test's own
connection, shared with the server's threads only until the fixture stops the server. A thread
that ended later (the browser context closing a moment after the test) used the connection from
the wrong thread: "DatabaseWrapper objects created in a thread can only be used in that same
thread", a PytestUnhandledThreadExceptionWarning in whichever test ran next on that worker.
"""

from __future__ import annotations

import http.client
import threading

import pytest
from django.urls import reverse

from tests.browser.conftest import start_live_server

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_stop_ends_the_thread_of_a_connection_the_browser_keeps_open(monkeypatch: pytest.MonkeyPatch) -> None:
    thread_errors: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", thread_errors.append)
    before = set(threading.enumerate())
    server = start_live_server()
    client = http.client.HTTPConnection(server.thread.host, server.thread.port, timeout=30)
    try:
        client.request("GET", reverse("accounts:login"), headers={"Accept-Language": "nl"})
        response = client.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection") != "close"  # kept open, as a browser does
    finally:
        server.stop()
    left_running = [thread for thread in threading.enumerate() if thread not in before and thread.is_alive()]
    client.close()  # as the browser context closing after the test
    for thread in left_running:
        thread.join(timeout=10)
    assert [str(error.exc_value) for error in thread_errors] == []
    assert left_running == []


def test_a_request_thread_that_never_ends_fails_the_teardown_with_its_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI once waited 75 minutes for a teardown: socketserver joins request threads without a limit.
    The live server's join has one, and names where the thread is stuck."""
    import socket
    import socketserver

    from tests.browser import conftest

    monkeypatch.setattr(conftest, "REQUEST_THREAD_JOIN_S", 0.5)
    release = threading.Event()
    started = threading.Event()

    class Stuck(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            started.set()
            release.wait(30)  # not on the socket: shutting the connection down does not wake it

    server = conftest._ServerThatEndsItsRequestThreads(("127.0.0.1", 0), Stuck)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    with socket.create_connection(server.server_address[:2], timeout=5):
        assert started.wait(10)
        server.shutdown()
        with pytest.raises(AssertionError, match=r"1 request thread\(s\) .* still running 0.5 s") as raised:
            server.server_close()
    assert "release.wait(30)" in str(raised.value)  # the stuck thread's own line
    release.set()
