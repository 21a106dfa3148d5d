"""Projects of diaspora project leaders and their requests for mentoring.

``(m:Member)-[:LEADS]->(p:Project {id, title, summary, stage, amount_mad, jobs_planned, programmes, sector_id,
region_id, city_id, leader_id, search_text, created_at, updated_at}`` and the facts programmes' conditions
test: ``kind, residence, returned_months, legal_form, investment_mad, own_funds_mad, foreign_funds_mad,
mre_share_pct``), with ``(p)-[:IN_SECTOR]->(:Sector)``
and ``(p)-[:IN_REGION]->(:Region)`` (the ``*_id`` copies serve the directory's filters, as for members), and
``(p)-[:HAS_REQUEST]->(r:MentoringRequest {id, skill_ids, sector_ids, language_ids, format, duration_weeks,
note, status, created_at})``.
"""

from . import connections
from .cypher import Cypher
from .store import GraphStore
from .textkeys import fold

PROJECT_FIELDS = (
    "p {.id, .title, .summary, .stage, .amount_mad, .jobs_planned, .programmes, .sector_id, .region_id, "
    ".city_id, .leader_id, .created_at, .updated_at, .kind, .residence, .returned_months, .legal_form, "
    ".investment_mad, .own_funds_mad, .foreign_funds_mad, .mre_share_pct}"
)
# Create or update a project and its sector and region relationships, in one statement.
SAVE = Cypher(
    "MATCH (m:Member {id: $leader}) "
    "MERGE (m)-[:LEADS]->(p:Project {id: $id}) ON CREATE SET p.created_at = $now, p.leader_id = $leader "
    "SET p += $props, p.updated_at = $now "
    "WITH p OPTIONAL MATCH (p)-[old:IN_SECTOR|IN_REGION]->() DELETE old "
    "WITH DISTINCT p OPTIONAL MATCH (s:Sector {id: p.sector_id}) "
    "FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | MERGE (p)-[:IN_SECTOR]->(s)) "
    "WITH p OPTIONAL MATCH (r:Region {id: p.region_id}) "
    "FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | MERGE (p)-[:IN_REGION]->(r)) "
    "RETURN p.id AS id"
)
BY_ID = Cypher(
    "MATCH (leader:Member)-[:LEADS]->(p:Project {id: $id}) "
    "OPTIONAL MATCH (s:Sector {id: p.sector_id}) OPTIONAL MATCH (r:Region {id: p.region_id}) "
    "OPTIONAL MATCH (c:City {id: p.city_id}) "
    "RETURN " + PROJECT_FIELDS + " AS project, leader {.id, .display_name, .country} AS leader, "
    "CASE WHEN s IS NULL THEN null ELSE s {.id, .name_en, .name_fr, .name_ar} END AS sector, "
    "CASE WHEN r IS NULL THEN null ELSE r {.id, .name_en, .name_fr, .name_ar} END AS region, "
    "CASE WHEN c IS NULL THEN null ELSE c {.id, .name} END AS city"
)
# The directory: every filter optional (null matches all); ``$words`` are folded words, all of which must appear.
_FILTER = (
    "MATCH (p:Project) WHERE ($sector IS NULL OR p.sector_id = $sector) "
    "AND ($region IS NULL OR p.region_id = $region) AND ($stage IS NULL OR p.stage = $stage) "
    "AND ($programme IS NULL OR $programme IN p.programmes) "
    "AND ($words IS NULL OR all(w IN $words WHERE p.search_text CONTAINS w)) "
)
SEARCH = Cypher(
    _FILTER + "WITH p ORDER BY p.updated_at DESC SKIP $skip LIMIT $limit "
    "MATCH (leader:Member)-[:LEADS]->(p) "
    "RETURN " + PROJECT_FIELDS + " AS project, leader {.id, .display_name} AS leader"
)
FACETS = Cypher(
    _FILTER + "WITH collect(p) AS found "
    "RETURN size(found) AS total, [x IN found | x.sector_id] AS sector, [x IN found | x.region_id] AS region, "
    "[x IN found | x.stage] AS stage, reduce(all = [], x IN found | all + coalesce(x.programmes, [])) AS programme"
)
# Projects sharing the sector or the region, for partner suggestions.
NEARBY = Cypher(
    "MATCH (p:Project) WHERE p.id <> $id AND (p.sector_id = $sector OR p.region_id = $region) "
    "WITH p ORDER BY p.updated_at DESC LIMIT $limit MATCH (leader:Member)-[:LEADS]->(p) "
    "RETURN " + PROJECT_FIELDS + " AS project, leader {.id, .display_name} AS leader"
)
MINE = Cypher(
    "MATCH (:Member {id: $member})-[:LEADS]->(p:Project) RETURN " + PROJECT_FIELDS + " AS project "
    "ORDER BY p.updated_at DESC"
)
REQUEST = Cypher(
    "MATCH (p:Project {id: $project}) "
    "CREATE (p)-[:HAS_REQUEST]->(r:MentoringRequest {id: $id, status: 'open', created_at: $now}) SET r += $props "
    "RETURN r.id AS id"
)
REQUESTS = Cypher(
    "MATCH (:Project {id: $project})-[:HAS_REQUEST]->(r:MentoringRequest) "
    "RETURN r {.id, .skill_ids, .sector_ids, .language_ids, .format, .duration_weeks, .note, .status, .created_at} "
    "AS request ORDER BY r.created_at DESC"
)
REQUEST_BY_ID = Cypher(
    "MATCH (p:Project)-[:HAS_REQUEST]->(r:MentoringRequest {id: $id}) "
    "RETURN r {.id, .skill_ids, .sector_ids, .language_ids, .format, .duration_weeks, .note, .status, .created_at} "
    "AS request, p.id AS project_id, p.leader_id AS leader_id"
)
# Members who accept mentees and have one of the skills (or work in one of the sectors) asked, with what the
# ranking needs: one indexed lookup per value asked in the mentors' own copies (``mentor_skill_ids`` is set
# for members open to mentoring only, so its index holds mentors alone); people blocked either way are left
# out by the caller. Every mentor with a skill asked is a candidate; of those who only work in a sector asked
# (hundreds at 100,000 members) a shortlist comes: people with room left, who speak a language asked, the
# most experienced first.
_MENTOR = (
    "m {.id, .display_name, .headline, .skill_ids, .sector_ids, .language_ids, .network_ids, "
    ".years_experience, .availability, .mentor_capacity, .mentee_count, .city_id, .employer_key} AS member"
)
MENTORS_BY_SKILL = Cypher(
    "UNWIND $values AS v MATCH (m:Member) WHERE v IN m.mentor_skill_ids AND m.mentor_open = true "
    "AND m.status = 'active' AND m.id <> $leader RETURN DISTINCT " + _MENTOR + " LIMIT $limit"
)
MENTORS_BY_SECTOR = Cypher(
    "UNWIND $values AS v MATCH (m:Member) WHERE v IN m.mentor_sector_ids AND m.mentor_open = true "
    "AND m.status = 'active' AND m.id <> $leader "
    "AND coalesce(m.mentee_count, 0) < coalesce(m.mentor_capacity, 1) "
    "AND none(s IN m.mentor_skill_ids WHERE s IN $skills) "
    "WITH DISTINCT m "
    "WITH m, CASE WHEN any(l IN coalesce(m.language_ids, []) WHERE l IN $languages) THEN 1 ELSE 0 END AS speaks "
    "ORDER BY speaks DESC, coalesce(m.years_experience, 0) DESC, m.id LIMIT $limit RETURN " + _MENTOR
)
# From the leader outwards once (not once per candidate): shared contacts with each candidate, and which
# candidates are contacts already.
MUTUAL = Cypher(
    "MATCH (me:Member {id: $leader}) "
    "OPTIONAL MATCH (me)-[:CONNECTED]-(x:Member)-[:CONNECTED]-(m:Member) WHERE m.id IN $ids AND m <> me "
    "WITH me, m.id AS mid, count(DISTINCT x) AS mutual "
    "WITH me, collect({id: mid, mutual: mutual}) AS far "
    "OPTIONAL MATCH (me)-[:CONNECTED]-(n:Member) WHERE n.id IN $ids "
    "RETURN far, collect(n.id) AS near"
)


def save(store: GraphStore, project_id: str, leader_id: str, props: dict, now: int) -> str | None:
    """Create (or update, for its leader) a project; None if the leader does not exist. Its ``search_text``
    (title and summary, folded) is made here."""
    props = {**props, "search_text": fold(" ".join(filter(None, (props.get("title"), props.get("summary")))))}
    rows = store.write(SAVE, id=project_id, leader=leader_id, props=props, now=now)
    return rows[0]["id"] if rows else None


def by_id(store: GraphStore, project_id: str) -> dict | None:
    """``{"project", "leader", "sector", "region", "city"}`` or None."""
    rows = store.read(BY_ID, id=project_id)
    return rows[0] if rows else None


def search(store: GraphStore, filters: dict, skip: int, limit: int) -> tuple[list[dict], int, dict]:
    """A page of projects matching ``filters`` (sector, region, stage, programme; ``q``, folded text), the total,
    and the facet counts."""
    params = {key: filters.get(key) for key in ("sector", "region", "stage", "programme")}
    params["words"] = (filters.get("q") or "").split() or None
    rows = store.read(SEARCH, skip=skip, limit=limit, **params)
    lists = store.read(FACETS, **params)[0]
    total = lists.pop("total")
    facets = {}
    for name, values in lists.items():
        counts: dict[str, int] = {}
        for value in values or []:
            if value:
                counts[value] = counts.get(value, 0) + 1
        facets[name] = counts
    return rows, total, facets


def led_by(store: GraphStore, member_id: str) -> list[dict]:
    """The projects a member leads, most recently updated first."""
    return [row["project"] for row in store.read(MINE, member=member_id)]


def add_request(store: GraphStore, project_id: str, request_id: str, props: dict, now: int) -> str | None:
    """Record a request for mentoring on the project."""
    rows = store.write(REQUEST, project=project_id, id=request_id, props=props, now=now)
    return rows[0]["id"] if rows else None


def requests(store: GraphStore, project_id: str) -> list[dict]:
    """The project's mentoring requests, newest first."""
    return [row["request"] for row in store.read(REQUESTS, project=project_id)]


def request_by_id(store: GraphStore, request_id: str) -> dict | None:
    """``{"request", "project_id", "leader_id"}`` or None."""
    rows = store.read(REQUEST_BY_ID, id=request_id)
    return rows[0] if rows else None


def mentor_candidates(
    store: GraphStore,
    leader_id: str,
    skills: list[str],
    sectors: list[str],
    languages: list[str] = (),
    limit: int = 2000,
    shortlist: int = 60,
) -> list[dict]:
    """Members open to mentoring who have a skill asked, and a ``shortlist`` of those who only work in a sector
    asked (see the statements); never the leader nor anyone blocked either way."""
    found: dict[str, dict] = {}
    if skills:
        for row in store.read(MENTORS_BY_SKILL, leader=leader_id, values=list(skills), limit=limit):
            found.setdefault(row["member"]["id"], row["member"])
    if sectors:
        rows = store.read(
            MENTORS_BY_SECTOR,
            leader=leader_id,
            values=list(sectors),
            skills=list(skills),
            languages=list(languages),
            limit=shortlist,
        )
        for row in rows:
            found.setdefault(row["member"]["id"], row["member"])
    blocked = set(connections.blocked_either_way(store, leader_id))
    return [member for member_id, member in found.items() if member_id not in blocked]


def closeness(store: GraphStore, leader_id: str, member_ids: list[str]) -> dict[str, dict]:
    """``{member id: {"id", "mutual", "connected"}}`` between the leader and each member."""
    rows = store.read(MUTUAL, leader=leader_id, ids=list(member_ids))
    if not rows:
        return {}
    mutual = {row["id"]: row["mutual"] for row in rows[0]["far"] if row["id"] is not None}
    near = set(rows[0]["near"])
    return {i: {"id": i, "mutual": mutual.get(i, 0), "connected": i in near} for i in member_ids}


def nearby(store: GraphStore, project: dict, limit: int = 200) -> list[dict]:
    """Other projects in the same sector or region, most recently updated first, each with its leader."""
    rows = store.read(
        NEARBY, id=project["id"], sector=project.get("sector_id"), region=project.get("region_id"), limit=limit
    )
    return [{**row["project"], "leader": row["leader"]} for row in rows]
