"""Ranking page benchmark (issue 4): 8 candidates x 7 criteria x 5 submitted evaluators.

Run: ``.venv/bin/python bench/bench_ranking_page.py [--rounds N]`` (``make bench`` runs it).

Builds the selection in a throwaway SQLite database in a temporary directory, then renders the
ranking page (SMAA with 10,000 simulations included) with Django's test client, as the owner,
``--rounds`` times after a warm-up; likewise the three chart images. Prints the median and 95th
percentile and the number of queries per request, and PASS/MISS against the 300 ms goal for the
page with the ratio to the goal and the load average; exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from _django import p95, setup_django  # bench/, the script's own folder
from _goals import goal_line  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MS = 300.0
CANDIDATES, CRITERIA, EVALUATORS = 8, 7, 5


def _build() -> tuple[object, str]:
    import numpy as np
    from django.utils import timezone

    from partnerwijzer.accounts.models import Membership, Organisation, User
    from partnerwijzer.evaluation.models import Criterion, Evaluator, Score, ScoringSetup
    from partnerwijzer.sourcing.models import Candidate, Selection

    org = Organisation.objects.create(name="Van Dijk Machinebouw", language="en")
    owner = User.objects.create_user(email="owner@example.com", password=None, full_name="Owner")  # force_login
    Membership.objects.create(user=owner, organisation=org, role="owner")
    selection = Selection.objects.create(organisation=org, title="Predictive maintenance partner")
    # Scoring closed, as when an owner reads the ranking: before that the owner (no seat here) is
    # refused the ranking by the blind-scoring rule, and the page would measure the refusal.
    ScoringSetup.objects.create(selection=selection, closed_at=timezone.now())
    weights = [Decimal(20), Decimal(18), Decimal(16), Decimal(14), Decimal(12), Decimal(10), Decimal(10)]
    criteria = Criterion.objects.bulk_create(
        Criterion(selection=selection, custom_name=f"Criterion {j + 1}", position=j, weight=weights[j],
                  is_price=j == CRITERIA - 1)
        for j in range(CRITERIA)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(selection=selection, name=f"Candidate {i + 1}") for i in range(CANDIDATES)
    )
    users = [User.objects.create_user(email=f"e{k}@example.com", password=None) for k in range(EVALUATORS)]
    now = timezone.now()
    seats = Evaluator.objects.bulk_create(Evaluator(selection=selection, user=u, submitted_at=now) for u in users)
    rng = np.random.default_rng(42)
    base = rng.uniform(2, 4.5, size=(CANDIDATES, CRITERIA))
    Score.objects.bulk_create(
        Score(evaluator=seat, candidate=candidates[i], criterion=criteria[j],
              value=int(np.clip(round(base[i, j] + rng.integers(-1, 2)), 1, 5)))
        for seat in seats for i in range(CANDIDATES) for j in range(CRITERIA)
    )
    return owner, str(selection.pk)


def _measure(client: object, url: str, rounds: int) -> tuple[list[float], int, int]:
    from django.db import connection

    get = client.get  # type: ignore[attr-defined]
    for _ in range(3):  # warm-up: imports, template loading, numpy caches
        response = get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(url)
    from partnerwijzer.evaluation.ranking.selectors import clear_smaa_memo

    times = []
    for _ in range(rounds):
        clear_smaa_memo()  # measure the simulation, not the memo (a first view after a score change)
        t0 = time.perf_counter()
        response = get(url)
        times.append((time.perf_counter() - t0) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    return times, len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pw-bench-ranking-") as var_dir:
        setup_django(var_dir)
        from django.test import Client
        from django.urls import reverse

        owner, selection_id = _build()
        client = Client()
        client.force_login(owner)  # type: ignore[arg-type]
        kw = {"selection_id": selection_id}
        from partnerwijzer.sourcing.models import Candidate

        first = Candidate.objects.filter(selection_id=selection_id).order_by("name").first()
        assert first is not None
        urls = {
            "ranking page": reverse("evaluation:ranking", kwargs=kw),
            "ranking page, TOPSIS": reverse("evaluation:ranking", kwargs=kw) + "?method=topsis",
            "acceptability.svg": reverse("evaluation:ranking_acceptability", kwargs=kw),
            "tornado.svg": reverse("evaluation:ranking_tornado", kwargs=kw),
            "radar.svg (one candidate)": reverse(
                "evaluation:ranking_radar", kwargs={**kw, "candidate_id": first.pk}
            ),
        }
        print(f"Ranking page: {CANDIDATES} candidates x {CRITERIA} criteria x {EVALUATORS} submitted evaluators, "
              f"SMAA 10,000 simulations, SQLite, {args.rounds} rounds after warm-up")
        print(f"{'request':<28}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'bytes':>9}")
        results = {}
        page_html = client.get(urls["ranking page"]).content.decode()
        assert "acceptability.svg" in page_html, "the ranking page did not show the ranking"
        for name, url in urls.items():
            times, queries, size = _measure(client, url, args.rounds)
            results[name] = times
            print(f"{name:<28}{statistics.median(times):>11.1f}{p95(times):>9.1f}{queries:>9}{size:>9}")
        page = statistics.median(results["ranking page"])
        full = page + sum(statistics.median(results[k]) for k in urls if k.endswith(".svg") and "radar" not in k)
        full += CANDIDATES * statistics.median(results["radar.svg (one candidate)"])
        met, line = goal_line("ranking page, median", page, GOAL_MS, " ms")
        print(line)
        print(f"Page plus every chart image ({CANDIDATES} radars), one after another: {full:.1f} ms")
        return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
