"""The indicator library of the Shared Measurement workbook: complete, bilingual, consistent."""

from __future__ import annotations

from collections import Counter

import pytest

from cikit import content

DOMAINS = (
    "early_childhood",
    "school_perseverance",
    "poverty_income",
    "housing",
    "health",
    "food_security",
    "community_participation",
    "environment",
)
DISAGGREGATIONS = (
    "territory",
    "sex",
    "age_group",
    "income",
    "immigration",
    "indigenous",
    "family_type",
    "language",
)
REQUIRED = {
    "eqdem_vulnerable": ("early_childhood", "down", "%"),
    "childcare_access": ("early_childhood", "up", "%"),
    "home_visits_reach": ("early_childhood", "up", "nombre"),
    "kindergarten_transition": ("early_childhood", "up", "%"),
    "food_bank_children": ("food_security", "down", "nombre"),
    "graduation_7_years": ("school_perseverance", "up", "%"),
}
BILINGUAL_FIELDS = ("plain", "technical", "unit", "sources")


@pytest.fixture(scope="module")
def doc():
    return content.document("indicators")


def _filled(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _bilingual(value) -> bool:
    return isinstance(value, dict) and _filled(value.get("fr")) and _filled(value.get("en"))


def test_the_file_names_its_source(doc):
    assert _filled(doc["source"])


def test_eight_domains_with_the_agreed_ids(doc):
    assert tuple(d["id"] for d in doc["domains"]) == DOMAINS
    for domain in doc["domains"]:
        assert _bilingual(domain), domain


def test_disaggregations_are_the_fixed_list(doc):
    assert tuple(d["id"] for d in doc["disaggregations"]) == DISAGGREGATIONS
    for item in doc["disaggregations"]:
        assert _bilingual(item), item


def test_every_frequency_is_bilingual(doc):
    ids = [f["id"] for f in doc["frequencies"]]
    assert len(ids) == len(set(ids))
    assert {"yearly", "every_2_years", "every_5_years", "quarterly", "monthly"} <= set(ids)
    for frequency in doc["frequencies"]:
        assert _bilingual(frequency), frequency


def test_entry_ids_are_unique(doc):
    counts = Counter(entry["id"] for entry in doc["entries"])
    assert [i for i, n in counts.items() if n > 1] == []
    assert 28 <= len(counts) <= 36


def test_every_entry_is_complete(doc):
    known_domains = {d["id"] for d in doc["domains"]}
    known_disaggregations = {d["id"] for d in doc["disaggregations"]}
    for entry in doc["entries"]:
        where = entry.get("id")
        assert _filled(entry["id"]) and entry["id"].isidentifier(), where
        assert entry["id"] == entry["id"].lower(), where
        assert entry["domain"] in known_domains, where
        assert _bilingual(entry), where
        for field in BILINGUAL_FIELDS:
            assert _bilingual(entry.get(field)), f"{where}: {field}"
        assert _filled(entry.get("source")), where
        assert entry["direction"] in {"up", "down"}, where
        dis = entry["disaggregations"]
        assert isinstance(dis, list) and dis, where
        assert len(dis) == len(set(dis)), where
        assert set(dis) <= known_disaggregations, where


def test_three_to_five_entries_per_domain(doc):
    counts = Counter(entry["domain"] for entry in doc["entries"])
    for domain in DOMAINS:
        assert 3 <= counts[domain] <= 5, (domain, counts[domain])


@pytest.mark.parametrize("entry_id", sorted(REQUIRED))
def test_required_indicators(doc, entry_id):
    by_id = {entry["id"]: entry for entry in doc["entries"]}
    assert entry_id in by_id
    domain, direction, unit_fr = REQUIRED[entry_id]
    entry = by_id[entry_id]
    assert entry["domain"] == domain
    assert entry["direction"] == direction
    assert entry["unit"]["fr"] == unit_fr


def test_entries_loader_reads_the_library(doc):
    loaded = content.entries("indicators")
    assert [e.id for e in loaded] == [entry["id"] for entry in doc["entries"]]
    vulnerable = content.get("indicators", "eqdem_vulnerable")
    assert vulnerable is not None
    assert vulnerable.label("fr") and vulnerable.label("en")
    assert vulnerable.label("fr") != vulnerable.label("en")
    assert vulnerable.extra["domain"] == "early_childhood"
    assert vulnerable.extra["direction"] == "down"
    assert "EQDEM" in vulnerable.text("sources", "fr")
    assert vulnerable.text("plain", "en") != vulnerable.text("plain", "fr")
    for entry in loaded:
        assert _filled(entry.source), entry.id
