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

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerwijzer.formatting import long_date
from partnerwijzer.knowledge.topics.funding import (
    PROJECT_TYPES,
    SME_MAX_STAFF,
    FundingFile,
    NextWindow,
    Programme,
    Window,
    format_partial_date,
)

DEFAULT_PROJECT_TYPE: Final = "implementation"
"""Only the fallback of :func:`match`; pages and the API start from :func:`project_type_for_stage`."""


def project_type_for_stage(*, model_chosen: bool) -> str:
    """The kind of project that fits where the use case stands: before the company has chosen how
    to implement it, it needs advice (``consulting``); once it has, the first project with a partner
    is a pilot that tests the idea (``feasibility``). Implementation funding comes after a pilot;
    the user can always choose another kind."""
    return "feasibility" if model_chosen else "consulting"

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


@dataclass(frozen=True, slots=True)
class WindowState:
    """Where ``today`` falls among a programme's application windows (all None without windows)."""

    current: Window | None
    """The window open today."""
    coming: Window | None
    """The next dated window that opens after today."""
    last_closed: Window | None
    """The most recent window that closed before today."""


def windows_on(programme: Programme, today: dt.date) -> WindowState:
    current = next((w for w in programme.windows
                    if (w.opens_on is None or w.opens_on <= today) and today <= w.closes_on), None)
    coming = next((w for w in programme.windows if w.opens_on is not None and w.opens_on > today), None)
    past = [w for w in programme.windows if w.closes_on < today]
    return WindowState(current, coming, past[-1] if past else None)


def status_on(programme: Programme, today: dt.date) -> EffectiveStatus:
    """The programme's status on ``today``: the stored status, moved on by its dates.

    An open programme is ``ended`` the day after ``closes_on`` (``closed`` when a source announces a
    next window) and ``upcoming`` before ``opens_on``. With dated application windows it is ``open``
    during one, ``upcoming`` before the next and ``closed`` once the last has passed.
    """
    if programme.status in ("closed", "ended"):
        return programme.status
    if programme.closes_on is not None and today > programme.closes_on:
        return "closed" if programme.next_window is not None else "ended"
    if programme.opens_on is not None and today < programme.opens_on:
        return "upcoming"
    if programme.windows:
        return _window_status(windows_on(programme, today))
    return programme.status


def _window_status(state: WindowState) -> EffectiveStatus:
    if state.current is not None:
        return "open"
    return "upcoming" if state.coming is not None else "closed"


def after_closing(programme: Programme, today: dt.date) -> tuple[Reason, ...]:
    """For a programme that is not open on ``today``: when its last window closed and what comes
    next (the announced window, or that none is announced). Empty for a programme that ended for
    good (stored ``ended``, no next window) and for open ones."""
    status = status_on(programme, today)
    if status not in NOT_APPLICABLE and status != "upcoming":
        return ()
    reasons: list[Reason] = []
    state = windows_on(programme, today)
    if state.last_closed is not None and status != "upcoming":
        reasons.append(Reason("window_closed", {"window": state.last_closed}))
    if status == "upcoming":
        window = state.coming
        if window is not None and window.opens_on is not None:
            reasons.append(Reason("window_coming", {"window": window}))
        return tuple(reasons)
    if programme.next_window is not None:
        reasons.append(Reason("next_window", {"next": programme.next_window}))
    elif programme.status != "ended":
        reasons.append(Reason("next_window_unknown"))
    return tuple(reasons)


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
            when = programme.ended_on or programme.last_day
            ended.append(Match(programme, status, (
                Reason(f"status_{status}", {"date": when}), *after_closing(programme, today))))
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
    def own_country_first(item: Match) -> int:
        country = item.programme.country
        return 0 if country == company.country else 1 if country == "EU" else 2

    return MatchResult(
        tuple(sorted(matched, key=own_country_first)), tuple(sorted(excluded, key=own_country_first)),
        tuple(sorted(ended, key=own_country_first)), project_type, today,
    )


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
    "window_closed": lambda p: _("The last window we know of (%(window)s) closed on %(date)s.") % {
        "window": _window_label(p["window"]), "date": long_date(_window(p["window"]).closes_on)},
    "window_coming": lambda p: _("The next window (%(window)s) opens on %(date)s.") % {
        "window": _window_label(p["window"]),
        "date": long_date(_window(p["window"]).opens_on or _window(p["window"]).closes_on)},
    "next_window": lambda p: _("Next window expected: %(when)s. %(note)s") % {
        "when": format_partial_date(_next(p["next"]).expected, translation.get_language()),
        "note": _next(p["next"]).note.get(translation.get_language())},
    "next_window_unknown": lambda p: _("Next window not yet announced."),
}


def _window(value: object) -> Window:
    if not isinstance(value, Window):  # pragma: no cover - the matcher only passes windows
        raise TypeError(value)
    return value


def _window_label(value: object) -> str:
    return _window(value).label.get(translation.get_language())


def _next(value: object) -> NextWindow:
    if not isinstance(value, NextWindow):  # pragma: no cover - the matcher only passes next windows
        raise TypeError(value)
    return value


def summary_text(reasons: tuple[Reason, ...]) -> str:
    """One line for a programme that does not fit: the first reason (country before region, staff
    and kind of project), and how many more there are."""
    if not reasons:
        return ""
    first = reason_text(reasons[0])
    if len(reasons) == 1:
        return first
    return ngettext("%(reason)s (and %(count)s more reason)", "%(reason)s (and %(count)s more reasons)",
                    len(reasons) - 1) % {"reason": first, "count": len(reasons) - 1}


def reason_text(reason: Reason) -> str:
    """One reason as a sentence in the active language (KeyError for an unknown code)."""
    return _WORDING[reason.code](reason.params)
