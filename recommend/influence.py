"""Who carries influence in the connection graph: the measures the department's console ranks members by.

Every function takes the snapshot's connections (a symmetric sparse matrix; nonzero = connected) and
returns one value per member row:

- **degree**; **PageRank** (networkx's power iteration, run on the sparse matrix);
- **betweenness**, normalised as networkx normalises it (shortest paths through a member over
  (n-1)(n-2)): exact (Brandes, networkit) up to :data:`EXACT_BETWEENNESS_UP_TO` members; beyond, KADABRA
  sampling (networkit) with an error bound (:func:`betweenness_bound`, from :data:`BETWEENNESS_ERROR`,
  holding with probability at least 1 - :data:`BETWEENNESS_RISK`);
- **brokerage**: Burt's constraint (igraph) and effective size (Borgatti's n - 2t/n, t the ties among a
  member's contacts); both undefined (NaN) for a member without connections, as in networkx;
- **k-core** number (igraph), **articulation points** (members whose absence splits their part of the
  graph) and **bridge edges** (connections whose removal does);
- **participation** of a member's ties across groups (communities, countries, networks): 1 - Σ (share of
  ties into each group)², 0 when all ties stay in one group.

The tests check each against networkx on small graphs.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

EXACT_BETWEENNESS_UP_TO = 5000  # members: exact Brandes takes about a second there
BETWEENNESS_ERROR = 0.002  # KADABRA's absolute error on its scale (fraction of pairs), see betweenness_bound
BETWEENNESS_RISK = 0.05  # the probability that some score is further off than the bound
PAGERANK_DAMPING = 0.85


@dataclass
class Measures:
    """The measures of one graph, a value per member row; ``betweenness_bound`` is 0 when exact."""

    degree: np.ndarray
    pagerank: np.ndarray
    betweenness: np.ndarray
    betweenness_bound: float
    constraint: np.ndarray
    effective_size: np.ndarray
    core: np.ndarray
    articulation: np.ndarray
    seconds: dict[str, float] = field(default_factory=dict)


def _edges(adjacency: sparse.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    """Each undirected edge once (row < column)."""
    coo = sparse.triu(adjacency, k=1).tocoo()
    return coo.row.astype(np.int64), coo.col.astype(np.int64)


def _binary(adjacency: sparse.spmatrix) -> sparse.csr_matrix:
    """The connections as ones, without self-loops."""
    ones = sparse.csr_matrix(adjacency, dtype=np.float64, copy=True)
    ones.setdiag(0)
    ones.eliminate_zeros()
    ones.data[:] = 1.0
    return ones


def igraph_graph(adjacency: sparse.spmatrix):
    """The connections as an undirected igraph graph (vertex ``i`` = row ``i``)."""
    import igraph

    rows, cols = _edges(adjacency)
    return igraph.Graph(n=adjacency.shape[0], edges=np.column_stack([rows, cols]).tolist())


def networkit_graph(adjacency: sparse.spmatrix):
    """The connections as an undirected, unweighted networkit graph (node ``i`` = row ``i``)."""
    import networkit

    rows, cols = _edges(adjacency)
    return networkit.GraphFromCoo(
        (np.ones(len(rows)), (rows.astype(np.uint64), cols.astype(np.uint64))), n=adjacency.shape[0], weighted=False
    )


def pagerank(adjacency: sparse.spmatrix, damping: float = PAGERANK_DAMPING, tol: float = 1e-10) -> np.ndarray:
    """PageRank as networkx computes it (members without connections share their rank with everyone)."""
    matrix = _binary(adjacency)
    size = matrix.shape[0]
    if size == 0:
        return np.zeros(0)
    out = np.asarray(matrix.sum(axis=1)).ravel()
    scale = np.divide(1.0, out, out=np.zeros_like(out), where=out != 0)
    transition = sparse.diags(scale) @ matrix
    dangling = out == 0
    rank = np.full(size, 1.0 / size)
    for _ in range(1000):
        previous = rank
        rank = damping * (rank @ transition + rank[dangling].sum() / size) + (1 - damping) / size
        if np.abs(rank - previous).sum() < size * tol:
            break
    return rank


def betweenness_bound(size: int, error: float = BETWEENNESS_ERROR) -> float:
    """The largest difference between a sampled betweenness and the exact one, on networkx's scale.

    KADABRA bounds the error of the fraction of pairs a member lies between by ``error`` (with probability
    1 - risk); networkx's scale is that fraction times n/(n-2). networkit's implementation went past that
    bound on small trees in one run of five (by up to 1.32 times, tests/test_influence.py), so the bound
    stated here is twice the theory's: ``2·error·n/(n-2)``.
    """
    return 2 * error * size / (size - 2) if size > 2 else 0.0


def betweenness(
    adjacency: sparse.spmatrix,
    exact_up_to: int = EXACT_BETWEENNESS_UP_TO,
    error: float = BETWEENNESS_ERROR,
    risk: float = BETWEENNESS_RISK,
    seed: int = 1,
) -> tuple[np.ndarray, float]:
    """Normalised betweenness (networkx's scale) and the bound on its error (0 when exact)."""
    import networkit

    size = adjacency.shape[0]
    if size <= 2:
        return np.zeros(size), 0.0
    graph = networkit_graph(adjacency)
    if size <= exact_up_to:
        exact = networkit.centrality.Betweenness(graph, normalized=True)
        exact.run()
        return np.asarray(exact.scores()), 0.0
    networkit.engineering.setSeed(seed, False)
    sampled = networkit.centrality.KadabraBetweenness(graph, error, risk, True)
    sampled.run()
    return np.asarray(sampled.scores()) * size / (2 * (size - 2)), betweenness_bound(size, error)


def effective_size(adjacency: sparse.spmatrix) -> np.ndarray:
    """Borgatti's effective size: contacts minus twice the ties among them over their number (NaN if none)."""
    matrix = _binary(adjacency)
    degree = np.asarray(matrix.sum(axis=1)).ravel()
    among = np.asarray((matrix @ matrix).multiply(matrix).sum(axis=1)).ravel() / 2  # triangles at each member
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(degree > 0, degree - 2 * among / degree, np.nan)


def participation(adjacency: sparse.spmatrix, groups: sparse.spmatrix) -> np.ndarray:
    """1 - Σ_g (share of a member's ties into group g)², with ``groups`` a members × groups incidence matrix
    (a contact in two groups counts in both); 0 for a member without ties into any group."""
    ties = (_binary(adjacency) @ sparse.csr_matrix(groups, dtype=np.float64)).tocsr()
    total = np.asarray(ties.sum(axis=1)).ravel()
    squares = np.asarray(ties.multiply(ties).sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 1 - squares / total**2, 0.0)


def incidence(labels: np.ndarray, count: int | None = None) -> sparse.csr_matrix:
    """The members × groups matrix of a label per member (a label below 0: in no group)."""
    labels = np.asarray(labels)
    width = int(labels.max()) + 1 if count is None and len(labels) else (count or 0)
    rows = np.flatnonzero(labels >= 0)
    return sparse.csr_matrix(
        (np.ones(len(rows)), (rows, labels[rows])), shape=(len(labels), max(width, 0)), dtype=np.float64
    )


def bridge_edges(adjacency: sparse.spmatrix) -> list[tuple[int, int]]:
    """The connections whose removal splits their part of the graph, as (row, row) with the smaller first."""
    graph = igraph_graph(adjacency)
    return sorted(tuple(sorted(graph.es[e].tuple)) for e in graph.bridges())


def measure(adjacency: sparse.spmatrix, seed: int = 1, exact_up_to: int = EXACT_BETWEENNESS_UP_TO) -> Measures:
    """Every per-member measure of the module, with the seconds each took."""
    seconds, started = {}, time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[name], started = now - started, now

    matrix = _binary(adjacency)
    degree = np.asarray(matrix.sum(axis=1)).ravel().astype(np.int64)
    graph = igraph_graph(matrix)
    lap("graph")
    ranks = pagerank(matrix)
    lap("pagerank")
    between, bound = betweenness(matrix, exact_up_to=exact_up_to, seed=seed)
    lap("betweenness")
    constraint = np.array(graph.constraint(), dtype=np.float64)
    constraint[degree == 0] = np.nan
    effective = effective_size(matrix)
    lap("brokerage")
    core = np.array(graph.coreness(), dtype=np.int64)
    articulation = np.zeros(matrix.shape[0], dtype=bool)
    articulation[graph.articulation_points()] = True
    lap("cores and cut points")
    return Measures(degree, ranks, between, bound, constraint, effective, core, articulation, seconds)
