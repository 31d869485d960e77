"""Shared and distinctive terms of short French and English answers.

The corpus below is written so that the answer is known in advance:

* every French answer mentions « enfants » and « familles », every English one
  *children* and *families*: those four terms, and only they, are shared;
* the school board alone speaks of « préparation scolaire » and « réussite
  éducative »; the community groups of « pauvreté » and « isolement » (the
  English *isolation* reduces to the same stem); the health agency of
  « vulnérabilité » (*vulnerable* too) and « développement »;
* words written by one person only (*readiness*, *poverty*, « monoparentales »)
  are "other".

Expected terms are named with :func:`term_key` on a plain spelling, so the tests
say which *words* are expected, not what the stemmer makes of them.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from cikit.analysis.text import (
    GROUP_TERMS_COLUMNS,
    KINDS,
    SUMMARY_COLUMNS,
    TERMS_COLUMNS,
    detect_language,
    kinds_by_group,
    plain_text,
    shared_and_distinctive,
    stop_words,
    term_key,
    terms,
    terms_by_group,
    tokenize,
)

CORPUS = [
    (
        "s1",
        "school",
        "La préparation scolaire des enfants et la réussite éducative de tous les enfants. "
        "Les familles sont des partenaires.",
    ),
    (
        "s2",
        "school",
        "Réussite éducative : la Préparation scolaire commence avant l'école, "
        "avec les familles et les enfants.",
    ),
    ("s3", "school", "School readiness of children, with their families."),
    ("c1", "community", "La pauvreté des familles et l'isolement des enfants."),
    ("c2", "community", "PAUVRETE et isolement : les familles monoparentales, leurs enfants."),
    ("c3", "community", "Family poverty and isolation; children in poverty."),
    ("h1", "health", "La vulnérabilité du développement des enfants; les familles vulnérables."),
    ("h2", "health", "Vulnérabilité et développement de la petite enfance, familles, enfants."),
    ("h3", "health", "Children's development is vulnerable when families are poor."),
]
LANG = {"s3": "en", "c3": "en", "h3": "en"}

SHARED = {("enfants", "fr"), ("familles", "fr"), ("children", "en"), ("families", "en")}
DISTINCTIVE = {
    "school": {("préparation", "fr"), ("scolaire", "fr"), ("réussite", "fr"), ("éducative", "fr")},
    "community": {("pauvreté", "fr"), ("isolement", "fr")},
    "health": {("vulnérabilité", "fr"), ("développement", "fr")},
}


def keys(words: set[tuple[str, str]]) -> set[str]:
    """The term keys of (word, language) pairs."""
    return {term_key(word, lang) for word, lang in words}


def answers(*texts: object) -> pd.DataFrame:
    """One answer per respondent r0, r1, ... in the order given."""
    return pd.DataFrame({"respondent": [f"r{i}" for i in range(len(texts))], "text": list(texts)})


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return pd.DataFrame(CORPUS, columns=["respondent", "sector", "text"])


@pytest.fixture(scope="module")
def sectors(corpus: pd.DataFrame) -> pd.Series:
    return corpus.set_index("respondent")["sector"]


@pytest.fixture(scope="module")
def corpus_terms(corpus: pd.DataFrame) -> pd.DataFrame:
    return terms(corpus)


@pytest.fixture(scope="module")
def summary(corpus_terms: pd.DataFrame, sectors: pd.Series) -> pd.DataFrame:
    return shared_and_distinctive(corpus_terms, sectors)


def row(summary: pd.DataFrame, word: str, lang: str) -> pd.Series:
    found = summary[summary["term"] == term_key(word, lang)]
    assert len(found) == 1, f"{word!r} is not a term of the summary"
    return found.iloc[0]


# --------------------------------------------------------------------------- the corpus


def test_languages_are_detected_per_answer(corpus_terms: pd.DataFrame) -> None:
    langs = corpus_terms.groupby("respondent")["lang"].agg(set)
    expected = {r: {LANG.get(r, "fr")} for r, _, _ in CORPUS}
    assert langs.to_dict() == expected


def test_shared_terms_are_exactly_the_expected_ones(summary: pd.DataFrame) -> None:
    assert set(summary.loc[summary["kind"] == "shared", "term"]) == keys(SHARED)


@pytest.mark.parametrize("sector", sorted(DISTINCTIVE))
def test_distinctive_terms_of_each_sector(
    summary: pd.DataFrame, corpus_terms: pd.DataFrame, sectors: pd.Series, sector: str
) -> None:
    distinctive = summary[summary["kind"] == "distinctive"]
    own = distinctive[distinctive["groups"] == (sector,)]
    assert set(own["term"]) == keys(DISTINCTIVE[sector])
    by_group = terms_by_group(corpus_terms, sectors)
    mine = by_group[(by_group["group"] == sector) & (by_group["kind"] == "distinctive")]
    assert set(mine["term"]) == keys(DISTINCTIVE[sector])


def test_no_other_term_is_distinctive(summary: pd.DataFrame) -> None:
    expected = set().union(*(keys(words) for words in DISTINCTIVE.values()))
    assert set(summary.loc[summary["kind"] == "distinctive", "term"]) == expected


@pytest.mark.parametrize(
    ("word", "lang", "respondents", "groups", "kind"),
    [
        ("enfants", "fr", 6, ("school", "community", "health"), "shared"),
        ("children", "en", 3, ("school", "community", "health"), "shared"),
        ("pauvreté", "fr", 2, ("community",), "distinctive"),
        ("isolement", "fr", 3, ("community",), "distinctive"),  # c3's "isolation" too
        ("vulnérabilité", "fr", 3, ("health",), "distinctive"),  # h3's "vulnerable" too
        ("poverty", "en", 1, ("community",), "other"),
        ("readiness", "en", 1, ("school",), "other"),
        ("monoparentales", "fr", 1, ("community",), "other"),
    ],
)
def test_counts_and_kind_of_a_term(
    summary: pd.DataFrame,
    word: str,
    lang: str,
    respondents: int,
    groups: tuple[str, ...],
    kind: str,
) -> None:
    found = row(summary, word, lang)
    assert found["respondents"] == respondents
    assert found["share"] == pytest.approx(respondents / 9)
    assert found["groups"] == groups
    assert found["n_groups"] == len(groups)
    assert found["kind"] == kind


def test_occurrences_add_up_every_use(summary: pd.DataFrame) -> None:
    # s1 writes « enfants » twice, five others once; h1 writes « vulnérabilité » and
    # « vulnérables », h2 and h3 once each.
    assert row(summary, "enfants", "fr")["occurrences"] == 7
    assert row(summary, "vulnérabilité", "fr")["occurrences"] == 4


@pytest.mark.parametrize(
    ("word", "lang", "display"),
    [
        ("enfants", "fr", "enfants"),
        ("pauvreté", "fr", "pauvreté"),  # « PAUVRETE » once, « pauvreté » once: accents win
        ("préparation", "fr", "préparation"),  # « Préparation » mid-sentence once only
        ("school", "en", "school"),  # « School » only ever starts a sentence
        ("children", "en", "children"),
    ],
)
def test_display_form_is_the_spelling_people_wrote(
    summary: pd.DataFrame, word: str, lang: str, display: str
) -> None:
    assert row(summary, word, lang)["display"] == display


def test_summary_is_ordered_shared_then_distinctive_then_other(summary: pd.DataFrame) -> None:
    ranks = summary["kind"].map(KINDS.index).tolist()
    assert ranks == sorted(ranks)
    shared = summary[summary["kind"] == "shared"]
    assert shared["respondents"].tolist() == sorted(shared["respondents"], reverse=True)
    assert list(summary.columns) == SUMMARY_COLUMNS


def test_terms_by_group_gives_each_sectors_share(
    corpus_terms: pd.DataFrame, sectors: pd.Series
) -> None:
    by_group = terms_by_group(corpus_terms, sectors)
    assert list(by_group.columns) == GROUP_TERMS_COLUMNS
    assert list(dict.fromkeys(by_group["group"])) == ["school", "community", "health"]
    isolement = by_group[by_group["term"] == term_key("isolement", "fr")]
    assert isolement[["group", "respondents", "group_size", "kind"]].values.tolist() == [
        ["community", 3, 3, "distinctive"]
    ]
    assert isolement["group_share"].tolist() == [1.0]
    enfants = by_group[by_group["term"] == term_key("enfants", "fr")]
    assert enfants["respondents"].tolist() == [2, 2, 2]
    assert enfants["group_share"].tolist() == pytest.approx([2 / 3] * 3)


@pytest.mark.parametrize("top", [1, 2])
def test_top_keeps_the_most_used_terms_per_group_and_kind(
    corpus_terms: pd.DataFrame, sectors: pd.Series, top: int
) -> None:
    by_group = terms_by_group(corpus_terms, sectors, top=top)
    sizes = by_group.groupby(["group", "kind"]).size()
    assert sizes.max() == top
    school_shared = by_group[(by_group["group"] == "school") & (by_group["kind"] == "shared")]
    assert school_shared["respondents"].tolist() == [2] * top  # enfants, familles before English


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("Pauvreté", "pauvrete", "fr"),
        ("PAUVRETÉ", "pauvreté", "fr"),
        ("École", "ecole", "fr"),
        ("Éducation", "education", "fr"),
        ("œuvre", "oeuvre", "fr"),
        ("Montréal", "montreal", "fr"),
        ("Children", "CHILDREN", "en"),
    ],
)
def test_accents_and_case_do_not_split_terms(a: str, b: str, lang: str) -> None:
    assert term_key(a, lang) is not None
    assert term_key(a, lang) == term_key(b, lang)


def test_accents_and_case_do_not_split_terms_across_respondents() -> None:
    out = terms(answers("Pauvreté.", "la pauvrete", "PAUVRETÉ !"))
    assert out["term"].nunique() == 1
    assert out["respondent"].tolist() == ["r0", "r1", "r2"]
    assert set(out["display"]) == {"pauvreté"}


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("familles", "famille", "fr"),
        ("enfants", "enfant", "fr"),
        ("écoles", "école", "fr"),
        ("ecoles", "école", "fr"),  # written without accent and in the plural
        ("quartiers", "quartier", "fr"),
        ("mères", "mère", "fr"),
        ("éducatives", "éducatif", "fr"),
        ("isolées", "isolé", "fr"),
        ("vulnérables", "vulnérabilité", "fr"),
        ("families", "family", "en"),
        ("children", "child", "en"),
        ("neighbourhoods", "neighbourhood", "en"),
        ("communities", "community", "en"),
        ("women", "woman", "en"),
    ],
)
def test_inflections_merge(a: str, b: str, lang: str) -> None:
    assert term_key(a, lang) is not None
    assert term_key(a, lang) == term_key(b, lang)


@pytest.mark.parametrize(
    ("a", "lang_a", "b", "lang_b"),
    [
        ("pauvreté", "fr", "poverty", "en"),
        ("famille", "fr", "family", "en"),
        ("enfant", "fr", "enfance", "fr"),
        ("école", "fr", "scolaire", "fr"),
    ],
)
def test_different_words_stay_apart(a: str, lang_a: str, b: str, lang_b: str) -> None:
    assert term_key(a, lang_a) != term_key(b, lang_b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("isolement", "isolation"), ("éducation", "education"), ("population", "population")],
)
def test_french_and_english_words_with_one_stem_merge(a: str, b: str) -> None:
    assert term_key(a, "fr") == term_key(b, "en")


def test_without_stemming_only_inflections_merge() -> None:
    assert term_key("familles", "fr", stem=False) == term_key("famille", "fr", stem=False)
    assert term_key("vulnérables", "fr", stem=False) != term_key("vulnérabilité", "fr", stem=False)
    out = terms(answers("vulnérables", "vulnérabilité"), stem=False)
    assert out["term"].tolist() == ["vulnerable", "vulnerabilite"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Les uns et les autres, avec eux, pour nous, chez eux aussi ; c'est-à-dire", "fr"),
        ("Il y a toujours ceux que nous avons dits, parce qu'elles sont ainsi.", "fr"),
        ("The ones and the others, with them, for us, and all of their own as well.", "en"),
        ("There is always something that we would have said because it was so.", "en"),
    ],
)
def test_stop_words_of_both_languages_are_dropped(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    assert terms(answers(text)).empty


def test_stop_words_follow_the_language_of_the_answer() -> None:
    # "place" is an English stop word, « places » (en garderie) a French noun.
    out = terms(answers("Manque de places en garderie.", "There is no place for children."))
    assert set(out.loc[out["respondent"] == "r0", "display"]) == {"manque", "places", "garderie"}
    assert set(out.loc[out["respondent"] == "r1", "display"]) == {"children"}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Young children and their parents.", "young"),
        ("Early childhood services.", "early"),
        ("Low income families.", "low"),
        ("The main causes of poverty.", "causes"),
        ("Les personnes âgées du quartier.", "personnes"),
        ("Les nouveaux arrivants.", "nouveaux"),
        ("Les Premières Nations.", "premières"),
    ],
)
def test_domain_words_that_generic_lists_drop_are_kept(text: str, word: str) -> None:
    assert word in set(terms(answers(text))["display"].str.lower())


@pytest.mark.parametrize(
    ("lang", "stop", "kept"),
    [
        ("en", {"the", "and", "their"}, {"young", "early", "low"}),
        ("fr", {"les", "des", "leurs"}, {"personnes", "gens"}),
    ],
)
def test_stop_word_lists_are_folded_and_keep_domain_words(
    lang: str, stop: set[str], kept: set[str]
) -> None:
    words = stop_words(lang)
    assert stop <= words
    assert not kept & words
    assert "deja" in stop_words("fr")  # « déjà », compared without accents


def test_numbers_and_short_words_are_not_terms() -> None:
    out = terms(answers("En 2024, 12 % des enfants de 0-5 ans, soit 25 000 : ça va, OK."))
    assert out["display"].tolist() == ["enfants"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'école d'enfants", ["école", "enfants"]),
        (
            "Les jeunes de Saint-Henri et de Côte-des-Neiges",
            ["jeunes", "Saint-Henri", "Côte-des-Neiges"],
        ),
        ("A-t-il peut-être dit-elle raison", ["raison"]),
    ],
)
def test_elisions_split_and_hyphenated_compounds_stay_whole(text: str, expected: list[str]) -> None:
    assert terms(answers(text))["display"].tolist() == expected


def test_display_keeps_the_case_people_write_inside_a_sentence() -> None:
    out = terms(answers("Le CLSC de Montréal aide les familles.", "À Montréal, le CLSC.", "École."))
    assert set(out["display"]) == {"CLSC", "Montréal", "aide", "familles", "école"}


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La pauvreté des familles", "fr"),
        ("pauvreté, isolement", "fr"),
        ("À Montréal, le CLSC.", "fr"),
        ("Family poverty and isolation", "en"),
        ("Youth in Saint-Henri", "en"),
        ("<p>the <b>families</b></p>", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected
    assert detect_language(text, default_lang="en" if expected == "fr" else "fr") == expected


@pytest.mark.parametrize("text", ["Social isolation", "", "123", "x"])
@pytest.mark.parametrize("default", ["fr", "en"])
def test_undecidable_language_goes_to_the_default(text: str, default: str) -> None:
    assert detect_language(text, default_lang=default) == default


@pytest.mark.parametrize(
    ("given", "used"), [("en", "en"), ("EN-ca", "en"), ("fr", "fr"), ("?", "en")]
)
def test_lang_column_overrides_detection(given: str, used: str) -> None:
    df = answers("Family isolation in Montreal").assign(lang=[given])
    out = terms(df, lang_col="lang")
    assert set(out["lang"]) == {used}


def test_other_column_names() -> None:
    df = pd.DataFrame({"who": ["a", "a", "b"], "answer": ["familles", "Familles, enfants", None]})
    out = terms(df, text_col="answer", id_col="who")
    assert out[["respondent", "display", "count"]].values.tolist() == [
        ["a", "familles", 2],
        ["a", "enfants", 1],
    ]


def test_extra_stop_words_remove_the_question_words_in_every_form() -> None:
    df = answers("Les problèmes et les causes de la pauvreté", "The problems: causes of poverty")
    out = terms(df, extra_stop_words=["problème", "cause"])
    assert out["display"].tolist() == ["pauvreté", "poverty"]


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("blank", ["", "   ", None, float("nan"), "!!! 123 ... ?", "<p></p>"])
def test_empty_answers_give_no_row(blank: object) -> None:
    out = terms(answers(blank, "familles"))
    assert out["respondent"].tolist() == ["r1"]


def test_non_text_values_are_read_as_text() -> None:
    assert terms(answers(12345, "familles"))["respondent"].tolist() == ["r1"]


def test_html_tags_and_scripts_are_not_terms() -> None:
    html = (
        '<p class="answer">La <b>pauvret&eacute;</b> des familles</p>'
        "<script>alert('isolement')</script><style>p { color: red }</style>"
    )
    out = terms(answers(html))
    assert set(out["display"]) == {"pauvreté", "familles"}
    assert plain_text(html).split() == ["La", "pauvreté", "des", "familles"]


def test_text_that_is_not_html_keeps_its_angle_brackets() -> None:
    assert plain_text("3 < 5 familles") == "3 < 5 familles"
    assert tokenize("3 < 5 familles") == ["familles"]


def test_a_50000_character_answer() -> None:
    text = ("La pauvreté des familles. " * 1923).ljust(50_000)
    assert len(text) == 50_000
    out = terms(answers(text))
    assert out[["display", "count"]].values.tolist() == [["pauvreté", 1923], ["familles", 1923]]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 50_000,
        "<b>" * 16_666,
        "é" * 50_000,
        ("<div>" + "familles " * 5) * 1000,
        "-".join(["ab"] * 16_666),
    ],
    ids=["one-long-word", "only-tags", "accents", "many-divs", "hyphen-chain"],
)
def test_pathological_50000_character_answers_are_quick(text: str) -> None:
    start = time.perf_counter()
    out = terms(answers(text[:50_000]))
    assert time.perf_counter() - start < 5
    assert set(out["display"]) <= {"familles"}


@pytest.mark.parametrize("frame", [pd.DataFrame(), pd.DataFrame(columns=["respondent", "text"])])
def test_empty_dataframe_gives_empty_results_with_the_documented_columns(
    frame: pd.DataFrame,
) -> None:
    out = terms(frame)
    assert out.empty and list(out.columns) == TERMS_COLUMNS
    groups = pd.Series({"a": "school"})
    summary = shared_and_distinctive(out, groups)
    assert summary.empty and list(summary.columns) == SUMMARY_COLUMNS
    by_group = terms_by_group(out, groups)
    assert by_group.empty and list(by_group.columns) == GROUP_TERMS_COLUMNS


def test_no_groups_gives_an_empty_summary(corpus_terms: pd.DataFrame) -> None:
    empty = pd.Series(dtype=object)
    assert list(shared_and_distinctive(corpus_terms, empty).columns) == SUMMARY_COLUMNS
    assert shared_and_distinctive(corpus_terms, empty).empty
    assert terms_by_group(corpus_terms, empty).empty


def test_missing_columns_are_reported() -> None:
    with pytest.raises(ValueError, match="text"):
        terms(pd.DataFrame({"respondent": ["a"], "answer": ["familles"]}))
    with pytest.raises(ValueError, match="lang"):
        terms(answers("familles"), lang_col="lang")


@pytest.mark.parametrize("kwargs", [{"min_share": 0}, {"min_share": 1.5}, {"min_respondents": 0}])
def test_bad_thresholds_are_refused(corpus_terms: pd.DataFrame, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        shared_and_distinctive(corpus_terms, pd.Series({"s1": "school"}), **kwargs)


def test_bad_language_and_top_are_refused(corpus_terms: pd.DataFrame) -> None:
    with pytest.raises(ValueError):
        term_key("familles", "de")
    with pytest.raises(ValueError):
        terms(answers("familles"), default_lang="es")
    with pytest.raises(ValueError):
        terms_by_group(corpus_terms, pd.Series({"s1": "school"}), top=0)


# --------------------------------------------------------------------------- kind rules


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    # familles: 4 of 5; logement: 2 of 5; transport: 1.
    return terms(
        answers(
            "familles, logement",
            "familles, logement",
            "familles",
            "familles, transport",
            "aucune idée",
        )
    )


@pytest.mark.parametrize(
    ("min_share", "shared"),
    [(0.5, {"familles"}), (0.4, {"familles", "logement"}), (0.9, set())],
)
def test_with_one_group_shared_means_enough_respondents(
    small: pd.DataFrame, min_share: float, shared: set[str]
) -> None:
    groups = pd.Series({f"r{i}": "community" for i in range(5)})
    out = shared_and_distinctive(small, groups, min_share=min_share)
    assert set(out.loc[out["kind"] == "shared", "display"]) == shared
    assert "distinctive" not in set(out["kind"])  # nothing to contrast with


def test_respondents_without_terms_count_and_those_without_group_do_not(
    small: pd.DataFrame,
) -> None:
    groups = pd.Series({"r0": "a", "r1": "a", "r2": "b", "r4": "b", "r9": "b"})  # r3 left out
    out = shared_and_distinctive(small, groups).set_index("display")
    assert out.loc["familles", "respondents"] == 3
    assert out.loc["familles", "share"] == pytest.approx(3 / 5)
    assert "transport" not in out.index
    assert out.loc["familles", "kind"] == "shared"
    assert out.loc["logement", "kind"] == "distinctive"  # both of group a's respondents


@pytest.mark.parametrize(
    ("min_respondents", "kind"), [(1, "distinctive"), (2, "other"), (3, "other")]
)
def test_one_person_is_not_a_sector_unless_asked(
    small: pd.DataFrame, min_respondents: int, kind: str
) -> None:
    groups = pd.Series({"r0": "a", "r1": "b", "r2": "b", "r3": "b", "r4": "b"})
    out = shared_and_distinctive(small, groups, min_respondents=min_respondents)
    assert out.set_index("display").loc["transport", "kind"] == kind


def test_a_lone_member_of_a_sector_speaks_for_it(small: pd.DataFrame) -> None:
    groups = pd.Series({"r0": "a", "r1": "a", "r2": "a", "r3": "b", "r4": "a"})
    out = shared_and_distinctive(small, groups).set_index("display")
    assert out.loc["transport", "kind"] == "distinctive"
    assert out.loc["transport", "groups"] == ("b",)


def test_most_groups_makes_a_term_shared_even_with_few_people() -> None:
    df = answers("logement", "logement", "transport", "emploi", "emploi", "emploi", "emploi")
    groups = pd.Series(
        {"r0": "a", "r1": "b", "r2": "c", "r3": "c", "r4": "c", "r5": "c", "r6": "c"}
    )
    out = shared_and_distinctive(terms(df), groups).set_index("display")
    assert out.loc["logement", "share"] == pytest.approx(2 / 7)
    assert out.loc["logement", "kind"] == "shared"  # two of three sectors
    assert out.loc["emploi", "kind"] == "distinctive"  # 4 of 7 people, but one sector


def test_categorical_groups_set_the_order() -> None:
    df = answers("familles", "familles", "familles")
    groups = pd.Series(
        pd.Categorical(
            ["school", "health", "community"], categories=["health", "community", "school"]
        ),
        index=["r0", "r1", "r2"],
    )
    out = shared_and_distinctive(terms(df), groups)
    assert out["groups"].tolist() == [("health", "community", "school")]
    by_group = terms_by_group(terms(df), groups)
    assert by_group["group"].tolist() == ["health", "community", "school"]


def test_kinds_by_group_counts_each_sector_s_shared_and_own_words():
    found = terms(pd.DataFrame(CORPUS, columns=["respondent", "sector", "text"]))
    groups = pd.Series({r: g for r, g, _ in CORPUS})
    counts = kinds_by_group(terms_by_group(found, groups))
    assert counts.index.tolist() == ["school", "community", "health"]
    assert counts.columns.tolist() == list(KINDS)
    # Every sector uses the four shared terms (enfants, familles, children, families).
    assert (counts["shared"] == 4).all(), counts
    assert (counts["distinctive"] >= 2).all()
    assert counts.dtypes.map(str).eq("int64").all()


def test_kinds_by_group_of_nothing_is_empty():
    empty = pd.DataFrame(columns=["group", "term", "kind"])
    assert kinds_by_group(empty).empty
    with pytest.raises(ValueError, match="lacks columns"):
        kinds_by_group(pd.DataFrame({"group": []}))
