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


def assess(
    request: dict, member: dict, near: dict, networks: list[str], load: int = 0, capacity: int = 1
) -> tuple[float, list[tuple[str, dict]]]:
    """How well ``member`` fits ``request`` (``skill_ids``, ``sector_ids``, ``language_ids``, ``format``):
    the score, lowered by a load of ``load`` mentees out of ``capacity``, and its reasons. ``near`` is
    ``{"mutual", "connected"}`` between the asker and the member, ``networks`` the asker's networks."""
    reasons, score = [], 0.0
    skills = _share(member.get("skill_ids"), request.get("skill_ids"))
    if request.get("skill_ids"):
        score += WEIGHTS["skills"] * len(skills) / len(request["skill_ids"])
    if skills:
        reasons.append(("skills", {"ids": skills, "asked": len(request["skill_ids"])}))
    sectors = _share(member.get("sector_ids"), request.get("sector_ids"))
    if request.get("sector_ids"):
        score += WEIGHTS["sectors"] * len(sectors) / len(request["sector_ids"])
    if sectors:
        reasons.append(("sectors", {"ids": sectors}))
    languages = _share(member.get("language_ids"), request.get("language_ids"))
    if languages:
        score += WEIGHTS["language"]
        reasons.append(("languages", {"ids": languages}))
    elif request.get("language_ids"):
        score -= 2 * WEIGHTS["language"]  # no language in common: below anyone who shares one, if still listed
    years = member.get("years_experience") or 0
    score += WEIGHTS["experience"] * min(years, 20) / 20
    if years >= 5:
        reasons.append(("experience", {"years": years}))
    ready = REMOTE_READY if request.get("format") != "in_person" else IN_PERSON_READY
    if member.get("availability") in ready:
        score += WEIGHTS["availability"]
        reasons.append(("available_" + ("in_person" if request.get("format") == "in_person" else "remote"), {}))
    shared_networks = _share(member.get("network_ids"), networks)
    tie = min(1.0, 0.4 * len(shared_networks) + 0.2 * (near.get("mutual") or 0) + (0.5 if near.get("connected") else 0))
    score += WEIGHTS["closeness"] * tie
    if near.get("connected"):
        reasons.append(("connected", {}))
    elif near.get("mutual"):
        reasons.append(("mutual", {"count": near["mutual"]}))
    if shared_networks:
        reasons.append(("networks", {"count": len(shared_networks)}))
    score *= load_factor(load, capacity)
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
) -> list[Suggestion]:
    """The best ``limit`` people for ``request`` (``skill_ids``, ``sector_ids``, ``language_ids``, ``format``).

    ``closeness`` maps a candidate id to ``{"mutual", "connected"}``; ``networks`` are the asker's networks;
    ``load_of`` gives a candidate's ``(load, capacity)`` (mentees by default; experts' engagements for the
    opportunity board, :mod:`recommend.experts`). People at capacity are left out.
    """
    ranked = []
    for member in candidates:
        load, capacity = load_of(member)
        if load >= capacity:
            continue
        score, reasons = assess(request, member, closeness.get(member["id"], {}), networks, load, capacity)
        ranked.append(Suggestion(member, score, reasons))
    ranked.sort(key=lambda s: (-s.score, s.member.get("display_name") or "", s.member["id"]))
    return ranked[:limit]
