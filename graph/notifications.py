"""In-app notifications: ``(m)-[:HAS_NOTIFICATION]->(x:Notification {id, kind, at, read_at, ...})``.

A notification names what it is about by id (``network_id``, ``event_id``, ``label_id``) and carries a ``reason``
where one was given; the page renders the sentence in the reader's language.
"""

from .cypher import Cypher
from .store import GraphStore

NOTIFY = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.member}) "
    "CREATE (m)-[:HAS_NOTIFICATION]->(:Notification {id: r.id, kind: r.kind, at: $now, network_id: r.network_id, "
    "event_id: r.event_id, label_id: r.label_id, reason: r.reason}) RETURN count(m) AS n"
)
LATEST = Cypher(
    "MATCH (:Member {id: $member})-[:HAS_NOTIFICATION]->(x:Notification) "
    "WITH x ORDER BY x.at DESC LIMIT $limit "
    "OPTIONAL MATCH (n:Network {id: x.network_id}) OPTIONAL MATCH (e:Event {id: x.event_id}) "
    "OPTIONAL MATCH (t:LabelType {id: x.label_id}) "
    "RETURN x {.id, .kind, .at, .read_at, .reason} AS notification, "
    "CASE WHEN n IS NULL THEN null ELSE n {.slug, .name_en, .name_fr, .name_ar} END AS network, "
    "CASE WHEN e IS NULL THEN null ELSE e {.id, .title_en, .title_fr, .title_ar} END AS event, "
    "CASE WHEN t IS NULL THEN null ELSE t {.id, .name_en, .name_fr, .name_ar} END AS label ORDER BY x.at DESC"
)
UNREAD = Cypher(
    "MATCH (:Member {id: $member})-[:HAS_NOTIFICATION]->(x:Notification) WHERE x.read_at IS NULL RETURN count(x) AS n"
)
MARK_READ = Cypher(
    "MATCH (:Member {id: $member})-[:HAS_NOTIFICATION]->(x:Notification) WHERE x.read_at IS NULL "
    "SET x.read_at = $now RETURN count(x) AS n"
)


def notify(store: GraphStore, rows: list[dict], now: int) -> int:
    """Create notifications from rows ``{"id", "member", "kind"}`` and optionally ``network_id``, ``event_id``,
    ``label_id``, ``reason``."""
    if not rows:
        return 0
    full = [{"network_id": None, "event_id": None, "label_id": None, "reason": None, **row} for row in rows]
    return store.write(NOTIFY, rows=full, now=now)[0]["n"]


def latest(store: GraphStore, member_id: str, limit: int = 50) -> list[dict]:
    """The member's latest notifications with what they are about."""
    return store.read(LATEST, member=member_id, limit=limit)


def unread_count(store: GraphStore, member_id: str) -> int:
    """How many notifications the member has not seen."""
    return store.read(UNREAD, member=member_id)[0]["n"]


def mark_read(store: GraphStore, member_id: str, now: int) -> int:
    """Mark every notification read; return how many were unread."""
    return store.write(MARK_READ, member=member_id, now=now)[0]["n"]
