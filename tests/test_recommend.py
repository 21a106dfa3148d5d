"""Recommendations: link scores and communities checked against networkx and python-louvain, the recompute job
on a seeded graph, people-you-may-know with reasons, dismissals, opt-outs and the staff status page."""

import networkx as nx
import numpy as np
import pytest

from app import jobs
from graph import connections as connection_queries
from graph import networks as network_queries
from graph import snapshot as snapshot_queries
from recommend import communities, job, linkscores, people
from recommend.snapshot import from_edges

from .builders import member, network
from .conftest import seeded_demo
from .worker import run_jobs


def _snapshot(graph: nx.Graph, opted_out=()):
    edges = np.array(list(graph.edges()))
    rows = [{"suggest_me": n not in opted_out} for n in graph.nodes()]
    return from_edges([str(n) for n in graph.nodes()], edges[:, 0], edges[:, 1], rows)


@pytest.mark.graph_free
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


@pytest.mark.graph_free
def test_community_aware_common_neighbours_agree_with_networkx():
    graph = nx.planted_partition_graph(3, 30, 0.3, 0.03, seed=6)
    snap = _snapshot(graph)
    labels = communities.detect(snap.adjacency, "igraph", seed=1).labels
    for node in graph.nodes():
        graph.nodes[node]["community"] = int(labels[node])
    for u in (0, 31, 70):
        ours = linkscores.community_common_neighbours(snap, u, labels).toarray().ravel()
        pairs = [(u, v) for v in graph.nodes() if v != u and not graph.has_edge(u, v)]
        for _a, b, expected in nx.cn_soundarajan_hopcroft(graph, pairs):
            assert ours[b] == expected
    plain, aware = linkscores.resource_allocation_all(snap), linkscores.resource_allocation_all(snap, labels)
    pairs = [(u, v) for u in (0, 31, 70) for v in graph.nodes() if v != u and not graph.has_edge(u, v)]
    for a, b, expected in nx.ra_index_soundarajan_hopcroft(graph, pairs):
        assert aware[a, b] - plain[a, b] == pytest.approx(expected)


@pytest.mark.graph_free
def test_the_snapshot_keeps_features_and_messages_as_sparse_arrays():
    from recommend.snapshot import from_rows

    rows = [
        {"id": "a", "skills": ["python", "ai"], "sectors": ["health"], "city": "c1", "employer": "ocp"},
        {"id": "b", "skills": ["ai", "python", "ai"], "sectors": ["health", "finance"], "city": "c1"},
        {"id": "c", "skills": ["law"], "sectors": [], "city": None, "employer": "ocp", "suggest_me": False},
    ]
    snap = from_rows(rows, [("a", "b"), ("b", "a"), ("a", "ghost")], [("a", "c", 9), ("a", "ghost", 4)])
    assert snap.adjacency.nnz == 2 and snap.degree.tolist() == [1, 1, 0]  # one connection, the unknown left out
    assert sorted(snap.values("skills", 1)) == ["ai", "python"] and snap.values("city", 2) == []
    assert snap.shared("skills", 0).tolist() == [2, 2, 0] and snap.shared("employer", 0).tolist() == [1, 0, 1]
    assert snap.messages[0, 2] == snap.messages[2, 0] == 9 and snap.messages.nnz == 2
    ties = snap.ties()
    assert ties[0, 1] == 1 and ties[0, 2] == pytest.approx(0.5 * np.log(10)) and ties[1, 2] == 0
    assert snap.top_values("sectors", np.array([0, 0, 1])) == [["health", "finance"], []]
    assert snap.suggest_me.tolist() == [True, True, False]


@pytest.mark.graph_free
def test_people_who_talked_are_suggested_and_messages_pull_communities_together():
    graph = nx.planted_partition_graph(2, 30, 0.3, 0.0, seed=8)  # two groups, no connection between them
    snap = _snapshot(graph)
    from scipy import sparse

    snap.messages = sparse.csr_matrix(([40.0, 40.0], ([0, 45], [45, 0])), shape=(60, 60))
    found = people.precompute(snap, communities.detect(snap.adjacency, "igraph").labels, keep=5)
    assert found[0][0] == 45 and found[45][0] == 0  # they wrote to each other: first suggestion both ways


@pytest.mark.graph_free
def test_messages_weigh_on_communities_and_weighted_modularity_is_newmans():
    from networkx.algorithms.community import modularity as nx_modularity
    from scipy import sparse

    graph = nx.disjoint_union(nx.complete_graph(10), nx.complete_graph(10))  # 0-9 and 10-19
    graph.add_edges_from([(20, 0), (20, 10), (21, 20)])  # 20 and 21 hang between the two groups
    snap = _snapshot(graph)
    talks = [(20, other, 30.0) for other in (11, 12, 13)]
    a, b, n = zip(*talks, strict=True)
    snap.messages = sparse.csr_matrix((n + n, (a + b, b + a)), shape=(22, 22))
    for engine in communities.ENGINES:
        found = communities.detect(snap.ties(), engine, seed=2)
        assert found.labels[20] == found.labels[10] != found.labels[0], engine  # it talks with the second group
        weighted = nx.Graph()
        rows, cols = snap.ties().nonzero()
        weighted.add_weighted_edges_from((int(r), int(c), snap.ties()[r, c]) for r, c in zip(rows, cols, strict=True))
        groups = [set(np.flatnonzero(found.labels == k).tolist()) for k in range(found.count)]
        assert found.modularity == pytest.approx(nx_modularity(weighted, groups, weight="weight"))


@pytest.mark.graph_free
def test_personalised_pagerank_by_push_ranks_like_networkx():
    graph = nx.karate_club_graph()
    snap = _snapshot(graph)
    pushed = linkscores.personalised_pagerank(snap, 0, epsilon=1e-7)
    reference = nx.pagerank(graph, personalization={0: 1}, alpha=0.85, weight=None)
    lazy = {n: v for n, v in pushed.items()}
    top_pushed = sorted(lazy, key=lazy.get, reverse=True)[:4]
    top_reference = sorted(reference, key=reference.get, reverse=True)[:4]
    assert top_pushed[0] == top_reference[0] == 0 and set(top_pushed) & set(top_reference) >= set(top_reference[:2])


@pytest.mark.graph_free
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


def _blurred_communities():
    """An LFR benchmark graph whose communities are blurred (mu = 0.4): Louvain's visiting order matters."""
    from scipy import sparse

    graph = nx.LFR_benchmark_graph(1000, 3, 1.5, 0.4, average_degree=10, min_community=20, seed=10)
    graph.remove_edges_from(nx.selfloop_edges(graph))
    return sparse.csr_matrix(nx.to_scipy_sparse_array(graph, nodelist=range(1000), format="csr").astype(float))


@pytest.mark.graph_free
def test_the_seed_decides_the_partition_for_every_engine():
    adjacency = _blurred_communities()
    for engine in communities.ENGINES:
        partitions = set()
        for seed in range(4):
            found = communities.detect(adjacency, engine, seed)
            assert np.array_equal(found.labels, communities.detect(adjacency, engine, seed).labels), engine
            partitions.add(tuple(found.labels.tolist()))
        assert len(partitions) > 1, f"{engine} ignores the seed"


@pytest.mark.graph_free
def test_python_louvain_answers_exactly_what_the_library_answers_for_the_seed():
    import community as community_louvain

    adjacency = _blurred_communities()
    for seed in (1, 7):
        library = community_louvain.best_partition(nx.from_scipy_sparse_array(adjacency), random_state=seed)
        ours = communities.detect(adjacency, "python-louvain", seed, renumber=False)
        assert ours.labels.tolist() == [library[n] for n in range(adjacency.shape[0])]
        renumbered = communities.detect(adjacency, "python-louvain", seed)
        assert np.bincount(renumbered.labels).tolist() == sorted(np.bincount(ours.labels).tolist(), reverse=True)


@pytest.mark.graph_free
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


@pytest.mark.graph_free
def test_the_candidate_step_gives_the_best_scores_whatever_its_block_size():
    from scipy import sparse

    graph = nx.powerlaw_cluster_graph(600, 4, 0.3, seed=8)
    snap = _snapshot(graph, opted_out={5, 77})
    contact = next(iter(graph.neighbors(2)))
    assert not graph.has_edge(1, 300)
    talks = [(1, 300, 4.0), (2, contact, 9.0)]  # talking to a contact does not make them a candidate
    a, b, n = zip(*talks, strict=True)
    snap.messages = sparse.csr_matrix((n + n, (a + b, b + a)), shape=(600, 600))
    labels = communities.detect(snap.adjacency, "igraph", seed=1).labels
    blocks = people.row_blocks(snap, paths=500)
    assert len(blocks) > 20 and blocks[0][0] == 0 and blocks[-1][1] == 600
    assert all(stop == start for (_, stop), (start, _) in zip(blocks, blocks[1:], strict=False))
    whole = people.precompute(snap, labels, keep=10, paths=10**9)
    assert people.precompute(snap, labels, keep=10, paths=500) == whole
    aware = linkscores.resource_allocation_all(snap, labels).toarray()
    for row in (0, 1, 2, 200, 599):
        expected = aware[row].copy()
        expected[[row, *graph.neighbors(row), 5, 77]] = 0
        if row == 1:
            expected[300] += people.TALKED + np.log1p(4.0)
        best = np.sort(expected[expected > 0])[::-1][:10]
        assert np.allclose([expected[c] for c in whole[row][: len(best)]], best), row
    assert whole[1][0] == 300 and contact not in whole[2]


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
        "MATCH (m:Member) OPTIONAL MATCH (r:Recommendation {member_id: m.id}) "
        "RETURN count(r.community) AS with_community, count(r.suggested) AS with_list, count(m) AS members"
    )[0]
    assert counts["with_community"] == counts["members"] == counts["with_list"]
    again = job.recompute(store, "igraph")
    assert again["written"] == 0 and again["members"] == counts["members"]  # nothing changed: nothing rewritten
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
    done = runner.invoke(args=["recommend", "recompute"])
    assert done.exit_code == 0, done.output
    page = browser.get("/people").get_data(as_text=True)
    first, second = _suggested(page)[:2]
    connection_queries.connect_pairs(store, [{"a": member_id, "b": first, "since": 1}])
    store.write("MATCH (m:Member {id: $id}) SET m.suggest_me = false", id=second)
    page = browser.get("/people").get_data(as_text=True)
    assert first not in _suggested(page) and second not in _suggested(page)
    numbers = {row["id"]: row["n"] for row in store.read("MATCH (x:Recommendation) RETURN x.member_id AS id, x.n AS n")}
    newcomer = member(store, "Newcomer", sectors=("health",))
    before = snapshot_queries.known(store)
    written = job.recompute(store)["written"]
    changed = {k for k, (_n, digest) in snapshot_queries.known(store).items() if before.get(k, (0, None))[1] != digest}
    assert newcomer in changed and written == len(changed)  # only those whose results changed are written
    after = {row["id"]: row["n"] for row in store.read("MATCH (x:Recommendation) RETURN x.member_id AS id, x.n AS n")}
    assert {k: after[k] for k in numbers} == numbers and after[newcomer] == max(numbers.values()) + 1


def test_someone_the_member_wrote_to_without_connecting_is_suggested_with_the_messages(app, store, runner, seeded):
    from graph import conversations

    browser, member_id, _report = seeded
    stranger = store.read(
        "MATCH (me:Member {id: $me}), (o:Member) WHERE o.id <> me.id AND o.status = 'active' "
        "AND NOT (me)-[:CONNECTED]-(o) AND NOT (me)-[:CONNECTED]-(:Member)-[:CONNECTED]-(o) "
        "RETURN o.id AS id ORDER BY o.id LIMIT 1",
        me=member_id,
    )[0]["id"]
    assert runner.invoke(args=["recommend", "recompute"]).exit_code == 0
    assert stranger not in _suggested(browser.get("/people").get_data(as_text=True))
    open_network = network(store, "open-talk", join_policy="open", members_message=True)
    for someone in (member_id, stranger):
        assert network_queries.join_open(store, open_network["id"], someone, 1)
    talk = conversations.start_direct(store, member_id, stranger, "talk-1", 1)
    assert talk is not None
    for n in range(3):
        conversations.send(store, talk, [member_id, stranger][n % 2], f"c{n}", "Salam", 2 + n)
    assert runner.invoke(args=["recommend", "recompute"]).exit_code == 0
    page = browser.get("/people").get_data(as_text=True)
    assert stranger in _suggested(page)
    assert "3 messages échangés" in page.split(f'href="/members/{stranger}"')[1].split("</li>")[0]


def test_staff_see_the_job_and_ask_for_a_run(app, store, runner, people, seeded):
    admin, analyst, member = people("admin", role="admin"), people("analyst", role="analyst"), people("member")
    assert member.get("/recommendations").status_code == 403
    assert "has not run yet" in analyst.get("/recommendations").get_data(as_text=True)
    assert analyst.post("/recommendations/run").status_code == 403
    assert admin.post("/recommendations/run").status_code == 302
    assert "will start within a minute" in admin.get("/recommendations").get_data(as_text=True)
    assert admin.post("/recommendations/run").status_code == 302  # asking twice queues one run
    with app.app_context():
        queued = jobs.latest("recommend.recompute")
        assert len(jobs.queue()) == 1
    assert queued["status"] == "queued" and queued["step"] is None
    handle = app.extensions["redis"]
    handle.client.set(handle.key("recommend", "running"), 1)  # another process is recomputing
    busy = runner.invoke(args=["recommend", "recompute"])
    assert busy.exit_code != 0 and "already under way" in busy.output
    handle.client.delete(handle.key("recommend", "running"))
    run_jobs(app)  # what the worker process does
    with app.app_context():
        done = jobs.state(queued["id"])
    assert done["status"] == "finished" and done["step"] == "done" and done["error"] is None
    assert done["enqueued_at"] <= done["started_at"] <= done["finished_at"]
    assert analyst.get(f"/jobs/{queued['id']}").get_json() == done
    assert member.get(f"/jobs/{queued['id']}").status_code == 403
    assert analyst.get("/jobs/no-such-job").status_code == 404
    status = analyst.get("/recommendations").get_data(as_text=True)
    assert "Communities" in status and "modularity" in status
    assert "Members whose results changed" in status and "reading the graph" in status and "snapshot" not in status
    assert "Hand weights (no trained ranking in use)" in status and "too few to learn from" in status
    assert "Mentor ranking" in status and "Not fitted again: 0 answered invitations" in status


def _suggested(page: str) -> list[str]:
    """The member ids suggested on the page, in order."""
    listing = page.split('<ul class="people">')[1].split("</ul>")[0]
    return [chunk.split('"')[0] for chunk in listing.split('href="/members/')[1:]]


def _token(client):
    from .conftest import csrf_token

    return csrf_token(client)
