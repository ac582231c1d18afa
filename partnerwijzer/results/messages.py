"""The message of Results: a KPI measurement has become due (issue 13 point 4).

The outbox's periodic run (``manage.py outbox_tick``, docs/messages.md) calls
:func:`measurements_due_check` with today's date (registered in ``ResultsConfig.ready``). Each
KPI with a named measurer whose next measurement is due today or earlier gets one message in the
measurer's language, queued through ``outbox.services.queue_message`` with the key
``results.kpi_due:<kpi>:<due date>``: a second run the same day, or the next day while the
measurement is still open, sends nothing again; the measurement after it makes a new due date and
so a new message. A reminder, not essential: a measurer who turned reminders off gets none.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from partnerwijzer import formatting
from partnerwijzer.outbox.compose import compose, recipient_language
from partnerwijzer.outbox.selectors import already_queued
from partnerwijzer.outbox.services import queue_message
from partnerwijzer.results import selectors
from partnerwijzer.results.models import KpiPlan, Project


def due_key(kpi_id: object, due: dt.date) -> str:
    return f"results.kpi_due:{kpi_id}:{due.isoformat()}"


def measurements_due_check(today: dt.date) -> int:
    """Queue "KPI measurement due" to the measurer of every KPI whose measurement has become due
    (the frequency's days after the last one, or after the project's start); returns how many
    were queued now."""
    queued = 0
    plans = (KpiPlan.objects.filter(measurer__isnull=False, kpi__use_case__project__isnull=False)
             .select_related("kpi__use_case__organisation", "measurer"))
    for plan in plans:
        kpi, user = plan.kpi, plan.measurer
        if user is None:  # excluded by the query; for the type checker
            continue
        project = Project.objects.select_related("use_case").get(use_case=kpi.use_case_id)
        due = selectors.next_due(kpi, list(kpi.measurements.order_by("measured_on", "pk")), plan, project.start_date)
        key = due_key(kpi.pk, due)
        if due > today or already_queued(key):
            continue
        organisation = kpi.use_case.organisation
        language = recipient_language(user, organisation)
        with override(language):
            values = {"kpi": kpi.name, "title": kpi.use_case.title, "date": formatting.long_date(due)}
            subject = _("KPI measurement due: “%(kpi)s” of “%(title)s”") % values
            text = _("The measurement of “%(kpi)s” for “%(title)s” was due on %(date)s. Please enter it, or "
                     "upload several at once.") % values
            path = reverse("results:measurement_create", kwargs={"project_id": project.pk}) + f"?kpi={kpi.pk}"
            body = compose([_("Hello %(name)s,") % {"name": user.display_name}, text],
                           link=(_("Enter the measurement"), path))
        queue_message(
            organisation=organisation, to_email=user.email, language=language, subject=subject,
            body_text=body.text, body_html=body.html, idempotency_key=key, essential=False, to_user=user,
        )
        queued += 1
    return queued
