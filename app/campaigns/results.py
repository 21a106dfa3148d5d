"""A campaign's results: how many were sent, bounced, capped, read, clicked and answered, per day, per relay,
and the latest answers."""

from collections import Counter

from graph import campaigns as campaign_queries
from graph import segments as segment_queries
from graph.store import GraphStore

DAY_MS = 86_400_000
STATES = ("queued", "sending", "sent", "bounced", "failed", "capped", "unconfirmed")


def summary(db: GraphStore, campaign: dict) -> dict:
    """``{"states", "recipients", "read", "clicked", "answered", "arrivals", "days", "relays", "answers"}``."""
    states = Counter()
    tracked = Counter()
    arrivals = 0
    for row in campaign_queries.results(db, campaign["id"]):
        if row["role"] == "arrival":
            arrivals += row["n"]
        else:
            states[row["state"]] += row["n"]
        for what in ("read", "clicked", "answered"):
            tracked[what] += row[what]
    days = Counter()
    for row in campaign_queries.results_by_day(db, campaign["id"]):
        for what in ("sent", "read", "clicked", "answered"):
            if row[what + "_day"] is not None:
                days[(int(row[what + "_day"]), what)] += 1
    relays = campaign_queries.by_relay(db, campaign["id"])
    answers = campaign_queries.answers(db, campaign["id"], 50)
    names = segment_queries.people(db, [r["relay"] for r in relays] + [a["member_id"] for a in answers])
    return {
        "states": {state: states.get(state, 0) for state in STATES},
        "recipients": sum(states.values()),
        **{what: tracked[what] for what in ("read", "clicked", "answered")},
        "arrivals": arrivals,
        "days": [
            {
                "day": day * DAY_MS,
                **{what: days.get((day, what), 0) for what in ("sent", "read", "clicked", "answered")},
            }
            for day in sorted({day for day, _what in days})
        ],
        "relays": [{**r, "name": (names.get(r["relay"]) or {}).get("name")} for r in relays],
        "answers": [{**a, "name": (names.get(a["member_id"]) or {}).get("name")} for a in answers],
    }
