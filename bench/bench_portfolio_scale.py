"""Scale benchmark (issue 17 item 7): an adviser's pages on PostgreSQL with a hub of 2,000 clients.

Run: ``.venv/bin/python bench/bench_portfolio_scale.py`` (``make bench`` runs it with the defaults
below); ``--clients 200 --rounds 5`` for a short smoke run while working on it; ``--help`` for every
option.

What it does, on the loopback interface only:

1. A throwaway PostgreSQL cluster in a temporary directory (as ``bench_load.py`` starts it), a
   fresh var/ directory, migrate and collectstatic.
2. ``manage.py make_synthetic_hub --clients 2000 --seed 1``: the adviser organisation and its
   clients with use cases, readiness, selections, scores, quotes, contracts and measurements
   (partnerwijzer/advisers/synthetic.py). Its time is measured too (goal: under five minutes).
   Then ``VACUUM ANALYZE``: the planner's statistics, and autovacuum does not visit the new rows
   (162,000 at 2,000 clients) during the measured rounds.
3. gunicorn with several worker processes (``--workers``, default 4, 4 threads each), as
   ``bench_load.py`` serves the app on PostgreSQL; the hub's adviser logs in through the login form.
4. ``--warmup`` rounds of every URL of ``PAGES`` (default twice the workers: one round warmed one of
   the four workers, and each other worker's first answer of a page, which compiles its templates
   and loads the reference data, fell in the measured rounds), then ``--rounds`` rounds in which each URL is requested
   once (round-robin: load from elsewhere on the machine hits every URL alike). Prints n, p50, p95,
   max and p95/goal per URL, a PASS/MISS line per URL with the load average, and exits non-zero
   when a goal is missed or an answer is not the expected one. The XLSX export's line is the POST
   that queues the document job (302 back to the portfolio; the queued jobs are dropped every eight
   rounds, outside the timing, as an organisation may have ten under way).
5. The worker's part of the export, timed three times in a ``manage.py shell`` (the documents
   worker's ``run_job`` building the whole workbook for every client): printed, no goal.

The hub has a provider directory of 100 firms, copies of them in the longlists of the clients
where it works alongside, and most clients consent to its market figures, so the directory and the
market figures (with the per-firm figures) are measured at scale too. Another page of adviser mode
is one more line in ``PAGES``: a label, the route name, its query string and the goal for its p95
in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from _goals import goal_line, load_average  # bench/, the script's own folder
from bench_load import PASSWORD, App, Client, Postgres, free_port, percentile

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Page:
    label: str
    route: str
    """A route name without arguments (``advisers:portfolio``); resolved in the server's environment."""
    query: dict[str, str]
    goal_ms: float = 300.0
    """The goal for the p95, in milliseconds."""
    method: str = "GET"
    status: int = 200
    """The answer expected (the export's POST redirects back to the portfolio)."""


PAGES: tuple[Page, ...] = (
    Page("portfolio", "advisers:portfolio", {}),
    Page("portfolio, by progress", "advisers:portfolio", {"sort": "progress"}),
    Page("portfolio, by flags", "advisers:portfolio", {"sort": "flags"}),
    Page("portfolio, scoring overdue", "advisers:portfolio", {"flag": "overdue"}),
    Page("portfolio, gate due, by progress", "advisers:portfolio", {"flag": "gate_due", "sort": "progress"}),
    Page("portfolio, stalled", "advisers:portfolio", {"flag": "stalled"}),
    Page("portfolio, next step selection", "advisers:portfolio", {"step": "selection", "sort": "flags"}),
    # The export's request only queues a document job (the worker's time is printed separately).
    Page("portfolio, XLSX export (queue)", "advisers:portfolio_export", {}, method="POST", status=302),
    Page("provider directory", "advisers:directory", {}),
    Page("market figures", "advisers:market", {}),
)
GENERATION_GOAL_S = 300.0
"""make_synthetic_hub with 2,000 clients on PostgreSQL: a few minutes at most."""

# Runs inside `manage.py shell`: the routes' paths and the adviser's login, from the database.
URLS_SNIPPET = r"""
import json, os
from django.urls import reverse
from django.apps import apps
User = apps.get_model("accounts", "User")
routes = json.loads(os.environ["BENCH_ROUTES"])
email = User.objects.get(email__startswith="adviser@hub-").email
print("BENCH_JSON " + json.dumps({"paths": {r: reverse(r) for r in routes}, "email": email}))
"""

# Runs inside `manage.py shell`: queued exports are dropped (an organisation may have ten under way).
CLEAR_EXPORTS_SNIPPET = r"""
from django.apps import apps
apps.get_model("documents", "DocumentJob").objects.filter(kind="portfolio").delete()
"""

# Runs inside `manage.py shell`: the worker's part of the export, timed, as the worker runs it.
WORKER_SNIPPET = r"""
import json, os, time
from django.apps import apps
from partnerwijzer.documents import services
User = apps.get_model("accounts", "User")
DocumentJob = apps.get_model("documents", "DocumentJob")
user = User.objects.get(email__startswith="adviser@hub-")
hub = user.memberships.get().organisation
seconds = []
for _ in range(int(os.environ["BENCH_WORKER_ROUNDS"])):
    job = services.request_organisation_document(actor=user, organisation=hub, kind="portfolio", format="xlsx")
    start = time.perf_counter()
    services.run_job(job.pk)
    seconds.append(time.perf_counter() - start)
    job.refresh_from_db()
    assert job.status == "done", job.error
    size = job.size
    job.delete()
print("BENCH_JSON " + json.dumps({"seconds": seconds, "size": size}))
"""
WORKER_ROUNDS = 3
"""How often the worker's job is timed (each builds the whole workbook)."""


def log(message: str) -> None:
    print(message, flush=True)


def _send(client: Client, page: Page, url: str) -> tuple[int, dict[str, str], bytes]:
    if page.method == "GET":
        return client.request("GET", url)
    token = next(v for k, v in client.cookies.items() if k.endswith("csrftoken"))
    return client.request(page.method, url, b"", {"X-CSRFToken": token,
                                                   "Content-Type": "application/x-www-form-urlencoded"})


def measure(client: Client, urls: list[tuple[Page, str]], rounds: int,
            between: Callable[[], None] = lambda: None, *, warmup: int = 1
            ) -> tuple[dict[str, list[float]], list[str]]:
    """``between`` runs every eight rounds, outside the timing (it drops the queued exports)."""
    times: dict[str, list[float]] = {page.label: [] for page, _url in urls}
    errors: list[str] = []
    for number in range(warmup):  # each worker's first answer loads templates and the reference data
        for page, url in urls:
            start = time.perf_counter()
            _send(client, page, url)
            if number == 0:
                times.setdefault("first", []).append((time.perf_counter() - start) * 1000)
        between()
    for number in range(rounds):
        if number % 8 == 7:
            between()
        for page, url in urls:
            start = time.perf_counter()
            status, headers, _body = _send(client, page, url)
            times[page.label].append((time.perf_counter() - start) * 1000)
            if status != page.status or (page.status == 302 and "/portfolio/" not in headers.get("location", "")):
                errors.append(f"{page.label}: HTTP {status} {headers.get('location', '')}".strip())
    return times, errors


def report(times: dict[str, list[float]], errors: list[str], clients: int) -> list[str]:
    missed: list[str] = []
    log(f"\n### {clients} clients, one adviser, requests in turn (load average: {load_average()})")
    log(f"  {'url':<36}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p95/goal':>10}")
    goals = {page.label: page.goal_ms for page in PAGES}
    first = times.pop("first", [])
    for label, values in times.items():
        p95 = percentile(values, 95)
        log(f"  {label:<36}{len(values):>5}{percentile(values, 50):>9.0f}{p95:>9.0f}{max(values):>9.0f}"
            f"{p95 / goals[label]:>10.2f}")
    for label, values in times.items():
        met, line = goal_line(f"{label}: p95", percentile(values, 95), goals[label], " ms")
        log(f"  {line}")
        if not met:
            missed.append(line)
    log(f"  {'PASS' if not errors else 'MISS'}  {len(errors)} answers other than 200 (goal 0)")
    if first:
        log(f"  the first answer of each URL (warm-up, no goal; the first portfolio request computes and stores "
            f"every client's row, as on the first request of a day): {', '.join(f'{v:.0f}' for v in first)} ms")
    missed += errors[:5]
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=2000, help="client companies of the hub (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=40, help="requests per URL after the warm-up (default 40)")
    parser.add_argument("--warmup", type=int, default=None,
                        help="warm-up rounds of every URL, not measured (default: twice the workers)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--port", type=int, default=0, help="app port (default: a free one)")
    parser.add_argument("--pg-port", type=int, default=0, help="PostgreSQL port (default: a free one)")
    parser.add_argument("--per-round", action="store_true",
                        help="also print each URL's time of every round, in order (to look at the tail)")
    args = parser.parse_args()
    log(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    log(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}")
    log(f"load average at start: {load_average()}")
    missed: list[str] = []
    pg = Postgres(args.pg_port or free_port())
    app = App(pg.url, args.port or free_port(), args.workers)
    try:
        pg.start()
        app.manage("migrate", "--no-input", "-v", "0")
        app.manage("collectstatic", "--no-input", "-v", "0")
        log(f"\n== make_synthetic_hub --clients {args.clients} --seed {args.seed} (PostgreSQL) ...")
        start = time.monotonic()
        out = app.manage("make_synthetic_hub", "--clients", str(args.clients), "--seed", str(args.seed),
                         extra_env={"SYNTHETIC_HUB_PASSWORD": PASSWORD}, timeout=1800)
        seconds = time.monotonic() - start
        log("  " + out.strip().splitlines()[0])
        met, line = goal_line(f"make_synthetic_hub, {args.clients} clients", seconds, GENERATION_GOAL_S, " s")
        log(f"  {line}")
        if not met:
            missed.append(line)
        app.manage("shell", "--no-imports", "-c", "from django.db import connection\n"
                   "with connection.cursor() as c: c.execute('VACUUM ANALYZE')\n")
        setup = app.shell_json(URLS_SNIPPET, {"BENCH_ROUTES": json.dumps(sorted({p.route for p in PAGES}))})
        urls = [(page, setup["paths"][page.route] + (f"?{urlencode(page.query)}" if page.query else ""))
                for page in PAGES]
        warmup = args.warmup if args.warmup is not None else 2 * args.workers
        log(f"\n== gunicorn, {args.workers} workers x 4 threads on PostgreSQL; "
            f"{warmup} warm-up rounds, then {args.rounds} rounds over {len(urls)} URLs ...")
        app.serve(with_worker=False)
        client = Client(app.port)
        client.login(setup["email"])
        times, errors = measure(client, urls, args.rounds,
                                lambda: app.manage("shell", "--no-imports", "-c", CLEAR_EXPORTS_SNIPPET),
                                warmup=warmup)
        client.close()
        missed += report(times, errors, args.clients)
        if args.per_round:
            log("\n  each round's time in ms, in order:")
            for label, values in times.items():
                log(f"  {label:<36}" + " ".join(f"{v:.0f}" for v in values))
        app.manage("shell", "--no-imports", "-c", CLEAR_EXPORTS_SNIPPET)
        worker = app.shell_json(WORKER_SNIPPET, {"BENCH_WORKER_ROUNDS": str(WORKER_ROUNDS)})
        log(f"  the worker's part of the XLSX export (every client, run_job in one process, no goal): "
            f"{', '.join(f'{s:.1f} s' for s in worker['seconds'])}; the file {worker['size'] / 1024:.0f} KiB")
    finally:
        app.stop()
        app.cleanup()
        pg.stop()
    log(f"\nload average at the end: {load_average()}")
    if missed:
        log("MISSED GOALS:")
        for line in missed:
            log(f"  - {line}")
        return 1
    log("All goals met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
