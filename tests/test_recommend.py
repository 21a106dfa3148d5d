"""Recommendations: link scores and communities checked against networkx and python-louvain, the recompute job
on a seeded graph, people-you-may-know with reasons, dismissals, opt-outs and the staff status page."""

import networkx as nx
import numpy as np
import pytest

from app import scheduler
from graph import connections as connection_queries
from recommend import communities, linkscores, people
from recommend.snapshot import from_edges

from .conftest import seeded_demo


def _snapshot(graph: nx.Graph, opted_out=()):
    edges = np.array(list(graph.edges()))
    rows = [{"suggest_me": n not in opted_out} for n in graph.nodes()]
    return from_edges([str(n) for n in graph.nodes()], edges[:, 0], edges[:, 1], rows)


def test_link_scores_agree_with_networkx():
    graph = nx.barabasi_albert_graph(300, 4, seed=2)
    snap = _snapshot(graph)
    for u in (0, 17, 150):
        cn, aa, ra = (
            f(snap, u).toarray().ravel()
            for f in (linkscores.common_neighbours, linkscores.adamic_adar, linkscores.resource_allocation)
        )
        pairs = [(u, v) for v in range(300) if v != u and not graph.has_edge(u, v)]
        for a, b, expected in nx.resource_allocation_index(graph, pairs):
            assert ra[b] == pytest.approx(expected)
        for a, b, expected in nx.adamic_adar_index(graph, pairs):
            assert aa[b] == pytest.approx(expected)
        for a, b in pairs:
            assert cn[b] == len(list(nx.common_neighbors(graph, a, b)))


def test_personalised_pagerank_by_push_ranks_like_networkx():
    graph = nx.karate_club_graph()
    snap = _snapshot(graph)
    pushed = linkscores.personalised_pagerank(snap, 0, epsilon=1e-7)
    reference = nx.pagerank(graph, personalization={0: 1}, alpha=0.85, weight=None)
    lazy = {n: v for n, v in pushed.items()}
    top_pushed = sorted(lazy, key=lazy.get, reverse=True)[:4]
    top_reference = sorted(reference, key=reference.get, reverse=True)[:4]
    assert top_pushed[0] == top_reference[0] == 0 and set(top_pushed) & set(top_reference) >= set(top_reference[:2])


def test_every_engine_finds_the_planted_communities_with_the_reference_modularity():
    import community as community_louvain

    graph = nx.planted_partition_graph(6, 60, 0.2, 0.005, seed=4)
    snap = _snapshot(graph)
    found = {engine: communities.detect(snap.adjacency, engine, seed=3) for engine in communities.ENGINES}
    reference = found["python-louvain"].modularity
    for engine, result in found.items():
        assert result.count == 6, engine
        assert result.modularity == pytest.approx(reference, abs=0.01), engine
        ours = community_louvain.modularity({n: int(result.labels[n]) for n in graph.nodes()}, graph)
        assert result.modularity == pytest.approx(ours)
    again = communities.detect(snap.adjacency, "networkit", seed=3)
    assert np.array_equal(again.labels, found["networkit"].labels)  # the same seed, the same answer
    assert communities.detect(snap.adjacency).engine == communities.available()[0]
    with pytest.raises(ValueError):
        communities.detect(snap.adjacency, "fastest")


def test_precomputed_candidates_skip_oneself_contacts_and_people_who_opted_out():
    graph = nx.planted_partition_graph(4, 40, 0.25, 0.01, seed=5)
    snap = _snapshot(graph, opted_out={3})
    labels = communities.detect(snap.adjacency, "igraph").labels
    found = people.precompute(snap, labels, keep=10)
    for row, candidates in found.items():
        assert row not in candidates and 3 not in candidates
        assert not set(candidates) & set(graph.neighbors(row))
        assert len(candidates) == len(set(candidates)) <= 10
    assert any(found.values())


@pytest.fixture
def seeded(app, store):
    return seeded_demo(app, store, 400, 8)


def test_recompute_writes_communities_and_suggestions_and_the_page_explains_them(app, store, runner, seeded):
    browser, member_id, _report = seeded
    before = browser.get("/people").get_data(as_text=True)  # before any run: people of the same city or sector
    assert "Pas maintenant" in before
    done = runner.invoke(args=["recommend", "recompute", "--engine", "igraph"])
    assert done.exit_code == 0, done.output
    assert "communities (modularity" in done.output
    counts = store.read(
        "MATCH (m:Member) RETURN count(m.community) AS with_community, count(m.suggested_ids) AS with_list, "
        "count(m) AS members"
    )[0]
    assert counts["with_community"] == counts["members"] == counts["with_list"]
    summaries = store.read("MATCH (c:Community) RETURN c.size AS size, c.sectors AS sectors ORDER BY c.size DESC")
    assert summaries and sum(row["size"] for row in summaries) == counts["members"] and summaries[0]["sectors"]
    page = browser.get("/people").get_data(as_text=True)
    assert "contacts en commun" in page or "contact en commun" in page
    first = _suggested(page)[0]
    assert browser.post(f"/people/{first}/dismiss", data={"csrf_token": _token(browser)}).status_code == 302
    assert first not in _suggested(browser.get("/people").get_data(as_text=True))
    runner.invoke(args=["recommend", "recompute"])
    assert first not in _suggested(browser.get("/people").get_data(as_text=True))  # dismissed for good


def test_suggestions_follow_new_connections_and_opt_outs_at_once(app, store, runner, seeded):
    browser, member_id, _report = seeded
    runner.invoke(args=["recommend", "recompute"])
    page = browser.get("/people").get_data(as_text=True)
    first, second = _suggested(page)[:2]
    connection_queries.connect_pairs(store, [{"a": member_id, "b": first, "since": 1}])
    store.write("MATCH (m:Member {id: $id}) SET m.suggest_me = false", id=second)
    page = browser.get("/people").get_data(as_text=True)
    assert first not in _suggested(page) and second not in _suggested(page)


def test_staff_see_the_job_and_ask_for_a_run(app, store, runner, people, seeded):
    admin, analyst, member = people("admin", role="admin"), people("analyst", role="analyst"), people("member")
    assert member.get("/recommendations").status_code == 403
    assert "has not run yet" in analyst.get("/recommendations").get_data(as_text=True)
    assert analyst.post("/recommendations/run").status_code == 403
    assert admin.post("/recommendations/run").status_code == 302
    assert "will start within a minute" in admin.get("/recommendations").get_data(as_text=True)
    assert scheduler.run_if_asked(app) is True  # what a serving process's scheduler does every 30 s
    assert scheduler.run_if_asked(app) is False
    status = analyst.get("/recommendations").get_data(as_text=True)
    assert "Communities" in status and "modularity" in status


def _suggested(page: str) -> list[str]:
    """The member ids suggested on the page, in order."""
    listing = page.split('<ul class="people">')[1].split("</ul>")[0]
    return [chunk.split('"')[0] for chunk in listing.split('href="/members/')[1:]]


def _token(client):
    from .conftest import csrf_token

    return csrf_token(client, "/")
