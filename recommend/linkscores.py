"""Link scores between members, from the connection matrix of a :class:`recommend.snapshot.Snapshot`.

For one member (a row) the scores of everyone two steps away come from one row slice and one sparse product:
common neighbours (how many contacts they share), Adamic-Adar (shared contacts weighted by 1/log of their
degree), resource allocation (weighted by 1/degree) and community-aware common neighbours; personalised
PageRank by local push reaches further. What members share besides contacts (skills, sectors, languages,
networks, employer) is :meth:`recommend.snapshot.Snapshot.shared`.
For the whole graph, :func:`resource_allocation_all` is the sparse product ``A D⁻¹ A``
(:func:`resource_allocation_block`: a block of its rows).
"""

import numpy as np
from scipy import sparse

from .snapshot import Snapshot


def _through_neighbours(snap: Snapshot, row: int, weights: np.ndarray) -> sparse.csr_matrix:
    neighbours = snap.neighbours(row)
    if len(neighbours) == 0:
        return sparse.csr_matrix((1, snap.size))
    mix = sparse.csr_matrix(
        (weights[neighbours], (np.zeros(len(neighbours), dtype=np.int64), neighbours)), shape=(1, snap.size)
    )
    return mix @ snap.adjacency


def common_neighbours(snap: Snapshot, row: int) -> sparse.csr_matrix:
    """A 1×n row: how many contacts ``row`` shares with each member."""
    return _through_neighbours(snap, row, np.ones(snap.size))


def adamic_adar(snap: Snapshot, row: int) -> sparse.csr_matrix:
    """A 1×n row: shared contacts weighted by 1 / log(their degree)."""
    with np.errstate(divide="ignore"):
        weights = np.where(snap.degree > 1, 1.0 / np.log(np.maximum(snap.degree, 2)), 0.0)
    return _through_neighbours(snap, row, weights)


def resource_allocation(snap: Snapshot, row: int) -> sparse.csr_matrix:
    """A 1×n row: shared contacts weighted by 1 / their degree."""
    return _through_neighbours(snap, row, 1.0 / np.maximum(snap.degree, 1))


def community_common_neighbours(snap: Snapshot, row: int, labels: np.ndarray) -> sparse.csr_matrix:
    """A 1×n row: community-aware common neighbours (Soundarajan and Hopcroft): each shared contact counts
    once, and once more when it, ``row`` and the other member are all in the same community."""
    same = (labels == labels[row]).astype(np.float64)
    bonus = _through_neighbours(snap, row, same).multiply(same.reshape(1, -1))
    return (common_neighbours(snap, row) + bonus).tocsr()


def resource_allocation_all(snap: Snapshot, labels: np.ndarray | None = None) -> sparse.csr_matrix:
    """Resource allocation between every pair two steps apart: ``A D⁻¹ A`` (the diagonal left in). With
    community ``labels``, shared contacts in the same community as both ends count twice (the
    Soundarajan-Hopcroft variant, added on: ``A_c D⁻¹ A_c`` over the connections inside communities)."""
    within = None if labels is None else connections_within(snap.adjacency, labels)
    return resource_allocation_block(snap, within, 0, snap.size)


def resource_allocation_block(
    snap: Snapshot, within: sparse.csr_matrix | None, start: int, stop: int
) -> sparse.csr_matrix:
    """Rows ``start``..``stop`` of :func:`resource_allocation_all`, ``within`` being
    :func:`connections_within` of the communities (None: not community-aware): what a block of the candidate
    step needs (:func:`recommend.people.precompute`)."""
    scores = _resource_allocation_rows(snap.adjacency, snap.degree, start, stop)
    if within is None:
        return scores
    return (scores + _resource_allocation_rows(within, snap.degree, start, stop)).tocsr()


def connections_within(adjacency: sparse.csr_matrix, labels: np.ndarray) -> sparse.csr_matrix:
    """The connections whose two ends are in the same community."""
    edges = adjacency.tocoo()
    inside = labels[edges.row] == labels[edges.col]
    return sparse.csr_matrix((edges.data[inside], (edges.row[inside], edges.col[inside])), shape=adjacency.shape)


def _resource_allocation_rows(
    adjacency: sparse.csr_matrix, degree: np.ndarray, start: int, stop: int
) -> sparse.csr_matrix:
    """Rows ``start``..``stop`` of ``A D⁻¹ A``: the rows' connections, each divided by the degree of the member
    it leads to (in place of a product with ``D⁻¹``), times ``A``."""
    scaled = adjacency[start:stop]  # a copy of those rows
    scaled.data = scaled.data / np.maximum(degree, 1)[scaled.indices]
    return (scaled @ adjacency).tocsr()


def personalised_pagerank(snap: Snapshot, row: int, alpha: float = 0.15, epsilon: float = 1e-5) -> dict[int, float]:
    """Approximate personalised PageRank from ``row`` by local push (Andersen, Chung, Lang): touches only the
    neighbourhood that matters; ``epsilon`` bounds the residual per degree."""
    estimate: dict[int, float] = {}
    residual = {row: 1.0}
    queue = [row]
    indptr, indices, degree = snap.adjacency.indptr, snap.adjacency.indices, snap.degree
    while queue:
        node = queue.pop()
        mass = residual.get(node, 0.0)
        d = degree[node]
        if d == 0:
            estimate[node] = estimate.get(node, 0.0) + mass
            residual[node] = 0.0
            continue
        if mass < epsilon * d:
            continue
        estimate[node] = estimate.get(node, 0.0) + alpha * mass
        spread = (1 - alpha) * mass / (2 * d)
        residual[node] = (1 - alpha) * mass / 2
        if residual[node] >= epsilon * d:
            queue.append(node)
        for other in indices[indptr[node] : indptr[node + 1]]:
            before = residual.get(other, 0.0)
            residual[other] = before + spread
            if before < epsilon * degree[other] <= residual[other]:
                queue.append(other)
    return estimate
