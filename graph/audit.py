"""The audit log: every staff view of an individual's data and every staff change (who, what, when, from
where), for administrators to read.

``(:AuditEntry {id, seq, at, actor_id, actor_name, action, target, detail, address, digest})``. ``action`` is
a short code (``insights.member``, ``accounts.suspend``, ``labels.grant``, ...); ``target`` the record looked
at or changed; ``detail`` the filters or values; ``address`` the client's. Entries are only ever added: this
module has no statement that changes or deletes one. ``seq`` numbers them 1, 2, 3... from a counter taken in
the same statement (a gap shows a deletion) and ``digest`` seals each one's content (app/audit.py checks both).
"""

from .cypher import Cypher
from .store import GraphStore

FIELDS = ("id", "at", "actor_id", "actor_name", "action", "target", "detail", "address")

# the counter is locked before it is read (``_lock``), so that two entries written at once get two numbers
RECORD = Cypher(
    "MERGE (c:AuditCounter {id: 'audit'}) ON CREATE SET c.n = 0 SET c._lock = true "
    "WITH c SET c.n = c.n + 1 "
    "CREATE (e:AuditEntry {id: $id, seq: c.n, at: $at, actor_id: $actor_id, actor_name: $actor_name, "
    "action: $action, target: $target, detail: $detail, address: $address, digest: $digest}) RETURN e.seq AS seq"
)
_WHERE = "WHERE ($actor IS NULL OR e.actor_id = $actor) AND ($action IS NULL OR e.action STARTS WITH $action) "
PAGE = Cypher(
    "MATCH (e:AuditEntry) " + _WHERE + "RETURN e {.id, .seq, .at, .actor_id, .actor_name, .action, .target, "
    ".detail, .address} AS entry ORDER BY entry.at DESC, entry.seq DESC SKIP $skip LIMIT $limit"
)
COUNT = Cypher("MATCH (e:AuditEntry) " + _WHERE + "RETURN count(e) AS n")
SEALED = Cypher(
    "MATCH (e:AuditEntry) WHERE e.seq > $after RETURN e {.id, .seq, .at, .actor_id, .actor_name, .action, "
    ".target, .detail, .address, .digest} AS entry ORDER BY entry.seq LIMIT $limit"
)
UNSEALED = Cypher("MATCH (e:AuditEntry) WHERE e.seq IS NULL RETURN count(e) AS n")
LAST_SEQ = Cypher("MATCH (c:AuditCounter {id: 'audit'}) RETURN c.n AS n")


def record(store: GraphStore, entry: dict) -> int:
    """Add one entry (every field of :data:`FIELDS` and its ``digest``); its number in the log."""
    return store.write(RECORD, **{name: entry[name] for name in (*FIELDS, "digest")})[0]["seq"]


def entries(
    store: GraphStore, actor: str | None = None, action: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[dict], int]:
    """One page of entries, newest first (optionally one actor's, or those whose action starts with
    ``action``), and how many there are."""
    params = {"actor": actor, "action": action}
    rows = store.read(PAGE, skip=(page - 1) * per_page, limit=per_page, **params)
    return [row["entry"] for row in rows], store.read(COUNT, **params)[0]["n"]


def in_order(store: GraphStore, batch: int = 5000):
    """Every numbered entry with its digest, in the order written (read in batches)."""
    after = 0
    while True:
        rows = [row["entry"] for row in store.read(SEALED, after=after, limit=batch)]
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1]["seq"]


def last_number(store: GraphStore) -> int:
    """The number given to the latest entry (0 before the first)."""
    rows = store.read(LAST_SEQ)
    return int(rows[0]["n"]) if rows else 0


def unnumbered(store: GraphStore) -> int:
    """Entries written before the log was numbered and sealed."""
    return store.read(UNSEALED)[0]["n"]
