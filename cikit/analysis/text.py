"""Shared and distinctive words in short French and English answers.

The Common agenda workbook asks each partner to write a few lines on the
problem, the goal, the population and territory, and the main causes.  These
functions turn those answers into *terms* and say which terms most partners
use (**shared**) and which only one sector uses (**distinctive**), so the
facilitator can see where the table already agrees and where it diverges.

How a word becomes a term is explained in :mod:`cikit.analysis.words`: HTML removed,
words split, the language taken or guessed, stop words dropped, each word lemmatised and
stemmed, accents and case folded last.

What it can tell
----------------
Which words, once plurals, conjugations, accents and case are set aside, come
back in many partners' answers and in several sectors, and which come back
only in one sector.  It is a way to start the conversation: "three sectors
speak of *familles*; only the school board speaks of *réussite éducative*".

What it cannot tell
-------------------
* It counts words; it does not understand them.  Synonyms stay apart
  (« pauvreté » / « faible revenu »), a word used with opposite intents is one
  term, and negation is ignored (« pas la pauvreté » still counts
  « pauvreté »).
* It does not translate: a French and an English answer share a term only when
  both words reduce to the same stem (« isolement » / *isolation*,
  « éducation » / *education*); « pauvreté » and *poverty* stay two terms.
* Stemming sometimes merges unrelated words (« mère » and « mer »,
  « commune » and « communication ») or misses a form written without its
  accents; the display form shows which spelling was meant most often.
* Groups of one or two people give noisy results: for a sector with a single
  respondent, "distinctive" terms are simply that person's vocabulary.
* An answer mixing French and English is read with one language's stop words.

Populations and territories are terms like any other: to see those named by
some partners and not by others, run :func:`terms` on the answers to that
question only and read its distinctive and "other" terms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable

import pandas as pd

from cikit.analysis.words import (
    _OPENERS,
    _WORD,
    KEPT_WORDS,
    LANGUAGES,
    MAX_LETTERS,
    MIN_LETTERS,
    _check_lang,
    _detect,
    _given_lang,
    _key,
    detect_language,
    fold,
    plain_text,
    stop_words,
    term_key,
    tokenize,
)

__all__ = [
    "GROUP_TERMS_COLUMNS",
    "KEPT_WORDS",
    "KINDS",
    "LANGUAGES",
    "MAX_LETTERS",
    "MIN_LETTERS",
    "SUMMARY_COLUMNS",
    "TERMS_COLUMNS",
    "detect_language",
    "fold",
    "kinds_by_group",
    "plain_text",
    "shared_and_distinctive",
    "stop_words",
    "term_key",
    "terms",
    "terms_by_group",
    "tokenize",
]

KINDS: tuple[str, ...] = ("shared", "distinctive", "other")
"""Values of the ``kind`` column, in display order."""

TERMS_COLUMNS: list[str] = ["respondent", "term", "display", "lang", "count"]
SUMMARY_COLUMNS: list[str] = [
    "term",
    "display",
    "respondents",
    "share",
    "occurrences",
    "n_groups",
    "groups",
    "kind",
]
GROUP_TERMS_COLUMNS: list[str] = [
    "group",
    "term",
    "display",
    "respondents",
    "group_size",
    "group_share",
    "kind",
]


def terms(
    texts: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "respondent",
    lang_col: str | None = None,
    default_lang: str = "fr",
    stem: bool = True,
    extra_stop_words: Iterable[str] = (),
) -> pd.DataFrame:
    """The terms each respondent used, one row per respondent and term.

    Parameters
    ----------
    texts : DataFrame
        One row per answer.  A respondent may have several rows (e.g. one per
        question); their words are pooled.  Pass the answers to one question
        only to compare partners on that question.
    text_col, id_col : str
        Columns holding the answer and who wrote it.  Missing or empty answers,
        and answers with no term, give no row.
    lang_col : str, optional
        Column with each answer's language (``"fr"``, ``"en"``, ``"fr-CA"``...);
        values that are not French or English, and rows without one, are guessed
        with :func:`detect_language`.  Without it every answer is guessed.
    default_lang : {"fr", "en"}
        Language used when the guess is a tie.
    stem : bool, default True
        See :func:`term_key`.
    extra_stop_words : iterable of str
        Words to leave out on top of the stop-word lists, in either language,
        e.g. the words of the question itself (« problème », « cause »): every
        partner repeats them, so they would always look shared.  Their inflected
        forms go too.

    Returns
    -------
    DataFrame
        Columns :data:`TERMS_COLUMNS`:

        * ``respondent``: the ``id_col`` value (the column is always named
          ``respondent``);
        * ``term``: the key (see :func:`term_key`), for grouping, not for display;
        * ``display``: the spelling people wrote most often for this term in the
          whole input, in lower case unless people write it otherwise inside a
          sentence (« Montréal », « CLSC »); ties go to the accented spelling;
        * ``lang``: the language of the first answer in which the respondent
          used the term;
        * ``count``: how many times the respondent wrote it (int).

        Rows are in order of first use (answers in order, words in order).
    """
    _check_lang(default_lang)
    if texts.empty:
        return _empty(TERMS_COLUMNS, count="int64")
    needed = {text_col, id_col} | ({lang_col} if lang_col else set())
    missing = needed - set(texts.columns)
    if missing:
        raise ValueError(f"texts lacks columns: {sorted(missing)}")

    dropped = {
        key
        for word in extra_stop_words
        for token in tokenize(str(word))
        for lang in LANGUAGES
        if (key := _key(token.lower(), lang, stem)) is not None
    }
    langs = texts[lang_col] if lang_col else pd.Series(None, index=texts.index, dtype=object)

    records: list[tuple[Hashable, str, str]] = []
    spellings: Counter[tuple[str, str]] = Counter()
    written: Counter[tuple[str, str]] = Counter()
    for respondent, raw, given in zip(texts[id_col], texts[text_col], langs, strict=True):
        if not isinstance(raw, str):
            if raw is None or (pd.api.types.is_scalar(raw) and pd.isna(raw)):
                continue
            raw = str(raw)
        text = plain_text(raw)
        matches = list(_WORD.finditer(text))
        if not matches:
            continue
        lang = _given_lang(given) or _detect(text, default_lang)
        previous_end = 0
        for match in matches:
            word = match.group()
            gap = text[previous_end : match.start()]
            opening = previous_end == 0 or any(c in _OPENERS for c in gap)
            previous_end = match.end()
            lower = word.lower()
            key = _key(lower, lang, stem)
            if key is None or key in dropped:
                continue
            records.append((respondent, key, lang))
            spellings[key, lower] += 1
            if not opening:
                written[key, word] += 1
    if not records:
        return _empty(TERMS_COLUMNS, count="int64")

    frame = pd.DataFrame(records, columns=["respondent", "term", "lang"])
    out = (
        frame.groupby(["respondent", "term"], sort=False)
        .agg(lang=("lang", "first"), count=("lang", "size"))
        .reset_index()
    )
    display = _display_forms(spellings, written)
    out["display"] = out["term"].map(display)
    out["count"] = out["count"].astype("int64")
    return out[TERMS_COLUMNS]


def shared_and_distinctive(
    terms_df: pd.DataFrame,
    groups: pd.Series,
    *,
    min_share: float = 0.5,
    min_respondents: int = 2,
) -> pd.DataFrame:
    """Which terms the partners share and which belong to one sector.

    Parameters
    ----------
    terms_df : DataFrame
        The output of :func:`terms`.
    groups : Series
        Respondent → group (sector), indexed by respondent.  It defines who is
        counted: pass one entry per respondent who answered, including those
        whose answer gave no term, so shares are out of everyone.  Respondents
        missing from it (or with no group) are left out.  Group order (the
        categories of a categorical Series, else order of first appearance)
        is the order of the ``groups`` column.
    min_share : float, default 0.5
        Share of respondents from which a term used in several groups is shared.
    min_respondents : int, default 2
        How many respondents of a group must use a term for it to be that
        group's distinctive term (all of them if the group is smaller), so that
        one person's wording is not taken for the sector's.

    Returns
    -------
    DataFrame
        One row per term, columns :data:`SUMMARY_COLUMNS`:

        * ``respondents``: how many respondents used it; ``share``: that number
          over the number of respondents in ``groups``;
        * ``occurrences``: total times written;
        * ``n_groups``: how many groups used it; ``groups``: tuple of them;
        * ``kind``:

          - ``"shared"``: used in at least two groups, and by at least
            ``min_share`` of respondents or in more than half of the groups
            (with a single group: used by at least ``min_share`` of respondents);
          - ``"distinctive"``: used in one group only, by at least
            ``min_respondents`` of its respondents (all of them if fewer), when
            there are at least two groups to contrast;
          - ``"other"``: the rest, e.g. a word one person used.

        Ordered by kind (:data:`KINDS`), then respondents and occurrences
        (descending), then display form.

    Examples
    --------
    >>> answers = pd.DataFrame({"respondent": ["a", "b", "c"],
    ...                         "text": ["Familles, pauvreté", "la pauvreté des familles",
    ...                                  "familles, école"]})
    >>> sector = pd.Series({"a": "community", "b": "community", "c": "school"})
    >>> out = shared_and_distinctive(terms(answers), sector)
    >>> out[["display", "respondents", "groups", "kind"]].values.tolist()
    [['familles', 3, ('community', 'school'), 'shared'], \
['pauvreté', 2, ('community',), 'distinctive'], ['école', 1, ('school',), 'distinctive']]
    """
    _check_thresholds(min_share, min_respondents)
    group_of, order = _groups(groups)
    used = _with_groups(terms_df, group_of)
    if used.empty:
        return _empty(
            SUMMARY_COLUMNS,
            respondents="int64",
            share="float64",
            occurrences="int64",
            n_groups="int64",
        )
    total = len(group_of)
    group_count = len(order)
    size = group_of.value_counts()
    rank = {g: i for i, g in enumerate(order)}

    per = used.groupby("term", sort=False).agg(
        display=("display", "first"),
        respondents=("respondent", "nunique"),
        occurrences=("count", "sum"),
        n_groups=("group", "nunique"),
        groups=("group", lambda s: tuple(sorted(set(s), key=rank.__getitem__))),
    )
    per["share"] = per["respondents"] / total
    most_groups = (group_count >= 2) & (per["n_groups"] > group_count / 2)
    many_people = per["share"] >= min_share - 1e-12
    several = (per["n_groups"] >= 2) | (group_count == 1)
    own_size = per["groups"].map(lambda gs: int(size[gs[0]]))
    enough = per["respondents"] >= own_size.clip(upper=min_respondents)
    per["kind"] = "other"
    per.loc[(group_count >= 2) & (per["n_groups"] == 1) & enough, "kind"] = "distinctive"
    per.loc[several & (many_people | most_groups), "kind"] = "shared"

    per = per.reset_index()
    per["kind_rank"] = per["kind"].map(KINDS.index)
    per = per.sort_values(
        ["kind_rank", "respondents", "occurrences", "display"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    per = per.astype({"respondents": "int64", "occurrences": "int64", "n_groups": "int64"})
    return per[SUMMARY_COLUMNS].reset_index(drop=True)


def terms_by_group(
    terms_df: pd.DataFrame,
    groups: pd.Series,
    *,
    min_share: float = 0.5,
    min_respondents: int = 2,
    top: int | None = None,
) -> pd.DataFrame:
    """Each group's terms, marked shared, distinctive or other: the data of the chart.

    The chart the facilitator reads is one panel per sector listing its terms,
    coloured by ``kind`` and sized by ``group_share``: what this sector says that
    everyone says, and what only this sector says.  Filter ``kind ==
    "distinctive"`` for each sector's distinctive terms.

    Parameters
    ----------
    terms_df, groups, min_share, min_respondents
        As in :func:`shared_and_distinctive`, which decides the ``kind``.
    top : int, optional
        Keep at most this many terms per group and kind (the most used), so a
        chart stays readable.

    Returns
    -------
    DataFrame
        One row per group and term it used, columns :data:`GROUP_TERMS_COLUMNS`:
        ``respondents`` of the group who used the term, ``group_size`` (the
        group's respondents in ``groups``), ``group_share`` (the ratio), and
        the term's overall ``kind``.  Ordered by group (as in
        :func:`shared_and_distinctive`), kind, respondents (descending), display.
    """
    if top is not None and top < 1:
        raise ValueError("top must be at least 1")
    summary = shared_and_distinctive(
        terms_df, groups, min_share=min_share, min_respondents=min_respondents
    )
    group_of, order = _groups(groups)
    used = _with_groups(terms_df, group_of)
    if used.empty or summary.empty:
        return _empty(
            GROUP_TERMS_COLUMNS, respondents="int64", group_size="int64", group_share="float64"
        )
    per = (
        used.groupby(["group", "term"], sort=False)["respondent"]
        .nunique()
        .rename("respondents")
        .reset_index()
    )
    per = per.merge(summary[["term", "display", "kind"]], on="term", how="left")
    per["group_size"] = per["group"].map(group_of.value_counts()).astype("int64")
    per["group_share"] = per["respondents"] / per["group_size"]
    rank = {g: i for i, g in enumerate(order)}
    per["group_rank"] = per["group"].map(rank)
    per["kind_rank"] = per["kind"].map(KINDS.index)
    per = per.sort_values(
        ["group_rank", "kind_rank", "respondents", "display"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    if top is not None:
        per = per.groupby(["group_rank", "kind_rank"], sort=False).head(top)
    per = per.astype({"respondents": "int64"})
    return per[GROUP_TERMS_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- helpers


def _check_thresholds(min_share: float, min_respondents: int) -> None:
    if not 0 < min_share <= 1:
        raise ValueError("min_share must be in (0, 1]")
    if min_respondents < 1:
        raise ValueError("min_respondents must be at least 1")


def _display_forms(
    spellings: Counter[tuple[str, str]], written: Counter[tuple[str, str]]
) -> dict[str, str]:
    """Per key, the spelling people wrote most often, in the case they wrote it.

    The spelling is chosen case-blind (ties go to the one with more accents, so
    « pauvreté » beats « pauvrete », then alphabetical order).  Its case is the
    one most often written where case means something, i.e. not at the start of
    a sentence, a line or a quotation: « Montréal », « CLSC », but « école » even
    if every answer starts with « École ».  Ties, and words only ever seen at a
    start, go to lower case.
    """
    best: dict[str, tuple[tuple[int, int, str], str]] = {}
    for (key, lower), n in spellings.items():
        accented = sum(1 for c in lower if not c.isascii())
        rank = (-n, -accented, lower)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, lower)
    display = {key: lower for key, (_, lower) in best.items()}
    cased: dict[str, tuple[tuple[int, bool, str], str]] = {}
    for (key, word), n in written.items():
        if word.lower() != display[key]:
            continue
        rank = (-n, word != word.lower(), word)
        if key not in cased or rank < cased[key][0]:
            cased[key] = (rank, word)
    display.update({key: word for key, (_, word) in cased.items()})
    return display


def _groups(groups: pd.Series) -> tuple[pd.Series, list[Hashable]]:
    """Respondent → group without blanks or duplicate respondents, and the group order."""
    clean = groups.dropna()
    clean = clean[~clean.index.duplicated(keep="first")]
    if isinstance(groups.dtype, pd.CategoricalDtype):
        present = set(clean)
        order = [g for g in groups.cat.categories if g in present]
    else:
        order = list(dict.fromkeys(clean))
    return clean.astype(object), order


def _with_groups(terms_df: pd.DataFrame, group_of: pd.Series) -> pd.DataFrame:
    if terms_df.empty or group_of.empty:
        return terms_df.iloc[0:0].assign(group=pd.Series(dtype=object))
    missing = set(TERMS_COLUMNS) - set(terms_df.columns)
    if missing:
        raise ValueError(f"terms_df lacks columns: {sorted(missing)}")
    used = terms_df[terms_df["respondent"].isin(group_of.index)]
    return used.assign(group=used["respondent"].map(group_of))


def _empty(columns: list[str], **dtypes: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, object)) for c in columns})


def kinds_by_group(group_terms: pd.DataFrame) -> pd.DataFrame:
    """How many of each group's terms are shared, distinctive or other.

    Parameters
    ----------
    group_terms : DataFrame
        The output of :func:`terms_by_group`.

    Returns
    -------
    DataFrame
        Indexed by group (in the order given), one int column per kind in
        :data:`KINDS`: a sector with many distinctive terms and few shared
        ones frames the problem in its own words.

    Examples
    --------
    >>> frame = pd.DataFrame({"group": ["a", "a", "b"], "term": ["x", "y", "x"],
    ...                       "kind": ["shared", "distinctive", "shared"]})
    >>> kinds_by_group(frame).to_dict("index")
    {'a': {'shared': 1, 'distinctive': 1, 'other': 0}, 'b': {'shared': 1, 'distinctive': 0, 'other': 0}}
    """
    missing = {"group", "term", "kind"} - set(group_terms.columns)
    if missing:
        raise ValueError(f"group_terms lacks columns: {sorted(missing)}")
    order = list(dict.fromkeys(group_terms["group"]))
    counts = (
        group_terms.drop_duplicates(["group", "term"])
        .groupby(["group", "kind"], sort=False)
        .size()
        .unstack(fill_value=0)
    )
    return counts.reindex(index=order, columns=list(KINDS), fill_value=0).astype("int64")
