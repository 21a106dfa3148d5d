"""The financing plan a programme implies for a project: own funds, the part in foreign currency, the grant
and the bank loan that completes the investment.

A programme's ``financing`` rules (see :mod:`.rules`) say how much must be own funds and brought in foreign
currency, and how the grant is computed: ``grant_rate`` of the Moroccans-abroad share of the investment
(partners counted in proportion to their share of the capital), never more than ``grant_cap_mad``.

>>> plan({"investment_mad": 2000000, "mre_share_pct": 100}, {"min_own_share": 0.25, "grant_rate": 0.1})
Plan(investment_mad=2000000, own_funds_mad=500000, foreign_funds_mad=0, grant_mad=200000, loan_mad=1300000)
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """How a project's investment is paid for, in MAD (whole dirhams)."""

    investment_mad: int
    own_funds_mad: int
    foreign_funds_mad: int
    grant_mad: int
    loan_mad: int


def plan(facts: dict, financing: dict | None) -> Plan | None:
    """The plan for ``facts`` under ``financing`` (None without an investment to pay for). Own funds and the
    foreign-currency part are what the project brings, raised to the programme's minimum; the loan is the
    rest, never below nothing."""
    total = facts.get("investment_mad")
    if not total or total <= 0:
        return None
    financing = financing or {}
    own = max(facts.get("own_funds_mad") or 0, math.ceil(financing.get("min_own_share", 0) * total))
    foreign = max(facts.get("foreign_funds_mad") or 0, math.ceil(financing.get("min_foreign_share", 0) * total))
    own = min(max(own, foreign), total)
    share = (facts.get("mre_share_pct") if facts.get("mre_share_pct") is not None else 100) / 100
    grant = math.floor(financing.get("grant_rate", 0) * total * share)
    if "grant_cap_mad" in financing:
        grant = min(grant, int(financing["grant_cap_mad"]))
    grant = min(grant, total - own)
    return Plan(int(total), int(own), int(min(foreign, own)), int(grant), int(total - own - grant))
