"""Background tasks of the documents app (Django's task framework, database backend).

The web process only enqueues (``services.request_document``, after the job's transaction
commits); a worker (``python manage.py db_worker``, started by ``make run``) takes the task and
runs :func:`partnerwijzer.documents.services.run_job`, which does the work and records progress
on the :class:`~partnerwijzer.documents.models.DocumentJob`.
"""

from __future__ import annotations

from django.tasks import task


@task()
def generate_document(job_id: str) -> None:
    """Generate the file of one document job (see ``services.run_job``)."""
    from partnerwijzer.documents.services import run_job

    run_job(job_id)
