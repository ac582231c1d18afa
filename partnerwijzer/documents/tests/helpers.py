"""Shared helpers of the documents tests: a hostile hand-built document, a scored selection and
the real database-backend worker run in-process."""

from __future__ import annotations

from typing import Any

from django.utils.crypto import get_random_string

from partnerwijzer.documents import content as c
from partnerwijzer.evaluation.ranking.charts import radar_svg
from partnerwijzer.evaluation.tests.builders import Built, make_scored_selection
from tests.personas import Personas

HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
AMP = "Van Dijk & Zonen"
BELL = "Klingel\x07Ton"


def hostile_document(language: str = "nl") -> c.Document:
    svg = radar_svg(axes=["Expertise", "Data", "Price"], values=[4, 3, 5], title="Radar", desc="Radar chart",
                    series_label="Alpha")
    return c.Document(
        title=f"Offerteaanvraag {HOSTILE}",
        language=language,  # type: ignore[arg-type]
        organisation=AMP,
        subtitle=f"Onderhoud {BELL}",
        meta=(("Deadline", "15 januari 2027"), ("Contact", FORMULA)),
        blocks=(
            c.Heading("Ons bedrijf"),
            c.Paragraph(f"Wij bouwen machines. {HOSTILE} {AMP}", "lead"),
            c.Paragraph(FORMULA),
            c.BulletList(("Eerste punt", f"Tweede {BELL}"), numbered=True),
            c.BulletList(("Los punt",)),
            c.KeyValues((("Sector", "Machinebouw"), ("Medewerkers", "120"))),
            c.Table(("Criterium", "Gewicht"), (("Expertise", "50 %"), (FORMULA, "30 %")), "Criteria", (1,)),
            c.Chart(svg, "Radar van Alpha"),
            c.QuestionBlock("1.1", f"Hoe gaat u om met trainingsdata? {HOSTILE}", "Noem de cloudregio.", 3),
            c.PageBreak(),
            c.Paragraph("Einde van het document", "note"),
        ),
        filename_stem="offerteaanvraag-onderhoud",
    )


CRITERIA = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))
SCORES = [
    [[5, 4, 3], [3, 4, 4], [2, 3, 5]],
    [[4, 4, 3], [4, 4, 4], [2, 2, 4]],
]
NAMES = ("Alpha", FORMULA, f"{HOSTILE} & Co")


def scored_selection(personas: Personas, *, closed: bool = True) -> Built:
    built = make_scored_selection(
        organisation=personas.organisation, candidates=NAMES, criteria=CRITERIA, scores=SCORES,
        users=[personas.evaluator], closed=closed, title=f"Onderhoudspartner {AMP}",
    )
    from partnerwijzer.evaluation.models import Score

    score = Score.objects.get(evaluator=built.evaluators[0], candidate=built.candidates[0],
                              criterion=built.criteria[0])
    score.comment = f"{FORMULA} {BELL}"
    score.evidence = "-1+2"
    score.save()
    return built


def run_worker(**options: Any) -> None:
    """Run django-tasks-db's own worker in this process until the queue is empty.

    The same ``Worker`` that ``manage.py db_worker`` runs, in batch mode, without its signal
    handlers (they would replace the test runner's). Needs a transactional test: the worker
    takes tasks in its own transactions and closes stale connections like a real process.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=get_random_string(20), excluded_queue_names=[], **options,
    ).run()
