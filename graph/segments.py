"""Segments and the department's priorities: what the segment index reads, saved segments, priority versions.

``(:Segment {id, name, criteria (JSON), owner_id, owner_name, shared, created_at, updated_at})``: a saved set
of criteria; ``shared`` segments are seen by every staff member, the others by their owner.
``(:PriorityVersion {version, weights (JSON), author_id, author_name, note, at})``: the department's
priorities, never overwritten; the highest version is in force.
"""

import json

from .cypher import Cypher
from .store import GraphStore

MEMBERS = Cypher(
    "MATCH (m:Member) WHERE m.status = 'active' "
    "RETURN m.id AS id, m.country AS country, m.city_id AS city, m.sector_ids AS sectors, m.skill_ids AS skills, "
    "m.language_ids AS languages, m.degree AS degree, m.availability AS availability, "
    "m.network_ids AS networks, m.label_ids AS labels, m.years_experience AS years, "
    "m.last_active_at AS last_active, coalesce(m.mentor_open, false) AS mentor, "
    "coalesce(m.allow_campaigns, true) AS reachable, "
    "coalesce(m.visibility, 'members') = 'members' AND coalesce(m.allow_analytics, true) AS listable"
)
CONTRIBUTE_SECTORS = Cypher(
    "MATCH (m:Member)-[:WANTS_TO_CONTRIBUTE_TO]->(x:Sector) WHERE m.status = 'active' "
    "RETURN m.id AS id, collect(x.id) AS ids"
)
CONTRIBUTE_REGIONS = Cypher(
    "MATCH (m:Member)-[:WANTS_TO_CONTRIBUTE_TO]->(x:Region) WHERE m.status = 'active' "
    "RETURN m.id AS id, collect(x.id) AS ids"
)
EVENTS_TAKEN_PART = Cypher(
    "MATCH (m:Member)-[r:RSVP]->(:Event) WHERE m.status = 'active' AND r.status = 'going' "
    "RETURN m.id AS id, count(r) AS n"
)
COMMUNITIES = Cypher("MATCH (x:Recommendation) RETURN x.member_id AS id, x.community AS community")
INFLUENCE = Cypher("MATCH (i:Influence) RETURN i.member_id AS id, i.pagerank AS pagerank")
PROJECTS = Cypher(
    "MATCH (p:Project) RETURN p.id AS id, p.title AS title, p.leader_id AS leader, p.stage AS stage, "
    "p.sector_id AS sector, p.region_id AS region, p.amount_mad AS amount"
)
MENTORSHIPS = Cypher(
    "MATCH (ms:Mentorship) WHERE ms.status IN ['active', 'closed'] RETURN ms.leader_id AS a, ms.mentor_id AS b"
)
NAMES = Cypher(
    "UNWIND $ids AS mid MATCH (m:Member {id: mid}) "
    "RETURN m.id AS id, m.display_name AS name, m.name_ar AS name_ar, m.job_title AS job_title, "
    "m.employer AS employer, m.years_experience AS years, m.availability AS availability, m.country AS country"
)

SAVE = Cypher(
    "MERGE (s:Segment {id: $id}) ON CREATE SET s.created_at = $now, s.owner_id = $owner, s.owner_name = $owner_name "
    "SET s.name = $name, s.criteria = $criteria, s.shared = $shared, s.updated_at = $now RETURN s.id AS id"
)
ONE = Cypher(
    "MATCH (s:Segment {id: $id}) "
    "RETURN s {.id, .name, .criteria, .owner_id, .owner_name, .shared, .created_at, .updated_at} AS segment"
)
VISIBLE = Cypher(
    "MATCH (s:Segment) WHERE s.shared = true OR s.owner_id = $viewer "
    "RETURN s {.id, .name, .criteria, .owner_id, .owner_name, .shared, .created_at, .updated_at} AS segment "
    "ORDER BY segment.updated_at DESC SKIP $skip LIMIT $limit"
)
COUNT_VISIBLE = Cypher("MATCH (s:Segment) WHERE s.shared = true OR s.owner_id = $viewer RETURN count(s) AS n")
DELETE = Cypher("MATCH (s:Segment {id: $id}) DELETE s RETURN count(*) AS n")

ADD_PRIORITIES = Cypher(
    "OPTIONAL MATCH (p:PriorityVersion) WITH coalesce(max(p.version), 0) + 1 AS next "
    "CREATE (v:PriorityVersion {version: next, weights: $weights, author_id: $author, author_name: $author_name, "
    "note: $note, at: $now}) RETURN v.version AS version"
)
PRIORITY_HISTORY = Cypher(
    "MATCH (p:PriorityVersion) RETURN p {.version, .weights, .author_id, .author_name, .note, .at} AS version "
    "ORDER BY version.version DESC LIMIT $limit"
)


def table_inputs(store: GraphStore) -> dict:
    """Everything the segment index is built from: member rows (with what they want to contribute to and how
    many events they took part in), communities, PageRank, projects and the trust pairs."""
    rows = store.read(MEMBERS)
    extra = {
        "contribute_sectors": {r["id"]: r["ids"] for r in store.read(CONTRIBUTE_SECTORS)},
        "contribute_regions": {r["id"]: r["ids"] for r in store.read(CONTRIBUTE_REGIONS)},
        "events": {r["id"]: r["n"] for r in store.read(EVENTS_TAKEN_PART)},
        "community": {r["id"]: r["community"] for r in store.read(COMMUNITIES)},
    }
    for row in rows:
        for name, values in extra.items():
            row[name] = values.get(row["id"])
    return {
        "members": rows,
        "projects": store.read(PROJECTS),
        "influence": {r["id"]: r["pagerank"] for r in store.read(INFLUENCE) if r["pagerank"] is not None},
        "mentorships": [(r["a"], r["b"]) for r in store.read(MENTORSHIPS)],
    }


def people(store: GraphStore, ids: list[str]) -> dict[str, dict]:
    """``{member id: name, job title, employer, years, availability, country}`` for the ids asked."""
    return {row["id"]: row for row in store.read(NAMES, ids=list(ids))} if ids else {}


def save(store: GraphStore, segment: dict, now: int) -> str:
    """Create or update a segment (``id``, ``name``, ``criteria`` dict, ``owner_id``, ``owner_name``,
    ``shared``)."""
    store.write(
        SAVE,
        id=segment["id"],
        name=segment["name"],
        criteria=json.dumps(segment["criteria"], sort_keys=True),
        shared=bool(segment["shared"]),
        owner=segment["owner_id"],
        owner_name=segment["owner_name"],
        now=now,
    )
    return segment["id"]


def _decoded(segment: dict) -> dict:
    return {**segment, "criteria": json.loads(segment.get("criteria") or "{}")}


def get(store: GraphStore, segment_id: str) -> dict | None:
    """One segment with its criteria decoded, or None."""
    rows = store.read(ONE, id=segment_id)
    return _decoded(rows[0]["segment"]) if rows else None


def visible(store: GraphStore, viewer_id: str, page: int = 1, per_page: int = 50) -> tuple[list[dict], int]:
    """The segments a staff member sees (shared ones and their own), newest change first, and their number."""
    rows = store.read(VISIBLE, viewer=viewer_id, skip=(page - 1) * per_page, limit=per_page)
    total = store.read(COUNT_VISIBLE, viewer=viewer_id)[0]["n"]
    return [_decoded(row["segment"]) for row in rows], total


def delete(store: GraphStore, segment_id: str) -> bool:
    """Delete a segment; whether it existed."""
    return store.write(DELETE, id=segment_id)[0]["n"] > 0


def add_priorities(store: GraphStore, weights: dict, author_id: str, author_name: str, note: str, now: int) -> int:
    """Record a new version of the priorities; its number."""
    rows = store.write(
        ADD_PRIORITIES,
        weights=json.dumps(weights, sort_keys=True),
        author=author_id,
        author_name=author_name,
        note=note,
        now=now,
    )
    return rows[0]["version"]


def priority_history(store: GraphStore, limit: int = 50) -> list[dict]:
    """The versions of the priorities, newest first, weights decoded."""
    found = store.read(PRIORITY_HISTORY, limit=limit)
    return [{**row["version"], "weights": json.loads(row["version"]["weights"] or "{}")} for row in found]


def current_priorities(store: GraphStore) -> dict | None:
    """The version in force, or None before the first."""
    found = priority_history(store, limit=1)
    return found[0] if found else None
