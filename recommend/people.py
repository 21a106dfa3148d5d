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

from .linkscores import connections_within, resource_allocation_block
from .snapshot import Snapshot

PATHS_PER_BLOCK = 4_000_000  # two-step paths scored at once by the candidate step: ~200 MB, whatever the graph
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


def candidate_scores(
    snap: Snapshot, within: sparse.csr_matrix | None, start: int = 0, stop: int | None = None
) -> sparse.csr_matrix:
    """Rows ``start``..``stop`` of everyone's candidate scores: resource allocation two steps away over the
    connections (community-aware when ``within``, the connections inside communities, is given), plus the
    people one has exchanged messages with (``TALKED`` + ln(1 + messages)); never oneself, a contact, or
    someone who opted out of being suggested."""
    stop = snap.size if stop is None else stop
    scores = resource_allocation_block(snap, within, start, stop)
    talked = snap.messages[start:stop]
    if talked.nnz:
        talked.data = TALKED + np.log1p(talked.data)
        scores = scores + talked
    scores = scores.tocsr()
    excluded = (snap.adjacency[start:stop] + sparse.eye(stop - start, snap.size, k=start, format="csr")).tocsr()
    scores = (scores - scores.multiply(excluded)).tocsr()  # oneself and contacts: their scores taken away
    scores.data[~snap.suggest_me[scores.indices]] = 0.0
    scores.eliminate_zeros()
    return scores


def row_blocks(snap: Snapshot, paths: int = PATHS_PER_BLOCK) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` row ranges, each with about ``paths`` two-step paths (a member with more
    makes a block alone): what one block of the candidate step holds in memory at once."""
    per_row = snap.adjacency @ snap.degree  # a row's two-step paths: the sum of its contacts' degrees
    ends = np.searchsorted(np.cumsum(per_row), np.arange(paths, per_row.sum() + paths, paths), side="right")
    bounds = sorted({0, snap.size, *np.clip(ends, 1, snap.size).tolist()})
    return list(itertools.pairwise(bounds))


def precompute(
    snap: Snapshot, labels: np.ndarray | None = None, keep: int = STORED, paths: int = PATHS_PER_BLOCK
) -> dict[int, list[int]]:
    """For every member row, up to ``keep`` candidate rows, best first (:func:`candidate_scores`, block of rows
    by block of rows so that memory stays bounded whatever the graph's size and density, then people of the
    same community who share a sector or the city when that gives fewer than ``keep``). ``paths``: the two-step
    paths a block holds; the lists do not depend on it."""
    within = None if labels is None else connections_within(snap.adjacency, labels)
    best = []
    for start, stop in row_blocks(snap, paths):
        best.extend(_top_per_row(candidate_scores(snap, within, start, stop), keep))
    if labels is None:
        return dict(enumerate(best))
    by_community: dict[int, list[int]] = {}
    order = np.argsort(-snap.degree, kind="stable")  # well-connected members first
    for row in order[snap.suggest_me[order]].tolist():
        by_community.setdefault(int(labels[row]), []).append(row)
    city = snap.single("city")
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
    """Each row's ``keep`` highest-scoring columns, best first; equal scores in column order (scores are
    compared to nine decimals: the same sum added up in another order may differ in its last bit)."""
    scores.sort_indices()
    indptr, indices, data = scores.indptr, scores.indices, np.round(scores.data, 9)
    best = []
    for begin, end in itertools.pairwise(indptr.tolist()):
        if end - begin <= 1:
            best.append(indices[begin:end].tolist())
        else:
            best.append(indices[begin:end][np.argsort(-data[begin:end], kind="stable")[:keep]].tolist())
    return best


def _shared(a, b) -> list:
    return sorted(set(a or ()) & set(b or ()))


def shared_with(viewer: dict, other: dict) -> tuple[dict[str, float], list[tuple[str, dict]]]:
    """What ``viewer`` and a live candidate have in common: values keyed like :data:`WEIGHTS` (contacts and
    messages as ln(1 + count), skills as a third per skill up to three, the rest 1 or 0) and the reasons a page
    can show, ``(code, params)``."""
    values, reasons = dict.fromkeys(WEIGHTS, 0.0), []
    mutual = other.get("mutual") or 0
    if mutual:
        values["contacts"] = float(np.log1p(mutual))
        reasons.append(("mutual", {"count": mutual}))
    messages = other.get("messages") or 0
    if messages:
        values["messages"] = float(np.log1p(messages))
        reasons.append(("messages", {"count": messages}))
    sectors = _shared(viewer.get("sector_ids"), other.get("sector_ids"))
    if sectors:
        values["sectors"] = 1.0
        reasons.append(("sectors", {"ids": sectors[:2]}))
    if viewer.get("city_id") and viewer.get("city_id") == other.get("city_id"):
        values["city"] = 1.0
        reasons.append(("city", {"id": other["city_id"]}))
    skills = _shared(viewer.get("skill_ids"), other.get("skill_ids"))
    if skills:
        values["skills"] = min(1.0, len(skills) / 3)
        reasons.append(("skills", {"count": len(skills)}))
    if viewer.get("employer_key") and viewer.get("employer_key") == other.get("employer_key"):
        values["employer"] = 1.0
        reasons.append(("employer", {}))
    networks = _shared(viewer.get("network_ids"), other.get("network_ids"))
    if networks:
        values["networks"] = 1.0
        reasons.append(("networks", {"count": len(networks)}))
    if _shared(viewer.get("language_ids"), other.get("language_ids")):
        values["languages"] = 1.0
    if viewer.get("community") is not None and viewer.get("community") == other.get("community"):
        values["community"] = 1.0
    return values, reasons


def rank(viewer: dict, candidates: list[dict], limit: int = 10) -> list[Suggestion]:
    """Rank live candidates for ``viewer`` by the hand :data:`WEIGHTS` (no trained ranking in use); each
    candidate carries ``mutual`` (shared contacts), ``messages`` (exchanged with the viewer in their direct
    conversation) and its features (``skill_ids``, ``sector_ids``, ``language_ids``, ``network_ids``,
    ``city_id``, ``employer_key``, ``community``), as the viewer does."""
    ranked = []
    for other in candidates:
        values, reasons = shared_with(viewer, other)
        score = sum(WEIGHTS[name] * value for name, value in values.items())
        ranked.append(Suggestion(other, round(float(score), 4), reasons))
    ranked.sort(key=lambda s: (-s.score, s.member.get("display_name") or "", s.member["id"]))
    return ranked[:limit]
