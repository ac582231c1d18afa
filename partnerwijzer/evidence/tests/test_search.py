"""The one search interface on this database's backend: scoped to one firm, any or all words."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from partnerwijzer.evidence import analysis, search
from partnerwijzer.evidence.models import Passage
from partnerwijzer.evidence.tests.builders import make_evidence
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _texts(matches: list[search.Match]) -> list[str]:
    by_id = dict(Passage.objects.filter(pk__in=[m.passage_id for m in matches]).values_list("pk", "text"))
    return [by_id[m.passage_id] for m in matches]


def test_a_search_never_returns_another_firms_passages(personas: Personas) -> None:
    setup = make_evidence(personas)
    wanted = analysis.query_terms(["GDPR training data EU"], "en")
    acme = _texts(search.search(setup.firm_a.pk, wanted, limit=20))
    beta = _texts(search.search(setup.firm_b.pk, wanted, limit=20))
    assert beta == [search_text for search_text in beta if "Beta" in search_text]
    assert len(beta) == 1
    assert acme
    assert all("Beta" not in text for text in acme)


def test_all_words_narrows_and_ranks_best_first(personas: Personas) -> None:
    setup = make_evidence(personas)
    any_hits = search.search(setup.firm_a.pk, analysis.query_terms(["downtime GDPR"], "en"), limit=20)
    all_hits = search.search(setup.firm_a.pk, analysis.query_terms(["downtime GDPR"], "en"), mode="all", limit=20)
    assert len(any_hits) >= 2
    assert all_hits == []
    ranks = [m.rank for m in any_hits]
    assert ranks == sorted(ranks, reverse=True)
    # The passage holding more of the query's words comes first.
    top = _texts(search.search(setup.firm_a.pk, analysis.query_terms(["training data public cloud"], "en")))[0]
    assert "public cloud" in top


def test_the_backend_follows_the_database(personas: Personas) -> None:
    assert search.vendor() == connection.vendor
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'evidence_passage'")
            assert {row[0] for row in cursor.fetchall()} == {
                "evidence_passage_fts_insert", "evidence_passage_fts_delete", "evidence_passage_fts_update"}
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.PG_INDEX])
            assert "gin" in cursor.fetchone()[0]


def test_nothing_to_search_gives_nothing(personas: Personas) -> None:
    setup = make_evidence(personas)
    assert search.search(setup.firm_a.pk, []) == []
    assert search.search(setup.firm_a.pk, ['x" OR "y']) == []  # never raw query syntax


def test_the_score_forms_panel_runs_a_fixed_number_of_queries(personas: Personas,
                                                               django_assert_num_queries: Any) -> None:
    from partnerwijzer.evaluation.models import Criterion
    from partnerwijzer.evidence.selectors import criterion_evidence

    setup = make_evidence(personas)
    criteria = list(Criterion.objects.filter(selection=setup.selection))
    # What was read, whether anything waits, one index query per criterion, one for the passages.
    with django_assert_num_queries(3 + len(criteria)):
        panel = criterion_evidence(setup.firm_a, criteria, "en")
    assert sum(len(hits) for hits in panel.by_criterion.values()) > len(criteria)


def test_a_passage_sharing_only_ai_with_a_criterion_is_not_put_beside_it(personas: Personas) -> None:
    """polish3 item 9: "AI" is in nearly every criterion and answer here, so a passage whose only
    common word with the criterion was "AI" came beside every criterion; "AI" no longer counts in a
    criterion's query (a search for it still finds it), unless the criterion says nothing else."""
    from partnerwijzer.evaluation.scoring.services import criterion_create
    from partnerwijzer.evidence.selectors import criterion_evidence, search_candidate

    setup = make_evidence(personas)
    only_ai = "Training data never leaves the EU; public cloud AI services are not used for your data."
    spindle = "We have worked for machine builders since 2017 and know spindle and bearing failures well."
    criterion = criterion_create(actor=personas.owner, selection=setup.selection, name="AI for spindles",
                                 description="AI on spindles")
    assert analysis.criterion_query_terms(["AI for spindles", "AI on spindles"], "en") == ["spindl"]
    texts = [hit.text for hit in criterion_evidence(setup.firm_a, [criterion], "en").by_criterion[criterion.pk]]
    assert spindle in texts
    assert only_ai not in texts
    # A search for "AI" still finds it, and a criterion that is only "AI" still finds the passages about AI.
    assert only_ai in [hit.text for hit in search_candidate(setup.firm_a, "AI", "en").hits]
    just_ai = criterion_create(actor=personas.owner, selection=setup.selection, name="AI")
    assert only_ai in [hit.text for hit in criterion_evidence(setup.firm_a, [just_ai], "en").by_criterion[just_ai.pk]]
    assert analysis.criterion_query_terms(["KI für Spindeln"], "de") == [analysis.term_of("Spindeln", "de")]
