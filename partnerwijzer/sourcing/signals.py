"""Events of the sourcing app that apps above it act on (docs/architecture.md).

``selection_created`` is sent inside the transaction that creates a selection, before its audit
event, with ``selection=``; evaluation answers it by giving the selection its default criteria.
"""

from __future__ import annotations

from django.dispatch import Signal

selection_created = Signal()
