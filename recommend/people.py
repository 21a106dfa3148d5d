"""People you may know: candidates computed for everyone by the job, ranked with reasons at request time.

The job (:func:`precompute`) keeps, for each member, the people two steps away with the highest resource
allocation score (shared contacts in the same community as both count twice: recall@10 0.066 → 0.074 on the
seeded graph, docs/benchmarks.md) and the people they have exchanged messages with (networks may let members
write to each other without connecting), plus a few from their community who share a sector or a city when
that does not give enough, never people already connected or who opted out of being suggested. At request
time the stored candidates that are still possible (a live query removes new connections, requests, blocks
and dismissals) are ranked by :func:`rank`, which adds what they share and says it.
"""

import itertools
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .linkscores import resource_allocation_all
from .snapshot import Snapshot

STORED = 30  # kept per member: the page shows 12; more give the ranking room (recall@10 0.058 with 20, 0.068 with 30)
TALKED = 1.0  # the base score of someone one has exchanged messages with, before ln(1 + messages)
WEIGHTS = {
    "contacts": 1.0,
    "messages": 1.5,  # someone one wrote to is likely known: 3 messages weigh like 7 shared contacts
    "community": 0.3,
    "sectors": 0.25,
    "city": 0.2,
    "skills": 0.2,
    "employer": 0.2,
    "networks": 0.15,
    "languages": 0.05,
}


@dataclass
class Suggestion:
    """A person to suggest; ``reasons`` are ``(code, params)`` pairs worded by the page."""

    member: dict
    score: float
    reasons: list[tuple[str, dict]] = field(default_factory=list)


def _single(snap: Snapshot, name: str) -> np.ndarray:
    """The column of a one-value feature per row (-1 for none)."""
    matrix = snap.features[name]
    found = np.full(snap.size, -1, dtype=np.int64)
    has = np.diff(matrix.indptr) > 0
    found[has] = matrix.indices[matrix.indptr[:-1][has]]
    return found


def scores_all(snap: Snapshot, labels: np.ndarray | None = None) -> sparse.csr_matrix:
    """Everyone's candidate scores: resource allocation two steps away over the connections (community-aware
    when ``labels`` are given), plus the people one has exchanged messages with (``TALKED`` + ln(1 +
    messages)); never oneself, a contact, or someone who opted out of being suggested."""
    scores = resource_allocation_all(snap, labels)
    if snap.messages.nnz:
        talked = snap.messages.copy()
        talked.data = TALKED + np.log1p(talked.data)
        scores = scores + talked
    # one pass drops oneself and contacts: their entries go below zero; then people who opted out (columns)
    ceiling = scores.data.max() + 1 if scores.nnz else 1.0
    scores = (scores - ceiling * (snap.adjacency + sparse.identity(snap.size, format="csr"))).tocsr()
    scores.data[~snap.suggest_me[scores.indices]] = 0.0
    scores.data[scores.data < 0] = 0.0
    scores.eliminate_zeros()
    return scores


def precompute(snap: Snapshot, labels: np.ndarray | None = None, keep: int = STORED) -> dict[int, list[int]]:
    """For every member row, up to ``keep`` candidate rows, best first (:func:`scores_all`, then people of the
    same community who share a sector or the city when that gives fewer than ``keep``)."""
    best = _top_per_row(scores_all(snap, labels), keep)
    if labels is None:
        return dict(enumerate(best))
    by_community: dict[int, list[int]] = {}
    order = np.argsort(-snap.degree, kind="stable")  # well-connected members first
    for row in order[snap.suggest_me[order]].tolist():
        by_community.setdefault(int(labels[row]), []).append(row)
    city = _single(snap, "city")
    for row in np.flatnonzero([len(chosen) < keep for chosen in best]).tolist():
        chosen = best[row]
        taken = set(chosen) | set(snap.neighbours(row).tolist()) | {row}
        sectors = set(snap.columns("sectors", row).tolist())
        for other in by_community.get(int(labels[row]), [])[: 4 * keep]:
            if other in taken:
                continue
            if (city[row] >= 0 and city[row] == city[other]) or sectors.intersection(
                snap.columns("sectors", other).tolist()
            ):
                chosen.append(other)
                if len(chosen) >= keep:
                    break
    return dict(enumerate(best))


def _top_per_row(scores: sparse.csr_matrix, keep: int) -> list[list[int]]:
    """Each row's ``keep`` highest-scoring columns, best first: one sort of every entry by row, then by score
    (scores are positive; ties in a fixed order), instead of a sort per row."""
    counts = np.diff(scores.indptr)
    if scores.nnz == 0:
        return [[] for _ in counts]
    row_of = np.repeat(np.arange(scores.shape[0]), counts)
    order = np.argsort(row_of + (1.0 - scores.data / (scores.data.max() * 1.0001)))
    rank = np.arange(scores.nnz) - np.repeat(scores.indptr[:-1], counts)  # position within the row once sorted
    columns = scores.indices[order[rank < keep]].tolist()
    bounds = np.concatenate([[0], np.cumsum(np.minimum(counts, keep))]).tolist()
    return [columns[start:end] for start, end in itertools.pairwise(bounds)]


def _shared(a, b) -> list:
    return sorted(set(a or ()) & set(b or ()))


def rank(viewer: dict, candidates: list[dict], limit: int = 10) -> list[Suggestion]:
    """Rank live candidates for ``viewer``; each candidate carries ``mutual`` (shared contacts), ``messages``
    (exchanged with the viewer in their direct conversation) and its features
    (``skill_ids``, ``sector_ids``, ``language_ids``, ``network_ids``, ``city_id``, ``employer_key``,
    ``community``), as the viewer does."""
    ranked = []
    for other in candidates:
        reasons, score = [], 0.0
        mutual = other.get("mutual") or 0
        if mutual:
            score += WEIGHTS["contacts"] * np.log1p(mutual)
            reasons.append(("mutual", {"count": mutual}))
        messages = other.get("messages") or 0
        if messages:
            score += WEIGHTS["messages"] * np.log1p(messages)
            reasons.append(("messages", {"count": messages}))
        sectors = _shared(viewer.get("sector_ids"), other.get("sector_ids"))
        if sectors:
            score += WEIGHTS["sectors"]
            reasons.append(("sectors", {"ids": sectors[:2]}))
        if viewer.get("city_id") and viewer.get("city_id") == other.get("city_id"):
            score += WEIGHTS["city"]
            reasons.append(("city", {"id": other["city_id"]}))
        skills = _shared(viewer.get("skill_ids"), other.get("skill_ids"))
        if skills:
            score += WEIGHTS["skills"] * min(1.0, len(skills) / 3)
            reasons.append(("skills", {"count": len(skills)}))
        if viewer.get("employer_key") and viewer.get("employer_key") == other.get("employer_key"):
            score += WEIGHTS["employer"]
            reasons.append(("employer", {}))
        networks = _shared(viewer.get("network_ids"), other.get("network_ids"))
        if networks:
            score += WEIGHTS["networks"]
            reasons.append(("networks", {"count": len(networks)}))
        languages = _shared(viewer.get("language_ids"), other.get("language_ids"))
        if languages:
            score += WEIGHTS["languages"]
        if viewer.get("community") is not None and viewer.get("community") == other.get("community"):
            score += WEIGHTS["community"]
        ranked.append(Suggestion(other, round(float(score), 4), reasons))
    ranked.sort(key=lambda s: (-s.score, s.member.get("display_name") or "", s.member["id"]))
    return ranked[:limit]
