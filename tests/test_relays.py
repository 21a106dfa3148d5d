"""Relays for a segment: lazy greedy (CELF) chooses as plain greedy does, within (1 - 1/e) of the best, and
beats taking the most connected members when those are not where the segment is."""

import itertools
import random

import numpy as np
import pytest
from scipy import sparse

from recommend import relays

pytestmark = pytest.mark.graph_free


def _trust(n: int, edges: list[tuple[int, int]]) -> sparse.csr_matrix:
    rows = [a for a, b in edges] + [b for a, b in edges]
    cols = [b for a, b in edges] + [a for a, b in edges]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


def test_reach_counts_one_and_two_steps_and_oneself():
    trust = _trust(5, [(0, 1), (1, 2), (2, 3)])  # a path 0-1-2-3, and 4 alone
    segment = np.array([0, 3, 4])
    one = relays.reach_matrix(trust, segment, steps=1).toarray()
    two = relays.reach_matrix(trust, segment, steps=2).toarray()
    assert one[1].tolist() == [True, False, False]  # 1 knows 0
    assert two[1].tolist() == [True, True, False]  # and 3 through 2
    assert two[4].tolist() == [False, False, True]  # 4 reaches only themselves
    assert two[3].tolist() == [False, True, False]


def test_relays_beat_the_most_connected_when_the_hubs_are_elsewhere():
    # two hubs of 20 contacts each outside the segment; the segment is 12 people around 3 quiet members
    edges = [(0, 100 + i) for i in range(20)] + [(1, 120 + i) for i in range(20)]
    for quiet, first in ((2, 10), (3, 14), (4, 18)):
        edges += [(quiet, first + i) for i in range(4)]
    trust = _trust(140, edges)
    segment = np.arange(10, 22)
    reach = relays.reach_matrix(trust, segment, steps=1)
    chosen = relays.lazy_greedy(reach, 3)
    assert sorted(chosen.relays) == [2, 3, 4] and chosen.covered == 12 and chosen.unreached.size == 0
    hubs = relays.most_connected(trust, 3)
    assert hubs[:2] == [0, 1] and relays.coverage(reach, hubs) < 12


@pytest.mark.parametrize("seed", range(5))
def test_lazy_greedy_chooses_as_greedy_and_within_the_bound_of_the_best(seed):
    rng = random.Random(seed)
    n = 40
    edges = {(a, b) for a, b in ((rng.randrange(n), rng.randrange(n)) for _ in range(70)) if a != b}
    trust = _trust(n, sorted(edges))
    segment = np.array(sorted(rng.sample(range(n), 15)))
    reach = relays.reach_matrix(trust, segment, steps=1)
    k = 3
    lazy, plain = relays.lazy_greedy(reach, k), relays.greedy(reach, k)
    assert lazy.relays == plain.relays and lazy.covered == plain.covered
    assert lazy.evaluations <= plain.evaluations
    best = max(relays.coverage(reach, list(choice)) for choice in itertools.combinations(range(n), k))
    assert lazy.covered >= (1 - 1 / np.e) * best
    assert sum(lazy.added) == lazy.covered and lazy.covered + lazy.unreached.size == len(segment)


def test_an_empty_or_unreachable_segment_gives_no_relay():
    trust = _trust(4, [(0, 1)])
    empty = relays.lazy_greedy(relays.reach_matrix(trust, np.array([], dtype=int)), 5)
    assert empty.relays == [] and empty.share == 0.0
    only_candidates = relays.lazy_greedy(relays.reach_matrix(trust, np.array([3])), 5, candidates=np.array([0, 1]))
    assert only_candidates.relays == [] and only_candidates.unreached.tolist() == [0]
