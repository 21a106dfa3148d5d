"""The trained ranking of people-you-may-know: what it learns, how it is stored and served, and what happens
when it cannot be trained or read."""

import logging

import networkx as nx
import numpy as np
import pytest

from graph import ranking_models
from recommend import communities, job, linkscores, people, ranker, ranker_training
from recommend.snapshot import from_edges

from .conftest import seeded_demo

K = 10


SIZE = 5000


def _blurred_graph():
    """An LFR benchmark graph (mu = 0.3, the one of bench/recommend_eval.py): its edges, shuffled with a seed."""
    graph = nx.LFR_benchmark_graph(
        SIZE, 2.5, 1.5, 0.3, average_degree=10, max_degree=100, min_community=40, max_community=400, seed=42
    )
    graph.remove_edges_from(nx.selfloop_edges(graph))
    edges = np.array(list(graph.edges()))
    np.random.default_rng(7).shuffle(edges)
    return edges


def _precision(suggest, truth: dict) -> float:
    return float(np.mean([len(set(suggest(row)[:K]) & wanted) / K for row, wanted in truth.items()]))


@pytest.mark.graph_free
def test_a_ranking_trained_on_older_connections_finds_newer_ones_better_than_shared_contacts():
    edges = _blurred_graph()
    hidden, kept = edges[: len(edges) // 10], edges[len(edges) // 10 :]
    snap = from_edges([str(n) for n in range(SIZE)], kept[:, 0], kept[:, 1])
    snap.since = snap.adjacency.copy()
    snap.since.data = np.random.default_rng(3).random(snap.since.nnz) + 1  # dates in no particular order
    earlier, newest = ranker_training.hold_out_newest(snap)
    assert sum(len(v) for v in newest.values()) == 2 * (snap.adjacency.nnz // 2 // 10)
    assert earlier.adjacency.nnz == snap.adjacency.nnz - 2 * (snap.adjacency.nnz // 2 // 10)
    first = communities.detect(earlier.adjacency, "networkit", 1).labels
    runs = ranker.partitions(earlier.adjacency, first, "networkit", 1)
    training = ranker_training.train(earlier, runs, newest, now=5)
    assert training.model is not None and training.model.trained_at == 5
    assert training.positives >= ranker_training.MIN_POSITIVES
    labels = communities.detect(snap.adjacency, "networkit", 1).labels
    proximity = people.precompute(snap, labels)
    runs = ranker.partitions(snap.adjacency, labels, "networkit", 1)
    ordered = ranker.order(snap, runs, ranker.widen(snap, labels, proximity), training.model, people.STORED)
    truth: dict[int, set] = {}
    for a, b in hidden.tolist():
        truth.setdefault(a, set()).add(b)
        truth.setdefault(b, set()).add(a)
    truth = {row: wanted for row, wanted in truth.items() if snap.degree[row] > 0}

    def shared_contacts(row):
        counts = linkscores.common_neighbours(snap, row).toarray().ravel()
        counts[[row, *snap.neighbours(row)]] = 0
        return [int(c) for c in np.argsort(-counts, kind="stable")[:K] if counts[c] > 0]

    trained, baseline = _precision(lambda row: ordered[row], truth), _precision(shared_contacts, truth)
    assert trained > 1.8 * baseline, (trained, baseline)
    assert all(len(chosen) <= people.STORED and len(set(chosen)) == len(chosen) for chosen in ordered.values())
    assert all(not set(chosen) & set(snap.neighbours(row).tolist()) for row, chosen in ordered.items())


@pytest.mark.graph_free
def test_dismissals_count_against_what_the_dismissed_suggestions_had():
    edges = _blurred_graph()
    snap = from_edges([str(n) for n in range(SIZE)], edges[:, 0], edges[:, 1])
    earlier, newest = ranker_training.hold_out_newest(snap, seed=2)
    labels = communities.detect(earlier.adjacency, "networkit", 1).labels
    plain = ranker_training.train(earlier, [labels], newest).model
    # every member dismissed the best-connected people of their own community they were offered
    widened = ranker.widen(earlier, labels, {row: [] for row in range(SIZE)})
    dismissed = {row: set(chosen[:5]) - newest.get(row, set()) for row, chosen in widened.items()}
    weighed = ranker_training.train(earlier, [labels], newest, dismissed).model
    inside = ranker.FEATURES.index("their_connections_inside")
    assert weighed.weights[inside] < plain.weights[inside]


@pytest.mark.graph_free
def test_too_few_recent_connections_train_nothing():
    graph = nx.planted_partition_graph(3, 20, 0.3, 0.02, seed=1)
    edges = np.array(list(graph.edges()))
    snap = from_edges([str(n) for n in graph.nodes()], edges[:, 0], edges[:, 1])
    earlier, newest = ranker_training.hold_out_newest(snap)
    training = ranker_training.train(earlier, [communities.detect(earlier.adjacency, "igraph", 1).labels], newest)
    assert training.model is None and training.reason == "too_few_positives" and training.positives < 100


def _model(**changes) -> ranker.Model:
    size = len(ranker.FEATURES)
    values = {
        "version": 3,
        "features": list(ranker.FEATURES),
        "mean": [0.0] * size,
        "scale": [1.0] * size,
        "weights": [0.1] * size,
        "intercept": -2.0,
        "trained_at": 1,
        "positives": 500,
        "pairs": 9000,
    }
    return ranker.Model(**{**values, **changes})


@pytest.mark.graph_free
@pytest.mark.parametrize(
    "stored",
    [
        "not json at all",
        '{"format": 1, "version": 2}',
        _model(features=["contacts", "city"]).to_json(),
        _model(weights=[0.1] * (len(ranker.FEATURES) - 1)).to_json(),
        _model(weights=[float("nan")] * len(ranker.FEATURES)).to_json(),
        _model().to_json().replace('"format": 1', '"format": 0'),
    ],
    ids=["garbage", "incomplete", "older-features", "wrong-size", "not-a-number", "older-format"],
)
def test_a_stored_model_that_cannot_be_used_is_set_aside_with_a_notice(stored, caplog):
    with caplog.at_level(logging.WARNING, logger="recommend.ranker"):
        assert ranker.from_json(stored) is None
    assert "hand weights" in caplog.text
    assert ranker.from_json(_model().to_json()) == _model()
    assert ranker.from_json(None) is None


@pytest.mark.graph_free
def test_reasons_are_the_features_that_weighed_most_for_that_suggestion():
    weights = [0.0] * len(ranker.FEATURES)
    for feature, weight in (("contacts", 0.2), ("sectors", 1.5), ("city", -0.4), ("same_community", 0.6)):
        weights[ranker.FEATURES.index(feature)] = weight
    model = _model(weights=weights)
    viewer = {"sector_ids": ["health"], "city_id": "rabat", "community": 4}
    candidates = [
        {"id": "b", "mutual": 2, "sector_ids": ["health"], "city_id": "rabat", "community": 4},
        {"id": "a", "mutual": 0, "city_id": "rabat", "community": 1},
    ]
    ranked = ranker.rank_in_order(viewer, candidates, ["a", "b", "gone"], model)
    assert [s.member["id"] for s in ranked] == ["a", "b"]  # the stored order, whatever the live values
    assert [code for code, _params in ranked[1].reasons] == ["sectors", "community", "mutual"]  # city counts against
    assert ranked[0].reasons == []
    unread = ranker.rank_in_order(viewer, candidates, ["b", "a"], None)
    assert [code for code, _params in unread[0].reasons] == ["mutual", "sectors", "city"]


@pytest.fixture
def seeded(app, store):
    return seeded_demo(app, store, 400, 8)


def _ranked_by(store) -> set:
    return {row["v"] for row in store.read("MATCH (x:Recommendation) RETURN DISTINCT x.ranked_by AS v")}


def test_the_job_trains_stores_and_serves_the_ranking_and_falls_back_when_it_cannot(app, store, seeded):
    browser, member_id, _report = seeded
    first = job.recompute(store, "igraph", train=True, min_positives=20)
    assert first["ranking"]["trained"] and first["ranking"]["version"] == 1 and first["ranking"]["notice"] == ""
    assert ranking_models.newest(store)["version"] == 1 and _ranked_by(store) == {1}
    page = browser.get("/people").get_data(as_text=True)
    assert "Pas maintenant" in page and page.count('class="card"') >= 5
    # the next run trains again only when it is due
    assert job.recompute(store, "igraph", now=first_run_at(store) + 3_600_000)["ranking"]["trained"] is False
    due = job.recompute(store, "igraph", now=first_run_at(store) + 25 * 3_600_000, min_positives=20)
    assert due["ranking"]["trained"] and due["ranking"]["version"] == 2
    # too few recent connections: said, and the previous ranking stays
    refused = job.recompute(store, "igraph", train=True, min_positives=10_000)
    assert refused["ranking"]["notice"] == "too_few_positives" and refused["ranking"]["version"] == 2
    assert refused["ranking"]["trained"] is False and ranking_models.newest(store)["version"] == 2
    # a stored ranking that cannot be read: the hand weights order the lists, the pages still answer
    store.write("MATCH (m:RankingModel) SET m.body = 'not json'")
    broken = job.recompute(store, "igraph", train=False)
    assert broken["ranking"] == {"version": None, "trained": False, "positives": None, "notice": "unreadable"}
    assert _ranked_by(store) == {None}
    assert "Pas maintenant" in browser.get("/people").get_data(as_text=True)
    # the next scheduled run does not wait a day to replace it (after an upgrade that changed the features)
    mended = job.recompute(store, "igraph", min_positives=20)
    assert mended["ranking"]["trained"] and mended["ranking"]["version"] == 3 and _ranked_by(store) == {3}


def first_run_at(store) -> int:
    """When the newest stored ranking was trained."""
    return ranking_models.newest(store)["trained_at"]


def test_a_page_served_by_a_ranking_it_cannot_read_keeps_the_order_and_answers(app, store, seeded, caplog):
    browser, member_id, _report = seeded
    job.recompute(store, "igraph", train=True, min_positives=20)
    before = browser.get("/people").get_data(as_text=True)
    store.write("MATCH (m:RankingModel) SET m.body = '{\"format\": 1}'")
    app.extensions.pop("ranking_models", None)  # a process that had not read it yet
    with caplog.at_level(logging.WARNING, logger="recommend.ranker"):
        after = browser.get("/people")
    assert after.status_code == 200 and "cannot be read" in caplog.text
    order = [chunk.split('"')[0] for chunk in before.split('href="/members/')[1:]]
    assert [chunk.split('"')[0] for chunk in after.get_data(as_text=True).split('href="/members/')[1:]] == order
