"""The department's analytics over a snapshot (recommend/analytics.py): figures, reasons and small cells."""

import itertools

import numpy as np
import pytest

from recommend import analytics
from recommend.snapshot import from_rows

pytestmark = pytest.mark.graph_free  # pure functions: proved once, on the FalkorDB pass

NOW = 1_800_000_000_000
DAY = 86_400_000


def _two_countries_and_a_relay():
    """Seven doctors in Canada and seven lawyers in France, each group all connected; Rachid in Germany
    knows two of each; Nadia in Canada knows nobody."""
    rows = [{"id": f"ca{i}", "country": "CA", "networks": ["medical"], "skills": ["surgery"]} for i in range(7)]
    rows += [{"id": f"fr{i}", "country": "FR", "networks": ["law"], "skills": ["contracts"]} for i in range(7)]
    rows += [{"id": "rachid", "country": "DE", "networks": ["medical", "law"]}, {"id": "nadia", "country": "CA"}]
    pairs = [(f"ca{a}", f"ca{b}") for a, b in itertools.combinations(range(7), 2)]
    pairs += [(f"fr{a}", f"fr{b}") for a, b in itertools.combinations(range(7), 2)]
    pairs += [("rachid", "ca0"), ("rachid", "ca1"), ("rachid", "fr0"), ("rachid", "fr1")]
    labels = np.array([0] * 7 + [1] * 7 + [0, -1])
    return from_rows(rows, pairs), labels


def _report():
    snap, labels = _two_countries_and_a_relay()
    mentorships = [(f"ca{i}", f"fr{i}") for i in range(5)] + [("ca5", "ca6")]
    active = {f"ca{i}": NOW - DAY for i in range(6)} | {"fr0": NOW - 90 * DAY}
    return analytics.analyse(snap, labels, mentorships, {"ca0": 1, "fr3": 2}, active, NOW)


def test_the_relay_between_two_countries_leads_betweenness_with_the_reason():
    report = _report()
    by_id = {row["id"]: row for row in report.members}
    rachid = by_id["rachid"]

    assert max(report.members, key=lambda row: row["betweenness"])["id"] == "rachid"
    assert report.betweenness_bound == 0.0  # small graphs are measured exactly
    assert {"kind": "countries", "values": [["CA", 2], ["FR", 2]]} in rachid["reasons"]
    assert {"kind": "communities", "values": [["0", 2], ["1", 2]]} in rachid["reasons"]
    assert rachid["participation_countries"] == pytest.approx(0.5)
    assert by_id["ca3"]["participation_countries"] == 0.0 and by_id["ca3"]["reasons"] == []
    assert rachid["cut_point"] is True  # without him, the doctors and the lawyers are apart
    assert [row["id"] for row in report.members if row["cut_point"]] == ["rachid"]
    assert by_id["nadia"]["degree"] == 0 and by_id["nadia"]["constraint"] is None


def test_countries_count_members_activity_ties_mentorships_and_projects_hiding_small_cells():
    countries = {row["id"]: row for row in _report().countries}

    canada = countries["CA"]
    assert canada["members"] == 8  # seven doctors and Nadia
    assert canada["active"] == 6
    assert canada["ties_inside"] == 21
    assert canada["ties_across"] is None  # 2 ties to Rachid: under five, hidden
    assert canada["mentorships"] == 7  # five with France as leaders, and ca5 - ca6 counted for both
    assert canada["projects"] is None  # one project: hidden
    assert countries["DE"]["members"] is None  # Rachid alone
    assert countries["FR"]["active"] == 0  # fr0 was last seen 90 days ago


def test_network_matrix_arcs_and_communities():
    report = _report()
    matrix = report.network_matrix
    medical, law = matrix["networks"].index("medical"), matrix["networks"].index("law")

    assert matrix["shared_members"][medical][medical] == 8  # the seven doctors and Rachid
    assert matrix["shared_members"][medical][law] is None  # Rachid alone is in both
    assert matrix["connections"][medical][medical] == 23  # 21 among doctors, Rachid's 2 to doctors
    assert ["CA", "FR", 5] in report.arcs["mentorships"]
    assert ["CA", "DE", None] in report.arcs["connections"]

    first = report.communities[0]
    assert first["size"] == 8 and first["ties_inside"] == 23
    assert first["skills"][0] == "surgery" and first["countries"][0] == "CA"
    assert first["ties_to"] == [[1, None]]  # Rachid's two ties to the lawyers
    assert report.totals == {
        "members": 16,
        "connections": 46,
        "communities": 2,
        "active": 6,
        "mentorships": 6,
        "cut_points": 1,
    }


def test_the_small_cell_rule_hides_one_to_four_and_keeps_zero():
    assert [analytics.hide_small(n) for n in (0, 1, 4, 5, 120)] == [0, None, None, 5, 120]


def test_ranks_order_listed_members_by_a_measure_and_skip_the_others():
    rows = [{"id": "b", "degree": 3}, {"id": "a", "degree": 3}, {"id": "c", "degree": 9}, {"id": "d", "degree": 1}]
    assert analytics.ranks(rows, [True, True, True, False], "degree") == [3, 2, 1, None]


def test_the_console_names_every_measure_the_graph_ranks():
    from app.insights.service import MEASURES as NAMED
    from graph.insights import MEASURES

    assert set(NAMED) == set(MEASURES)


@pytest.mark.graph_free
def test_the_old_code_of_the_southern_provinces_is_counted_in_morocco_without_revealing_a_hidden_count():
    from app.insights.maps import folded_counts

    assert folded_counts({"MA": 40, "EH": 6, "FR": 9}) == {"MA": 46, "FR": 9}
    assert folded_counts({"MA": 40, "EH": None}) == {"MA": 40}  # 41 to 44: a little low, the hidden count kept hidden
    assert folded_counts({"MA": None, "EH": 7}) == {"MA": 7}
    assert folded_counts({"MA": None, "EH": None}) == {"MA": None}
    assert folded_counts({"EH": None}) == {"MA": None}
    assert folded_counts({"MA": 12}) == {"MA": 12}
