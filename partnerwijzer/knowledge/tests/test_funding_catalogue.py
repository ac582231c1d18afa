"""funding.yaml: the 13 programmes of the research table plus the three of the December 2026
fact check (issue 14), their provenance, and the schema's date and consistency checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.topics import funding
from partnerwijzer.knowledge.topics.funding import FundingFile, Programme, format_partial_date

KEYS = (
    "de-digital-jetzt", "de-go-digital", "de-bafa-beratung", "de-zim", "de-by-digitalbonus",
    "de-nrw-mid-digitalisierung", "de-nrw-mid-analyse-innovation", "de-mittelstand-digital-zentren",
    "nl-mit", "nl-wbso", "nl-innovatiekrediet", "nl-slim", "de-forschungszulage", "de-go-inno", "nl-mit-ai",
    "eu-edih",
)
NOT_VERIFIED = {
    # NV in the research table, or an undated source
    "de-digital-jetzt", "de-zim", "de-by-digitalbonus", "de-nrw-mid-digitalisierung",
    "de-mittelstand-digital-zentren", "nl-mit", "nl-innovatiekrediet", "nl-slim",
    # checked 2026-12-07 and still not confirmable against the programme owner
    "nl-wbso", "de-go-inno", "nl-mit-ai",
}


def test_the_sixteen_programmes_in_three_languages() -> None:
    data = funding.load()
    assert data.keys == KEYS
    for item in data.items:
        for text in (item.name, item.funds, item.for_whom):
            assert all(text.get(lang) for lang in ("nl", "en", "de")), item.key


def test_every_programme_has_a_known_source_and_a_verified_date() -> None:
    sources = {s.key for s in reference().sources}
    released = funding.load().version.split(".")[0]
    for item in funding.load().items:
        assert item.source in sources, item.key
        assert item.verified_on, item.key
        assert item.verified_on <= released, item.key
        for figure in item.all_figures:
            assert figure.source in sources, (item.key, figure.label.en)
            assert figure.as_of


def test_not_verified_flags_follow_the_table() -> None:
    flagged = {item.key for item in funding.load().items if item.not_verified}
    assert flagged == NOT_VERIFIED
    for item in funding.load().items:
        if item.not_verified:
            assert item.not_verified_note is not None
            assert item.not_verified_note.en


def test_ended_and_closed_programmes_carry_their_end_date() -> None:
    items = funding.load().items
    ends = {item.key: (item.status, item.ended_on) for item in items if item.status in ("ended", "closed")}
    assert ends == {
        "de-digital-jetzt": ("ended", dt.date(2023, 12, 31)),
        "de-go-digital": ("ended", dt.date(2024, 12, 31)),
        "de-nrw-mid-analyse-innovation": ("closed", dt.date(2025, 7, 1)),
    }


@pytest.mark.parametrize(
    ("key", "rate", "cap"),
    [
        ("de-digital-jetzt", (40, 70), 50000),
        ("de-go-digital", 50, 30),
        ("de-bafa-beratung", 50, 3500),
        ("de-zim", (25, 45), 690000),
        ("de-by-digitalbonus", 50, 7500),
        ("de-nrw-mid-digitalisierung", 50, 15000),
        ("nl-mit", 40, 20000),
        ("nl-wbso", 36, None),
        ("nl-innovatiekrediet", (25, 45), None),
        ("nl-slim", 60, 25000),
        ("de-nrw-mid-analyse-innovation", None, None),
        ("de-mittelstand-digital-zentren", None, None),
        ("eu-edih", None, None),
        ("de-forschungszulage", 25, 12000000),
        ("de-go-inno", 50, None),
        ("nl-mit-ai", 35, 350000),
    ],
)
def test_rates_and_caps_are_the_tables_and_only_where_it_gives_one(key: str, rate: Any, cap: Any) -> None:
    item = funding.load().programme(key)
    found_rate = None if item.rate is None else (item.rate.value if item.rate.value is not None
                                                 else (item.rate.low, item.rate.high))
    assert found_rate == rate
    assert (item.cap.value if item.cap else None) == cap
    if item.rate is None or item.cap is None:
        assert item.amount_note is not None or item.not_verified, "a missing figure is explained"


def test_staff_limits_and_regions() -> None:
    data = funding.load()
    assert data.programme("de-by-digitalbonus").staff_limits == (None, 49)
    assert data.programme("de-digital-jetzt").staff_limits == (3, 499)
    assert data.programme("de-bafa-beratung").staff_limits == (None, 249)  # SME
    assert data.programme("nl-wbso").staff_limits == (None, None)
    assert data.programme("de-by-digitalbonus").region.name == "Bayern"  # type: ignore[union-attr]
    assert data.programme("de-nrw-mid-digitalisierung").region.name == "Nordrhein-Westfalen"  # type: ignore[union-attr]


def _programme(**changes: Any) -> dict[str, Any]:
    text = {"nl": "x", "en": "x", "de": "x"}
    base: dict[str, Any] = {
        "key": "test", "name": text, "country": "DE", "kind": "grant", "funds": text, "for_whom": text,
        "project_types": ["consulting"], "amount_note": text, "status": "open", "verified_on": "2025",
        "verify_by": "2026-06-30", "source": "guide-2025",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "ended"}, "needs ended_on"),
        ({"status": "closed"}, "needs ended_on"),
        ({"status": "ended", "ended_on": "2024-12-31", "closes_on": "2024-12-31"}, "not closes_on"),
        ({"ended_on": "2024-12-31"}, "has no ended_on"),
        ({"opens_on": "2026-01-01", "closes_on": "2025-12-31"}, "must be before closes_on"),
        ({"status": "ended", "opens_on": "2026-01-01", "ended_on": "2025-12-31"}, "must not be after ended_on"),
        ({"min_staff": 50, "max_staff": 10}, "must not be greater than max_staff"),
        ({"sme_only": True, "max_staff": 499}, "an SME has at most 249"),
        ({"not_verified": True}, "go together"),
        ({"amount_note": None}, "give a rate"),
        ({"country": "EU", "region": {"name": "Bayern"}}, "no region"),
        ({"project_types": ["consulting", "consulting"]}, "twice"),
        ({"project_types": ["marketing"]}, "project_types"),
        ({"verified_on": "last year"}, "verified_on"),
        ({"free_of_charge": True, "rate": {"value": 50, "unit": "percent", "label": {"nl": "x", "en": "x", "de": "x"},
                                            "source": "guide-2025", "as_of": "2025"}},
         "free_of_charge programme has no rate"),
    ],
)
def test_the_schema_refuses_inconsistent_programmes(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Programme.model_validate(_programme(**changes))


def test_the_free_services_are_marked_free_of_charge() -> None:
    free = {item.key for item in funding.load().items if item.free_of_charge}
    assert free == {"eu-edih", "de-mittelstand-digital-zentren"}
    for key in free:
        item = funding.load().programme(key)
        assert item.kind == "free_service"
        assert item.rate is None
        assert item.cap is None


def test_a_valid_programme_passes() -> None:
    item = Programme.model_validate(_programme(status="ended", ended_on="2024-12-31", verified_on=2024))
    assert item.verified_on == "2024"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"verified_on": "2026-12"}, "after the file's date"),
        ({"status": "ended", "ended_on": "2027-01-31"}, "a programme that ends later is open with closes_on"),
    ],
)
def test_dates_must_not_lie_after_the_files_own_date(changes: dict[str, Any], message: str) -> None:
    text = {"nl": "x", "en": "x", "de": "x"}
    with pytest.raises(ValidationError, match=message):
        FundingFile.model_validate({"version": "2026-11-27.1", "note": text, "items": [_programme(**changes)]})


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [("2025", "en", "2025"), ("2025-10", "en", "October 2025"), ("2025-10", "de", "Oktober 2025"),
     ("2025-09-16", "en", "16 September 2025"), ("2025-09-16", "nl", "16 september 2025")],
)
def test_partial_dates_read_as_precisely_as_given(value: str, lang: str, expected: str) -> None:
    assert format_partial_date(value, lang) == expected


def test_summary() -> None:
    assert funding.summary(funding.load()).startswith("funding.yaml: 16 programmes (3 ended or closed")


# --- Issue 14, points 7-12 -----------------------------------------------------------------------


def _figure(key: str, label_part: str) -> Any:
    return next(f for f in funding.load().programme(key).all_figures if label_part in f.label.en)


def test_wbso_2026_first_bracket_is_the_indexed_amount() -> None:
    assert _figure("nl-wbso", "First bracket").value == 391020


def test_zim_2025_caps() -> None:
    zim = funding.load().programme("de-zim")
    assert zim.cap is not None
    assert zim.cap.value == 690000
    assert _figure("de-zim", "per company").value == 560000
    assert _figure("de-zim", "per research institution").value == 280000
    assert _figure("de-zim", "in total").value == 3000000
    assert "fewer than 1,000 staff" in zim.for_whom.en


def test_digitalbonus_caps_and_the_guideline_they_belong_to() -> None:
    bonus = funding.load().programme("de-by-digitalbonus")
    assert bonus.cap is not None
    assert bonus.cap.value == 7500
    assert _figure("de-by-digitalbonus", "Plus").value == 30000
    assert "freelance professions are excluded" in bonus.for_whom.en
    note = bonus.not_verified_note
    assert note is not None
    assert "older 2024 guideline" not in note.en
    assert "belonged to the guideline before it" in note.en


def test_bafa_two_per_year_and_its_end_without_successor() -> None:
    bafa = funding.load().programme("de-bafa-beratung")
    assert _figure("de-bafa-beratung", "per calendar year").value == 2
    assert "Trier and Lüneburg" in _figure("de-bafa-beratung", "eastern states").label.en
    assert bafa.closes_on == dt.date(2026, 12, 31)
    assert bafa.status_note is not None
    assert "no successor is known" in bafa.status_note.en
    assert "no successor is known" in bafa.for_whom.en  # stated prominently, on the card itself


def test_mittelstand_digital_centres_end_in_december_2026_with_a_successor_announced() -> None:
    centres = funding.load().programme("de-mittelstand-digital-zentren")
    assert centres.closes_on == dt.date(2026, 12, 31)
    assert centres.status_note is not None
    assert "2027-2030" in centres.status_note.en


def test_slim_cites_the_government_gazette() -> None:
    slim = funding.load().programme("nl-slim")
    source = reference().source(slim.source)
    assert source.url is not None
    assert "stcrt-2024-41822" in source.url


def test_every_programme_names_when_to_check_it_again() -> None:
    for item in funding.load().items:
        assert item.verify_by is not None, item.key


@pytest.mark.parametrize(("today", "stale"), [("2027-06-30", False), ("2027-07-01", True)])
def test_a_programme_is_stale_after_its_verify_by_date(today: str, stale: bool) -> None:
    zim = funding.load().programme("de-zim")
    assert zim.verify_by == dt.date(2027, 6, 30)
    assert zim.stale_on(dt.date.fromisoformat(today)) is stale
