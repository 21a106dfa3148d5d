"""In-app notifications: ``(m)-[:HAS_NOTIFICATION]->(x:Notification {id, kind, at, read_at, ...})``.

A notification names what it is about by id (``network_id``, ``event_id``, ``label_id``) and carries a ``reason``
where one was given; the page renders the sentence in the reader's language.
"""

from .conversations import UNREAD_WHERE
from .cypher import Cypher
from .store import GraphStore

NOTIFY = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.member}) "
    "CREATE (m)-[:HAS_NOTIFICATION]->(:Notification {id: r.id, kind: r.kind, at: $now, network_id: r.network_id, "
    "event_id: r.event_id, label_id: r.label_id, reason: r.reason, mentorship_id: r.mentorship_id, "
    "sender_id: r.sender_id, count: r.count, subject: r.subject, target_id: r.target_id}) "
    "RETURN count(m) AS n"
)
LATEST = Cypher(
    "MATCH (:Member {id: $member})-[:HAS_NOTIFICATION]->(x:Notification) "
    "WITH x ORDER BY x.at DESC LIMIT $limit "
    "OPTIONAL MATCH (n:Network {id: x.network_id}) OPTIONAL MATCH (e:Event {id: x.event_id}) "
    "OPTIONAL MATCH (t:LabelType {id: x.label_id}) "
    "OPTIONAL MATCH (c:Conversation {id: x.conversation_id}) OPTIONAL MATCH (s:Member {id: x.sender_id}) "
    "RETURN x {.id, .kind, .at, .read_at, .reason, .count, .conversation_id, .mentorship_id, .sender_id, .subject, "
    ".token, .target_id} "
    "AS notification, "
    "CASE WHEN c IS NULL THEN null ELSE c {.id, .kind, .title} END AS conversation, s.display_name AS sender, "
    "CASE WHEN n IS NULL THEN null ELSE n {.slug, .name_en, .name_fr, .name_ar} END AS network, "
    "CASE WHEN e IS NULL THEN null ELSE e {.id, .title_en, .title_fr, .title_ar} END AS event, "
    "CASE WHEN t IS NULL THEN null ELSE t {.id, .name_en, .name_fr, .name_ar} END AS label ORDER BY x.at DESC"
)
# For each member: unread notifications, and conversations (not network channels, not muted) with messages
# they have not read; the header shows both.
UNREAD_COUNTS = Cypher(
    "UNWIND $members AS member MATCH (m:Member {id: member}) "
    "OPTIONAL MATCH (m)-[:HAS_NOTIFICATION]->(x:Notification) WHERE x.read_at IS NULL "
    "WITH m, count(x) AS notifications "
    "OPTIONAL MATCH (m)-[p:PARTICIPATES]->(c:Conversation) WHERE "
    + UNREAD_WHERE
    + "RETURN m.id AS id, notifications, count(c) AS messages"
)
# One unread notice per member and conversation, counting the messages that arrived while they were away.
# Writing the conversation first takes its lock on Neo4j, so that two messages noticed at once do not both
# find no notice and make two (FalkorDB runs a graph's writes one at a time).
MESSAGE_NOTICE = Cypher(
    "MATCH (c:Conversation {id: $conversation}) SET c.noticed_at = $now "
    "WITH c UNWIND $members AS member MATCH (m:Member {id: member}) "
    "OPTIONAL MATCH (m)-[:HAS_NOTIFICATION]->(old:Notification {kind: 'message', conversation_id: $conversation}) "
    "WHERE old.read_at IS NULL "
    "WITH m, member, count(old) AS waiting WHERE waiting = 0 "
    "CREATE (m)-[:HAS_NOTIFICATION]->(:Notification {id: $id + ':' + member, kind: 'message', at: $now, "
    "conversation_id: $conversation, sender_id: $sender, count: 0}) RETURN count(m) AS n"
)
COUNT_MESSAGE = Cypher(
    "UNWIND $members AS member "
    "MATCH (:Member {id: member})-[:HAS_NOTIFICATION]->(x:Notification {kind: 'message', "
    "conversation_id: $conversation}) "
    "WHERE x.read_at IS NULL SET x.count = x.count + 1, x.at = $now, x.sender_id = $sender RETURN count(x) AS n"
)
READ_CONVERSATION = Cypher(
    "MATCH (:Member {id: $member})-[:HAS_NOTIFICATION]->(x:Notification {kind: 'message', "
    "conversation_id: $conversation}) "
    "WHERE x.read_at IS NULL SET x.read_at = $now RETURN count(x) AS n"
)
# Unread message notices not yet sent by e-mail and older than the delay, with their reader and conversation.
DIGEST_DUE = Cypher(
    "MATCH (m:Member)-[:HAS_NOTIFICATION]->(x:Notification {kind: 'message'}) "
    "WHERE x.read_at IS NULL AND x.emailed_at IS NULL AND x.at <= $before AND m.status = 'active' "
    "OPTIONAL MATCH (c:Conversation {id: x.conversation_id}) OPTIONAL MATCH (s:Member {id: x.sender_id}) "
    "RETURN m {.id, .email, .locale, .display_name} AS member, x.id AS id, x.count AS count, "
    "c {.id, .kind, .title} AS conversation, s.display_name AS sender ORDER BY m.id"
)
MARK_EMAILED = Cypher(
    "UNWIND $ids AS nid MATCH (x:Notification {id: nid}) SET x.emailed_at = $now RETURN count(x) AS n"
)
MARK_READ = Cypher(
    "MATCH (:Member {id: $member})-[:HAS_NOTIFICATION]->(x:Notification) WHERE x.read_at IS NULL "
    "SET x.read_at = $now RETURN count(x) AS n"
)


def notify(store: GraphStore, rows: list[dict], now: int) -> int:
    """Create notifications from rows ``{"id", "member", "kind"}`` and optionally ``network_id``, ``event_id``,
    ``label_id``, ``mentorship_id``, ``reason``, ``sender_id`` (the member who caused it), ``count`` and
    ``subject`` (what it counts, and of what), ``target_id`` (the guidance case or opportunity it is about)."""
    if not rows:
        return 0
    about = (
        "network_id",
        "event_id",
        "label_id",
        "reason",
        "mentorship_id",
        "sender_id",
        "count",
        "subject",
        "target_id",
    )
    full = [{**dict.fromkeys(about), **row} for row in rows]
    return store.write(NOTIFY, rows=full, now=now)[0]["n"]


def latest(store: GraphStore, member_id: str, limit: int = 50) -> list[dict]:
    """The member's latest notifications with what they are about."""
    return store.read(LATEST, member=member_id, limit=limit)


def unread_counts(store: GraphStore, member_ids: list[str]) -> dict[str, dict]:
    """``{member: {"notifications": n, "messages": m}}``: unread notifications, and conversations with
    messages the member has not read."""
    rows = store.read(UNREAD_COUNTS, members=list(member_ids))
    return {row["id"]: {"notifications": row["notifications"], "messages": row["messages"]} for row in rows}


def mark_read(store: GraphStore, member_id: str, now: int) -> int:
    """Mark every notification read; return how many were unread."""
    return store.write(MARK_READ, member=member_id, now=now)[0]["n"]


def message_notice(
    store: GraphStore, member_ids: list[str], conversation_id: str, sender_id: str, notice_id: str, now: int
) -> None:
    """Count a new message for each of ``member_ids`` (who are away) in their one unread notice of the
    conversation, made if need be."""
    if not member_ids:
        return
    store.write(
        MESSAGE_NOTICE, members=member_ids, conversation=conversation_id, sender=sender_id, id=notice_id, now=now
    )
    store.write(COUNT_MESSAGE, members=member_ids, conversation=conversation_id, sender=sender_id, now=now)


def read_conversation(store: GraphStore, member_id: str, conversation_id: str, now: int) -> int:
    """The member opened the conversation: its notice is read."""
    return store.write(READ_CONVERSATION, member=member_id, conversation=conversation_id, now=now)[0]["n"]


def digest_due(store: GraphStore, before: int) -> list[dict]:
    """Unread message notices older than ``before`` that no e-mail mentioned yet, by member."""
    return store.read(DIGEST_DUE, before=before)


def mark_emailed(store: GraphStore, notice_ids: list[str], now: int) -> int:
    """The notices went out in a digest."""
    return store.write(MARK_EMAILED, ids=notice_ids, now=now)[0]["n"]
