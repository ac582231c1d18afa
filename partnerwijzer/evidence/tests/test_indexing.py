"""A firm's submission is read in the background and indexed: answers and files in passages with
file name and page, damaged files recorded, a newer submission replacing the old, the command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.demo import demo_pdf
from partnerwijzer.evidence import search, services
from partnerwijzer.evidence.models import EvidenceSource, Passage, SourceStatus
from partnerwijzer.evidence.tasks import index_link
from partnerwijzer.evidence.tests.builders import make_evidence, submit_with_files
from partnerwijzer.portal import services as portal_services
from partnerwijzer.portal.tests import builders as portal_builders
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_submitting_queues_the_indexing_after_the_commit(personas: Personas,
                                                         django_capture_on_commit_callbacks: object) -> None:
    setup = portal_builders.make_portal(personas)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        submit_with_files(setup.link_a, ["We know machine builders."], {})
    assert not DBTaskResult.objects.exists()  # nothing queued inside the submission's transaction
    for callback in callbacks:
        callback()
    # The outbox's send task (the owners' "a firm submitted" message) is queued beside it.
    task = DBTaskResult.objects.get(task_path="partnerwijzer.evidence.tasks.index_link")
    assert task.args_kwargs["args"] == [str(setup.link_a.pk)]
    # What the worker runs: the task itself.
    index_link.call(str(setup.link_a.pk))
    source = EvidenceSource.objects.get(candidate=setup.firm_a)
    assert source.kind == "answers"
    assert source.status == SourceStatus.INDEXED
    assert Passage.objects.get(source=source).text == "We know machine builders."


def test_answers_and_files_become_passages_with_file_name_and_page(personas: Personas) -> None:
    setup = make_evidence(personas)
    sources = {s.name: s for s in EvidenceSource.objects.filter(candidate=setup.firm_a)}
    assert set(sources) == {"Answers to “RFI predictive maintenance”", "Acme profile.pdf", "Acme approach.docx"}
    assert sources["Acme profile.pdf"].pages == 2
    assert sources["Acme approach.docx"].pages == 2
    pdf_pages = dict(Passage.objects.filter(source=sources["Acme profile.pdf"]).values_list("text", "page"))
    gdpr = next(text for text in pdf_pages if "GDPR" in text)
    assert pdf_pages[gdpr] == 2
    answer = Passage.objects.filter(source=sources["Answers to “RFI predictive maintenance”"]).first()
    assert answer is not None
    assert answer.page is None
    assert answer.label == portal_builders.QUESTIONS[0]
    event = AuditEvent.objects.filter(action="evidence.index").order_by("created_at").first()
    assert event is not None
    assert event.changes["sources"] == 3
    assert event.changes["failed"] == 0
    assert search.integrity_ok()


def test_a_damaged_file_is_recorded_and_the_rest_indexed(personas: Personas, english: None) -> None:
    setup = portal_builders.make_portal(personas)
    # Valid enough for the upload check (a PDF header), not for PDFium.
    submit_with_files(setup.link_a, ["Our answer about data."],
                      {"broken.pdf": b"%PDF-1.4\n" + b"garbage " * 50})
    sources = services.link_index(link_id=setup.link_a.pk)
    broken = next(s for s in sources if s.name == "broken.pdf")
    assert broken.status == SourceStatus.FAILED
    assert broken.reason == "unreadable"
    assert services.failure_text(broken) == "The file is damaged or not in the format its name says."
    assert Passage.objects.filter(candidate=setup.firm_a).count() == 1


def test_a_file_over_the_page_limit_is_indexed_in_part(personas: Personas, settings: object) -> None:
    settings.EVIDENCE_MAX_PAGES = 2  # type: ignore[attr-defined]
    setup = portal_builders.make_portal(personas)
    submit_with_files(setup.link_a, [], {"long.pdf": demo_pdf([[f"Page {n} on spindles."] for n in range(1, 6)])})
    source = next(s for s in services.link_index(link_id=setup.link_a.pk) if s.name == "long.pdf")
    assert source.status == SourceStatus.TRUNCATED
    assert source.pages == 2
    assert set(Passage.objects.filter(source=source).values_list("page", flat=True)) == {1, 2}


def test_a_newer_submission_replaces_the_old_passages(personas: Personas) -> None:
    setup = make_evidence(personas)
    old_ids = set(Passage.objects.filter(candidate=setup.firm_a).values_list("pk", flat=True))
    portal_services.link_revoke(actor=personas.owner, link=setup.link_a)
    link, _token = portal_services.link_create(actor=personas.owner, questionnaire=setup.questionnaire,
                                               candidate=setup.firm_a)
    submit_with_files(link, ["Completely new answer on robotics."], {})
    services.link_index(link_id=link.pk)
    texts = list(Passage.objects.filter(candidate=setup.firm_a).values_list("text", flat=True))
    assert texts == ["Completely new answer on robotics."]
    assert not Passage.objects.filter(pk__in=old_ids).exists()
    # Indexing the older link again changes nothing: the latest submission wins.
    assert services.link_index(link_id=setup.link_a.pk) == []
    assert search.search(setup.firm_a.pk, ["robot"])
    assert not search.search(setup.firm_a.pk, ["spindl"])
    assert search.integrity_ok()


def test_an_unsubmitted_or_unknown_link_is_skipped(personas: Personas) -> None:
    setup = portal_builders.make_portal(personas)
    assert services.link_index(link_id=setup.link_a.pk) == []
    assert services.link_index(link_id="00000000-0000-0000-0000-000000000000") == []
    assert not EvidenceSource.objects.exists()


def test_deleting_a_candidate_takes_its_passages_out_of_the_index(personas: Personas) -> None:
    setup = make_evidence(personas)
    assert search.search(setup.firm_a.pk, ["gdpr"])
    firm_id = setup.firm_a.pk
    setup.firm_a.delete()
    assert not Passage.objects.filter(candidate_id=firm_id).exists()
    assert search.search(firm_id, ["gdpr"]) == []
    assert search.integrity_ok()


def test_the_command_reindexes_everything(personas: Personas) -> None:
    setup = make_evidence(personas, index=False)
    out = io.StringIO()
    call_command("evidence_reindex", "--rebuild", stdout=out)
    assert "Indexed 2 submissions" in out.getvalue()
    assert "index check: ok" in out.getvalue()
    assert EvidenceSource.objects.filter(candidate=setup.firm_a).count() == 3
    before = Passage.objects.count()
    call_command("evidence_reindex", stdout=io.StringIO())
    assert Passage.objects.count() == before
