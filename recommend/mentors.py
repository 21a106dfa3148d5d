"""Ranking mentors for a mentoring request, each suggestion with the reasons a person can read.

Pure: takes the request and the candidates' features (from ``graph.projects``) and returns them ranked.
A candidate's score adds up the fit of their skills and sectors to what is asked, a shared language,
experience, availability for the format, and closeness in the graph (shared networks, shared contacts,
already connected); it is then lowered by how full their mentoring capacity already is, so that the same
few people are not sent every project, and people at capacity are left out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

WEIGHTS = {
    "skills": 0.40,
    "sectors": 0.20,
    "language": 0.15,
    "experience": 0.10,
    "availability": 0.05,
    "closeness": 0.10,
}
REMOTE_READY = {"remote", "short_mission", "long_term", "relocation"}
IN_PERSON_READY = {"short_mission", "long_term", "relocation"}


@dataclass
class Suggestion:
    """A ranked mentor: ``reasons`` are ``(code, params)`` pairs the page words in the reader's language."""

    member: dict
    score: float
    reasons: list[tuple[str, dict]] = field(default_factory=list)


def _share(have, wanted) -> list[str]:
    wanted = list(wanted or [])
    have = set(have or [])
    return [x for x in wanted if x in have]


def mentoring_load(member: dict) -> tuple[int, int]:
    """``(mentees now, capacity)`` of a mentor."""
    return member.get("mentee_count") or 0, member.get("mentor_capacity") or 1


def components(
    request: dict, member: dict, near: dict, networks: list[str]
) -> tuple[dict[str, float], list[tuple[str, dict]]]:
    """How ``member`` fits ``request`` (``skill_ids``, ``sector_ids``, ``language_ids``, ``format``), one value
    per key of :data:`WEIGHTS` (skills and sectors: the share asked they have; language: 1 when one asked is
    shared, −2 when none is, 0 when none was asked; experience: years up to 20 over 20; availability: 1 or 0;
    closeness: shared networks, contacts, already connected, up to 1), and the reasons. ``near`` is
    ``{"mutual", "connected"}`` between the asker and the member, ``networks`` the asker's networks."""
    values, reasons = dict.fromkeys(WEIGHTS, 0.0), []
    skills = _share(member.get("skill_ids"), request.get("skill_ids"))
    if request.get("skill_ids"):
        values["skills"] = len(skills) / len(request["skill_ids"])
    if skills:
        reasons.append(("skills", {"ids": skills, "asked": len(request["skill_ids"])}))
    sectors = _share(member.get("sector_ids"), request.get("sector_ids"))
    if request.get("sector_ids"):
        values["sectors"] = len(sectors) / len(request["sector_ids"])
    if sectors:
        reasons.append(("sectors", {"ids": sectors}))
    languages = _share(member.get("language_ids"), request.get("language_ids"))
    if languages:
        values["language"] = 1.0
        reasons.append(("languages", {"ids": languages}))
    elif request.get("language_ids"):
        values["language"] = -2.0  # no language in common: below anyone who shares one, if still listed
    years = member.get("years_experience") or 0
    values["experience"] = min(years, 20) / 20
    if years >= 5:
        reasons.append(("experience", {"years": years}))
    ready = REMOTE_READY if request.get("format") != "in_person" else IN_PERSON_READY
    if member.get("availability") in ready:
        values["availability"] = 1.0
        reasons.append(("available_" + ("in_person" if request.get("format") == "in_person" else "remote"), {}))
    shared_networks = _share(member.get("network_ids"), networks)
    values["closeness"] = min(
        1.0, 0.4 * len(shared_networks) + 0.2 * (near.get("mutual") or 0) + (0.5 if near.get("connected") else 0)
    )
    if near.get("connected"):
        reasons.append(("connected", {}))
    elif near.get("mutual"):
        reasons.append(("mutual", {"count": near["mutual"]}))
    if shared_networks:
        reasons.append(("networks", {"count": len(shared_networks)}))
    return values, reasons


def assess(
    request: dict,
    member: dict,
    near: dict,
    networks: list[str],
    load: int = 0,
    capacity: int = 1,
    weights: dict[str, float] | None = None,
) -> tuple[float, list[tuple[str, dict]]]:
    """How well ``member`` fits ``request``: the :func:`components` weighed by ``weights`` (the hand
    :data:`WEIGHTS` unless fitted ones are given), lowered by a load of ``load`` mentees out of ``capacity``;
    and the reasons."""
    values, reasons = components(request, member, near, networks)
    weights = weights or WEIGHTS
    score = sum(weights[name] * value for name, value in values.items()) * load_factor(load, capacity)
    if load:
        reasons.append(("load", {"load": load, "capacity": capacity}))
    return round(score, 4), reasons


def load_factor(load: int, capacity: int) -> float:
    """What a score is multiplied by when the mentor already has ``load`` of ``capacity`` mentees: busy
    mentors sink (half the score when full), so that the same few people are not sent every project."""
    return 1 - 0.5 * load / capacity


def rank(
    request: dict,
    candidates: list[dict],
    closeness: dict[str, dict],
    networks: list[str],
    limit: int = 10,
    load_of: Callable[[dict], tuple[int, int]] = mentoring_load,
    weights: dict[str, float] | None = None,
) -> list[Suggestion]:
    """The best ``limit`` people for ``request`` (``skill_ids``, ``sector_ids``, ``language_ids``, ``format``).

    ``closeness`` maps a candidate id to ``{"mutual", "connected"}``; ``networks`` are the asker's networks;
    ``load_of`` gives a candidate's ``(load, capacity)`` (mentees by default; experts' engagements for the
    opportunity board, :mod:`recommend.experts`); ``weights`` replace the hand :data:`WEIGHTS` (fitted on
    outcomes, :mod:`recommend.mentor_weights`). People at capacity are left out.
    """
    ranked = []
    for member in candidates:
        load, capacity = load_of(member)
        if load >= capacity:
            continue
        score, reasons = assess(request, member, closeness.get(member["id"], {}), networks, load, capacity, weights)
        ranked.append(Suggestion(member, score, reasons))
    ranked.sort(key=lambda s: (-s.score, s.member.get("display_name") or "", s.member["id"]))
    return ranked[:limit]
