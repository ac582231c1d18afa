"""Funding windows against today's date (issue 14, point 11): a window that has passed shows as
closed with the next expected one where a source names it, or "next window not yet announced".

Today is set in one place (``settings.PARTNERWIJZER_TODAY``, read by ``partnerwijzer.clock``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer import clock
from partnerwijzer.budget.funding import match as funding_match
from partnerwijzer.knowledge.topics import funding as funding_data
from partnerwijzer.knowledge.topics.funding import Programme
from partnerwijzer.planning.models import CompanyProfile
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas


def _programme(**fields: Any) -> Programme:
    base = funding_data.load().programme("nl-mit").model_dump()
    base.update({"key": "test-programme", "status": "window_unknown", "closes_on": None, "opens_on": None,
                 "ended_on": None, "windows": (), "next_window": None, **fields})
    return Programme.model_validate(base)


WINDOWS = [
    {"label": {"nl": "Ronde 1", "en": "Round 1", "de": "Runde 1"}, "opens_on": "2026-03-02",
     "closes_on": "2026-04-30", "source": "rvo-mit"},
    {"label": {"nl": "Ronde 2", "en": "Round 2", "de": "Runde 2"}, "opens_on": "2026-09-01",
     "closes_on": "2026-10-15", "source": "rvo-mit"},
]
NEXT = {"expected": "2027-03", "note": {"nl": "Aangekondigd.", "en": "Announced.", "de": "Angekündigt."},
        "source": "rvo-mit"}


@pytest.mark.parametrize(
    ("today", "status"),
    [("2026-02-01", "upcoming"), ("2026-03-02", "open"), ("2026-04-30", "open"), ("2026-05-01", "upcoming"),
     ("2026-10-15", "open"), ("2026-10-16", "closed"), ("2027-06-01", "closed")],
)
def test_status_follows_the_windows(today: str, status: str) -> None:
    programme = _programme(windows=WINDOWS)
    assert funding_match.status_on(programme, dt.date.fromisoformat(today)) == status


def test_closed_window_names_the_next_expected_one() -> None:
    programme = _programme(windows=WINDOWS, next_window=NEXT)
    with translation.override("en"):
        texts = [funding_match.reason_text(r) for r in funding_match.after_closing(programme, dt.date(2026, 12, 7))]
    assert texts == ["The last window we know of (Round 2) closed on 15 October 2026.",
                     "Next window expected: March 2027. Announced."]


def test_closed_window_without_a_known_next_one_says_so() -> None:
    programme = _programme(windows=WINDOWS)
    with translation.override("nl"):
        texts = [funding_match.reason_text(r) for r in funding_match.after_closing(programme, dt.date(2026, 12, 7))]
    assert texts[-1] == "Volgende aanvraagperiode nog niet aangekondigd."
    assert "15 oktober 2026" in texts[0]


def test_open_and_ended_for_good_programmes_say_nothing_about_a_next_window() -> None:
    assert funding_match.after_closing(_programme(windows=WINDOWS), dt.date(2026, 3, 10)) == ()
    ended = _programme(status="ended", ended_on="2023-12-31")
    assert funding_match.after_closing(ended, dt.date(2026, 12, 7)) == ()


def test_next_window_must_come_after_the_last_one() -> None:
    with pytest.raises(ValueError, match="must come after the last window"):
        _programme(windows=WINDOWS, next_window={**NEXT, "expected": "2026-09"})
    with pytest.raises(ValueError, match="oldest first"):
        _programme(windows=list(reversed(WINDOWS)))


@pytest.mark.parametrize(
    ("key", "today", "status", "last_line"),
    [
        # The MIT AI round we know of closed in 2024; no next round is announced in our sources.
        ("nl-mit-ai", "2026-12-07", "closed", "Next window not yet announced."),
        # The current Mittelstand-Digital centres run until December 2026; a successor is announced.
        ("de-mittelstand-digital-zentren", "2026-12-07", "open", None),
        ("de-mittelstand-digital-zentren", "2027-01-04", "closed", "Next window expected: 2027."),
        # BAFA consulting support ends on 31 December 2026 and no successor is known.
        ("de-bafa-beratung", "2027-01-04", "ended", "Next window not yet announced."),
    ],
)
def test_catalogue_windows_on_a_given_day(key: str, today: str, status: str, last_line: str | None) -> None:
    programme = funding_data.load().programme(key)
    day = dt.date.fromisoformat(today)
    assert funding_match.status_on(programme, day) == status
    with translation.override("en"):
        texts = [funding_match.reason_text(r) for r in funding_match.after_closing(programme, day)]
    if last_line is None:
        assert texts == []
    else:
        assert texts[-1].startswith(last_line)


def test_today_comes_from_one_setting(settings: Any) -> None:
    settings.PARTNERWIJZER_TODAY = "2027-01-04"
    assert clock.today() == dt.date(2027, 1, 4)
    settings.PARTNERWIJZER_TODAY = None
    assert clock.today() != dt.date(2027, 1, 4) or dt.date.today() == dt.date(2027, 1, 4)


def test_page_shows_closed_with_the_next_window(personas: Personas, settings: Any) -> None:
    settings.PARTNERWIJZER_TODAY = "2027-01-04"
    CompanyProfile.objects.create(organisation=personas.organisation, country="DE", region="Bayern", staff_count=40)
    personas.speak("en")
    url = reverse("budget:funding", kwargs={"use_case_id": use_case_for(personas).pk}) + "?project=training"
    response = personas.client("owner").get(url)
    assert response.status_code == 200
    ended = {row.programme.key: row for row in response.context["ended"]}
    assert "de-mittelstand-digital-zentren" in ended
    assert "de-mittelstand-digital-zentren" not in {row.programme.key for row in response.context["matched"]}
    html = response.content.decode()
    assert "Next window expected: 2027." in html
    assert "Next window not yet announced." in html  # BAFA consulting support, ended 31 December 2026


def test_api_catalogue_gives_windows_and_the_next_one(personas: Personas, settings: Any) -> None:
    settings.PARTNERWIJZER_TODAY = "2027-01-04"
    body = personas.client("outsider").get("/api/v1/reference/funding?lang=de").json()
    items = {item["key"]: item for item in body["items"]}
    centres = items["de-mittelstand-digital-zentren"]
    assert centres["status_today"] == "closed"
    assert centres["next_window"]["expected"] == "2027"
    assert centres["after_closing"] == [(
        "Nächstes Antragsfenster erwartet: 2027. Ein Nachfolgenetzwerk für 2027-2030 ist angekündigt "
        "(eine einzige Sekundärquelle, nicht geprüft)."
    )]
    ai = items["nl-mit-ai"]
    assert ai["windows"] == [{"label": "KI-Runde 2024", "opens_on": "2024-03-19", "closes_on": "2024-05-07",
                              "source": {"key": "rvo-mit-ai", "title": ai["windows"][0]["source"]["title"]}}]
    assert ai["status_today"] == "closed"
    assert ai["after_closing"][-1] == "Nächstes Antragsfenster noch nicht angekündigt."
    assert items["de-forschungszulage"]["after_closing"] == []
