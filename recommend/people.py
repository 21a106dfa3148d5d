"""People you may know: candidates computed for everyone by the job, ranked with reasons at request time.

The job (:func:`precompute`) keeps, for each member, the people two steps away with the highest resource
allocation score, plus a few from their community who share a sector or a city when two steps do not give
enough, never people already connected or who opted out of being suggested. At request time the stored
candidates that are still possible (a live query removes new connections, requests, blocks and dismissals)
are ranked by :func:`rank`, which adds what they share and says it.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .linkscores import resource_allocation_all
from .snapshot import Snapshot

STORED = 30
WEIGHTS = {
    "contacts": 1.0,
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


def precompute(snap: Snapshot, labels: np.ndarray | None = None, keep: int = STORED) -> dict[int, list[int]]:
    """For every member row, up to ``keep`` candidate rows, best first."""
    suggestable = snap.suggest_me if snap.suggest_me is not None else np.ones(snap.size, dtype=bool)
    scores = resource_allocation_all(snap)
    scores = scores - scores.multiply(snap.adjacency)  # not people already connected (weights are 1)
    scores.setdiag(0)
    scores = (scores @ sparse.diags(suggestable.astype(np.float64))).tocsr()  # nor people who opted out
    scores.eliminate_zeros()
    by_community: dict[int, list[int]] = {}
    if labels is not None:
        order = np.argsort(-snap.degree, kind="stable")  # well-connected members first
        for row in order.tolist():
            if suggestable[row]:
                by_community.setdefault(int(labels[row]), []).append(row)
    result = {}
    indptr, indices, data = scores.indptr, scores.indices, scores.data
    for row in range(snap.size):
        cols, vals = indices[indptr[row] : indptr[row + 1]], data[indptr[row] : indptr[row + 1]]
        if len(cols) > keep:
            top = np.argpartition(-vals, keep)[:keep]
            cols, vals = cols[top], vals[top]
        chosen = cols[np.argsort(-vals, kind="stable")].tolist()
        if len(chosen) < keep and labels is not None:
            taken = set(chosen) | set(snap.neighbours(row).tolist()) | {row}
            for other in by_community.get(int(labels[row]), [])[: 4 * keep]:
                if other not in taken and (
                    snap.sectors[row] & snap.sectors[other] or (snap.city[row] and snap.city[row] == snap.city[other])
                ):
                    chosen.append(other)
                    if len(chosen) >= keep:
                        break
        result[row] = chosen
    return result


def _shared(a, b) -> list:
    return sorted(set(a or ()) & set(b or ()))


def rank(viewer: dict, candidates: list[dict], limit: int = 10) -> list[Suggestion]:
    """Rank live candidates for ``viewer``; each candidate carries ``mutual`` (shared contacts) and its features
    (``skill_ids``, ``sector_ids``, ``language_ids``, ``network_ids``, ``city_id``, ``employer_key``,
    ``community``), as the viewer does."""
    ranked = []
    for other in candidates:
        reasons, score = [], 0.0
        mutual = other.get("mutual") or 0
        if mutual:
            score += WEIGHTS["contacts"] * np.log1p(mutual)
            reasons.append(("mutual", {"count": mutual}))
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
