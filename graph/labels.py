"""Labels: verified facts about a member, granted and revoked on the record.

``(:LabelType {id, name_*, description_*, granted_by})`` where ``granted_by`` is ``"department"`` or
``"coordinator"`` (a network's coordinators, scoped to their network). Each grant is a node,
``(m)-[:HOLDS]->(g:LabelGrant {id, network_id, granted_at, granted_by, reason, revoked_at, revoked_by,
revoke_reason})-[:OF]->(t:LabelType)``, so the history stays. ``m.label_ids`` copies the types of the
member's active grants for access checks; every grant or revocation rewrites it in the same statement.
"""

from .cypher import Cypher
from .store import GraphStore

LABEL_FIELDS = "t {.id, .name_en, .name_fr, .name_ar, .description_en, .description_fr, .description_ar, .granted_by}"

UPSERT_TYPES = Cypher("UNWIND $rows AS r MERGE (t:LabelType {id: r.id}) SET t += r.props RETURN count(t) AS n")
TYPES = Cypher("MATCH (t:LabelType) RETURN " + LABEL_FIELDS + " AS label ORDER BY t.id")

# Recompute the member's copy of active label types.
_REFRESH_COPY = (
    "WITH DISTINCT m OPTIONAL MATCH (m)-[:HOLDS]->(active:LabelGrant)-[:OF]->(at:LabelType) "
    "WHERE active.revoked_at IS NULL WITH m, collect(DISTINCT at.id) AS ids SET m.label_ids = ids "
)
GRANT = Cypher(
    "MATCH (m:Member {id: $member}), (t:LabelType {id: $label}) "
    "OPTIONAL MATCH (m)-[:HOLDS]->(same:LabelGrant)-[:OF]->(t) "
    "WHERE same.revoked_at IS NULL AND coalesce(same.network_id, '') = coalesce($network_id, '') "
    "WITH m, t, count(same) AS held WHERE held = 0 "
    "CREATE (m)-[:HOLDS]->(g:LabelGrant {id: $id, network_id: $network_id, granted_at: $now, granted_by: $by, "
    "reason: $reason})-[:OF]->(t) " + _REFRESH_COPY + "RETURN m.id AS id"
)
REVOKE = Cypher(
    "MATCH (m:Member)-[:HOLDS]->(g:LabelGrant {id: $grant}) WHERE g.revoked_at IS NULL "
    "SET g.revoked_at = $now, g.revoked_by = $by, g.revoke_reason = $reason " + _REFRESH_COPY + "RETURN m.id AS id"
)
GRANT_BY_ID = Cypher(
    "MATCH (m:Member)-[:HOLDS]->(g:LabelGrant {id: $grant})-[:OF]->(t:LabelType) "
    "RETURN m.id AS member_id, g {.id, .network_id, .revoked_at} AS grant, " + LABEL_FIELDS + " AS label"
)
# Every grant, active or revoked, newest first, with who gave it and the network it is scoped to.
HISTORY = Cypher(
    "MATCH (:Member {id: $member})-[:HOLDS]->(g:LabelGrant)-[:OF]->(t:LabelType) "
    "OPTIONAL MATCH (by:Member {id: g.granted_by}) "
    "OPTIONAL MATCH (n:Network {id: g.network_id}) "
    "RETURN g {.id, .network_id, .granted_at, .reason, .revoked_at, .revoke_reason} AS grant, "
    + LABEL_FIELDS
    + " AS label, by.display_name AS granted_by_name, "
    "CASE WHEN n IS NULL THEN null ELSE n {.slug, .name_en, .name_fr, .name_ar} END AS network "
    "ORDER BY g.granted_at DESC"
)
# Seeding: many grants at once (rows ``{id, member, label, network_id, by, reason, now}``).
GRANT_MANY = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.member}), (t:LabelType {id: r.label}) "
    "CREATE (m)-[:HOLDS]->(:LabelGrant {id: r.id, network_id: r.network_id, granted_at: r.now, "
    "granted_by: r.by, reason: r.reason})-[:OF]->(t) "
    "SET m.label_ids = CASE WHEN r.label IN coalesce(m.label_ids, []) THEN m.label_ids "
    "ELSE coalesce(m.label_ids, []) + r.label END RETURN count(m) AS n"
)


def upsert_types(store: GraphStore, rows: list[dict]) -> int:
    """Create or update label types from rows ``{"id", "props"}``."""
    return store.write(UPSERT_TYPES, rows=rows)[0]["n"]


def types(store: GraphStore) -> list[dict]:
    """Every label type."""
    return [row["label"] for row in store.read(TYPES)]


def grant(
    store: GraphStore, *, id: str, member: str, label: str, network_id: str | None, by: str, reason: str, now: int
) -> bool:
    """Grant a label (scoped to ``network_id`` when a coordinator grants it); False if already held so."""
    return bool(
        store.write(GRANT, id=id, member=member, label=label, network_id=network_id, by=by, reason=reason, now=now)
    )


def revoke(store: GraphStore, grant_id: str, by: str, reason: str, now: int) -> bool:
    """Revoke an active grant, keeping it in the history."""
    return bool(store.write(REVOKE, grant=grant_id, by=by, reason=reason, now=now))


def grant_by_id(store: GraphStore, grant_id: str) -> dict | None:
    """A grant with its holder's id and its label type, or None."""
    rows = store.read(GRANT_BY_ID, grant=grant_id)
    return rows[0] if rows else None


def history(store: GraphStore, member_id: str) -> list[dict]:
    """The member's grants, active and revoked, newest first."""
    return store.read(HISTORY, member=member_id)


def grant_many(store: GraphStore, rows: list[dict]) -> int:
    """Create many new grants (seeding)."""
    return store.write(GRANT_MANY, rows=rows)[0]["n"] if rows else 0
