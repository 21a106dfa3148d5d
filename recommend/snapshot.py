"""The graph in memory: members as rows, connections as a symmetric CSR matrix, features as sets.

Built from :func:`graph.snapshot.members` (batches, never one query per member) or from plain rows in tests
and benchmarks. Everything downstream (communities, link scores, suggestions) works on row numbers.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse


@dataclass
class Snapshot:
    """Members, their connections (``adjacency``, CSR, symmetric, weight 1) and features per row."""

    ids: list[str]
    adjacency: sparse.csr_matrix
    skills: list[frozenset] = field(default_factory=list)
    sectors: list[frozenset] = field(default_factory=list)
    languages: list[frozenset] = field(default_factory=list)
    networks: list[frozenset] = field(default_factory=list)
    city: list = field(default_factory=list)
    country: list = field(default_factory=list)
    employer: list = field(default_factory=list)
    suggest_me: np.ndarray | None = None
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.index = {member_id: row for row, member_id in enumerate(self.ids)}
        self.degree = np.asarray(self.adjacency.sum(axis=1)).ravel()

    @property
    def size(self) -> int:
        """How many members."""
        return len(self.ids)

    def neighbours(self, row: int) -> np.ndarray:
        """Rows connected to ``row``."""
        return self.adjacency.indices[self.adjacency.indptr[row] : self.adjacency.indptr[row + 1]]


def from_rows(rows: list[dict], pairs: list[tuple[str, str]]) -> Snapshot:
    """A snapshot from member rows (``id`` and the feature fields of ``graph.snapshot``) and connected pairs of
    ids (pairs naming someone not in ``rows`` are left out)."""
    ids = [row["id"] for row in rows]
    index = {member_id: n for n, member_id in enumerate(ids)}
    kept = [(index[a], index[b]) for a, b in pairs if a in index and b in index and a != b]
    edges = np.array(kept, dtype=np.int64).reshape(-1, 2)
    return from_edges(ids, edges[:, 0], edges[:, 1], rows)


def from_edges(ids: list[str], sources: np.ndarray, targets: np.ndarray, rows: list[dict] | None = None) -> Snapshot:
    """A snapshot from edge arrays (each connection once, either direction) and optional feature rows."""
    size = len(ids)
    both_s = np.concatenate([sources, targets])
    both_t = np.concatenate([targets, sources])
    adjacency = sparse.csr_matrix((np.ones(len(both_s), dtype=np.float64), (both_s, both_t)), shape=(size, size))
    adjacency.data[:] = 1.0  # a pair listed twice is still one connection
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    rows = rows or [{} for _ in ids]

    def sets(name):
        return [frozenset(row.get(name) or ()) for row in rows]

    return Snapshot(
        ids=list(ids),
        adjacency=adjacency,
        skills=sets("skills"),
        sectors=sets("sectors"),
        languages=sets("languages"),
        networks=sets("networks"),
        city=[row.get("city") for row in rows],
        country=[row.get("country") for row in rows],
        employer=[row.get("employer") for row in rows],
        suggest_me=np.array([row.get("suggest_me", True) is not False for row in rows], dtype=bool),
    )
