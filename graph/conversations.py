"""Conversations and their messages, each with a per-conversation sequence number.

``(m:Member)-[:PARTICIPATES {joined_at, read_seq, muted}]->(c:Conversation {id, kind, key, title, last_seq,
last_at})`` and ``(c)-[:HAS_MESSAGE]->(x:Message {key, id, seq, sender_id, body, at})``.

``kind`` is ``direct`` (two members; ``key`` is their two ids in order, so there is one per pair), ``group``
(up to :data:`GROUP_MAX` people added by its creator; ``key`` is ``group:<id>``), ``channel`` (one per network,
``key`` is ``network:<network id>``; a member's participation follows their networks, see
:func:`sync_channels`) or ``room`` (an event's meeting room, :mod:`graph.rooms`).
A message's ``id`` is chosen by the sending client; ``key`` (conversation, sender, id) is unique,
so a retry of the same message stores nothing new and gets the same sequence number back. The sequence
number is given in the statement that stores the message: it first writes the conversation (the write
lock on Neo4j; FalkorDB runs a graph's writes one at a time), then takes ``last_seq + 1``.
"""

from . import connections
from .cypher import Cypher
from .store import GraphStore

CONVERSATION_FIELDS = "c {.id, .kind, .title, .last_seq, .last_at, .created_at, .created_by, .network_id}"
GROUP_MAX = 100  # people in a group conversation, its creator included

# A direct conversation between two members who are connected, or in a network that lets its members write
# to each other, and who have not blocked each other; the same one every time for the same pair.
START_DIRECT = Cypher(
    "MATCH (a:Member {id: $me}), (b:Member {id: $other}) WHERE a <> b AND b.status = 'active' "
    "OPTIONAL MATCH (a)-[tie:CONNECTED]-(b) WITH a, b, count(tie) AS connected "
    "OPTIONAL MATCH (a)-[:MEMBER_OF]->(n:Network)<-[:MEMBER_OF]-(b) WHERE n.members_message = true "
    "WITH a, b, connected, count(n) AS open_networks "
    "OPTIONAL MATCH (a)-[blocked:BLOCKED]-(b) WITH a, b, connected, open_networks, count(blocked) AS blocks "
    "WHERE connected + open_networks > 0 AND blocks = 0 "
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
CREATE_GROUP = Cypher(
    "MATCH (me:Member {id: $me}) "
    "CREATE (c:Conversation {id: $id, key: $key, kind: 'group', title: $title, created_by: $me, last_seq: 0, "
    "created_at: $now, last_at: $now}) "
    "CREATE (me)-[:PARTICIPATES {joined_at: $now, read_seq: 0, muted: false}]->(c) RETURN c.id AS id"
)
# Add the creator's connections (active, not blocked either way) to a group; the size is checked before.
ADD_TO_GROUP = Cypher(
    "MATCH (me:Member {id: $me})-[:PARTICIPATES]->(c:Conversation {id: $conversation, kind: 'group'}) "
    "UNWIND $others AS other "
    "MATCH (me)-[:CONNECTED]-(o:Member {id: other}) WHERE o.status = 'active' AND NOT (me)-[:BLOCKED]-(o) "
    "MERGE (o)-[p:PARTICIPATES]->(c) ON CREATE SET p.joined_at = $now, p.read_seq = c.last_seq, p.muted = false, "
    "p.added = true RETURN count(p.added) AS added"
)
# A guidance case's conversation: its leader and its adviser of the moment (an adviser replaced leaves it).
CASE_CONVERSATION = Cypher(
    "MATCH (leader:Member {id: $leader}) MATCH (adviser:Member {id: $adviser}) "
    "MERGE (c:Conversation {key: $key}) ON CREATE SET c.id = $id, c.kind = 'case', c.title = $title, "
    "c.created_by = null, c.last_seq = 0, c.created_at = $now, c.last_at = $now "
    "WITH c, leader, adviser OPTIONAL MATCH (gone:Member)-[old:PARTICIPATES]->(c) "
    "WHERE gone.id <> $leader AND gone.id <> $adviser DELETE old "
    "WITH DISTINCT c, leader, adviser "
    "MERGE (leader)-[p:PARTICIPATES]->(c) ON CREATE SET p.joined_at = $now, p.read_seq = 0, p.muted = false "
    "MERGE (adviser)-[q:PARTICIPATES]->(c) ON CREATE SET q.joined_at = $now, q.read_seq = c.last_seq, q.muted = false "
    "RETURN c.id AS id"
)
SIZE = Cypher("MATCH (m:Member)-[:PARTICIPATES]->(:Conversation {id: $conversation}) RETURN count(m) AS n")
LEAVE = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(:Conversation {id: $conversation, kind: 'group'}) "
    "DELETE p RETURN 1 AS done"
)
MUTE = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(:Conversation {id: $conversation}) "
    "SET p.muted = $muted RETURN p.muted AS muted"
)
# A member's network channels follow their networks: joined for each of ``$networks`` (made on first use,
# read from the current message on), left for the others.
SYNC_CHANNELS = Cypher(
    "MATCH (m:Member {id: $member}) "
    "OPTIONAL MATCH (m)-[old:PARTICIPATES]->(gone:Conversation {kind: 'channel'}) "
    "WHERE NOT gone.network_id IN $network_ids DELETE old "
    "WITH DISTINCT m UNWIND $channels AS r MATCH (n:Network {id: r.network}) "
    "MERGE (c:Conversation {key: r.key}) ON CREATE SET c.id = r.id, c.kind = 'channel', c.network_id = r.network, "
    "c.last_seq = 0, c.created_at = $now, c.last_at = $now "
    "MERGE (m)-[p:PARTICIPATES]->(c) ON CREATE SET p.joined_at = $now, p.read_seq = c.last_seq, p.muted = false "
    "RETURN c.id AS id, r.network AS network_id"
)
NAMES = Cypher("UNWIND $ids AS mid MATCH (m:Member {id: mid}) RETURN m.id AS id, m.display_name AS display_name")
MEMBERSHIP = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(c:Conversation {id: $conversation}) "
    "OPTIONAL MATCH (n:Network {id: c.network_id}) "
    "RETURN coalesce(p.muted, false) AS muted, "
    "CASE WHEN n IS NULL THEN null ELSE n {.slug, .name_en, .name_fr, .name_ar} END AS network"
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
    "WITH c, old, seq OPTIONAL MATCH (m:Member)-[mp:PARTICIPATES]->(c) "
    "WHERE c.kind <> 'channel' AND NOT (m)-[:BLOCKED]-(:Member {id: $sender}) "
    "RETURN c.kind AS kind, seq, coalesce(old.at, $now) AS at, old IS NULL AS created, "
    "collect(m.id) AS participants, collect(CASE WHEN coalesce(mp.muted, false) THEN null ELSE m.id END) AS notified, "
    "collect(CASE WHEN m.id <> $sender AND NOT coalesce(mp.muted, false) AND coalesce(mp.read_seq, 0) = seq - 1 "
    "THEN m.id ELSE null END) AS newly_unread"
)
STORED = Cypher("MATCH (x:Message {key: $key}) RETURN x.seq AS seq, x.at AS at")
# Messages of people the reader blocked (or who blocked them) keep their place as ``{seq, hidden}``, those of
# deleted members as ``{seq, at, sender_deleted}`` (graph/erasure.py).
SINCE = Cypher(
    "MATCH (c:Conversation {id: $conversation})-[:HAS_MESSAGE]->(x:Message) WHERE x.seq > $after "
    "RETURN CASE WHEN x.sender_deleted THEN {seq: x.seq, at: x.at, sender_deleted: true} "
    "WHEN x.sender_id IN $hidden THEN {seq: x.seq, hidden: true} "
    "ELSE x {.id, .seq, .sender_id, .body, .at} END AS message ORDER BY x.seq LIMIT $limit"
)
# A conversation waiting for its participant ``p``: messages not read yet, not a network channel, not muted.
UNREAD_WHERE = "c.kind <> 'channel' AND NOT coalesce(p.muted, false) AND c.last_seq > coalesce(p.read_seq, 0) "
_MINE_AFTER_MATCH = (
    "OPTIONAL MATCH (other:Member)-[:PARTICIPATES]->(c) WHERE other.id <> $member "
    "WITH c, p, collect(other {.id, .display_name})[0..5] AS others "
    "OPTIONAL MATCH (n:Network {id: c.network_id}) "
    "RETURN " + CONVERSATION_FIELDS + " AS conversation, p.read_seq AS read_seq, p.muted AS muted, others, "
    "CASE WHEN n IS NULL THEN null ELSE n {.slug, .name_en, .name_fr, .name_ar} END AS network "
    "ORDER BY c.last_at DESC LIMIT $limit"
)
UNREAD = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(c:Conversation) WHERE " + UNREAD_WHERE + _MINE_AFTER_MATCH
)
MINE = Cypher("MATCH (:Member {id: $member})-[p:PARTICIPATES]->(c:Conversation) " + _MINE_AFTER_MATCH)
LAST_SEQ = Cypher("MATCH (c:Conversation {id: $conversation}) RETURN c.last_seq AS last_seq")
PARTICIPANTS = Cypher(
    "MATCH (m:Member)-[:PARTICIPATES]->(:Conversation {id: $conversation}) RETURN m.id AS id, "
    "m.display_name AS display_name ORDER BY m.display_name"
)
MARK_READ = Cypher(
    "MATCH (:Member {id: $member})-[p:PARTICIPATES]->(c:Conversation {id: $conversation}) "
    "WITH p, c, coalesce(p.read_seq, 0) AS before "
    "SET p.read_seq = CASE WHEN $seq > c.last_seq THEN c.last_seq "
    "WHEN $seq > coalesce(p.read_seq, 0) THEN $seq ELSE p.read_seq END "
    "RETURN p.read_seq AS read_seq, before < c.last_seq AND p.read_seq >= c.last_seq AND c.kind <> 'channel' "
    "AS caught_up"
)


def direct_key(a: str, b: str) -> str:
    """The key of the direct conversation between two members (the same whoever starts it)."""
    return "direct:" + ":".join(sorted((a, b)))


def message_key(conversation_id: str, sender_id: str, client_id: str) -> str:
    """What makes a message unique: a client's id is only unique for that sender in that conversation."""
    return f"{conversation_id}:{sender_id}:{client_id}"


def start_direct(store: GraphStore, me: str, other: str, new_id: str, now: int) -> str | None:
    """The direct conversation with ``other`` (created if need be), or None if we may not write to each other
    (not connected nor in a network allowing it, or blocked)."""
    rows = store.write(START_DIRECT, me=me, other=other, key=direct_key(me, other), id=new_id, now=now)
    return rows[0]["id"] if rows else None


def access(store: GraphStore, conversation_id: str, member_id: str) -> dict | None:
    """``{"conversation", "participant", "blocked"}`` for a member, or None if there is no such conversation."""
    rows = store.read(ACCESS, conversation=conversation_id, member=member_id)
    return rows[0] if rows else None


def send(store: GraphStore, conversation_id: str, sender_id: str, client_id: str, body: str, now: int) -> dict:
    """Store a message (once per client id); return ``{"kind", "seq", "at", "created", "participants", "notified",
    "newly_unread"}``.

    The sender's read marker moves to the message in the same statement. ``participants`` are those to deliver
    to (the sender included, people blocked either way left out; empty for a channel, delivered to its socket
    room), ``notified`` those of them who did not mute the conversation, ``newly_unread`` those of them for whom
    the conversation had nothing unread before this message (their count of such conversations changes).
    """
    key = message_key(conversation_id, sender_id, client_id)
    return store.write(SEND, conversation=conversation_id, key=key, id=client_id, sender=sender_id, body=body, now=now)[
        0
    ]


def stored(store: GraphStore, conversation_id: str, sender_id: str, client_id: str) -> dict | None:
    """``{"seq", "at"}`` of the message this sender already stored under ``client_id``, or None."""
    rows = store.read(STORED, key=message_key(conversation_id, sender_id, client_id))
    return rows[0] if rows else None


def since(
    store: GraphStore, conversation_id: str, after: int, limit: int = 500, hidden: list[str] | tuple = ()
) -> list[dict]:
    """Messages after sequence number ``after``, in order (at most ``limit``); those sent by ``hidden`` people
    are ``{"seq", "hidden": True}``."""
    rows = store.read(SINCE, conversation=conversation_id, after=after, limit=limit, hidden=list(hidden))
    return [row["message"] for row in rows]


def names(store: GraphStore, member_ids: list[str]) -> dict[str, str]:
    """``{member id: display name}`` for these members."""
    return {row["id"]: row["display_name"] for row in store.read(NAMES, ids=list(member_ids))}


def membership(store: GraphStore, conversation_id: str, member_id: str) -> dict | None:
    """``{"muted", "network"}`` of the member's place in the conversation, or None if not in it."""
    rows = store.read(MEMBERSHIP, conversation=conversation_id, member=member_id)
    return rows[0] if rows else None


def hidden_senders(store: GraphStore, member_id: str) -> list[str]:
    """The people whose messages a member does not see: those they blocked or who blocked them."""
    return connections.blocked_either_way(store, member_id)


def create_group(store: GraphStore, me: str, title: str, others: list[str], new_id: str, now: int) -> str:
    """A group conversation titled ``title`` with its creator and those of ``others`` they may add."""
    store.write(CREATE_GROUP, me=me, id=new_id, key="group:" + new_id, title=title, now=now)
    add_to_group(store, me, new_id, others, now)
    return new_id


def case_conversation(store: GraphStore, case_id: str, title: str, leader: str, adviser: str, new_id: str, now: int):
    """The conversation of a guidance case between its leader and its adviser (made the first time, its
    people brought up to date after); its id."""
    rows = store.write(
        CASE_CONVERSATION, key="case:" + case_id, id=new_id, title=title, leader=leader, adviser=adviser, now=now
    )
    return rows[0]["id"] if rows else None


def add_to_group(store: GraphStore, me: str, conversation_id: str, others: list[str], now: int) -> int:
    """Add connections of ``me`` (active, not blocked) to the group; how many were added."""
    rows = store.write(ADD_TO_GROUP, me=me, conversation=conversation_id, others=list(others), now=now)
    return rows[0]["added"] if rows else 0


def size(store: GraphStore, conversation_id: str) -> int:
    """How many people take part."""
    return store.read(SIZE, conversation=conversation_id)[0]["n"]


def leave(store: GraphStore, conversation_id: str, member_id: str) -> bool:
    """Leave a group conversation; False if not in it (or not a group)."""
    return bool(store.write(LEAVE, conversation=conversation_id, member=member_id))


def set_muted(store: GraphStore, conversation_id: str, member_id: str, muted: bool) -> bool:
    """Mute (no notifications or e-mails) or unmute a conversation for the member; False if not in it."""
    return bool(store.write(MUTE, conversation=conversation_id, member=member_id, muted=muted))


def channel_key(network_id: str) -> str:
    """The key of a network's channel."""
    return "network:" + network_id


def sync_channels(store: GraphStore, member_id: str, network_ids: list[str], new_id, now: int) -> dict[str, str]:
    """Join the channels of ``network_ids`` and leave the others; ``{network id: channel id}``.

    ``new_id`` makes an id for a channel used for the first time.
    """
    channels = [{"network": n, "key": channel_key(n), "id": new_id()} for n in network_ids]
    rows = store.write(SYNC_CHANNELS, member=member_id, network_ids=list(network_ids), channels=channels, now=now)
    return {row["network_id"]: row["id"] for row in rows}


def unread(store: GraphStore, member_id: str, limit: int = 200) -> list[dict]:
    """The member's conversations with messages they have not read (not channels, not muted), as :func:`mine`."""
    return store.read(UNREAD, member=member_id, limit=limit)


def mine(store: GraphStore, member_id: str, limit: int = 200) -> list[dict]:
    """The member's conversations, most recent first, with their read marker and a few other people."""
    return store.read(MINE, member=member_id, limit=limit)


def latest(store: GraphStore, conversation_id: str, count: int = 100, hidden: list[str] | tuple = ()) -> list[dict]:
    """The last ``count`` messages, oldest first (see :func:`since` for ``hidden``)."""
    rows = store.read(LAST_SEQ, conversation=conversation_id)
    last = rows[0]["last_seq"] if rows else 0
    return since(store, conversation_id, max(0, last - count), count, hidden)


def participants(store: GraphStore, conversation_id: str) -> list[dict]:
    """``{id, display_name}`` of everyone taking part."""
    return store.read(PARTICIPANTS, conversation=conversation_id)


def mark_read(store: GraphStore, conversation_id: str, member_id: str, seq: int) -> dict | None:
    """Move the member's read marker forward to ``seq`` (never back, never past the last message); returns
    ``{"read_seq", "caught_up"}`` (``caught_up``: this read left nothing unread in a conversation that had some)."""
    rows = store.write(MARK_READ, conversation=conversation_id, member=member_id, seq=seq)
    return rows[0] if rows else None
