"""The translation layer: complete catalogs, language choice, bilingual content."""

from __future__ import annotations

import json

import pytest

from cikit import content
from cikit.i18n import LANGUAGES, Translator, choose_language
from cikit.i18n.catalogs import extract, missing
from cikit.i18n.translator import normalize_language, query_params


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    gaps = missing(lang)
    assert gaps == [], f"{len(gaps)} message(s) lack a {lang} translation: {gaps[:10]}"


def test_extraction_finds_the_apps_messages():
    ids = {m.id for m in extract() if m.id}
    assert "Add a partner" in ids
    assert "{path} is not a cikit workspace." in ids
    assert len(ids) > 80


def test_french_is_the_default_and_english_translates():
    assert Translator().gettext("Partners") == "Partenaires"
    assert Translator("en").gettext("Partners") == "Partners"
    assert Translator("fr")("« {name} » is already on the list.").startswith("«")


def test_unknown_message_falls_back_to_source():
    assert Translator("fr").gettext("not a catalogued message") == "not a catalogued message"


@pytest.mark.parametrize(
    ("query", "default", "expected"),
    [
        ("?lang=en", "fr", "en"),
        ("lang=EN-ca", None, "en"),
        ("?lang=de", "en", "en"),
        ("?lang=de", None, "fr"),
        ("", "en", "en"),
        ("", None, "fr"),
        ("?lang=<script>", None, "fr"),
        (None, None, "fr"),
    ],
)
def test_choose_language(query, default, expected):
    assert choose_language(query, default) == expected


@pytest.mark.parametrize("value", [None, 3, ["fr"], {"lang": "fr"}, "", "xx"])
def test_normalize_language_refuses_junk(value):
    assert normalize_language(value) is None


def test_query_params_first_value_and_untrusted_length():
    assert query_params("?lang=fr&lang=en&role=facilitator") == {
        "lang": "fr",
        "role": "facilitator",
    }
    assert query_params("x" * 10_000) == {}
    assert query_params(12) == {}


@pytest.mark.parametrize("name", ["sectors", "roles", "scales", "workbooks"])
def test_content_is_bilingual_with_sources(name):
    entries = content.entries(name)
    assert entries
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry.fr.strip() and entry.en.strip(), entry.id
        assert entry.source.strip(), entry.id
        for key, value in entry.extra.items():
            if isinstance(value, dict):
                assert set(value) == {"fr", "en"}, (name, entry.id, key)


def test_content_files_are_valid_json_with_a_source():
    for path in content.CONTENT_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data.get("source") or all(e.get("source") for e in data["entries"]), path


def test_no_message_is_hidden_inside_an_f_string():
    """Babel cannot see ``tr("...")`` inside an f-string, so such a message is never translated."""
    import io
    import re
    import tokenize
    from pathlib import Path

    import cikit

    offenders = []
    for path in Path(cikit.__file__).parent.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for tok in tokens:
            if tok.type == tokenize.STRING and re.match(r"^[rRbB]?[fF]", tok.string):
                if re.search(r"\b(tr|_tr|_|N_|gettext)\(", tok.string):
                    offenders.append(f"{path.name}:{tok.start[0]}")
    assert offenders == []
