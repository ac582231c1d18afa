from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "partnerwijzer.evidence"
    label = "evidence"
    verbose_name = _("Evidence per criterion")

    def ready(self) -> None:
        # A firm's submission (portal, below) is read and indexed in the background.
        from partnerwijzer.portal.signals import link_submitted

        link_submitted.connect(_queue_indexing, dispatch_uid="evidence.index_on_submit")

        # The score form (evaluation, below) shows each criterion's passages and a search.
        from partnerwijzer.evaluation.providers import register_evidence
        from partnerwijzer.evidence.selectors import criterion_evidence, search_candidate

        register_evidence(criterion_evidence, search_candidate)


def _queue_indexing(sender: object, *, link: Any, **kwargs: object) -> None:
    """Enqueue the indexing once the submission's transaction commits (never inside it)."""
    from django.db import transaction

    from partnerwijzer.evidence.services import enqueue

    link_id = str(link.pk)
    transaction.on_commit(lambda: enqueue(link_id))
