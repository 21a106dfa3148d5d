"""The influence measures (recommend/influence.py) against networkx, the reference, on small graphs."""

import math

import networkx as nx
import numpy as np
import pytest
from scipy import sparse, stats

from recommend import influence

pytestmark = pytest.mark.graph_free  # pure functions: proved once, on the FalkorDB pass


def _matrix(graph: nx.Graph) -> sparse.csr_matrix:
    return nx.to_scipy_sparse_array(graph, nodelist=range(graph.number_of_nodes()), format="csr")


def _by_node(values: dict, size: int) -> np.ndarray:
    return np.array([values[node] for node in range(size)], dtype=np.float64)


GRAPHS = {
    "clustered, with an isolated member": lambda: _with_isolate(nx.powerlaw_cluster_graph(120, 3, 0.4, seed=3)),
    "two groups joined by one path": lambda: nx.barbell_graph(8, 3),
    "a tree": lambda: nx.random_labeled_tree(60, seed=5),
    "karate club": nx.karate_club_graph,
}


def _with_isolate(graph: nx.Graph) -> nx.Graph:
    graph.add_node(graph.number_of_nodes())
    return graph


@pytest.fixture(params=sorted(GRAPHS))
def graph(request) -> nx.Graph:
    built = GRAPHS[request.param]()
    return nx.Graph(nx.convert_node_labels_to_integers(built))  # unweighted: the karate club carries weights


def test_exact_measures_equal_networkxs(graph):
    size = graph.number_of_nodes()
    for _u, _v, data in graph.edges(data=True):
        data.clear()
    found = influence.measure(_matrix(graph))

    assert found.degree.tolist() == [graph.degree(node) for node in range(size)]
    assert found.betweenness_bound == 0.0
    np.testing.assert_allclose(found.betweenness, _by_node(nx.betweenness_centrality(graph), size), atol=1e-12)
    np.testing.assert_allclose(found.pagerank, _by_node(nx.pagerank(graph, tol=1e-12, max_iter=1000), size), atol=1e-9)
    np.testing.assert_allclose(found.constraint, _by_node(nx.constraint(graph), size), atol=1e-12)
    np.testing.assert_allclose(found.effective_size, _by_node(nx.effective_size(graph), size), atol=1e-12)
    assert found.core.tolist() == [nx.core_number(graph)[node] for node in range(size)]
    assert set(np.flatnonzero(found.articulation).tolist()) == set(nx.articulation_points(graph))
    assert influence.bridge_edges(_matrix(graph)) == sorted(tuple(sorted(edge)) for edge in nx.bridges(graph))


@pytest.mark.parametrize("seed", range(5))
def test_sampled_betweenness_stays_within_its_stated_bound(graph, seed):
    size = graph.number_of_nodes()
    exact = _by_node(nx.betweenness_centrality(graph), size)

    approximate, bound = influence.betweenness(_matrix(graph), exact_up_to=0, error=0.01, seed=seed)

    assert bound == pytest.approx(2 * 0.01 * size / (size - 2))
    assert np.abs(approximate - exact).max() <= bound
    assert approximate.max() > 0


def test_sampled_betweenness_ranks_the_top_hundred_of_five_thousand_as_the_exact_one_does():
    graph = nx.powerlaw_cluster_graph(5000, 4, 0.3, seed=11)
    matrix = _matrix(graph)
    exact, _ = influence.betweenness(matrix)
    approximate, bound = influence.betweenness(matrix, exact_up_to=0)

    top = np.argsort(-exact)[:100]
    correlation = stats.spearmanr(exact[top], approximate[top]).statistic
    assert bound > 0
    assert correlation >= 0.9, correlation


def test_participation_is_zero_inside_one_group_and_grows_with_the_groups_reached():
    # 0 - 1, 0 - 2 in group a; 0 - 3 in group b; 4 alone
    graph = nx.Graph([(0, 1), (0, 2), (0, 3)])
    graph.add_node(4)
    groups = influence.incidence(np.array([0, 0, 0, 1, -1]))

    found = influence.participation(_matrix(graph), groups)

    assert found[0] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)
    assert found[1] == 0.0 and found[3] == 0.0
    assert found[4] == 0.0


def test_an_empty_graph_and_a_graph_without_ties_give_empty_and_undefined_measures():
    empty = influence.measure(sparse.csr_matrix((0, 0)))
    assert len(empty.degree) == 0 and len(empty.pagerank) == 0

    loners = influence.measure(sparse.csr_matrix((3, 3)))
    assert loners.degree.tolist() == [0, 0, 0]
    assert loners.pagerank.tolist() == pytest.approx([1 / 3] * 3)
    assert all(math.isnan(value) for value in loners.constraint.tolist() + loners.effective_size.tolist())
