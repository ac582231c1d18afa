"""Three languages: complete catalogues, Dutch by default, the browser or the switcher decides."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas

LOCALE = Path(__file__).resolve().parent.parent / "partnerwijzer" / "locale"


@pytest.mark.parametrize("language", ["nl", "de"])
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:10]}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, (
            f"{language}: .mo is out of date for {entry.msgid!r}; run `make messages`"
        )


@pytest.mark.parametrize("language", ["nl", "de"])
def test_placeholders_survive_translation(language: str) -> None:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in po.translated_entries():
        for marker in ("%(", "{{", "{%"):
            if entry.msgid.count(marker) and not entry.msgid_plural:
                assert entry.msgstr.count(marker) == entry.msgid.count(marker), (language, entry.msgid)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "lang", "heading"),
    [("", "nl", "Inloggen"), ("de-DE,de;q=0.9", "de", "Anmelden"), ("en-GB,en;q=0.8", "en", "Log in"),
     ("fr-FR", "nl", "Inloggen")],
)
def test_anonymous_visitor_gets_browser_language_or_dutch(client: Client, accept: str, lang: str,
                                                          heading: str) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=accept)
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.django_db
def test_members_get_their_organisations_language_until_they_switch(personas: Personas) -> None:
    personas.speak("de")
    client = personas.client("viewer")
    html = client.get(reverse("journey:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de">' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("journey:dashboard")).content.decode()
    assert '<html lang="en">' in html
    assert "Your way to the right AI partner" in html


@pytest.mark.django_db
def test_numbers_and_money_follow_the_language(personas: Personas) -> None:
    from django.utils import translation

    from partnerwijzer.formatting import money, number

    with translation.override("nl"):
        assert money(20000) == "€\u00a020.000"  # a space no line breaks at
        assert number(1234.5, digits=1) == "1.234,5"
    with translation.override("de"):
        assert money(20000) == "20.000\u00a0€"
    with translation.override("en"):
        assert money(20000) == "€20,000"
        assert number(1234.5, digits=1) == "1,234.5"


_DIRECTIVE = __import__("re").compile(r"%(\([^)]*\))?[#0\- +]*(\*|\d+)?(\.(\*|\d+))?[diouxXeEfFgGcrsa%]")


@pytest.mark.parametrize("language", ["nl", "de"])
def test_python_format_entries_are_valid_format_strings(language: str) -> None:
    """What `msgfmt -c` checks: an entry flagged python-format must be a valid %-format in the
    translation too ("% van" is not; such a string crashes when formatted). An entry that is never
    %-formatted (a label with a plain "%") must not carry the flag."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    bad = []
    for entry in po.translated_entries():
        if "python-format" not in entry.flags:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            stripped = _DIRECTIVE.sub("", text)
            if "%" in stripped:
                bad.append(entry.msgid)
    assert not bad, f"{language}: invalid %-format in {bad[:10]}"


def test_german_names_the_supplier_portal_one_way() -> None:
    """Found walking in German: the portal is the "Anbieterportal" on its own page, in the audit log
    and on the links page, but the score form, the quotes and the questions said "Lieferantenportal"."""
    po = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    named = [entry for entry in po if "supplier portal" in entry.msgid.lower() and entry.msgstr]
    assert len(named) >= 10
    for entry in named:
        assert "Anbieterportal" in entry.msgstr, entry.msgid
        assert "Lieferantenportal" not in entry.msgstr, entry.msgid


def test_german_names_the_evaluator_one_way() -> None:
    """Found walking in German: the role labels, the audit log and the evaluator pages said "Bewerter",
    the scoring e-mails and some pages "Bewertende" (or "bewertende Person") for the same role."""
    po = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    translations = [text for entry in po for text in [entry.msgstr, *entry.msgstr_plural.values()] if text]
    assert sum("Bewerter" in text for text in translations) >= 50
    other = [text for text in translations if "bewertende" in text.lower()]
    assert not other, other[:5]
