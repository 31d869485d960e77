"""Words of short French and English answers, and the term each one comes down to.

:mod:`cikit.analysis.text` counts the terms; this module holds what turns one word into
one term.

How a word becomes a term
-------------------------
1. HTML tags are removed (text inside ``<script>`` and ``<style>`` is dropped,
   entities such as ``&eacute;`` are decoded), then the text is split into
   words made of letters; a hyphenated compound (« Saint-Henri »,
   "low-income") stays one word, an apostrophe splits (« l'école » gives
   « l » and « école »).  Digits are not letters, so numbers disappear.
2. The language of each answer, French or English, is taken from ``lang_col``
   when given, otherwise guessed by :func:`simplemma.langdetect` (the share of
   the words its French and English dictionaries recognise, short words such
   as « le » and *of* included); a tie, e.g. an answer of one word found in
   both dictionaries, goes to ``default_lang``.
   A participant may therefore answer in either language.
3. Stop words of that language (the ``stopwords-iso`` lists, shipped in the
   :mod:`stopwordsiso` wheel), words of one or two letters (also after
   lemmatising: « ans » → « an ») and strings of more than
   :data:`MAX_LETTERS` letters are dropped.
   The English list is very broad: it also holds words such as *young*,
   *early*, *low*, *home*, *work*, *need*, *cause*; the handful in
   :data:`KEPT_WORDS` name populations, ages, incomes or causes and are kept.
4. Each word is lemmatised with :mod:`simplemma` (« familles » → « famille »,
   *children* → *child*), then, unless ``stem=False``, reduced by the Snowball
   stemmer of its language (:mod:`snowballstemmer`), which also merges
   derived words (« vulnérable » / « vulnérabilité », « isolement » /
   « isolé ») and inflections written without accents (« ecoles »).
5. Accents and case are removed last (« Pauvreté », « PAUVRETE » and
   « pauvreté » are one term).  The result is the term's key; people read its
   ``display`` form, the spelling most often written in the answers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

import simplemma
import snowballstemmer
import stopwordsiso
from simplemma.token_sampler import MostCommonTokenSampler
from simplemma.tokenizer import RegexTokenizer
from snowballstemmer.basestemmer import BaseStemmer

LANGUAGES: tuple[str, ...] = ("fr", "en")
"""Languages the answers may be written in."""

MIN_LETTERS = 3
"""Words, and dictionary forms, shorter than this (1-2 letters) are never terms."""

MAX_LETTERS = 50
"""Longer "words" are never terms: the longest French words and hyphenated place
names (« Saint-Jean-sur-Richelieu ») are far shorter, while pasted links, codes
or a key held down are not words anyone means, and would only slow stemming."""

KEPT_WORDS: frozenset[str] = frozenset(
    {
        # English words that the generic stopwords-iso list drops but that, in a
        # collective impact answer, name a population, an age, an income, a place
        # or a cause ("young children", "early childhood", "low income",
        # "high school", "working poor", "First Nations", "systemic causes").
        # "problem" and "cause" are kept because the French list keeps « problème »
        # and « cause »: the two languages are treated alike.  To leave out the
        # question's own words, pass them to terms(extra_stop_words=...).
        "area",
        "areas",
        "cause",
        "causes",
        "change",
        "changes",
        "early",
        "first",
        "group",
        "groups",
        "help",
        "high",
        "home",
        "homes",
        "low",
        "man",
        "men",
        "need",
        "needed",
        "needs",
        "new",
        "old",
        "older",
        "problem",
        "problems",
        "right",
        "rights",
        "system",
        "work",
        "worked",
        "working",
        "works",
        "young",
        "younger",
        "youngest",
        # French ones: « personnes âgées », « gens », « bas revenu »,
        # « nouveaux arrivants », « proches aidants », « Premières Nations ».
        "bas",
        "gens",
        "haut",
        "nouveau",
        "nouveaux",
        "personne",
        "personnes",
        "premier",
        "première",
        "premières",
        "premiers",
        "proche",
        "proches",
    }
)
"""Words kept although the stop-word lists contain them (compared without accents)."""

_STEMMERS = {"fr": "french", "en": "english"}
# A word: letters (no digits, no underscore), possibly joined by hyphens.
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*")
_HYPHENS = re.compile(r"[-\u2010\u2011]")
_LOOKS_LIKE_HTML = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
# Characters after which a capital letter says nothing about the word (a new
# sentence, line, list item, quotation or parenthesis begins).
_OPENERS = frozenset('.!?:;\n\r\u2022*\u2013\u2014\u00ab\u201c"(')
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# simplemma's usual sample (words of 3+ letters, most common first, capitalised
# words set aside unless nearly all are), but with 2-letter words too.
_SAMPLERS = [
    MostCommonTokenSampler(tokenizer=RegexTokenizer(re.compile(r"[^\W\d_]{2,}")), sample_size=1000)
]


def fold(word: str) -> str:
    """Case- and accent-insensitive form of ``word``: « Pauvreté » → ``"pauvrete"``.

    Used for every comparison so that a missing accent or a capital letter never
    splits a term.  « œ » and « æ » become ``oe`` and ``ae`` (Unicode does not
    decompose them), so « œuvre » and « oeuvre » compare equal.
    """
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_LIGATURES)


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, leaving out scripts and styles."""

    _SKIPPED = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """``text`` without HTML markup, in Unicode NFC form.

    Answers may be pasted from a web page or an e-mail: tag names and attributes
    are not words anyone wrote, and the contents of ``<script>`` / ``<style>``
    are code, so all of them are removed; entities (``&eacute;``) are decoded.
    Text that does not look like HTML is left as it is, so « 3 < 5 » survives.
    NFC joins accents typed as separate combining marks to their letter, so the
    word is not cut in two.
    """
    if _LOOKS_LIKE_HTML.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    return unicodedata.normalize("NFC", text)


def tokenize(text: str) -> list[str]:
    """The words of ``text`` as written (letters and inner hyphens only).

    Apostrophes split words, so French elisions (« l'école », « d'enfants ») and
    English possessives ("children's") leave a one-letter part that is dropped
    later; hyphens do not, so place names such as « Saint-Henri » stay whole.
    """
    return _WORD.findall(plain_text(text))


def detect_language(text: str, *, default_lang: str = "fr") -> str:
    """``"fr"`` or ``"en"``: the language most of the words of ``text`` belong to.

    Uses :func:`simplemma.langdetect`, which scores each language by the share of
    sampled words its dictionary recognises.  Its default sample leaves out words
    of one or two letters, yet in an answer of four words (« Le CLSC de
    Montréal ») « le » and « de » are the best clue, so words of two letters are
    sampled too; counting stop words alone would fail on answers that have none
    (« pauvreté, isolement »).  When both languages score the same (« Social
    isolation ») or the text has no word, ``default_lang`` is used.
    """
    _check_lang(default_lang)
    return _detect(plain_text(text), default_lang)


def _detect(text: str, default_lang: str) -> str:
    """:func:`detect_language` on text already through :func:`plain_text`."""
    if not _WORD.search(text):
        return default_lang
    scores = dict(simplemma.langdetect(text, lang=LANGUAGES, token_samplers=_SAMPLERS))
    fr, en = scores.get("fr", 0.0), scores.get("en", 0.0)
    if fr == en:
        return default_lang
    return "fr" if fr > en else "en"


def term_key(word: str, lang: str, *, stem: bool = True) -> str | None:
    """The key under which ``word`` is counted, or ``None`` if it is not a term.

    Parameters
    ----------
    word : str
        One word as written, e.g. « Familles ».
    lang : {"fr", "en"}
        Language of the answer the word comes from: it picks the dictionary, the
        stemmer and the stop-word list.
    stem : bool, default True
        Also apply the Snowball stemmer after lemmatising, which merges derived
        words (« vulnérable » / « vulnérabilité ») at the cost of an occasional
        wrong merge; ``False`` keeps dictionary forms only.

    Returns
    -------
    str or None
        The folded lemma (or stem), e.g. ``"famill"``; ``None`` for stop words,
        words (or dictionary forms) of one or two letters, words longer than
        :data:`MAX_LETTERS`, and anything that is not letters.  The app
        can use it to highlight, in each answer, the words behind a term.

    Examples
    --------
    >>> term_key("Pauvreté", "fr") == term_key("pauvrete", "fr")
    True
    >>> term_key("les", "fr") is None
    True
    """
    _check_lang(lang)
    return _key(word.lower(), lang, stem)


def stop_words(lang: str) -> frozenset[str]:
    """Folded stop words of ``lang``: the stopwords-iso list minus :data:`KEPT_WORDS`."""
    _check_lang(lang)
    return _stop_words(lang)


# --------------------------------------------------------------------------- helpers


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")


def _given_lang(value: object) -> str | None:
    """``"fr"``/``"en"`` from a language cell such as ``"fr-CA"`` or ``"EN"``, else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower()[:2]
    return code if code in LANGUAGES else None


@lru_cache(maxsize=4)
def _stop_words(lang: str) -> frozenset[str]:
    kept = {fold(w) for w in KEPT_WORDS}
    return frozenset(fold(w) for w in stopwordsiso.stopwords(lang)) - kept


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> BaseStemmer:
    return snowballstemmer.stemmer(_STEMMERS[lang])


@lru_cache(maxsize=200_000)
def _key(lower: str, lang: str, stem: bool) -> str | None:
    """Key of a lower-cased word; cached because answers repeat the same words."""
    if not MIN_LETTERS <= len(lower) <= MAX_LETTERS or not _WORD.fullmatch(lower):
        return None
    stops = _stop_words(lang)
    if fold(lower) in stops:
        return None
    parts = _HYPHENS.split(lower)
    if len(parts) > 1 and all(len(p) < MIN_LETTERS or fold(p) in stops for p in parts):
        return None  # "a-t-il", "peut-être", "dit-elle"
    lemma = simplemma.lemmatize(lower, lang=lang).lower()
    if len(lemma) < MIN_LETTERS or fold(lemma) in stops:
        return None  # « ans » → « an »; an inflection the list lacks (« aurons » → « avoir »)
    if stem:
        lemma = _stemmer(lang).stemWord(lemma)
    key = fold(lemma)
    return key if len(key) >= 2 else None
