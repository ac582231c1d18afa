"""Words to terms: stemming per language, stop words, highlighting that escapes."""

from __future__ import annotations

from partnerwijzer.evidence import analysis


def test_plural_and_singular_share_a_term_in_dutch_and_german() -> None:
    assert analysis.terms("referentieprojecten", "nl") == analysis.terms("referentieproject", "nl")
    assert analysis.terms("Schulungen", "de") == analysis.terms("Schulung", "de")
    assert analysis.terms("references", "en") == analysis.terms("reference", "en")


def test_stop_words_and_single_letters_are_not_terms() -> None:
    assert analysis.terms("de en het a", "nl") == []
    assert analysis.terms("the and of", "en") == []
    assert analysis.terms("AVG 2018", "nl") == ["avg", "2018"]


def test_query_terms_are_distinct_in_first_seen_order() -> None:
    assert analysis.query_terms(["data data", "privacy data"], "en") == ["data", "privaci"]


def test_highlight_marks_matched_words_and_escapes_the_rest() -> None:
    wanted = analysis.query_terms(["references"], "en")
    html = analysis.highlight("<b>Reference</b> & references", wanted, "en")
    assert html == "&lt;b&gt;<mark>Reference</mark>&lt;/b&gt; &amp; <mark>references</mark>"
    assert analysis.spans("Our reference", wanted, "en") == [(4, 13)]


def test_highlight_cuts_a_long_text_around_the_first_match() -> None:
    text = "filler " * 100 + "security matters " + "filler " * 100
    html = analysis.highlight(text, ["secur"], "en", max_chars=120)
    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>security</mark>" in html
    assert len(html) < 200
