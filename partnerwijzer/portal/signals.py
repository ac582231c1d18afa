"""Events of the portal that apps above it act on (docs/architecture.md).

``link_submitted`` is sent inside the transaction that submits a firm's answers, after its audit
event, with ``link=`` (the submitted :class:`~partnerwijzer.portal.models.PortalLink`); evidence
answers it by queueing the extraction and indexing of the answers and files once the transaction
commits.
"""

from __future__ import annotations

from django.dispatch import Signal

link_submitted = Signal()
