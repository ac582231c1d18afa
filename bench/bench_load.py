"""Load and crash benchmark (issue 12, item 7): the app as `make run` serves it, under simulated users.

Run: ``.venv/bin/python bench/bench_load.py`` (``make bench`` runs it with the defaults below);
``--quick`` for a short smoke run while working on it; ``--help`` for every option.

What it does, each step bounded in count and time, on the loopback interface only:

1. **Load.** For each database (SQLite as `make run` uses it; PostgreSQL in a throwaway cluster
   with more gunicorn workers) and each user count (50, 150): a fresh var/ directory, migrate,
   collectstatic, the demo data, one account per simulated user (members of the demo
   organisation) and personal API tokens; then ``scripts/serve.sh`` (gunicorn + the document
   worker, exactly as `make run`). Four in five users are browsers: they log in through the login
   form and open pages (dashboard, selection, scoring, ranking with its acceptability chart, cost
   estimate, return with its cash-flow chart); one in five is an API client with a bearer token
   (ranking, return, estimate, use-case list, and creating a use case). Each waits 1-5 s between
   requests. Prints n, p50/p95/p99/max and errors per page and exits non-zero when a goal is missed.
2. **Crash.** For each database: 20 rounds of eight API clients creating use cases as fast as
   they can while the server (its whole process group) gets ``kill -9`` 0.3-1.5 s after the
   round's first acknowledged write; the server is started again for the next round. Every write
   the server acknowledged (200 or 201 with an id) must be in the database at the end: 0 lost.

The simulated users are owners of the demo organisation with an evaluator seat that has not
submitted: the pages of the mix are the ones an owner uses, and the ranking counts submitted seats
only, so it is the demo's.

Goals (issue 12): 50 users p95 < 300 ms, p99 < 1 s, 0 errors; 150 users p95 < 1 s, 0 errors;
crash runs 0 acknowledged writes lost. The load average is printed with the figures: the machine
is shared, and figures measured under load from elsewhere are not the app's.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _goals import goal_line  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
HOST = "127.0.0.1"  # loopback only
PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - throwaway accounts in a throwaway database
GOALS: dict[int, tuple[float, float | None]] = {50: (300.0, 1000.0), 150: (1000.0, None)}
"""users -> (p95 ms, p99 ms) per page; other user counts are measured without a goal."""
READY_TIMEOUT = 90.0
REQUEST_TIMEOUT = 30.0

BROWSER_MIX = {
    "dashboard": 15, "selection": 10, "scoring": 15, "ranking": 15, "ranking_chart": 10,
    "estimate": 15, "return": 15, "return_chart": 5,
}
API_MIX = {"api_ranking": 25, "api_return": 25, "api_estimate": 20, "api_use_cases": 20, "api_create_use_case": 10}

# Runs inside `manage.py shell` with the server's environment: accounts, tokens and URLs.
# Models by app label and URLs by name, so it does not depend on where modules live.
SETUP_SNIPPET = r"""
import json, os
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from partnerwijzer.api.services import api_token_create
User = apps.get_model("accounts", "User")
Membership = apps.get_model("accounts", "Membership")
Selection = apps.get_model("sourcing", "Selection")
Candidate = apps.get_model("sourcing", "Candidate")
Budget = apps.get_model("budget", "Budget")
Evaluator = apps.get_model("evaluation", "Evaluator")
org = Membership.objects.filter(user__email="demo@partnerwijzer.example", role="owner").first().organisation
selection = max(Selection.objects.filter(organisation=org), key=lambda s: Candidate.objects.filter(selection=s).count())
budget = Budget.objects.filter(use_case=selection.use_case).first() if selection.use_case_id else None
use_case = (budget or Budget.objects.filter(use_case__organisation=org).first()).use_case
password = make_password(os.environ["BENCH_PASSWORD"])
users = []
for i in range(int(os.environ["BENCH_USERS"])):
    user, _ = User.objects.get_or_create(
        email=f"bench-{i:03d}@bench.example", defaults={"full_name": f"Bench {i}", "password": password}
    )
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "owner"})
    # A seat that has not submitted: the scoring page is theirs, the ranking counts only submitted seats.
    Evaluator.objects.get_or_create(selection=selection, user=user)
    users.append(user)
tokens = [
    api_token_create(user=users[i % len(users)], name=f"bench {i}")[1] for i in range(int(os.environ["BENCH_TOKENS"]))
]
s, u = {"selection_id": selection.pk}, {"use_case_id": use_case.pk}
urls = {
    "dashboard": reverse("journey:dashboard"),
    "selection": reverse("sourcing:selection_detail", kwargs=s),
    "scoring": reverse("evaluation:scoring", kwargs=s),
    "ranking": reverse("evaluation:ranking", kwargs=s),
    "ranking_chart": reverse("evaluation:ranking_acceptability", kwargs=s),
    "estimate": reverse("budget:estimate", kwargs=u),
    "return": reverse("budget:roi", kwargs=u),
    "return_chart": reverse("budget:roi_chart", kwargs=u),
    "api_ranking": f"/api/v1/selections/{selection.pk}/ranking",
    "api_return": f"/api/v1/use-cases/{use_case.pk}/return",
    "api_estimate": f"/api/v1/use-cases/{use_case.pk}/budget/estimate",
    "api_use_cases": f"/api/v1/organisations/{org.pk}/use-cases",
    "api_create_use_case": f"/api/v1/organisations/{org.pk}/use-cases",
}
print("BENCH_JSON " + json.dumps({"emails": [x.email for x in users], "tokens": tokens, "urls": urls}))
"""

COUNT_SNIPPET = r"""
import json, os
from django.apps import apps
UseCase = apps.get_model("planning", "UseCase")
ids = json.load(open(os.environ["BENCH_IDS"]))
found = set(str(pk) for pk in UseCase.objects.filter(pk__in=ids).values_list("pk", flat=True))
print("BENCH_JSON " + json.dumps({"missing": sorted(set(ids) - found)}))
"""


def log(message: str) -> None:
    print(message, flush=True)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# --- Processes -----------------------------------------------------------------------------------


def as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    """A throwaway cluster in a temporary directory, on a loopback port; removed by stop()."""

    def __init__(self, port: int) -> None:
        self.port = port
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        found = shutil.which("initdb")
        initdb = bins[-1] if bins else (Path(found) if found else None)
        if initdb is None:
            raise RuntimeError("PostgreSQL (initdb) not found; install postgresql or run with --databases sqlite")
        self.bin = initdb.parent
        self.dir = Path(tempfile.mkdtemp(prefix="pw-bench-pg-"))
        os.chmod(self.dir, 0o755)  # noqa: S103 - the postgres user must reach its data directory
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.url = f"postgres://postgres@{HOST}:{port}/partnerwijzer_bench"

    def start(self) -> None:
        def run(cmd: list[str]) -> None:
            result = subprocess.run(as_postgres(cmd), capture_output=True, text=True, timeout=120, check=False)
            if result.returncode != 0:
                raise RuntimeError(f"{Path(cmd[0]).name} failed: {result.stdout[-1000:]} {result.stderr[-2000:]}")

        run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        options = f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c max_connections=200"
        run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"])
        run([str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "partnerwijzer_bench"])

    def stop(self) -> None:
        subprocess.run(
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            capture_output=True, timeout=60, check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class App:
    """One var/ directory and database with the demo data, and the server processes serving it."""

    database_url: str | None
    port: int
    workers: int
    var_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pw-bench-var-")))
    process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        """`make run`'s environment (RUN_ENV), with this run's var/ directory and database."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PARTNERWIJZER_", "DATABASE_URL"))}
        env.update(
            DJANGO_HTTPS="false", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
            DJANGO_SECRET_KEY="bench-" + "x" * 50, PARTNERWIJZER_VAR_DIR=str(self.var_dir),
            OPENBLAS_NUM_THREADS="1",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def manage(self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 600) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env={**self.env(), **(extra_env or {})},
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        if result.returncode != 0:
            output = f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
            raise RuntimeError(f"manage.py {args[0]} failed:\n{output}")
        return result.stdout

    def shell_json(self, snippet: str, extra_env: dict[str, str]) -> dict[str, Any]:
        out = self.manage("shell", "--no-imports", "-c", snippet, extra_env=extra_env)
        line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
        return dict(json.loads(line.removeprefix("BENCH_JSON ")))

    def prepare(self, users: int, tokens: int) -> dict[str, Any]:
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("collectstatic", "--no-input", "-v", "0")
        self.manage("seed_demo")
        return self.shell_json(
            SETUP_SNIPPET, {"BENCH_USERS": str(users), "BENCH_TOKENS": str(tokens), "BENCH_PASSWORD": PASSWORD}
        )

    def serve(self, *, with_worker: bool = True) -> None:
        """``scripts/serve.sh`` (gunicorn + document worker) as `make run`, or gunicorn alone with
        the same arguments, in a process group of its own so that kill -9 reaches every process."""
        if with_worker:
            cmd = ["scripts/serve.sh", PY, GUNICORN, HOST, str(self.port), str(self.workers)]
        else:
            cmd = [GUNICORN, "partnerwijzer.wsgi:application", "--bind", f"{HOST}:{self.port}",
                   "--workers", str(self.workers), "--threads", "4", "--forwarded-allow-ips=127.0.0.1"]
        logfile = (self.var_dir / "server.log").open("ab")
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env(), stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {self.var_dir}/server.log")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"the server did not answer within {READY_TIMEOUT:.0f} s")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        # Orphans of the group (gunicorn workers) must be gone before the port is reused.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        self.process = None

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def cleanup(self) -> None:
        shutil.rmtree(self.var_dir, ignore_errors=True)


# --- HTTP clients --------------------------------------------------------------------------------


class Client:
    """One simulated user: a keep-alive connection, cookies, and (API clients) a bearer token."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.token = token
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        all_headers = {"Accept-Language": "nl", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection the server closed between requests: reconnect once.
                self.close()
                if attempt == 2:
                    raise
                continue
            for value in response.msg.get_all("Set-Cookie") or []:
                cookie: SimpleCookie = SimpleCookie()
                cookie.load(value)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        raise AssertionError("unreachable")

    def login(self, email: str) -> None:
        status, _h, body = self.request("GET", "/accounts/login/")
        marker = b'name="csrfmiddlewaretoken" value="'
        start = body.index(marker) + len(marker)
        csrf = body[start : body.index(b'"', start)].decode()
        form = urlencode({"csrfmiddlewaretoken": csrf, "username": email, "password": PASSWORD}).encode()
        status, headers, _b = self.request(
            "POST", "/accounts/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "/accounts/login" in headers.get("location", ""):
            raise RuntimeError(f"login of {email} failed with {status}")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- Load run ------------------------------------------------------------------------------------


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.times[page].append(ms)
            if error:
                self.errors[page].append(error)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def one_request(client: Client, page: str, url: str, counter: list[int]) -> str | None:
    """Do one request of the mix; the error text, or None when the answer was the expected one."""
    if page == "api_create_use_case":
        counter[0] += 1
        body = json.dumps({"title": f"Load test {threading.get_ident()} {counter[0]}"}).encode()
        status, _h, _b = client.request("POST", url, body, {"Content-Type": "application/json"})
        return None if status in (200, 201) else f"HTTP {status}"
    status, headers, _b = client.request("GET", url)
    if status != 200:
        return f"HTTP {status} {headers.get('location', '')}".strip()
    return None


def simulated_user(client: Client, mix: dict[str, int], urls: dict[str, str], *, deadline: float,
                   results: Results, rng: random.Random) -> None:
    pages, weights = list(mix), list(mix.values())
    counter = [0]
    max_requests = int((deadline - time.monotonic()) / 1.0) + 1  # think time >= 1 s bounds the loop
    for _ in range(max_requests):
        if time.monotonic() >= deadline:
            break
        page = rng.choices(pages, weights)[0]
        start = time.perf_counter()
        try:
            error = one_request(client, page, urls[page], counter)
        except (OSError, http.client.HTTPException) as exc:
            client.close()
            error = type(exc).__name__
        results.add(page, (time.perf_counter() - start) * 1000, error)
        time.sleep(min(rng.uniform(1.0, 5.0), max(0.0, deadline - time.monotonic())))
    client.close()


def load_run(app: App, setup: dict[str, Any], users: int, duration: float, seed: int) -> Results:
    api_clients = max(1, users // 5)
    browsers = users - api_clients
    clients: list[tuple[Client, dict[str, int]]] = []
    log(f"  logging in {browsers} browser users ...")
    for i in range(browsers):
        client = Client(app.port)
        client.login(setup["emails"][i])
        clients.append((client, BROWSER_MIX))
    clients += [(Client(app.port, token=setup["tokens"][i]), API_MIX) for i in range(api_clients)]
    results = Results()
    deadline = time.monotonic() + duration
    threads = []
    for i, (client, mix) in enumerate(clients):
        rng = random.Random(seed * 1000 + i)
        thread = threading.Thread(
            target=simulated_user, args=(client, mix, setup["urls"]),
            kwargs={"deadline": deadline, "results": results, "rng": rng}, daemon=True,
        )
        threads.append(thread)
    log(f"  {browsers} browser users and {api_clients} API clients for {duration:.0f} s "
        f"(load average before: {load_average()})")
    for thread in threads:
        thread.start()
        time.sleep(min(5.0 / len(threads), 0.1))  # spread the first requests over a few seconds
    for thread in threads:
        thread.join(timeout=duration + REQUEST_TIMEOUT * 2 + 10)
    return results


def report_load(label: str, users: int, results: Results) -> list[str]:
    """Print the table; return the goals missed."""
    goal = GOALS.get(users)
    missed: list[str] = []
    log(f"\n### {label}: {users} users (load average after: {load_average()})")
    ratios = "" if not goal else f"{'p95/goal':>10}" + (f"{'p99/goal':>10}" if goal[1] else "")
    log(f"  {'page':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}{ratios}")
    every: list[float] = []
    for page in sorted(results.times):
        values = results.times[page]
        every += values
        errors = len(results.errors[page])
        p95, p99 = percentile(values, 95), percentile(values, 99)
        ratios = "" if not goal else f"{p95 / goal[0]:>10.2f}" + (f"{p99 / goal[1]:>10.2f}" if goal[1] else "")
        log(f"  {page:<22}{len(values):>6}{percentile(values, 50):>9.0f}{p95:>9.0f}{p99:>9.0f}"
            f"{max(values):>9.0f}{errors:>8}{ratios}")
        if goal and p95 >= goal[0]:
            missed.append(f"{label} {users} users: {page} p95 {p95:.0f} ms >= {goal[0]:.0f} ms")
        if goal and goal[1] is not None and p99 >= goal[1]:
            missed.append(f"{label} {users} users: {page} p99 {p99:.0f} ms >= {goal[1]:.0f} ms")
        if errors:
            kinds = sorted(set(results.errors[page]))[:3]
            missed.append(f"{label} {users} users: {page} {errors} errors ({', '.join(kinds)})")
    if every:
        log(f"  {'all':<22}{len(every):>6}{percentile(every, 50):>9.0f}{percentile(every, 95):>9.0f}"
            f"{percentile(every, 99):>9.0f}{max(every):>9.0f}{sum(map(len, results.errors.values())):>8}")
    if goal and results.times:
        worst95 = max(percentile(v, 95) for v in results.times.values())
        worst99 = max(percentile(v, 99) for v in results.times.values())
        lines = [goal_line(f"{label} {users} users: slowest page's p95", worst95, goal[0], " ms")[1]]
        if goal[1]:
            lines.append(goal_line(f"{label} {users} users: slowest page's p99", worst99, goal[1], " ms")[1])
        lines.append(f"{'PASS' if not any(results.errors.values()) else 'MISS'}  {label} {users} users: "
                     f"{sum(map(len, results.errors.values()))} errors (goal 0)")
        for line in lines:
            log(f"  {line}")
        p99_goal = f", p99 < {goal[1]:.0f} ms" if goal[1] else ""
        log(f"  goal per page: p95 < {goal[0]:.0f} ms{p99_goal}, 0 errors -> {'MISS' if missed else 'PASS'}")
    else:
        log(f"  (no latency goal for {users} users; the goals are for 50 and 150)")
    return missed


# --- Crash run -----------------------------------------------------------------------------------


def crash_run(app: App, setup: dict[str, Any], rounds: int, writers: int, rng: random.Random) -> list[str]:
    """kill -9 of the server during concurrent writes; every acknowledged write must survive."""
    url = setup["urls"]["api_create_use_case"]
    acknowledged: list[str] = []
    per_round: list[int] = []
    statuses: dict[int, int] = defaultdict(int)
    lock = threading.Lock()
    for round_no in range(1, rounds + 1):
        app.serve(with_worker=False)
        stop = threading.Event()

        def writer(k: int, round_no: int = round_no, stop: threading.Event = stop) -> None:
            client = Client(app.port, token=setup["tokens"][k % len(setup["tokens"])])
            for j in range(100_000):  # bounded; the kill ends it long before
                if stop.is_set():
                    break
                body = json.dumps({"title": f"Crash r{round_no} w{k} n{j}"}).encode()
                try:
                    status, _h, data = client.request("POST", url, body, {"Content-Type": "application/json"})
                except (OSError, http.client.HTTPException):
                    client.close()
                    if stop.is_set():
                        break
                    time.sleep(0.05)
                    continue
                with lock:
                    statuses[status] += 1
                    if status in (200, 201):  # acknowledged: the server says it is stored
                        acknowledged.append(json.loads(data)["id"])
            client.close()

        before = len(acknowledged)
        threads = [threading.Thread(target=writer, args=(k,), daemon=True) for k in range(writers)]
        for thread in threads:
            thread.start()
        # Kill only once this round has acknowledged a write (bounded), then at a random moment.
        deadline = time.monotonic() + 30
        while len(acknowledged) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.3, 1.5))
        app.kill(signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        per_round.append(len(acknowledged) - before)
    ids_file = app.var_dir / "acknowledged.json"
    ids_file.write_text(json.dumps(acknowledged))
    missing = app.shell_json(COUNT_SNIPPET, {"BENCH_IDS": str(ids_file)})["missing"]
    log(f"  {rounds} rounds, acknowledged writes per round: {per_round}; HTTP statuses: {dict(statuses)}")
    log(f"  acknowledged {len(acknowledged)}, missing after the crashes: {len(missing)} "
        f"(load average: {load_average()}) -> {'PASS' if not missing else 'MISS'}")
    problems = []
    if missing:
        problems.append(f"crash run: {len(missing)} of {len(acknowledged)} acknowledged writes lost")
    empty = [i + 1 for i, n in enumerate(per_round) if n == 0]
    if empty:
        problems.append(f"crash run: rounds {empty} acknowledged no write within 30 s, so they tested nothing")
    return problems


# --- Main ----------------------------------------------------------------------------------------


def with_database(name: str, pg_port: int, action: Callable[[str | None], list[str]]) -> list[str]:
    if name == "sqlite":
        return action(None)
    pg = Postgres(pg_port)
    try:
        pg.start()
        return action(pg.url)
    finally:
        pg.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="50,150", help="comma-separated user counts (default 50,150)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per load run (default 60)")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite and/or postgres")
    parser.add_argument("--sqlite-workers", type=int, default=2, help="gunicorn workers on SQLite (make run: 2)")
    parser.add_argument("--pg-workers", type=int, default=4, help="gunicorn workers on PostgreSQL (default 4)")
    parser.add_argument("--crash-rounds", type=int, default=20, help="kill -9 rounds per database (default 20)")
    parser.add_argument("--crash-writers", type=int, default=8, help="concurrent writers in the crash run")
    parser.add_argument("--port", type=int, default=0, help="app port (default: a free one)")
    parser.add_argument("--pg-port", type=int, default=0, help="PostgreSQL port (default: a free one)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--quick", action="store_true", help="10 users, 15 s, 3 crash rounds: a smoke run")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--no-crash", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.users, args.duration, args.crash_rounds = "10", 15.0, 3
    user_counts = [int(x) for x in args.users.split(",") if x]
    databases = [x.strip() for x in args.databases.split(",") if x.strip()]
    log(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    log(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}")
    log(f"load average at start: {load_average()}")
    missed: list[str] = []
    for database in databases:
        workers = args.sqlite_workers if database == "sqlite" else args.pg_workers
        label = f"{database}, {workers} workers x 4 threads"

        def run(url: str | None, database: str = database, workers: int = workers, label: str = label) -> list[str]:
            problems: list[str] = []
            if not args.no_load:
                for users in user_counts:
                    app = App(url, args.port or free_port(), workers)
                    try:
                        log(f"\n== load: {label}, {users} users: preparing ...")
                        setup = app.prepare(users, max(1, users // 5))
                        app.serve(with_worker=True)
                        results = load_run(app, setup, users, args.duration, args.seed)
                        problems += report_load(label, users, results)
                    finally:
                        app.stop()
                        app.cleanup()
                    if url:  # a fresh database for the next run
                        _reset_postgres(url, app)
            if not args.no_crash and args.crash_rounds:
                app = App(url, args.port or free_port(), workers)
                try:
                    log(f"\n== crash: {database}, {args.crash_rounds} rounds of kill -9 during "
                        f"{args.crash_writers} concurrent writers")
                    setup = app.prepare(1, args.crash_writers)
                    problems += crash_run(app, setup, args.crash_rounds, args.crash_writers, random.Random(args.seed))
                finally:
                    app.kill()
                    app.cleanup()
            return problems

        missed += with_database(database, args.pg_port or free_port(), run)
    log(f"\nload average at the end: {load_average()}")
    if missed:
        log("MISSED GOALS:")
        for line in missed:
            log(f"  - {line}")
        return 1
    log("All goals met.")
    return 0


def _reset_postgres(url: str, app: App) -> None:
    """Empty the benchmark database (drop and recreate its schema) for the next load run."""
    app.manage("shell", "--no-imports", "-c",
               "from django.db import connection\n"
               "with connection.cursor() as c:\n"
               "    c.execute('DROP SCHEMA public CASCADE'); c.execute('CREATE SCHEMA public')\n")


if __name__ == "__main__":
    sys.exit(main())
