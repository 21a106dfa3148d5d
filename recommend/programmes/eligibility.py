"""Eligibility for every programme open on a day, with the financing plan of those that fit.

A programme is *open* on a day between its opening and closing days (either may be unknown), *upcoming*
before and *closed* after. A programme whose conditions have not been entered yet is listed apart: saying
"eligible" to everyone would be a promise nobody made.

>>> open_on = {"id": "a", "opens_on": "2024-07-19", "closes_on": None, "rules": {"conditions": []}}
>>> status(open_on, "2026-12-04"), status(open_on, "2023-01-01")
('open', 'upcoming')
"""

from dataclasses import dataclass

from . import financing, rules


@dataclass
class Assessment:
    """One programme's answer: the verdict with each condition, and the plan when eligible (for programmes
    that finance: those whose rules have financing terms)."""

    programme: dict
    verdict: rules.Verdict
    plan: financing.Plan | None


def status(programme: dict, today: str) -> str:
    """``open``, ``upcoming`` or ``closed`` on ``today`` (an ISO day: ISO days compare as text)."""
    if programme.get("opens_on") and today < programme["opens_on"]:
        return "upcoming"
    if programme.get("closes_on") and today > programme["closes_on"]:
        return "closed"
    return "open"


def assess(programmes: list[dict], facts: dict, today: str) -> tuple[list[Assessment], list[dict]]:
    """``(assessments, without rules)``: each programme open on ``today`` that has conditions, eligible first
    then missing information then not eligible; and the open programmes whose conditions are not entered."""
    order = {"eligible": 0, "missing": 1, "not_eligible": 2}
    found, unruled = [], []
    for programme in programmes:
        if status(programme, today) != "open":
            continue
        programme_rules = programme.get("rules") or {}
        if not programme_rules.get("conditions"):
            unruled.append(programme)
            continue
        verdict = rules.evaluate(programme_rules, facts)
        terms = programme_rules.get("financing")
        plan = financing.plan(facts, terms) if verdict.verdict == "eligible" and terms else None
        found.append(Assessment(programme, verdict, plan))
    found.sort(key=lambda a: (order[a.verdict.verdict], a.programme.get("name") or a.programme["id"]))
    return found, unruled
