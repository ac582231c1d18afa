"""``/api/v1/organisations/{organisation_id}/figures``: the guide's figures with the organisation's
own values. Members read both; owners set a value (with a reason) or reset it to the guide's."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from partnerwijzer.accounts.access import membership_for_user, not_found
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api import reference as ref
from partnerwijzer.api import schemas
from partnerwijzer.api.common import Lang, OrganisationId, caller, responses
from partnerwijzer.budget.figures import selectors, services
from partnerwijzer.knowledge.loader import reference

router = Router(tags=["budget"])

FigureKey = Path(description="A figure key, e.g. costs.roi.payback (see the list).", max_length=100)


class OwnValueOut(Schema):
    value: float | None
    low: float | None
    high: float | None
    reason: str
    updated_at: datetime


class FigureRowOut(Schema):
    key: str
    is_range: bool = Field(description="True: your value is a low-high range; false: one value.")
    guide: schemas.FigureOut = Field(description="The guide's figure, as the reference data hold it.")
    own: OwnValueOut | None = Field(description="Your organisation's value; null: the guide's applies.")
    effective: schemas.FigureOut = Field(description="What every calculation of your organisation uses.")


class OwnValueIn(Schema):
    value: float | None = Field(None, ge=0, description="For a figure the guide gives as one value.")
    low: float | None = Field(None, ge=0, description="For a figure the guide gives as a range.")
    high: float | None = Field(None, ge=0)
    reason: str = Field(min_length=1, max_length=2000, description="Why your value differs from the guide's.")


def _row(row: selectors.FigureRow, lang: str) -> FigureRowOut:
    data = reference()
    own = None
    if row.own is not None:
        own = OwnValueOut(
            value=float(row.own.value) if row.own.value is not None else None,
            low=float(row.own.low) if row.own.low is not None else None,
            high=float(row.own.high) if row.own.high is not None else None,
            reason=row.own.reason, updated_at=row.own.updated_at,
        )
    return FigureRowOut(key=row.key, is_range=row.is_range, guide=ref.figure(row.guide, lang, data), own=own,
                        effective=ref.figure(row.effective, lang, data))


@router.get("/organisations/{organisation_id}/figures", response=responses(list[FigureRowOut], 404),
            summary="The guide's figures with your own values")
def figures_list(request: HttpRequest, organisation_id: OrganisationId, lang: Lang = "nl") -> list[FigureRowOut]:
    """Every figure of the guide an organisation may replace, with its own value if it set one."""
    membership = membership_for_user(caller(request), organisation_id)
    return [_row(r, lang) for r in selectors.figure_rows(membership.organisation)]


@router.put("/organisations/{organisation_id}/figures/{key}",
            response=responses(FigureRowOut, 400, 403, 404, 422), summary="Set your own value (owners)")
def figure_set(request: HttpRequest, organisation_id: OrganisationId, payload: OwnValueIn,
               key: str = FigureKey, lang: Lang = "nl") -> FigureRowOut:
    """Give ``value`` where the guide gives one value, ``low`` and ``high`` where it gives a range,
    and the reason. 404 for an unknown key; 422 for a missing or inconsistent value (nothing stored)."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER)
    try:
        services.figure_override_set(actor=user, organisation=membership.organisation, key=key,
                                     value=payload.value, low=payload.low, high=payload.high, reason=payload.reason)
    except ValidationError as error:
        if "key" in error.message_dict:
            raise not_found() from None
        raise
    return next(_row(r, lang) for r in selectors.figure_rows(membership.organisation) if r.key == key)


@router.delete("/organisations/{organisation_id}/figures/{key}",
               response=responses(FigureRowOut, 403, 404), summary="Reset to the guide's value (owners)")
def figure_reset(request: HttpRequest, organisation_id: OrganisationId, key: str = FigureKey,
                 lang: Lang = "nl") -> FigureRowOut:
    """Remove your value; the guide's applies again. Resetting a figure without a value of yours is
    allowed and changes nothing. 404 for an unknown key."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER)
    if key not in selectors.guide_figures():
        raise not_found()
    services.figure_override_reset(actor=user, organisation=membership.organisation, key=key)
    return next(_row(r, lang) for r in selectors.figure_rows(membership.organisation) if r.key == key)
