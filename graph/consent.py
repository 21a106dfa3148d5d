"""Consent: the log of every consent given or withdrawn, and the member's current choices per purpose.

``(m)-[:CONSENT_EVENT]->(c:ConsentEvent {at, purpose, given, notice_version, how})`` is only ever added to
(deleted with the member). The choices the rest of the platform reads sit on the member: ``suggest_me``
(suggested to others), ``allow_campaigns`` (the department's campaigns), ``allow_analytics`` (named in the
department's analytics); each is on unless it is ``false``.
"""

from .cypher import Cypher
from .store import GraphStore

#: purpose -> the member property holding the current choice (the privacy notice itself has none: an
#: account exists only with it)
CHOICES = {"suggestions": "suggest_me", "campaigns": "allow_campaigns", "analytics": "allow_analytics"}

RECORD = Cypher(
    "MATCH (m:Member {id: $id}) UNWIND $events AS e "
    "CREATE (m)-[:CONSENT_EVENT]->(:ConsentEvent {at: e.at, purpose: e.purpose, given: e.given, "
    "notice_version: e.version, how: e.how}) RETURN count(*) AS n"
)
SET_CHOICES = Cypher(
    "MATCH (m:Member {id: $id}) SET m.suggest_me = $suggestions, m.allow_campaigns = $campaigns, "
    "m.allow_analytics = $analytics RETURN m.id AS id"
)
CURRENT = Cypher(
    "MATCH (m:Member {id: $id}) RETURN coalesce(m.suggest_me, true) AS suggestions, "
    "coalesce(m.allow_campaigns, true) AS campaigns, coalesce(m.allow_analytics, true) AS analytics"
)
HISTORY = Cypher(
    "MATCH (:Member {id: $id})-[:CONSENT_EVENT]->(c:ConsentEvent) "
    "RETURN c {.at, .purpose, .given, .notice_version, .how} AS event ORDER BY event.at DESC"
)


def record(store: GraphStore, member_id: str, events: list[dict]) -> None:
    """Add events ``{at, purpose, given, version, how}`` to the member's consent log."""
    if events:
        store.write(RECORD, id=member_id, events=events)


def current(store: GraphStore, member_id: str) -> dict:
    """The member's choice for each purpose of :data:`CHOICES` (True: allowed)."""
    rows = store.read(CURRENT, id=member_id)
    return rows[0] if rows else dict.fromkeys(CHOICES, True)


def set_choices(store: GraphStore, member_id: str, choices: dict) -> None:
    """Store the member's choice for every purpose of :data:`CHOICES`."""
    store.write(SET_CHOICES, id=member_id, **{purpose: bool(choices[purpose]) for purpose in CHOICES})


def history(store: GraphStore, member_id: str) -> list[dict]:
    """The member's consent log, newest first."""
    return [row["event"] for row in store.read(HISTORY, id=member_id)]
