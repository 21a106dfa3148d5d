"""Which new leads an alert is about: those matching a segment's criteria, or the department's priorities.

A lead knows less than a member's profile: its country, its sector and its skills. A segment's criteria on
these (countries, sectors, skills) are applied, each as "one of"; its other criteria (languages, networks,
activity...) cannot be judged on a lead and are left aside. A segment with none of the three matches no lead
(it would otherwise match every one). A lead meets the priorities when a sector, skill or country it holds
has a weight above zero; its weight is the sum of those weights.
"""

JUDGED = {"countries": "country", "sectors": "sector", "skills": "skills"}


def _values(lead: dict, field: str) -> set[str]:
    value = lead.get(field)
    if isinstance(value, list):
        return set(value)
    return {value} if value else set()


def matches_segment(lead: dict, criteria: dict) -> bool:
    """Whether ``lead`` (``country``, ``sector``, ``skills``) meets every criterion of the segment it can be
    judged on; False when the segment has none of them."""
    judged = [(name, field) for name, field in JUDGED.items() if criteria.get(name)]
    if not judged:
        return False
    return all(_values(lead, field) & set(criteria[name]) for name, field in judged)


def priority_weight(lead: dict, weights: dict[str, dict[str, float]]) -> float:
    """The sum of the priority weights of the lead's sector, skills and country (0 when none has one)."""
    return float(
        sum((weights.get(name) or {}).get(value, 0) for name, field in JUDGED.items() for value in _values(lead, field))
    )


def matching(leads: list[dict], alert: dict, criteria: dict | None, weights: dict | None) -> list[dict]:
    """The leads an alert is about: ``criteria`` of its segment for a segment alert, ``weights`` of the
    priorities in force for a priorities alert (None: nothing matches)."""
    if alert["kind"] == "segment":
        return [lead for lead in leads if criteria is not None and matches_segment(lead, criteria)]
    return [lead for lead in leads if weights and priority_weight(lead, weights) > 0]
