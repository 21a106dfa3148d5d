"""Matching a whole cohort of waiting mentoring requests to mentors at once.

One request at a time, the best mentor of each may be the best of several, and the later requests get what
is left. Here every request is matched together: each mentor offers as many places as they have room for
(capacity minus current mentees), the k-th place of a mentor worth the pair's fit lowered as a k-th mentee
lowers it in :func:`recommend.mentors.assess` (so load spreads), and the assignment that maximises the total
is found by scipy's linear assignment (``linear_sum_assignment``, the Jonker-Volgenant algorithm); a request
may also stay unmatched (worth nothing), so none is given a mentor who does not fit.

Constraints: a skill or a sector asked in common, no mentor over capacity (places), a language in common
when the request names languages, and no conflict of interest (the mentor is the leader, works for the
leader's employer, or has already mentored this leader). A request left unmatched is listed with why: how
many mentors each obstacle ruled out, and how many fitting mentors were full or went to requests they fit
better.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from . import mentors

UNFIT = -1e9  # the value of a place a request may not take


@dataclass
class Pair:
    """A proposed mentor for a request, the pair's fit (with the load it brings) and the reasons."""

    request_id: str
    mentor_id: str
    fit: float
    reasons: list[tuple[str, dict]] = field(default_factory=list)


@dataclass
class Assignment:
    """The proposed pairs and the requests left unmatched with why: ``{request id: {reason: mentors}}``, the
    reasons ``unrelated`` (no skill or sector asked in common), ``language``, ``conflict``, and ``taken``
    (mentors who fit but are full or went to requests they fit better); empty when there was no mentor."""

    pairs: list[Pair]
    unmatched: dict[str, dict[str, int]]

    @property
    def total_fit(self) -> float:
        """The sum of the pairs' fit."""
        return round(sum(pair.fit for pair in self.pairs), 4)


def obstacle(request: dict, mentor: dict) -> str | None:
    """Why ``mentor`` may not take ``request`` (``conflict``, ``unrelated``, ``language``), or None. The request
    carries its leader's ``leader_id`` and ``leader_employer``, and ``mentored_by`` (mentors the leader had)."""
    if mentor["id"] == request.get("leader_id") or mentor["id"] in (request.get("mentored_by") or ()):
        return "conflict"
    employer = request.get("leader_employer")
    if employer and employer == mentor.get("employer_key"):
        return "conflict"
    asked = set(request.get("skill_ids") or ()) | set(request.get("sector_ids") or ())
    if asked and not asked & (set(mentor.get("skill_ids") or ()) | set(mentor.get("sector_ids") or ())):
        return "unrelated"
    if request.get("language_ids") and not set(request["language_ids"]) & set(mentor.get("language_ids") or ()):
        return "language"
    return None


def _places(mentor_rows: list[dict]) -> list[tuple[int, int]]:
    """``(mentor index, load when taking this place)`` for every free place."""
    places = []
    for index, mentor in enumerate(mentor_rows):
        load, capacity = mentors.mentoring_load(mentor)
        places.extend((index, taken) for taken in range(load, capacity))
    return places


def _fits(requests: list[dict], mentor_rows: list[dict], weights: dict | None) -> tuple[np.ndarray, dict]:
    """Each pair's fit without load (``nan`` when it may not be), and how many mentors each obstacle ruled
    out for each request."""
    fits = np.full((len(requests), len(mentor_rows)), np.nan)
    obstacles: dict[int, dict[str, int]] = {}
    for r, request in enumerate(requests):
        for m, mentor in enumerate(mentor_rows):
            why = obstacle(request, mentor)
            if why:
                counted = obstacles.setdefault(r, {})
                counted[why] = counted.get(why, 0) + 1
            else:
                fits[r, m] = mentors.assess(request, mentor, {}, request.get("networks") or [], weights=weights)[0]
    return fits, obstacles


def _explained(request: dict, mentor: dict, load: int, weights: dict | None) -> Pair:
    capacity = mentors.mentoring_load(mentor)[1]
    fit, reasons = mentors.assess(request, mentor, {}, request.get("networks") or [], load, capacity, weights)
    return Pair(request["id"], mentor["id"], fit, reasons)


def _unmatched_reason(row: int, fits: np.ndarray, obstacles: dict) -> dict[str, int]:
    fitting = int(np.sum(fits[row] > 0))
    return {**obstacles.get(row, {}), **({"taken": fitting} if fitting else {})}


def assign(requests: list[dict], mentor_rows: list[dict], weights: dict | None = None) -> Assignment:
    """The assignment of ``requests`` (``id``, what :func:`recommend.mentors.assess` reads, and what
    :func:`obstacle` reads) to ``mentor_rows`` (``id``, features, ``mentee_count``, ``mentor_capacity``) that
    maximises the total fit (with ``weights``, or the hand ones) under the constraints."""
    fits, obstacles = _fits(requests, mentor_rows, weights)
    places = _places(mentor_rows)
    values = np.full((len(requests), len(places) + len(requests)), UNFIT)
    for column, (m, load) in enumerate(places):
        capacity = mentors.mentoring_load(mentor_rows[m])[1]
        values[:, column] = np.where(np.isnan(fits[:, m]), UNFIT, fits[:, m] * mentors.load_factor(load, capacity))
    values[np.arange(len(requests)), len(places) + np.arange(len(requests))] = 0.0  # staying unmatched
    rows, columns = linear_sum_assignment(values, maximize=True)
    pairs, unmatched = [], {}
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        if column < len(places) and values[row, column] > 0:
            m, load = places[column]
            pairs.append(_explained(requests[row], mentor_rows[m], load, weights))
        else:
            unmatched[requests[row]["id"]] = _unmatched_reason(row, fits, obstacles)
    return Assignment(pairs, unmatched)


def assign_one_at_a_time(requests: list[dict], mentor_rows: list[dict], weights: dict | None = None) -> Assignment:
    """The baseline: each request in turn (oldest first) takes its best mentor with room, as ranking each
    request on its own does."""
    fits, obstacles = _fits(requests, mentor_rows, weights)
    loads = [mentors.mentoring_load(mentor)[0] for mentor in mentor_rows]
    pairs, unmatched = [], {}
    for row, request in enumerate(requests):
        best, best_value = None, 0.0
        for m, mentor in enumerate(mentor_rows):
            capacity = mentors.mentoring_load(mentor)[1]
            if np.isnan(fits[row, m]) or loads[m] >= capacity:
                continue
            value = fits[row, m] * mentors.load_factor(loads[m], capacity)
            if value > best_value:
                best, best_value = m, value
        if best is None:
            unmatched[request["id"]] = _unmatched_reason(row, fits, obstacles)
            continue
        pairs.append(_explained(request, mentor_rows[best], loads[best], weights))
        loads[best] += 1
    return Assignment(pairs, unmatched)
