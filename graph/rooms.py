"""Meeting rooms of events: the room's chat (a conversation of kind ``room``), its agenda, removals, closing.

The room of an event is reached through the event: ``(c:Conversation {key: "room:<event id>"})`` holds its
messages (numbered like any conversation, see :mod:`graph.conversations`), ``e.agenda`` its agenda,
``e.room_closed_at`` when a moderator closed it, and ``(m)-[:REMOVED_FROM_ROOM {at, by}]->(e)`` who may no
longer come in.
"""

from .cypher import Cypher
from .store import GraphStore

ROOM_CONVERSATION = Cypher(
    "MERGE (c:Conversation {key: $key}) "
    "ON CREATE SET c.id = $id, c.kind = 'room', c.event_id = $event, c.last_seq = 0, c.created_at = $now, "
    "c.last_at = $now RETURN c.id AS id"
)
SET_AGENDA = Cypher("MATCH (e:Event {id: $event}) SET e.agenda = $agenda, e.agenda_at = $now RETURN e.agenda AS agenda")
CLOSE = Cypher(
    "MATCH (e:Event {id: $event}) WHERE e.room_closed_at IS NULL SET e.room_closed_at = $now RETURN e.id AS id"
)
REMOVE = Cypher(
    "MATCH (m:Member {id: $member}), (e:Event {id: $event}) "
    "MERGE (m)-[r:REMOVED_FROM_ROOM]->(e) ON CREATE SET r.at = $now, r.by = $by RETURN m.id AS id"
)
STATE = Cypher(
    "MATCH (e:Event {id: $event}) OPTIONAL MATCH (:Member {id: $member})-[r:REMOVED_FROM_ROOM]->(e) "
    "RETURN e.agenda AS agenda, e.room_closed_at AS closed_at, count(r) > 0 AS removed"
)


def room_key(event_id: str) -> str:
    """The key of an event room's conversation."""
    return "room:" + event_id


def conversation(store: GraphStore, event_id: str, new_id: str, now: int) -> str:
    """The id of the room's conversation (made on first use)."""
    return store.write(ROOM_CONVERSATION, key=room_key(event_id), id=new_id, event=event_id, now=now)[0]["id"]


def set_agenda(store: GraphStore, event_id: str, agenda: str, now: int) -> str | None:
    """Replace the room's agenda."""
    rows = store.write(SET_AGENDA, event=event_id, agenda=agenda, now=now)
    return rows[0]["agenda"] if rows else None


def close(store: GraphStore, event_id: str, now: int) -> bool:
    """Close the room for good; False if it was already closed."""
    return bool(store.write(CLOSE, event=event_id, now=now))


def remove(store: GraphStore, event_id: str, member_id: str, by: str, now: int) -> bool:
    """Keep a member out of the room."""
    return bool(store.write(REMOVE, event=event_id, member=member_id, by=by, now=now))


def state(store: GraphStore, event_id: str, member_id: str) -> dict | None:
    """The room's agenda, whether it is closed, and whether ``member_id`` was removed from it."""
    rows = store.read(STATE, event=event_id, member=member_id)
    return rows[0] if rows else None
