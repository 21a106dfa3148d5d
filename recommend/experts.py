"""Experts for an institution's opportunity, ranked by the mentor ranking's machinery (skills, sectors,
languages, experience, availability for remote or on-site work, closeness in the graph, load), and the
skills-only baseline the benchmark compares it with.

An expert's load is the number of opportunities they were chosen for and that are not over yet
(``engagements``); at :data:`CAPACITY` they are left out, below it they are lowered, so that the same few
people are not sent every opportunity.
"""

from . import mentors

CAPACITY = 3


def engagement_load(member: dict) -> tuple[int, int]:
    """``(engagements in progress, capacity)`` of an expert."""
    return member.get("engagements") or 0, CAPACITY


def as_request(opportunity: dict) -> dict:
    """What the ranking reads of an opportunity: skills, sectors, languages, and remote or on-site work."""
    return {
        "skill_ids": list(opportunity.get("skill_ids") or []),
        "sector_ids": list(opportunity.get("sector_ids") or []),
        "language_ids": list(opportunity.get("language_ids") or []),
        "format": "remote" if opportunity.get("remote") else "in_person",
    }


def scoring(opportunity: dict) -> dict:
    """What the database needs to keep the best candidates by this ranking's own score (closeness aside):
    the weights, the availabilities that count for the opportunity's kind of work, the capacity."""
    ready = mentors.REMOTE_READY if opportunity.get("remote") else mentors.IN_PERSON_READY
    return {
        "w_skills": mentors.WEIGHTS["skills"],
        "w_sectors": mentors.WEIGHTS["sectors"],
        "w_language": mentors.WEIGHTS["language"],
        "w_experience": mentors.WEIGHTS["experience"],
        "w_availability": mentors.WEIGHTS["availability"],
        "ready": sorted(ready),
        "capacity": CAPACITY,
    }


def rank(
    opportunity: dict, candidates: list[dict], closeness: dict[str, dict], networks: list[str], limit: int = 10
) -> list[mentors.Suggestion]:
    """The best ``limit`` experts for ``opportunity``, each with the reasons a person can read."""
    return mentors.rank(as_request(opportunity), candidates, closeness, networks, limit, load_of=engagement_load)


def skills_only(opportunity: dict, candidates: list[dict], limit: int = 10) -> list[dict]:
    """The baseline: candidates by the number of skills asked they have, then by id (no other signal)."""
    wanted = set(opportunity.get("skill_ids") or [])
    scored = [(len(wanted & set(m.get("skill_ids") or [])), m["id"], m) for m in candidates]
    scored.sort(key=lambda row: (-row[0], row[1]))
    return [m for shared, _, m in scored[:limit] if shared]
