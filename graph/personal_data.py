"""Everything the graph holds about one person, for their data download (law 09-08's right of access).

Their node (less secrets and derived search keys), every relationship they have with what is at its other
end (named, never more of other people than their id and name), the nodes that exist only for them (their
projects and guidance cases with what hangs under them), the messages they wrote, the mentoring they gave,
the rows the department imported about them (with their source: provenance) and the staff accesses to their
record from the audit log.
"""

from .cypher import Cypher
from .store import GraphStore

#: never given out, not even to their owner: credentials and the keys derived from them or for search
HIDDEN = frozenset(
    {
        "password_hash",
        "session_ids",
        "tickets",
        "totp_secret",
        "totp_step",
        "recovery_codes",
        "calendar_token_hash",
        "secret_hash",
        "search_text",
        "name_keys_text",
        "email_key",
        "employer_key",
        "claim_hash",
        "token_hash",
    }
)
#: relationships to nodes that exist only for the person: given whole
OWNED = ("HAS_NOTIFICATION", "CONSENT_EVENT", "HOLDS", "HAS_TOKEN", "LEADS", "OPENED")

MEMBER = Cypher("MATCH (m:Member {id: $id}) RETURN m AS member")
RELATIONSHIPS = Cypher(
    "MATCH (m:Member {id: $id})-[r]-(o) WHERE NOT type(r) IN $owned "
    "RETURN type(r) AS type, startNode(r) = m AS outgoing, r AS details, labels(o)[0] AS label, o.id AS other_id, "
    "coalesce(o.display_name, o.name_en, o.name, o.title, o.slug, o.id) AS other_name "
    "ORDER BY type, other_name"
)
OWNED_NODES = Cypher(
    "MATCH (:Member {id: $id})-[r]->(x) WHERE type(r) IN $owned "
    "RETURN type(r) AS type, labels(x)[0] AS label, x AS node ORDER BY type"
)
PROJECT_PARTS = Cypher(
    "MATCH (:Member {id: $id})-[:LEADS]->(p:Project)-[:HAS_REQUEST|HAS_MENTORSHIP]->(x) "
    "RETURN p.id AS project_id, labels(x)[0] AS label, x AS node"
)
# a guidance case's history (the unit's notes included: they are about the person) and its documents' records
CASE_PARTS = Cypher(
    "MATCH (:Member {id: $id})-[:OPENED]->(c:GuidanceCase)-[:HAS_ENTRY|HAS_DOCUMENT]->(x) "
    "RETURN c.id AS case_id, labels(x)[0] AS label, x AS node ORDER BY x.at"
)
MESSAGES = Cypher(
    "MATCH (c:Conversation)-[:HAS_MESSAGE]->(x:Message {sender_id: $id}) "
    "RETURN c.id AS conversation_id, c.kind AS kind, x.seq AS seq, x.at AS at, x.body AS body "
    "ORDER BY at, seq"
)
MENTORING_GIVEN = Cypher("MATCH (ms:Mentorship {mentor_id: $id}) RETURN ms AS mentorship ORDER BY ms.invited_at")
IMPORTED = Cypher(
    "MATCH (x:ImportRecord {person_id: $id}) OPTIONAL MATCH (b:ImportBatch {id: x.batch_id}) "
    "OPTIONAL MATCH (s:ImportSource {id: x.source_id}) "
    "RETURN x.values AS values, x.at AS at, x.row AS row, b.filename AS file, s.name AS source, "
    "s.retention_days AS retention_days ORDER BY at, row"
)
CAMPAIGNS_RECEIVED = Cypher(
    "MATCH (d:Delivery {member_id: $id}) OPTIONAL MATCH (c:Campaign {id: d.campaign_id}) "
    "RETURN c.name AS campaign, d.role AS role, d.email AS email, d.state AS state, d.created_at AS at, "
    "d.sent_at AS sent_at, d.read_at AS read_at, d.clicked_at AS clicked_at, d.answered_at AS answered_at, "
    "d.answer AS answer, d.answer_text AS answer_text ORDER BY at"
)
STAFF_ACCESSES = Cypher(
    "MATCH (e:AuditEntry {target: $id}) RETURN e.at AS at, e.actor_name AS who, e.action AS action, "
    "e.detail AS detail ORDER BY at"
)


def _shown(properties: dict) -> dict:
    return {key: value for key, value in sorted((properties or {}).items()) if key not in HIDDEN}


def gather(store: GraphStore, member_id: str) -> dict | None:
    """Everything held about the member, as plain data (see the module); None if there is no such member."""
    rows = store.read(MEMBER, id=member_id)
    if not rows:
        return None
    owned: dict[str, list] = {}
    for row in store.read(OWNED_NODES, id=member_id, owned=list(OWNED)):
        owned.setdefault(row["label"], []).append(_shown(row["node"]))
    for row in store.read(PROJECT_PARTS, id=member_id):
        owned.setdefault(row["label"], []).append({"project_id": row["project_id"], **_shown(row["node"])})
    for row in store.read(CASE_PARTS, id=member_id):
        owned.setdefault(row["label"], []).append({"case_id": row["case_id"], **_shown(row["node"])})
    return {
        "account": _shown(rows[0]["member"]),
        "relationships": [
            {
                "type": row["type"],
                "direction": "outgoing" if row["outgoing"] else "incoming",
                "details": _shown(row["details"]),
                "with": {"kind": row["label"], "id": row["other_id"], "name": row["other_name"]},
            }
            for row in store.read(RELATIONSHIPS, id=member_id, owned=list(OWNED))
        ],
        "owned": owned,
        "messages_written": store.read(MESSAGES, id=member_id),
        "mentoring_given": [_shown(row["mentorship"]) for row in store.read(MENTORING_GIVEN, id=member_id)],
        "imported_about_me": store.read(IMPORTED, id=member_id),
        "campaigns_received": store.read(CAMPAIGNS_RECEIVED, id=member_id),
        "staff_accesses": store.read(STAFF_ACCESSES, id=member_id),
    }
