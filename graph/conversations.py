"""Conversations and their messages, each with a per-conversation sequence number.

``(m:Member)-[:PARTICIPATES {joined_at, read_seq, muted}]->(c:Conversation {id, kind, key, title, last_seq,
last_at})`` and ``(c)-[:HAS_MESSAGE]->(x:Message {key, id, seq, sender_id, body, at})``.

``kind`` is ``direct`` (two members; ``key`` is their two ids in order, so there is one per pair) or
``group``. A message's ``id`` is chosen by the sending client; ``key`` (conversation, sender, id) is unique,
so a retry of the same message stores nothing new and gets the same sequence number back. The sequence
number is given in the statement that stores the message: it first writes the conversation (the write
lock on Neo4j; FalkorDB runs a graph's writes one at a time), then takes ``last_seq + 1``.
"""

from .cypher import Cypher
from .store import GraphStore

CONVERSATION_FIELDS = "c {.id, .kind, .title, .last_seq, .last_at, .created_at}"

# A direct conversation between two connected members who have not blocked each other; the same one
# every time for the same pair.
START_DIRECT = Cypher(
    "MATCH (a:Member {id: $me})-[:CONNECTED]-(b:Member {id: $other}) WHERE a <> b "
    "OPTIONAL MATCH (a)-[blocked:BLOCKED]-(b) WITH a, b, count(blocked) AS blocks WHERE blocks = 0 "
    "MERGE (c:Conversation {key: $key}) "
    "ON CREATE SET c.id = $id, c.kind = 'direct', c.last_seq = 0, c.created_at = $now, c.last_at = $now "
    "MERGE (a)-[pa:PARTICIPATES]->(c) ON CREATE SET pa.joined_at = $now, pa.read_seq = 0, pa.muted = false "
    "MERGE (b)-[pb:PARTICIPATES]->(c) ON CREATE SET pb.joined_at = $now, pb.read_seq = 0, pb.muted = false "
    "RETURN c.id AS id"
)
# What a member may do in a conversation: whether they take part, and for a direct one whether either
# side blocked the other.
ACCESS = Cypher(
    "MATCH (c:Conversation {id: $conversation}) "
    "OPTIONAL MATCH (me:Member {id: $member})-[p:PARTICIPATES]->(c) "
    "WITH c, count(p) > 0 AS participant "
    "OPTIONAL MATCH (:Member {id: $member})-[b:BLOCKED]-(other:Member)-[:PARTICIPATES]->(c) "
    "WHERE c.kind = 'direct' "
    "RETURN " + CONVERSATION_FIELDS + " AS conversation, participant, count(b) > 0 AS blocked"
)
# Store the message once per client id, move the sender's read marker to it, and say who is to receive it.
SEND = Cypher(
    "MATCH (c:Conversation {id: $conversation}) SET c.touched_at = $now WITH c "
    "OPTIONAL MATCH (old:Message {key: $key}) WITH c, old, c.last_seq + 1 AS next "
    "FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | SET c.last_seq = next, c.last_at = $now "
    "CREATE (c)-[:HAS_MESSAGE]->(:Message {key: $key, id: $id, seq: next, sender_id: $sender, body: $body, "
    "at: $now})) "
    "WITH c, old, coalesce(old.seq, next) AS seq "
    "OPTIONAL MATCH (sender:Member {id: $sender})-[p:PARTICIPATES]->(c) "
    "FOREACH (_ IN CASE WHEN p IS NOT NULL AND coalesce(p.read_seq, 0) < seq THEN [1] ELSE [] END | "
    "SET p.read_seq = seq) "
    "WITH c, old, seq OPTIONAL MATCH (m:Member)-[:PARTICIPATES]->(c) "
    "RETURN seq, coalesce(old.at, $now) AS at, old IS NULL AS created, collect(m.id) AS participants"
)
SINCE = Cypher(
    "MATCH (c:Conversation {id: $conversation})-[:HAS_MESSAGE]->(x:Message) WHERE x.seq > $after "
    "RETURN x {.id, .seq, .sender_id, .body, .at} AS message ORDER BY x.seq LIMIT $limit"
)
MINE = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(c:Conversation) "
    "OPTIONAL MATCH (other:Member)-[:PARTICIPATES]->(c) WHERE other.id <> $member "
    "WITH c, p, collect(other {.id, .display_name})[0..5] AS others "
    "RETURN " + CONVERSATION_FIELDS + " AS conversation, p.read_seq AS read_seq, p.muted AS muted, others "
    "ORDER BY c.last_at DESC LIMIT $limit"
)
LAST_SEQ = Cypher("MATCH (c:Conversation {id: $conversation}) RETURN c.last_seq AS last_seq")
PARTICIPANTS = Cypher(
    "MATCH (m:Member)-[:PARTICIPATES]->(:Conversation {id: $conversation}) RETURN m.id AS id, "
    "m.display_name AS display_name ORDER BY m.display_name"
)
MARK_READ = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(c:Conversation {id: $conversation}) "
    "SET p.read_seq = CASE WHEN $seq > c.last_seq THEN c.last_seq "
    "WHEN $seq > coalesce(p.read_seq, 0) THEN $seq ELSE p.read_seq END RETURN p.read_seq AS read_seq"
)


def direct_key(a: str, b: str) -> str:
    """The key of the direct conversation between two members (the same whoever starts it)."""
    return "direct:" + ":".join(sorted((a, b)))


def message_key(conversation_id: str, sender_id: str, client_id: str) -> str:
    """What makes a message unique: a client's id is only unique for that sender in that conversation."""
    return f"{conversation_id}:{sender_id}:{client_id}"


def start_direct(store: GraphStore, me: str, other: str, new_id: str, now: int) -> str | None:
    """The direct conversation with ``other`` (created if need be), or None if we are not connected."""
    rows = store.write(START_DIRECT, me=me, other=other, key=direct_key(me, other), id=new_id, now=now)
    return rows[0]["id"] if rows else None


def access(store: GraphStore, conversation_id: str, member_id: str) -> dict | None:
    """``{"conversation", "participant", "blocked"}`` for a member, or None if there is no such conversation."""
    rows = store.read(ACCESS, conversation=conversation_id, member=member_id)
    return rows[0] if rows else None


def send(store: GraphStore, conversation_id: str, sender_id: str, client_id: str, body: str, now: int) -> dict:
    """Store a message (once per client id); return ``{"seq", "at", "created", "participants"}``.

    The sender's read marker moves to the message in the same statement.
    """
    key = message_key(conversation_id, sender_id, client_id)
    return store.write(SEND, conversation=conversation_id, key=key, id=client_id, sender=sender_id, body=body, now=now)[
        0
    ]


def since(store: GraphStore, conversation_id: str, after: int, limit: int = 500) -> list[dict]:
    """Messages after sequence number ``after``, in order (at most ``limit``)."""
    return [row["message"] for row in store.read(SINCE, conversation=conversation_id, after=after, limit=limit)]


def mine(store: GraphStore, member_id: str, limit: int = 200) -> list[dict]:
    """The member's conversations, most recent first, with their read marker and a few other people."""
    return store.read(MINE, member=member_id, limit=limit)


def latest(store: GraphStore, conversation_id: str, count: int = 100) -> list[dict]:
    """The last ``count`` messages, oldest first."""
    rows = store.read(LAST_SEQ, conversation=conversation_id)
    last = rows[0]["last_seq"] if rows else 0
    return since(store, conversation_id, max(0, last - count), count)


def participants(store: GraphStore, conversation_id: str) -> list[dict]:
    """``{id, display_name}`` of everyone taking part."""
    return store.read(PARTICIPANTS, conversation=conversation_id)


def mark_read(store: GraphStore, conversation_id: str, member_id: str, seq: int) -> int | None:
    """Move the member's read marker forward to ``seq`` (never back, never past the last message)."""
    rows = store.write(MARK_READ, conversation=conversation_id, member=member_id, seq=seq)
    return rows[0]["read_seq"] if rows else None
