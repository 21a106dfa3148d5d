"""The audit log: every staff view of an individual's data (who, what, when), for administrators to read.

``(:AuditEntry {id, at, actor_id, actor_name, action, target, detail})``. ``action`` is a short code
(``insights.influence``, ``insights.member``, ``insights.export``, ...); ``target`` the member or the list
looked at; ``detail`` the filters used. Entries are only ever added.
"""

import secrets

from .cypher import Cypher
from .store import GraphStore

RECORD = Cypher(
    "CREATE (e:AuditEntry {id: $id, at: $at, actor_id: $actor_id, actor_name: $actor_name, action: $action, "
    "target: $target, detail: $detail}) RETURN e.id AS id"
)
PAGE = Cypher(
    "MATCH (e:AuditEntry) WHERE ($actor IS NULL OR e.actor_id = $actor) AND ($action IS NULL OR e.action = $action) "
    "RETURN e {.id, .at, .actor_id, .actor_name, .action, .target, .detail} AS entry "
    "ORDER BY entry.at DESC, entry.id SKIP $skip LIMIT $limit"
)
COUNT = Cypher(
    "MATCH (e:AuditEntry) WHERE ($actor IS NULL OR e.actor_id = $actor) AND ($action IS NULL OR e.action = $action) "
    "RETURN count(e) AS n"
)


def record(
    store: GraphStore, at: int, actor_id: str, actor_name: str, action: str, target: str = "", detail: str = ""
) -> str:
    """Add one entry; its id."""
    entry = secrets.token_hex(8)
    store.write(
        RECORD, id=entry, at=at, actor_id=actor_id, actor_name=actor_name, action=action, target=target, detail=detail
    )
    return entry


def entries(
    store: GraphStore, actor: str | None = None, action: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[dict], int]:
    """One page of entries, newest first (optionally one actor's, or one action's), and how many there are."""
    params = {"actor": actor, "action": action}
    rows = store.read(PAGE, skip=(page - 1) * per_page, limit=per_page, **params)
    return [row["entry"] for row in rows], store.read(COUNT, **params)[0]["n"]
