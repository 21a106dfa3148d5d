"""Reported messages: ``(reporter:Member)-[:REPORTED]->(r:Report {id, at, reason, conversation_id, seq,
sender_id, body, network_id})``.

The report keeps a copy of the message (what the coordinators judge), never the rest of the conversation.
It goes to the coordinators of the channel's network; for a direct or group conversation, to those of the
networks the reporter and the sender share, and to the department's administrators when they share none
(``network_id`` is then null).
"""

from .cypher import Cypher
from .store import GraphStore

# The message as the reporter may see it (they take part in its conversation), with its network if a channel.
REPORTABLE = Cypher(
    "MATCH (:Member {id: $reporter})-[:PARTICIPATES]->(c:Conversation {id: $conversation})"
    "-[:HAS_MESSAGE]->(x:Message {seq: $seq}) "
    "RETURN x {.seq, .sender_id, .body, .at} AS message, c.kind AS kind, c.network_id AS network_id"
)
SHARED_NETWORKS = Cypher(
    "MATCH (:Member {id: $a})-[:MEMBER_OF]->(n:Network)<-[:MEMBER_OF]-(:Member {id: $b}) RETURN collect(n.id) AS ids"
)
CREATE = Cypher(
    "MATCH (reporter:Member {id: $reporter}) "
    "OPTIONAL MATCH (reporter)-[:REPORTED]->(old:Report {conversation_id: $conversation, seq: $seq}) "
    "WITH reporter, count(old) AS before WHERE before = 0 "
    "UNWIND $networks AS network "
    "CREATE (reporter)-[:REPORTED]->(:Report {id: network.report_id, at: $now, reason: $reason, "
    "conversation_id: $conversation, seq: $seq, sender_id: $sender, body: $body, network_id: network.id, "
    "status: 'open'}) RETURN collect(network.report_id) AS ids"
)
# Who hears of a report: the coordinators of its networks, or the administrators when it has none.
COORDINATORS = Cypher("MATCH (c:Member)-[:COORDINATES]->(n:Network) WHERE n.id IN $networks RETURN DISTINCT c.id AS id")
ADMINS = Cypher("MATCH (a:Member {role: 'admin'}) WHERE a.status = 'active' RETURN a.id AS id")
OPEN_FOR = Cypher(
    "MATCH (reporter:Member)-[:REPORTED]->(r:Report {status: 'open'}) "
    "WHERE $admin OR r.network_id IN $networks "
    "OPTIONAL MATCH (s:Member {id: r.sender_id}) OPTIONAL MATCH (n:Network {id: r.network_id}) "
    "RETURN r {.id, .at, .reason, .body, .seq, .network_id, .sender_id} AS report, "
    "reporter.display_name AS reporter, s.display_name AS sender, "
    "CASE WHEN n IS NULL THEN null ELSE n {.slug, .name_en, .name_fr, .name_ar} END AS network "
    "ORDER BY r.at DESC LIMIT $limit"
)
CLOSE = Cypher(
    "MATCH (r:Report {id: $id, status: 'open'}) SET r.status = 'closed', r.closed_at = $now, r.closed_by = $by "
    "RETURN r.network_id AS network_id"
)
REPORT_NETWORK = Cypher("MATCH (r:Report {id: $id}) RETURN r.network_id AS network_id, r.status AS status")


def reportable(store: GraphStore, reporter: str, conversation_id: str, seq: int) -> dict | None:
    """The message ``seq`` of a conversation the reporter takes part in: ``{"message", "kind", "network_id"}``."""
    rows = store.read(REPORTABLE, reporter=reporter, conversation=conversation_id, seq=seq)
    return rows[0] if rows else None


def networks_for(store: GraphStore, found: dict, reporter: str) -> list[str]:
    """The networks whose coordinators judge the report (none: the administrators)."""
    if found["kind"] == "channel":
        return [found["network_id"]]
    return store.read(SHARED_NETWORKS, a=reporter, b=found["message"]["sender_id"])[0]["ids"]


def create(
    store: GraphStore,
    reporter: str,
    conversation_id: str,
    found: dict,
    networks: list[str],
    reason: str,
    new_id,
    now: int,
) -> list[str]:
    """File the report (one per network judging it); the report ids, empty if already reported by them."""
    message = found["message"]
    rows = store.write(
        CREATE,
        reporter=reporter,
        conversation=conversation_id,
        seq=message["seq"],
        sender=message["sender_id"],
        body=message["body"],
        reason=reason,
        networks=[{"id": network, "report_id": new_id()} for network in networks]
        or [{"id": None, "report_id": new_id()}],
        now=now,
    )
    return rows[0]["ids"] if rows else []


def recipients(store: GraphStore, networks: list[str]) -> list[str]:
    """The people to notify of a report judged by ``networks`` (administrators when there are none)."""
    rows = store.read(COORDINATORS, networks=networks) if networks else store.read(ADMINS)
    return [row["id"] for row in rows]


def open_reports(store: GraphStore, networks: list[str], admin: bool, limit: int = 100) -> list[dict]:
    """Open reports for the coordinators of ``networks``; every open report for an administrator."""
    return store.read(OPEN_FOR, networks=list(networks), admin=admin, limit=limit)


def report_network(store: GraphStore, report_id: str) -> dict | None:
    """``{"network_id", "status"}`` of a report, or None."""
    rows = store.read(REPORT_NETWORK, id=report_id)
    return rows[0] if rows else None


def close(store: GraphStore, report_id: str, by: str, now: int) -> bool:
    """Mark an open report dealt with."""
    return bool(store.write(CLOSE, id=report_id, by=by, now=now))
