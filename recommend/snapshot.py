"""The graph in memory: members as rows, their ties and features as compressed sparse arrays.

- ``adjacency``: connections, a symmetric CSR matrix of ones (what link scores walk);
- ``messages``: how many messages two members exchanged in their direct conversation (symmetric CSR);
- ``features``: one CSR incidence matrix per feature (members × values, ones), with the values' names in
  ``vocabulary``: skills, sectors, languages and networks (several per member), city, country and employer
  (one). Two members' shared skills are a row product (:meth:`Snapshot.shared`), a community's top sectors a
  column sum.

:meth:`Snapshot.ties` weighs connections and messages into the graph communities are found on.
Built from :func:`graph.snapshot.members` / ``connections`` / ``messages`` (batches, never one query per
member) or from plain rows in tests and benchmarks. Everything downstream works on row numbers.
"""

import itertools
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

MULTI = ("skills", "sectors", "languages", "networks")
SINGLE = ("city", "country", "employer")
MESSAGE_WEIGHT = 0.5  # a conversation of e messages adds 0.5·ln(1 + e) to the tie: 10 messages ≈ 1.2


@dataclass
class Snapshot:
    """Members, their connections, messages and features (see the module's docstring)."""

    ids: list[str]
    adjacency: sparse.csr_matrix
    messages: sparse.csr_matrix | None = None
    features: dict[str, sparse.csr_matrix] = field(default_factory=dict)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)
    suggest_me: np.ndarray | None = None
    index: dict[str, int] = field(default_factory=dict)
    since: sparse.csr_matrix | None = None  # when each connection was made (epoch ms + 1), if known

    def __post_init__(self):
        self.index = {member_id: row for row, member_id in enumerate(self.ids)}
        self.degree = np.asarray(self.adjacency.sum(axis=1)).ravel()
        if self.messages is None:
            self.messages = sparse.csr_matrix((self.size, self.size))
        if self.suggest_me is None:
            self.suggest_me = np.ones(self.size, dtype=bool)

    @property
    def size(self) -> int:
        """How many members."""
        return len(self.ids)

    def neighbours(self, row: int) -> np.ndarray:
        """Rows connected to ``row``."""
        return self.adjacency.indices[self.adjacency.indptr[row] : self.adjacency.indptr[row + 1]]

    def columns(self, name: str, row: int) -> np.ndarray:
        """The column numbers of feature ``name`` that ``row`` has."""
        matrix = self.features[name]
        return matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]

    def values(self, name: str, row: int) -> list[str]:
        """The values of feature ``name`` that ``row`` has (``["health"]`` for sectors)."""
        names = self.vocabulary[name]
        return [names[c] for c in self.columns(name, row)]

    def single(self, name: str) -> np.ndarray:
        """The column of a one-value feature (city, country, employer) for every row; -1 for none."""
        matrix = self.features[name]
        found = np.full(self.size, -1, dtype=np.int64)
        has = np.diff(matrix.indptr) > 0
        found[has] = matrix.indices[matrix.indptr[:-1][has]]
        return found

    def shared(self, name: str, row: int) -> np.ndarray:
        """How many values of feature ``name`` ``row`` shares with each member (a dense vector)."""
        matrix = self.features[name]
        return np.asarray((matrix[row] @ matrix.T).todense()).ravel()

    def ties(self, message_weight: float = MESSAGE_WEIGHT) -> sparse.csr_matrix:
        """Connections (1) plus ``message_weight``·ln(1 + messages exchanged): symmetric, weighted."""
        talked = self.messages.copy()
        talked.data = message_weight * np.log1p(talked.data)
        return (self.adjacency + talked).tocsr()

    def top_values(self, name: str, labels: np.ndarray, top: int = 5) -> list[list[str]]:
        """For each label (community) 0..k-1, its ``top`` most frequent values of feature ``name``."""
        count = int(labels.max()) + 1 if len(labels) else 0
        membership = sparse.csr_matrix(
            (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(count, len(labels))
        )
        totals = (membership @ self.features[name]).tocsr()
        totals.sort_indices()  # ties go to the value seen first
        names = self.vocabulary[name]
        found = []
        for label in range(count):
            cols = totals.indices[totals.indptr[label] : totals.indptr[label + 1]]
            counts = totals.data[totals.indptr[label] : totals.indptr[label + 1]]
            found.append([names[c] for c in cols[np.argsort(-counts, kind="stable")[:top]]])
        return found


def _incidence(values_per_row: list, size: int) -> tuple[sparse.csr_matrix, list[str]]:
    """A members × values matrix of ones (a value listed twice is still one), and the values in column order."""
    lengths = np.fromiter(map(len, values_per_row), dtype=np.int64, count=len(values_per_row))
    columns: dict[str, int] = {}
    codes = np.fromiter(
        (columns.setdefault(v, len(columns)) if v else -1 for v in itertools.chain.from_iterable(values_per_row)),
        dtype=np.int64,
        count=int(lengths.sum()),
    )
    rows = np.repeat(np.arange(len(values_per_row), dtype=np.int64), lengths)
    keep = codes >= 0
    matrix = sparse.csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], codes[keep])), shape=(size, len(columns))
    )  # duplicates are summed...
    matrix.data[:] = 1.0  # ...and counted once
    return matrix, list(columns)


def _symmetric(size: int, sources, targets, weights=None) -> sparse.csr_matrix:
    """A symmetric size × size matrix with each (source, target) pair both ways (self-pairs dropped, a pair
    listed twice summed)."""
    sources, targets = np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64)
    keep = sources != targets
    sources, targets = sources[keep], targets[keep]
    weights = np.ones(len(sources)) if weights is None else np.asarray(weights, dtype=np.float64)[keep]
    return sparse.coo_matrix(
        (np.concatenate([weights, weights]), (np.concatenate([sources, targets]), np.concatenate([targets, sources]))),
        shape=(size, size),
    ).tocsr()


def from_rows(
    rows: list[dict],
    pairs: list[tuple[str, str]],
    messages: list[tuple[str, str, int]] = (),
    since: list[int] | None = None,
) -> Snapshot:
    """A snapshot from member rows (``id`` and the feature fields of ``graph.snapshot``), connected pairs of ids,
    ``(a, b, messages exchanged)`` triples and, if given, when each pair connected (epoch ms; pairs naming
    someone not in ``rows`` are left out)."""
    ids = [row["id"] for row in rows]
    index = {member_id: n for n, member_id in enumerate(ids)}
    sources = np.fromiter((index.get(a, -1) for a, _b in pairs), dtype=np.int64, count=len(pairs))
    targets = np.fromiter((index.get(b, -1) for _a, b in pairs), dtype=np.int64, count=len(pairs))
    known = (sources >= 0) & (targets >= 0)
    talked = [(index[a], index[b], n) for a, b, n in messages if a in index and b in index and n]
    snap = from_edges(ids, sources[known], targets[known], rows)
    if since is not None:
        dates = np.asarray(since, dtype=np.float64)[known] + 1.0  # + 1: a date of 0 (unknown) is still stored
        snap.since = _symmetric(len(ids), sources[known], targets[known], dates)
    if talked:
        a, b, n = zip(*talked, strict=True)
        snap.messages = _symmetric(len(ids), a, b, n)
    return snap


def from_edges(ids: list[str], sources: np.ndarray, targets: np.ndarray, rows: list[dict] | None = None) -> Snapshot:
    """A snapshot from edge arrays (each connection once, either direction) and optional feature rows."""
    size = len(ids)
    adjacency = _symmetric(size, sources, targets)
    adjacency.data[:] = 1.0  # a pair listed twice is still one connection
    rows = rows or [{} for _ in ids]
    features, vocabulary = {}, {}
    for name in MULTI:
        features[name], vocabulary[name] = _incidence([row.get(name) or () for row in rows], size)
    for name in SINGLE:
        features[name], vocabulary[name] = _incidence([(row.get(name),) for row in rows], size)
    return Snapshot(
        ids=list(ids),
        adjacency=adjacency,
        features=features,
        vocabulary=vocabulary,
        suggest_me=np.array([row.get("suggest_me", True) is not False for row in rows], dtype=bool),
    )
