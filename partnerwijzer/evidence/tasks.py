"""Background task of the evidence app (Django's task framework, database backend).

A firm's submission enqueues :func:`index_link` once its transaction commits (the portal's
``link_submitted`` signal, connected in ``EvidenceConfig.ready``); the worker (``manage.py
db_worker``, started by ``make run``) reads the answers and files and indexes them.
"""

from __future__ import annotations

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def index_link(link_id: str) -> None:
    """Read and index one submitted portal link (see ``services.link_index``)."""
    from partnerwijzer.evidence.services import link_index

    try:
        link_index(link_id=link_id)
    except Exception:
        # Each file's failure is recorded by link_index; this is for the unforeseen, which the
        # task result records too. The worker goes on with the next task either way.
        logger.exception("Evidence: indexing portal link %s failed", link_id)
        raise
