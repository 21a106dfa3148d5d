"""Connections between members: request, accept, decline, withdraw, remove, block.

``(a)-[:REQUESTED_CONNECTION {note, at}]->(b)`` until ``b`` answers; then one ``(a)-[:CONNECTED {since}]->(b)``
matched in either direction. ``(a)-[:BLOCKED {at}]->(b)`` removes everything between them and stops
``b`` from finding, seeing or contacting ``a``. Each verb is one idempotent statement that says whether
it changed anything.
"""

from .cypher import Cypher
from .store import GraphStore

# A request to someone who already asked you accepts theirs; nothing happens across a block.
REQUEST = Cypher(
    "MATCH (a:Member {id: $me}), (b:Member {id: $other}) "
    "WHERE a <> b AND b.status = 'active' AND NOT (a)-[:CONNECTED]-(b) "
    "AND NOT (a)-[:BLOCKED]-(b) AND NOT (a)-[:REQUESTED_CONNECTION]->(b) "
    "OPTIONAL MATCH (b)-[theirs:REQUESTED_CONNECTION]->(a) "
    "WITH a, b, theirs "
    "CALL { WITH a, b, theirs WITH a, b, theirs WHERE theirs IS NULL "
    "CREATE (a)-[:REQUESTED_CONNECTION {note: $note, at: $now}]->(b) } "
    "CALL { WITH a, b, theirs WITH a, b, theirs WHERE theirs IS NOT NULL "
    "CREATE (b)-[:CONNECTED {since: $now}]->(a) DELETE theirs } "
    "RETURN CASE WHEN theirs IS NULL THEN 'requested' ELSE 'connected' END AS outcome"
)
ACCEPT = Cypher(
    "MATCH (b:Member {id: $other})-[r:REQUESTED_CONNECTION]->(a:Member {id: $me}) "
    "WHERE NOT (a)-[:CONNECTED]-(b) "
    "CREATE (b)-[:CONNECTED {since: $now}]->(a) DELETE r RETURN a.id AS id"
)
DECLINE = Cypher("MATCH (:Member {id: $other})-[r:REQUESTED_CONNECTION]->(:Member {id: $me}) DELETE r RETURN 1 AS done")
WITHDRAW = Cypher(
    "MATCH (:Member {id: $me})-[r:REQUESTED_CONNECTION]->(:Member {id: $other}) DELETE r RETURN 1 AS done"
)
REMOVE = Cypher("MATCH (:Member {id: $me})-[c:CONNECTED]-(:Member {id: $other}) DELETE c RETURN 1 AS done")
BLOCK = Cypher(
    "MATCH (a:Member {id: $me}), (b:Member {id: $other}) WHERE a <> b AND NOT (a)-[:BLOCKED]->(b) "
    "OPTIONAL MATCH (a)-[between:CONNECTED|REQUESTED_CONNECTION]-(b) "
    "DELETE between "
    "WITH DISTINCT a, b CREATE (a)-[:BLOCKED {at: $now}]->(b) RETURN 1 AS done"
)
UNBLOCK = Cypher("MATCH (:Member {id: $me})-[r:BLOCKED]->(:Member {id: $other}) DELETE r RETURN 1 AS done")
CONNECTIONS = Cypher(
    "MATCH (:Member {id: $me})-[c:CONNECTED]-(m:Member) "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(:City)-[:IN]->(country:Country) "
    "RETURN m {.id, .display_name, .name_ar, .headline} AS member, "
    "CASE WHEN country IS NULL THEN null ELSE country {.id, .name_en, .name_fr, .name_ar} END AS country, "
    "c.since AS since ORDER BY c.since DESC SKIP $skip LIMIT $limit"
)
CONNECTION_COUNT = Cypher("MATCH (:Member {id: $me})-[c:CONNECTED]-(:Member) RETURN count(c) AS n")
INCOMING = Cypher(
    "MATCH (m:Member)-[r:REQUESTED_CONNECTION]->(:Member {id: $me}) "
    "RETURN m {.id, .display_name, .name_ar, .headline} AS member, r.note AS note, r.at AS at ORDER BY r.at DESC"
)
OUTGOING = Cypher(
    "MATCH (:Member {id: $me})-[r:REQUESTED_CONNECTION]->(m:Member) "
    "RETURN m {.id, .display_name, .name_ar, .headline} AS member, r.note AS note, r.at AS at ORDER BY r.at DESC"
)
BLOCKED_LIST = Cypher(
    "MATCH (:Member {id: $me})-[r:BLOCKED]->(m:Member) RETURN m {.id, .display_name} AS member, r.at AS at "
    "ORDER BY r.at DESC"
)

BLOCKED_EITHER_WAY = Cypher("MATCH (:Member {id: $me})-[:BLOCKED]-(o:Member) RETURN collect(o.id) AS ids")
CONNECT_PAIRS = Cypher(
    "UNWIND $pairs AS p MATCH (a:Member {id: p.a}), (b:Member {id: p.b}) "
    "CREATE (a)-[:CONNECTED {since: p.since}]->(b) RETURN count(*) AS n"
)


def connect_pairs(store: GraphStore, pairs: list[dict], batch: int = 5000) -> int:
    """Create accepted connections ``{"a", "b", "since"}`` in batches (seeding and imports: pairs are new)."""
    created = 0
    for start in range(0, len(pairs), batch):
        created += store.write(CONNECT_PAIRS, pairs=pairs[start : start + batch])[0]["n"]
    return created


def request(store: GraphStore, me: str, other: str, note: str | None, now: int) -> str | None:
    """Ask ``other`` to connect: ``"requested"``, ``"connected"`` (they had asked first), or None (not possible)."""
    rows = store.write(REQUEST, me=me, other=other, note=note or None, now=now)
    return rows[0]["outcome"] if rows else None


def _done(store: GraphStore, statement: Cypher, **params) -> bool:
    return bool(store.write(statement, **params))


def accept(store: GraphStore, me: str, other: str, now: int) -> bool:
    """Accept ``other``'s pending request."""
    return _done(store, ACCEPT, me=me, other=other, now=now)


def decline(store: GraphStore, me: str, other: str) -> bool:
    """Decline ``other``'s pending request (they are not told)."""
    return _done(store, DECLINE, me=me, other=other)


def withdraw(store: GraphStore, me: str, other: str) -> bool:
    """Withdraw my pending request to ``other``."""
    return _done(store, WITHDRAW, me=me, other=other)


def remove(store: GraphStore, me: str, other: str) -> bool:
    """End the connection with ``other``."""
    return _done(store, REMOVE, me=me, other=other)


def block(store: GraphStore, me: str, other: str, now: int) -> bool:
    """Block ``other``: connection and requests between us end."""
    return _done(store, BLOCK, me=me, other=other, now=now)


def unblock(store: GraphStore, me: str, other: str) -> bool:
    """Lift my block on ``other``."""
    return _done(store, UNBLOCK, me=me, other=other)


def connections(store: GraphStore, me: str, skip: int, limit: int) -> tuple[list[dict], int]:
    """A page of my connections, newest first, and how many I have."""
    total = store.read(CONNECTION_COUNT, me=me)[0]["n"]
    return store.read(CONNECTIONS, me=me, skip=skip, limit=limit), total


def incoming(store: GraphStore, me: str) -> list[dict]:
    """Requests waiting for my answer."""
    return store.read(INCOMING, me=me)


def outgoing(store: GraphStore, me: str) -> list[dict]:
    """My requests waiting for an answer."""
    return store.read(OUTGOING, me=me)


def blocked(store: GraphStore, me: str) -> list[dict]:
    """Members I blocked."""
    return store.read(BLOCKED_LIST, me=me)


def blocked_either_way(store: GraphStore, me: str) -> list[str]:
    """The people I blocked or who blocked me."""
    return store.read(BLOCKED_EITHER_WAY, me=me)[0]["ids"]
