"""Communities by Louvain, behind one function, with several engines.

``python-louvain`` is the reference implementation; igraph's multilevel and networkit's PLM implement the
same method in C/C++ and are much faster (docs/benchmarks.md). :func:`detect` takes an engine name and a seed;
``auto`` picks the fastest engine installed whose modularity matched the reference's in the benchmark
(``bench/recommend_eval.py``). Labels are renumbered by decreasing community size (0 is the largest), unless
asked for as the engine gives them. The seed means the same for each engine: the order in which Louvain visits
the members (python-louvain and igraph draw it themselves; networkit's PLM visits in node order, so the nodes
are numbered in a seeded order for it).
"""

import time
from dataclasses import dataclass

import numpy as np

ENGINES = ("networkit", "igraph", "python-louvain")


@dataclass
class Communities:
    """A label per member row, the partition's modularity, the engine and the seconds it took."""

    labels: np.ndarray
    modularity: float
    engine: str
    seconds: float

    @property
    def count(self) -> int:
        """How many communities."""
        return int(self.labels.max()) + 1 if len(self.labels) else 0


def _edges(adjacency):
    """Each undirected edge once: rows, columns and weights."""
    upper = adjacency.tocoo()
    keep = upper.row < upper.col
    return upper.row[keep], upper.col[keep], upper.data[keep]


def _python_louvain(adjacency, seed: int) -> np.ndarray:
    """The library's own answer for ``seed``: its graph is networkx's conversion of the matrix, its labels are
    returned as they come (python-louvain shuffles the nodes with ``random_state``)."""
    import community as community_louvain
    import networkx as nx

    partition = community_louvain.best_partition(
        nx.from_scipy_sparse_array(adjacency), weight="weight", random_state=seed
    )
    return np.fromiter((partition[n] for n in range(adjacency.shape[0])), dtype=np.int64, count=adjacency.shape[0])


def _igraph(adjacency, seed: int) -> np.ndarray:
    import random

    import igraph

    rows, cols, weights = _edges(adjacency)
    graph = igraph.Graph(n=adjacency.shape[0], edges=list(zip(rows.tolist(), cols.tolist(), strict=True)))
    igraph.set_random_number_generator(random.Random(seed))
    return np.array(graph.community_multilevel(weights=weights.tolist()).membership, dtype=np.int64)


def _networkit(adjacency, seed: int) -> np.ndarray:
    """networkit's PLM visits the nodes in their numbering, so a seed alone changes nothing: the nodes are
    numbered in a seeded random order first (the order of visits is the randomness in Louvain), and the
    labels read back in the matrix's order."""
    import networkit

    networkit.engineering.setSeed(seed, False)
    networkit.engineering.setNumberOfThreads(1)  # the same answer for the same seed
    order = np.random.default_rng(seed).permutation(adjacency.shape[0])  # member row -> node number
    rows, cols, weights = _edges(adjacency)
    graph = networkit.GraphFromCoo(
        (weights.astype(np.float64), (order[rows].astype(np.uint64), order[cols].astype(np.uint64))),
        n=adjacency.shape[0],
        weighted=True,
    )
    plm = networkit.community.PLM(graph, refine=True)
    plm.run()
    return np.asarray(plm.getPartition().getVector(), dtype=np.int64)[order]


RUNNERS = {"python-louvain": _python_louvain, "igraph": _igraph, "networkit": _networkit}


def available() -> list[str]:
    """The engines that can be imported here, fastest first."""
    found = []
    for name in ENGINES:
        module = {"python-louvain": "community", "igraph": "igraph", "networkit": "networkit"}[name]
        try:
            __import__(module)
        except ImportError:
            continue
        found.append(name)
    return found


def modularity(adjacency, labels: np.ndarray) -> float:
    """Newman's modularity of a partition of an undirected graph, with the matrix's values as edge weights."""
    rows, cols, weights = _edges(adjacency)
    total = float(weights.sum())
    if total == 0:
        return 0.0
    strength = np.asarray(adjacency.sum(axis=1)).ravel()
    same = labels[rows] == labels[cols]
    inside = float(weights[same].sum())
    per_community = np.bincount(labels, weights=strength, minlength=labels.max() + 1)
    return float(inside / total - np.sum((per_community / (2 * total)) ** 2))


def _renumber(labels: np.ndarray) -> np.ndarray:
    """0 for the largest community, 1 for the next, ..."""
    _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse]


def detect(adjacency, engine: str = "auto", seed: int = 1, renumber: bool = True) -> Communities:
    """Louvain communities of the graph (a symmetric sparse matrix; its values are the edges' weights) with
    ``engine`` (``auto``: the fastest available). Every engine uses ``seed``: the same seed gives the same
    partition, another seed may give another one. Labels are renumbered by decreasing community size unless
    ``renumber`` is false: they are then the engine's own (for python-louvain, exactly ``best_partition``'s)."""
    name = available()[0] if engine == "auto" else engine
    if name not in RUNNERS:
        raise ValueError(f"unknown community engine {engine!r}; choose one of {', '.join(ENGINES)} or auto")
    started = time.perf_counter()
    labels = RUNNERS[name](adjacency, seed) if adjacency.shape[0] else np.zeros(0, dtype=np.int64)
    if renumber and len(labels):
        labels = _renumber(labels)
    seconds = time.perf_counter() - started
    return Communities(labels, modularity(adjacency, labels) if len(labels) else 0.0, name, seconds)
