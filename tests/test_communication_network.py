"""Network measures on hand-built surveys, checked against values worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cikit.analysis.network import (
    NetworkError,
    by_sector,
    centralisation,
    compare,
    density,
    graph,
    item_id,
    latest_ratings,
    layout,
    low_trust_pairs,
    measures,
    parse_item,
    partner_scores,
    relations,
    ties,
    unreported,
    valid_value,
)


def survey(*answers: tuple[int, int, str, object]) -> pd.DataFrame:
    """Responses as a round returns them, one second apart, in the order given."""
    start = pd.Timestamp("2026-10-14 13:00", tz="UTC")
    return pd.DataFrame(
        {
            "item": [item_id(s, t, f) for s, t, f, _ in answers],
            "value": pd.Series([v for *_, v in answers], dtype=object),
            "created_at": [start + pd.Timedelta(seconds=i) for i in range(len(answers))],
        }
    )


def levels(*pairs: tuple[int, int, str]) -> pd.DataFrame:
    return survey(*[(s, t, "level", lv) for s, t, lv in pairs])


def test_item_ids_round_trip_and_refuse_other_items():
    assert parse_item(item_id(3, 7, "openness")) == (3, 7, "openness")
    for bad in ("_join", "rel.3.7", "rel.3.7.colour", "rel.a.7.level", "x.3.7.level", 5, None,
                "rel.99999999999.1.level"):  # fmt: skip
        assert parse_item(bad) is None
    assert valid_value("level", "integration") and not valid_value("level", "lots")
    assert valid_value("reliability", 4) and not valid_value("reliability", 5)
    assert not valid_value("reliability", True) and not valid_value("reliability", "4")


def test_star_density_centrality_and_centralisation():
    # 1 works with 2, 3 and 4; nobody else: 3 ties out of 6 possible.
    m = measures(levels((1, 2, "cooperation"), (1, 3, "awareness"), (1, 4, "integration")),
                 [1, 2, 3, 4])  # fmt: skip
    assert m.density == pytest.approx(0.5)
    assert m.centrality == pytest.approx({1: 1.0, 2: 1 / 3, 3: 1 / 3, 4: 1 / 3})
    # Freeman: (3 × (1 - 1/3)) / (4 - 2) = 1 for a star.
    assert m.centralisation == pytest.approx(1.0)
    assert m.unreported == [1]  # 1 rated the others, but nobody rated 1
    assert m.answered == [1]


def test_path_with_an_isolate():
    # 1-2-3-4 in a line, 5 alone: 3 ties of 10; centralities 1/4, 2/4, 2/4, 1/4, 0.
    m = measures(
        levels((1, 2, "cooperation"), (3, 2, "coordination"), (3, 4, "awareness"),
               (5, 1, "none"), (4, 5, "none")),
        [1, 2, 3, 4, 5],
    )  # fmt: skip
    assert m.density == pytest.approx(0.3)
    assert m.centrality == pytest.approx({1: 0.25, 2: 0.5, 3: 0.5, 4: 0.25, 5: 0.0})
    # sum(0.5 - c) = 0.25 + 0 + 0 + 0.25 + 0.5 = 1, over n - 2 = 3.
    assert m.centralisation == pytest.approx(1 / 3)
    assert m.unreported == [1, 3, 5]
    assert set(m.graph.nodes) == {1, 2, 3, 4, 5}


def test_everyone_tied_is_dense_and_not_centralised():
    pairs = [(a, b, "coordination") for a in (1, 2, 3) for b in (1, 2, 3) if a < b]
    m = measures(levels(*pairs), [1, 2, 3])
    assert m.density == pytest.approx(1.0)
    assert m.centralisation == pytest.approx(0.0)


def test_a_tie_takes_the_higher_level_and_says_if_both_reported_it():
    rel = relations(latest_ratings(levels((1, 2, "awareness"), (2, 1, "integration"),
                                          (1, 3, "cooperation"), (3, 2, "none")), [1, 2, 3]))  # fmt: skip
    found = ties(rel)
    assert found[["a", "b", "level", "mutual"]].values.tolist() == [
        [1, 2, "integration", True],
        [1, 3, "cooperation", False],
    ]


def test_latest_answer_per_partner_counts_and_bad_ratings_are_left_out():
    answers = survey(
        (1, 2, "level", "none"),
        (1, 2, "level", "coordination"),  # a colleague from partner 1 answers later: counts
        (1, 1, "level", "integration"),  # rating itself: left out
        (1, 9, "level", "integration"),  # partner 9 is not in the survey: left out
        (2, 1, "reliability", 7),  # off the scale: left out
        (2, 1, "reliability", 2),
    )
    got = latest_ratings(answers, [1, 2, 3])
    assert got[["source", "target", "field", "value"]].values.tolist() == [
        [1, 2, "level", "coordination"],
        [2, 1, "reliability", 2],
    ]


def test_trust_and_value_scores_and_low_trust_pairs():
    answers = survey(
        (1, 2, "reliability", 4), (1, 2, "mission", 3), (1, 2, "openness", 2),  # trust 3
        (1, 2, "power", 4), (1, 2, "involvement", 4), (1, 2, "resources", 1),  # value 3
        (3, 2, "reliability", 1), (3, 2, "mission", 2), (3, 2, "openness", 1),  # trust 4/3
        (3, 2, "power", 2),  # value 2 (only one item given)
        (2, 1, "reliability", 2), (2, 1, "mission", 3), (2, 1, "openness", 3),  # trust 8/3
    )  # fmt: skip
    rel = relations(latest_ratings(answers, [1, 2, 3]))
    scores = partner_scores([1, 2, 3], rel).set_index("partner")
    assert scores.loc[2, "trust"] == pytest.approx((3 + 4 / 3) / 2)
    assert scores.loc[2, "value"] == pytest.approx((3 + 2) / 2)
    assert scores.loc[2, "raters"] == 2
    assert scores.loc[1, "trust"] == pytest.approx(8 / 3)
    assert math.isnan(scores.loc[3, "trust"]) and scores.loc[3, "raters"] == 0
    assert scores["answered"].tolist() == [True, True, True]
    low = low_trust_pairs(rel)
    assert low[["source", "target"]].values.tolist() == [[3, 2]]
    assert low["trust"].tolist() == pytest.approx([4 / 3])


def test_measures_refuse_with_a_reason():
    with pytest.raises(NetworkError, match="at least 2 partners"):
        measures(levels(), [1])
    with pytest.raises(NetworkError, match="at least 2 partners"):
        measures(levels(), [])
    two = measures(levels((1, 2, "cooperation")), [1, 2])
    assert two.density == pytest.approx(1.0) and two.centralisation is None
    with pytest.raises(NetworkError, match="at least 3 partners"):
        centralisation(graph([1, 2], relations(latest_ratings(levels(), [1, 2]))))
    with pytest.raises(NetworkError):
        density(graph([1], relations(latest_ratings(levels(), [1]))))


def test_a_survey_with_no_answer_has_every_partner_unreported():
    m = measures(levels(), [1, 2, 3])
    assert m.density == 0 and m.centralisation == 0
    assert m.unreported == [1, 2, 3] and m.answered == []
    assert unreported([1, 2], relations(latest_ratings(levels(), [1, 2]))) == [1, 2]


def test_comparing_two_waves():
    before = measures(
        survey((1, 2, "level", "awareness"), (1, 3, "level", "cooperation"),
               (2, 3, "level", "integration"),
               (2, 1, "reliability", 1), (2, 1, "mission", 2), (2, 1, "openness", 1)),
        [1, 2, 3, 4],
    )  # fmt: skip
    after = measures(
        survey((1, 2, "level", "coordination"), (1, 4, "level", "cooperation"),
               (2, 3, "level", "cooperation"),
               (2, 1, "reliability", 3), (2, 1, "mission", 3), (2, 1, "openness", 3),
               (4, 3, "reliability", 1), (4, 3, "mission", 1), (4, 3, "openness", 1)),
        [1, 2, 3, 4],
    )  # fmt: skip
    c = compare(before, after)
    assert c.density == pytest.approx((3 / 6, 3 / 6))
    assert c.new_ties == [(1, 4)]
    assert c.lost_ties == [(1, 3)]
    assert c.stronger == [(1, 2, "awareness", "coordination")]
    assert c.weaker == [(2, 3, "integration", "cooperation")]
    assert c.new_low_trust == [(4, 3)]
    assert c.resolved_low_trust == [(2, 1)]
    row = c.partners.set_index("partner").loc[1]
    assert row["trust_before"] == pytest.approx(4 / 3) and row["trust_after"] == pytest.approx(3)
    assert row["d_trust"] == pytest.approx(3 - 4 / 3)
    # Centrality of 4: alone before, one tie of three after.
    four = c.partners.set_index("partner").loc[4]
    assert four["centrality_before"] == 0 and four["centrality_after"] == pytest.approx(1 / 3)


def test_a_low_trust_pair_not_rated_again_is_not_resolved():
    bad = [(2, 1, "reliability", 1), (2, 1, "mission", 1), (2, 1, "openness", 1)]
    before = measures(survey(*bad), [1, 2])
    after = measures(survey((1, 2, "level", "awareness")), [1, 2])
    c = compare(before, after)
    assert c.resolved_low_trust == [] and c.new_low_trust == []


def test_comparison_needs_two_waves():
    one = measures(levels((1, 2, "cooperation")), [1, 2])
    with pytest.raises(NetworkError, match="Two survey waves"):
        compare(one, None)
    with pytest.raises(NetworkError):
        compare(None, one)


def test_partners_in_only_one_wave_get_no_change():
    before = measures(levels((1, 2, "cooperation")), [1, 2])
    after = measures(levels((1, 3, "cooperation")), [1, 2, 3])
    c = compare(before, after).partners.set_index("partner")
    assert math.isnan(c.loc[3, "centrality_before"]) and math.isnan(c.loc[3, "d_centrality"])


def test_layout_puts_partners_on_a_circle_in_the_order_given():
    m = measures(levels((1, 2, "cooperation"), (2, 3, "awareness")), [1, 2, 3, 4])
    pos = layout(m.graph, order=[3, 1, 4, 2])
    assert set(pos) == {1, 2, 3, 4}
    assert pos[3] == pytest.approx((0.5, 1.0))  # the first at the top, then clockwise
    assert pos[1] == pytest.approx((1.0, 0.5))
    assert pos[4] == pytest.approx((0.5, 0.0))
    assert pos[2] == pytest.approx((0.0, 0.5))
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in pos.values())
    # Partners left out of the order follow by id; a lone partner sits in the middle.
    assert list(layout(m.graph, order=[4])) == [4, 1, 2, 3]
    assert layout(graph([7], relations(latest_ratings(levels(), [7])))) == {7: (0.5, 0.5)}


def test_partners_ordered_by_sector_then_id():
    sectors = {1: "health", 2: "community", 3: "health", 4: "unknown", 5: "community"}
    assert by_sector([5, 4, 3, 2, 1], sectors, ["community", "health"]) == [2, 5, 1, 3, 4]
