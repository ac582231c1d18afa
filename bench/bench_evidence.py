"""Evidence benchmark (issue 16, item 6): indexing firms' files, and the score form's passages.

Run: ``.venv/bin/python bench/bench_evidence.py [--rounds N]`` (``make bench`` runs it).

Builds, in a throwaway SQLite database and files folder, a Dutch organisation with one selection
of 9 criteria (the 8 reference criteria and one of the owner's own) and 8 candidate firms that
each submitted an RFI of 9 answers through the portal, with 50 documents of 20 pages between
them (30 PDF, 10 DOCX with 20 pages, 10 XLSX with 20 sheets), each about 3 paragraphs a page of
Dutch text drawn from a pool of sentences (fixed seed). Then measures:

(a) indexing: reading and indexing every submission (``services.link_index``, what the worker
    runs after a firm submits), once, in seconds, per document and per page;
(b) the score form's passages: ``criterion_evidence`` (the best 3 passages per criterion) for all
    8 firms x 9 criteria, median of ``--rounds`` rounds after a warm-up; goal under 300 ms; and,
    for information, one firm's whole score page through the Django test client.

Prints PASS/MISS with the ratio to the goal and the load average; exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from _django import setup_django  # bench/, the script's own folder
from _goals import goal_line  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRMS = 8
DOCUMENTS = 50
PAGES = 20
FORM_GOAL_MS = 300.0
INDEX_GOAL_S = 60.0

SENTENCES = [
    "We hebben sinds 2016 twaalf projecten gedaan voor machinebouwers en toeleveranciers in de metaal.",
    "Storingen aan spindels en lagers voorspellen we uit trillingsdata en temperatuur.",
    "Onze data-engineers koppelen het model aan uw ERP en uw CMMS via een standaardkoppeling.",
    "We vergelijken een eigen model op uw servers met twee oplossingen in een Europese cloud.",
    "We hebben geen partnerstatus of financiële banden met leveranciers van AI-platforms.",
    "Strategie, ontwerp, bouw en implementatie doen we met een vast team van eigen mensen.",
    "Support en onderhoud na de ingebruikname leveren we met een reactietijd van één werkdag.",
    "Monteurs en planners krijgen een training per gebruikersgroep op de werkvloer.",
    "Interne ambassadeurs houden de kennis vast als ons team vertrekt.",
    "Medewerkers met zorgen over hun baan betrekken we vanaf de eerste week bij het ontwerp.",
    "Uw gegevens blijven in een datacenter in Nederland en gaan niet buiten de EU.",
    "We sluiten een verwerkersovereenkomst en voeren samen met uw functionaris een DPIA uit.",
    "Volgens de AI-verordening is voorspellend onderhoud aan machines geen hoog-risicotoepassing.",
    "Bij een verpakkingsmachinebouwer daalde de ongeplande stilstand met 40 procent.",
    "U mag drie referentieklanten zelf bellen, zonder dat wij erbij zijn.",
    "In één project zaten de sensoren verkeerd; we hebben ze op eigen kosten verplaatst.",
    "We werken in rondes van twee weken en laten na elke ronde zien wat werkt.",
    "Kritiek en wijzigingen halverwege bespreken we in gewone taal, zonder jargon.",
    "De offerte splitst de kosten uit per fase, met een go/no-go-besluit na de analyse.",
    "Lopende kosten voor beheer, hertraining en cloudgebruik staan apart in de offerte.",
    "De productielijn draait in drie ploegen en stopt alleen voor gepland onderhoud.",
    "Het onderhoudslog bevat vijf jaar aan storingsmeldingen met oorzaak en duur.",
    "De planning van het onderhoud moet wijken voor leverdata van klanten.",
    "Een dashboard toont per machine de kans op een storing in de komende week.",
]


def _pages(rng: random.Random) -> list[list[str]]:
    return [[" ".join(rng.sample(SENTENCES, 4)) for _ in range(3)] for _page in range(PAGES)]


def _document(index: int, rng: random.Random) -> tuple[str, bytes]:
    from partnerwijzer.demo import demo_docx, demo_pdf

    pages = _pages(rng)
    if index % 5 in (0, 1, 2):
        return f"Offerte deel {index}.pdf", demo_pdf(pages)
    if index % 5 == 3:
        return f"Plan van aanpak {index}.docx", demo_docx(pages)
    import openpyxl

    workbook = openpyxl.Workbook()
    for default in list(workbook.worksheets):  # the empty sheet a new workbook has
        workbook.remove(default)
    for number, paragraphs in enumerate(pages, start=1):
        sheet = workbook.create_sheet(f"Blad {number}")
        sheet.append(["Onderdeel", "Toelichting", "Bedrag"])
        for paragraph in paragraphs:
            sheet.append([paragraph.split(" ")[0], paragraph, rng.randint(1_000, 90_000)])
    out = io.BytesIO()
    workbook.save(out)
    return f"Kostenoverzicht {index}.xlsx", out.getvalue()


def _build() -> tuple[Any, Any, list[Any], list[Any]]:
    from django.utils import timezone

    from partnerwijzer.accounts.models import Membership, Organisation, User
    from partnerwijzer.evaluation.models import Criterion, Evaluator
    from partnerwijzer.evaluation.scoring.services import criteria_initialise
    from partnerwijzer.portal import services as portal
    from partnerwijzer.questionnaires.models import Question, Questionnaire
    from partnerwijzer.sourcing.models import Candidate, Selection

    rng = random.Random(16)
    org = Organisation.objects.create(name="Van Dijk Machinebouw", language="nl")
    owner = User.objects.create_user(email="owner@example.com", password=None, full_name="Owner")
    Membership.objects.create(user=owner, organisation=org, role="owner")
    selection = Selection.objects.create(organisation=org, title="Voorspellend onderhoud", created_by=owner)
    criteria_initialise(selection=selection)
    Criterion.objects.create(selection=selection, custom_name="Aanwezigheid in de regio",
                             custom_description="Kan de partner binnen een uur op de werkvloer zijn?", position=8)
    criteria = list(Criterion.objects.filter(selection=selection).order_by("position", "id"))
    Evaluator.objects.create(selection=selection, user=owner, added_by=owner)
    questionnaire = Questionnaire.objects.create(
        selection=selection, kind="rfi", title="RFI voorspellend onderhoud", status="sent", created_by=owner,
        deadline=timezone.now() + timedelta(days=14), contact_name="Owner", contact_email="o@example.com")
    for position, criterion in enumerate(criteria):
        Question.objects.create(questionnaire=questionnaire, criterion=criterion, position=position,
                                text=f"Vraag over {criterion.custom_name or criterion.reference_key}")
    firms, links = [], []
    documents = iter(range(DOCUMENTS))
    for number in range(FIRMS):
        firm = Candidate.objects.create(selection=selection, name=f"Firma {number + 1}")
        link, _token = portal.link_create(actor=owner, questionnaire=questionnaire, candidate=firm)
        portal.answers_save(link=link, texts={str(q.pk): " ".join(rng.sample(SENTENCES, 5))
                                              for q in questionnaire.questions.all()})
        share = DOCUMENTS // FIRMS + (1 if number < DOCUMENTS % FIRMS else 0)
        for _ in range(share):
            name, data = _document(next(documents), rng)
            portal.upload_add(link=link, stream=io.BytesIO(data), filename=name)
        portal.submit(link=link)
        firms.append(firm)
        links.append(link)
    return owner, selection, firms, links


def _index(links: list[Any]) -> tuple[bool, str]:
    from partnerwijzer.evidence.models import EvidenceSource, Passage
    from partnerwijzer.evidence.services import link_index

    t0 = time.perf_counter()
    for link in links:
        link_index(link_id=link.pk)  # as the worker does: each submission on its own
    seconds = time.perf_counter() - t0
    documents = EvidenceSource.objects.filter(kind="document")
    pages = sum(documents.values_list("pages", flat=True))
    print(f"(a) Indexing {documents.count()} documents ({pages} pages) and {len(links)} answer sets: "
          f"{seconds:.1f} s, {1000 * seconds / max(documents.count(), 1):.0f} ms a document, "
          f"{1000 * seconds / max(pages, 1):.1f} ms a page; {Passage.objects.count()} passages; "
          f"failed: {documents.filter(status='failed').count()}, cut: {documents.filter(status='truncated').count()}")
    return goal_line(f"indexing {DOCUMENTS} documents of {PAGES} pages", seconds, INDEX_GOAL_S, " s")


def _form(owner: Any, selection: Any, firms: list[Any], rounds: int) -> tuple[bool, str]:
    from django.test import Client
    from django.urls import reverse

    from partnerwijzer.evaluation.models import Criterion
    from partnerwijzer.evidence.selectors import criterion_evidence

    criteria = list(Criterion.objects.filter(selection=selection).order_by("position", "id"))

    def all_forms() -> int:
        return sum(len(hits) for firm in firms
                   for hits in criterion_evidence(firm, criteria, "nl").by_criterion.values())

    shown = all_forms()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        all_forms()
        times.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(times)
    print(f"\n(b) Passages for {len(firms)} firms x {len(criteria)} criteria ({shown} shown): median {median:.1f} ms, "
          f"max {max(times):.1f} ms over {rounds} rounds")
    from partnerwijzer.evaluation.conflicts.services import conflict_declare
    from partnerwijzer.evaluation.models import Evaluator

    seat = Evaluator.objects.get(selection=selection, user=owner)
    conflict_declare(actor=owner, evaluator=seat, candidate=firms[0], relationship="none")  # before scoring it
    client = Client()
    client.force_login(owner)
    url = reverse("evaluation:score_candidate", args=[selection.pk, firms[0].pk])
    assert client.get(url).status_code == 200
    page = []
    for _ in range(max(3, rounds // 2)):
        t0 = time.perf_counter()
        client.get(url)
        page.append((time.perf_counter() - t0) * 1000)
    print(f"    one firm's whole score page (test client): median {statistics.median(page):.1f} ms")
    return goal_line(f"score form passages, {len(firms)} firms x {len(criteria)} criteria, median", median,
                     FORM_GOAL_MS, " ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pw-bench-evidence-") as var_dir:
        setup_django(var_dir, PARTNERWIJZER_FILES_DIR=str(Path(var_dir) / "files"))
        owner, selection, firms, links = _build()
        results = [_index(links), _form(owner, selection, firms, args.rounds)]
    for _met, line in results:
        print(line)
    return 0 if all(met for met, _line in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
