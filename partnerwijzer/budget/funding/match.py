"""Which funding programmes fit a company and a project, on a given day. Pure: no database, no clock.

:func:`match` takes the company's facts (country, region, staff), the project type and the day
(``today`` is always passed in, so tests can move it) and sorts every programme of
``funding.yaml`` into one of three lists:

* ``matched``: applicable now (or opening later), each with the reasons it fits;
* ``excluded``: running, but not for this company or project, each with every reason it does not fit;
* ``ended``: closed or ended programmes, or open ones past their last day. They are shown for
  information and never offered as applicable, whatever the company's facts.

Reasons are codes with parameters (:class:`Reason`); :func:`reason_text` words them in the
active language, so the API and the page say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerwijzer.knowledge.topics.funding import PROJECT_TYPES, SME_MAX_STAFF, FundingFile, Programme

DEFAULT_PROJECT_TYPE: Final = "implementation"

PROJECT_TYPE_LABELS: Final = {
    "consulting": gettext_lazy("Consulting"),
    "strategy": gettext_lazy("AI strategy"),
    "implementation": gettext_lazy("Implementation"),
    "rnd": gettext_lazy("Research and development"),
    "training": gettext_lazy("Training and AI literacy"),
    "feasibility": gettext_lazy("Feasibility study or test"),
}
if tuple(PROJECT_TYPE_LABELS) != PROJECT_TYPES:  # pragma: no cover - a label for every type of funding.yaml
    raise ImportError("PROJECT_TYPE_LABELS must follow knowledge.topics.funding.PROJECT_TYPES")

EU_COUNTRIES: Final = frozenset({"NL", "DE"})
"""The profile's countries that are EU member states (``other`` may or may not be)."""

EffectiveStatus = Literal["open", "upcoming", "window_unknown", "closed", "ended"]
NOT_APPLICABLE: Final = frozenset({"closed", "ended"})


def status_on(programme: Programme, today: dt.date) -> EffectiveStatus:
    """The programme's status on ``today``: the stored status, moved on by its dates.

    An open programme is ``ended`` the day after ``closes_on`` and ``upcoming`` before ``opens_on``.
    """
    if programme.status in ("closed", "ended"):
        return programme.status
    if programme.closes_on is not None and today > programme.closes_on:
        return "ended"
    if programme.opens_on is not None and today < programme.opens_on:
        return "upcoming"
    return programme.status


@dataclass(frozen=True, slots=True)
class Company:
    """What matching needs from the company profile."""

    country: str  # "NL", "DE" or "other"
    region: str = ""
    staff_count: int | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Match:
    programme: Programme
    status: EffectiveStatus
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class MatchResult:
    matched: tuple[Match, ...]
    excluded: tuple[Match, ...]
    ended: tuple[Match, ...]
    project_type: str
    today: dt.date

    def find(self, key: str) -> Match | None:
        for item in (*self.matched, *self.excluded, *self.ended):
            if item.programme.key == key:
                return item
        return None


def _country(programme: Programme, company: Company) -> tuple[bool, Reason]:
    if programme.country == "EU":
        if company.country in EU_COUNTRIES:
            return True, Reason("eu_country")
        return False, Reason("eu_only")
    if programme.country == company.country:
        return True, Reason("country", {"country": programme.country})
    return False, Reason("other_country", {"country": programme.country})


def _region(programme: Programme, company: Company) -> tuple[bool, Reason] | None:
    region = programme.region
    if region is None:
        return None
    if not company.region.strip():
        return False, Reason("region_unknown", {"region": region.name})
    if region.matches(company.region):
        return True, Reason("region", {"region": region.name})
    return False, Reason("other_region", {"region": region.name, "yours": company.region.strip()})


def _staff(programme: Programme, company: Company) -> tuple[bool, Reason] | None:
    low, high = programme.staff_limits
    if low is None and high is None:
        return None
    staff = company.staff_count
    params: dict[str, object] = {"min": low, "max": high, "staff": staff}
    if staff is None:
        return False, Reason("staff_unknown", params)
    fits = (low is None or staff >= low) and (high is None or staff <= high)
    code = "sme" if programme.sme_only and high == SME_MAX_STAFF else "staff"
    return fits, Reason(code if fits else f"not_{code}", params)


def _project(programme: Programme, project_type: str) -> tuple[bool, Reason]:
    if project_type in programme.project_types:
        return True, Reason("project_type", {"type": project_type})
    return False, Reason("other_project_type", {"type": project_type, "types": programme.project_types})


def match(
    catalogue: FundingFile, company: Company, *, project_type: str = DEFAULT_PROJECT_TYPE, today: dt.date
) -> MatchResult:
    """Sort the catalogue's programmes into matched, excluded and ended (see the module doc)."""
    if project_type not in PROJECT_TYPES:
        raise ValueError(f"unknown project type {project_type!r}")
    matched: list[Match] = []
    excluded: list[Match] = []
    ended: list[Match] = []
    for programme in catalogue.items:
        status = status_on(programme, today)
        if status in NOT_APPLICABLE:
            when = programme.ended_on or programme.closes_on
            ended.append(Match(programme, status, (Reason(f"status_{status}", {"date": when}),)))
            continue
        checks = [
            _country(programme, company), _region(programme, company), _staff(programme, company),
            _project(programme, project_type),
        ]
        results = [c for c in checks if c is not None]
        failed = tuple(reason for ok, reason in results if not ok)
        if failed:
            excluded.append(Match(programme, status, failed))
        else:
            matched.append(Match(programme, status, tuple(reason for _ok, reason in results)))
    return MatchResult(tuple(matched), tuple(excluded), tuple(ended), project_type, today)


# --- Wording ------------------------------------------------------------------------------------

_COUNTRY_NAMES: Final = {"DE": gettext_lazy("Germany"), "NL": gettext_lazy("the Netherlands")}


def _staff_range(params: dict[str, object]) -> str:
    low, high = params["min"], params["max"]
    if low is not None and high is not None:
        return _("%(min)s to %(max)s staff") % {"min": low, "max": high}
    if high is not None:
        return _("at most %(max)s staff") % {"max": high}
    return _("at least %(min)s staff") % {"min": low}


def project_type_label(key: str) -> str:
    return str(PROJECT_TYPE_LABELS.get(key, key))


def _country_name(p: dict[str, object]) -> str:
    return str(_COUNTRY_NAMES[str(p["country"])])


def _types(p: dict[str, object]) -> str:
    types = p["types"]
    return ", ".join(project_type_label(str(t)) for t in (types if isinstance(types, tuple) else ()))


_WORDING: Final[dict[str, Callable[[dict[str, object]], str]]] = {
    "country": lambda p: _("For companies in %(country)s.") % {"country": _country_name(p)},
    "other_country": lambda p: _("Only for companies in %(country)s.") % {"country": _country_name(p)},
    "eu_country": lambda p: _("EU-wide programme."),
    "eu_only": lambda p: _("For companies in the EU; your profile names another country, so we cannot tell."),
    "region": lambda p: _("For companies in %(region)s, like yours.") % {"region": p["region"]},
    "region_unknown": lambda p: _(
        "Only for companies in %(region)s; your profile names no province or state."
    ) % {"region": p["region"]},
    "other_region": lambda p: _("Only for companies in %(region)s; your profile says %(yours)s.") % {
        "region": p["region"], "yours": p["yours"]},
    "staff": lambda p: _("For companies with %(range)s; you have %(staff)s.") % {
        "range": _staff_range(p), "staff": p["staff"]},
    "not_staff": lambda p: _("Only for companies with %(range)s; you have %(staff)s.") % {
        "range": _staff_range(p), "staff": p["staff"]},
    "sme": lambda p: _(
        "For SMEs (fewer than 250 staff); you have %(staff)s. The EU definition also has turnover limits."
    ) % {"staff": p["staff"]},
    "not_sme": lambda p: _("Only for SMEs (fewer than 250 staff); you have %(staff)s.") % {"staff": p["staff"]},
    "staff_unknown": lambda p: _("Has a limit on the number of staff; your profile gives no number."),
    "project_type": lambda p: _("Funds this kind of project: %(type)s.") % {"type": project_type_label(str(p["type"]))},
    "other_project_type": lambda p: _("Does not fund this kind of project (%(type)s); it funds: %(types)s.") % {
        "type": project_type_label(str(p["type"])), "types": _types(p)},
    "status_ended": lambda p: _("Ended; applications are no longer possible."),
    "status_closed": lambda p: _("Closed for applications."),
}


def reason_text(reason: Reason) -> str:
    """One reason as a sentence in the active language (KeyError for an unknown code)."""
    return _WORDING[reason.code](reason.params)
