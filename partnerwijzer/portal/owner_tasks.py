"""Owners' open work from the portal, for the dashboard (registered in ``PortalConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import user_has_role
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.accounts.roles import Role
from partnerwijzer.journey.steps import Task
from partnerwijzer.portal.selectors import open_questions_for_owner


def firm_question_tasks(organisation: Organisation, user: Any) -> list[Task]:
    """For owners only: answer each open question a firm asked about a sent questionnaire."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if not user_has_role(user, organisation, Role.OWNER):
        return []
    return [
        Task(text=_("Answer the question of %(firm)s about “%(title)s”.") % {
                "firm": question.link.candidate.name, "title": question.questionnaire.title},
             url=reverse("portal:firm_questions", args=[question.questionnaire.selection_id,
                                                        question.questionnaire_id]) + f"#fq-{question.pk}",
             link_text=_("Answer the question"))
        for question in open_questions_for_owner(organisation)
    ]
