"""Words to index terms, the same way for passages and queries, on SQLite and PostgreSQL alike.

A text is split into words (letters and digits), lower-cased, stripped of the language's most
common words (stop words) and reduced to its Snowball stem (``snowballstemmer``, the algorithms
of PostgreSQL's and Lucene's stemmers): "referentieprojecten" and "referentieproject" become one
term. Both backends index the terms this module makes (PostgreSQL with its ``simple``
configuration, SQLite FTS5 with ``unicode61``, neither of which changes them further), so a query
finds the same passages on both, and :func:`highlight` marks exactly the words that matched.
Pure functions; no Django models.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

LANGUAGES = {"nl": "dutch", "de": "german", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
MIN_LENGTH = 2
MAX_TERM_LENGTH = 40  # longer "words" (hashes, run-together text) are not worth indexing

# The most common function words and a few verbs and adverbs any answer uses ("blijven",
# "gebruiken", "eerst"); a short list on purpose (ranking weighs frequent terms down anyway).
# From the Snowball project's stop word lists, trimmed, plus what the demo's passages showed.
STOP_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset((
        "de", "het", "een", "en", "van", "in", "op", "te", "dat", "die", "is", "zijn", "er", "aan", "met",
        "als", "voor", "niet", "ook", "door", "bij", "om", "naar", "dan", "of", "wat", "uit", "tot", "hoe",
        "wie", "waar", "ze", "zij", "hij", "we", "wij", "u", "uw", "je", "jij", "ons", "onze", "hun", "haar",
        "hem", "mijn", "me", "mij", "dit", "deze", "der", "des", "was", "waren", "wordt", "worden", "werd",
        "zal", "zullen", "kan", "kunnen", "moet", "moeten", "mag", "heeft", "hebben", "had", "over", "nog",
        "maar", "al", "geen", "meer", "veel", "zo", "zich", "toe", "hier", "daar", "wel", "want", "nu", "na",
        "elk", "elke", "welke", "welk", "iets", "niets", "alle", "alles", "andere", "ander", "zonder", "tegen",
        "tussen", "onder", "sinds", "per",
        "blijven", "blijft", "eerst", "gebruiken", "gebruikt", "bouwen", "bouwt", "doen", "doet", "gaan",
        "gaat", "komen", "komt", "maken", "maakt", "laten", "laat", "geven", "geeft", "staan", "staat", "zien",
        "ziet", "krijgen", "krijgt", "goed", "zeer", "heel", "even", "steeds", "waarom", "zoals", "omdat",
        "wanneer", "bijvoorbeeld"
    )),
    "de": frozenset((
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und",
        "oder", "in", "im", "ist", "sind", "zu", "zum", "zur", "von", "vom", "mit", "auf", "aus", "bei", "für",
        "an", "am", "als", "auch", "nicht", "es", "sie", "er", "wir", "ihr", "ihre", "ihren", "ihrem", "ihres",
        "sein", "seine", "wie", "was", "wer", "wo", "wird", "werden", "wurde", "kann", "können", "muss",
        "müssen", "hat", "haben", "hatte", "so", "noch", "nur", "schon", "mehr", "sehr", "dass", "daß", "dies",
        "diese", "dieser", "dieses", "jede", "jeder", "jedes", "alle", "allem", "allen", "über", "unter",
        "nach", "vor", "durch", "gegen", "ohne", "um", "bis", "man", "uns", "unser", "unsere", "euch", "sich",
        "bleiben", "bleibt", "zuerst", "nutzen", "nutzt", "bauen", "baut", "machen", "macht", "geben", "gibt",
        "gehen", "geht", "kommen", "kommt", "lassen", "lässt", "sehen", "gut", "immer", "warum", "weil", "wenn",
        "beispiel"
    )),
    "en": frozenset((
        "the", "a", "an", "and", "or", "of", "in", "on", "to", "that", "this", "these", "those", "is", "are",
        "was", "were", "be", "been", "being", "it", "its", "for", "with", "as", "by", "at", "from", "not", "no",
        "do", "does", "did", "have", "has", "had", "can", "could", "should", "would", "will", "shall", "may",
        "must", "you", "your", "yours", "we", "our", "ours", "they", "their", "them", "he", "she", "his", "her",
        "i", "me", "my", "what", "which", "who", "how", "where", "when", "than", "then", "there", "here", "so",
        "such", "also", "any", "all", "each", "other", "into", "over", "under", "about",
        "use", "uses", "used", "build", "builds", "first", "make", "makes", "give", "gives", "stay", "stays",
        "come", "comes", "go", "goes", "see", "good", "very", "why", "because", "if", "example"
    )),
}


# Terms every criterion and nearly every answer of this product holds: it is about AI projects,
# so "AI" ("KI" in German) says nothing about which criterion a passage speaks to. They stay in
# the index (a search for "AI" finds its passages) but not in a criterion's query, where a
# passage whose only shared word was "AI" came beside every criterion (polish3 item 9).
QUERY_NOISE: dict[str, frozenset[str]] = {
    "nl": frozenset(("ai",)),
    "de": frozenset(("ai", "ki")),
    "en": frozenset(("ai",)),
}


@cache
def _stemmer(lang: str) -> Any:
    return snowballstemmer.stemmer(LANGUAGES.get(lang, "dutch"))


def _fold(word: str) -> str:
    """Lower case, NFC; ß stays (the German stemmer knows it)."""
    return unicodedata.normalize("NFC", word).lower()


def words(text: str) -> list[str]:
    """The words of ``text`` as written (for highlighting) in order."""
    return WORD.findall(text)


def _escape(text: str) -> str:
    # The standard library's: Django's escape() is lazy-aware and many times slower per call,
    # which counts for the hundreds of words of every passage shown.
    return html.escape(text, quote=True)


@lru_cache(maxsize=200_000)
def term_of(word: str, lang: str) -> str | None:
    """The index term of one word, or None for a stop word, a too short or too long word.

    Memoised: stemming in Python is the expensive part of highlighting, and texts repeat words."""
    folded = _fold(word).replace("_", "")
    if len(folded) < MIN_LENGTH or len(folded) > MAX_TERM_LENGTH or folded in STOP_WORDS.get(lang, frozenset()):
        return None
    if folded.isdigit():
        return folded
    return str(_stemmer(lang).stemWord(folded))


def terms(text: str, lang: str) -> list[str]:
    """Every index term of ``text``, in order, with repeats (the index counts them)."""
    return [term for term in (term_of(word, lang) for word in words(text)) if term]


def analysed(text: str, lang: str) -> str:
    """The text the full-text index holds: the terms separated by spaces."""
    return " ".join(terms(text, lang))


def query_terms(texts: Iterable[str], lang: str) -> list[str]:
    """The distinct terms of several texts in first-seen order (a criterion's query)."""
    seen: dict[str, None] = {}
    for text in texts:
        for term in terms(text, lang):
            seen.setdefault(term, None)
    return list(seen)


def criterion_query_terms(texts: Iterable[str], lang: str) -> list[str]:
    """A criterion's query: :func:`query_terms` without :data:`QUERY_NOISE`, unless nothing else
    is left (a criterion named just "AI" still finds the passages about AI)."""
    wanted = query_terms(texts, lang)
    noise = QUERY_NOISE.get(lang, frozenset())
    telling = [term for term in wanted if term not in noise]
    return telling or wanted


def spans(text: str, wanted: Iterable[str], lang: str) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text`` whose term is in ``wanted`` (for the API)."""
    wanted = set(wanted)
    return [(m.start(), m.end()) for m in WORD.finditer(text) if term_of(m.group(), lang) in wanted]


def highlight(text: str, wanted: Iterable[str], lang: str, *, max_chars: int = 0) -> SafeString:
    """``text`` escaped, with every word whose term is in ``wanted`` wrapped in ``<mark>``.

    With ``max_chars`` a longer text is cut to a window around its first marked word, with an
    ellipsis where it was cut.
    """
    wanted = wanted if isinstance(wanted, (set, frozenset)) else set(wanted)
    start, end = 0, len(text)
    if max_chars and len(text) > max_chars:
        first = next((m.start() for m in WORD.finditer(text) if term_of(m.group(), lang) in wanted), 0)
        start = max(0, min(first - max_chars // 4, len(text) - max_chars))
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 30 else start
        end = min(len(text), start + max_chars)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start + max_chars // 2 else end
    out: list[str] = ["…" if start else ""]
    cursor = start
    for match in WORD.finditer(text, start, end):
        out.append(_escape(text[cursor:match.start()]))
        word = match.group()
        out.append(f"<mark>{_escape(word)}</mark>" if term_of(word, lang) in wanted else _escape(word))
        cursor = match.end()
    out.append(_escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 (every piece of the text is escaped above)
