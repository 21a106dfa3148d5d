"""Relays: the k members best placed to reach the most of a segment within one or two steps of trust.

Reaching a segment through people it trusts is maximum coverage: choose k sets (each candidate's reach in the
segment) covering the most elements. It is NP-hard; the greedy choice (each time, the candidate adding the most
people not yet reached) covers at least (1 - 1/e) of the best possible, and as coverage is submodular a
candidate's gain can only shrink as others are chosen, so lazy greedy (CELF: re-evaluate only the candidate at
the top of a queue of stale gains) makes the same choices while evaluating far fewer candidates.

Everything works on row numbers of a :class:`recommend.snapshot.Snapshot`'s trust matrix (symmetric, any
positive entry is a tie: connections, message exchanges, mentorships).
"""

import heapq
from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass
class RelayChoice:
    """The relays in the order chosen, what each added, and who is left out (all as row numbers)."""

    relays: list[int]
    added: list[int]  # how many people of the segment each relay reached that the earlier ones did not
    reach: list[int]  # how many of the segment each relay reaches on their own
    covered: int
    segment_size: int
    unreached: np.ndarray  # the segment's rows that no relay reaches
    evaluations: int  # how many gains were computed (what CELF saves)

    @property
    def share(self) -> float:
        """The share of the segment reached (0 for an empty segment)."""
        return self.covered / self.segment_size if self.segment_size else 0.0


def reach_matrix(trust: sparse.csr_matrix, segment: np.ndarray, steps: int = 2) -> sparse.csr_matrix:
    """Candidates × segment: True where the candidate (any member) reaches that person of the segment within
    ``steps`` (1 or 2) steps of trust; a member of the segment reaches themselves."""
    n = trust.shape[0]
    tie = (trust != 0).astype(np.int32).tocsr()
    pick = sparse.csr_matrix(
        (np.ones(len(segment), dtype=np.int32), (segment, np.arange(len(segment)))), (n, len(segment))
    )
    reach = pick + tie @ pick
    if steps >= 2:
        reach = reach + tie @ (tie @ pick)
    reach = reach.tocsr()
    reach.data[:] = 1
    reach.eliminate_zeros()
    return reach.astype(bool).tocsr()


def _row(reach: sparse.csr_matrix, candidate: int) -> np.ndarray:
    return reach.indices[reach.indptr[candidate] : reach.indptr[candidate + 1]]


def lazy_greedy(reach: sparse.csr_matrix, k: int, candidates: np.ndarray | None = None) -> RelayChoice:
    """CELF: the greedy choice of ``k`` relays among ``candidates`` (default: everyone), re-evaluating only
    the candidate at the top of the queue. Ties go to the lower row number, as in :func:`greedy`."""
    rows = np.arange(reach.shape[0]) if candidates is None else np.asarray(candidates)
    sizes = np.diff(reach.indptr)[rows]
    queue = [(-int(size), int(row), 0) for row, size in zip(rows, sizes) if size > 0]
    heapq.heapify(queue)
    covered = np.zeros(reach.shape[1], dtype=bool)
    chosen, added, evaluations = [], [], len(queue)
    while queue and len(chosen) < k:
        stale_gain, row, round_computed = heapq.heappop(queue)
        if round_computed == len(chosen):  # computed after the latest choice: still the best
            chosen.append(row)
            added.append(-stale_gain)
            covered[_row(reach, row)] = True
            continue
        gain = int(np.count_nonzero(~covered[_row(reach, row)]))
        evaluations += 1
        if gain > 0:
            heapq.heappush(queue, (-gain, row, len(chosen)))
    return _choice(reach, chosen, added, covered, evaluations)


def greedy(reach: sparse.csr_matrix, k: int, candidates: np.ndarray | None = None) -> RelayChoice:
    """Plain greedy: every round, every candidate's gain (one sparse product), the best one taken."""
    rows = np.arange(reach.shape[0]) if candidates is None else np.asarray(candidates)
    sub = reach[rows].astype(np.int32)
    covered = np.zeros(reach.shape[1], dtype=bool)
    chosen, added, evaluations = [], [], 0
    for _ in range(k):
        gains = sub @ (~covered).astype(np.int32)
        evaluations += len(rows)
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.append(int(rows[best]))
        added.append(int(gains[best]))
        covered[_row(reach, int(rows[best]))] = True
    return _choice(reach, chosen, added, covered, evaluations)


def coverage(reach: sparse.csr_matrix, relays: list[int]) -> int:
    """How many of the segment the given relays reach together."""
    covered = np.zeros(reach.shape[1], dtype=bool)
    for row in relays:
        covered[_row(reach, row)] = True
    return int(covered.sum())


def most_connected(trust: sparse.csr_matrix, k: int, candidates: np.ndarray | None = None) -> list[int]:
    """The ``k`` members (among ``candidates``, default everyone) with the most ties (ties by row number): the
    obvious choice relays are compared to."""
    degree = np.asarray((trust != 0).sum(axis=1)).ravel()
    if candidates is not None:
        allowed = np.zeros(len(degree), dtype=bool)
        allowed[np.asarray(candidates, dtype=np.int64)] = True
        degree = np.where(allowed, degree, -1)
    order = np.lexsort((np.arange(len(degree)), -degree))
    return [int(row) for row in order[:k] if degree[row] >= 0]


def group_reach(groups: list[np.ndarray], segment: np.ndarray, size: int) -> sparse.csr_matrix:
    """Groups × segment: True where a group (a network: the members its announcements reach, as row numbers
    among ``size``) holds that person of the segment."""
    position = np.full(size, -1, dtype=np.int64)
    position[segment] = np.arange(len(segment))
    rows, cols = [], []
    for n, members in enumerate(groups):
        inside = position[np.asarray(members, dtype=np.int64)]
        inside = inside[inside >= 0]
        rows.append(np.full(len(inside), n, dtype=np.int64))
        cols.append(inside)
    rows_ = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    cols_ = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    data = np.ones(len(rows_), dtype=bool)
    return sparse.csr_matrix((data, (rows_, cols_)), shape=(len(groups), len(segment)), dtype=bool)


def _choice(reach, chosen, added, covered, evaluations) -> RelayChoice:
    return RelayChoice(
        relays=chosen,
        added=added,
        reach=[len(_row(reach, row)) for row in chosen],
        covered=int(covered.sum()),
        segment_size=reach.shape[1],
        unreached=np.flatnonzero(~covered),
        evaluations=evaluations,
    )
