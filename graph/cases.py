"""Guidance cases: a project leader asks the guidance unit for help; an adviser works the case through its
steps to a close.

``(:GuidanceCase {id, leader_id, project_id, title, description, sector_id, region_id, stage, help,
step, adviser_id, created_at, updated_at, first_answer_due, first_answered_at, reminded_at, closed_at,
satisfaction, satisfaction_note})``, ``(leader:Member)-[:OPENED]->(case)``; its history and notes
``(case)-[:HAS_ENTRY]->(:CaseEntry {id, kind, text, step, by_id, by_name, private, at})`` (``kind``:
``opened``, ``assigned`` (``text``: the adviser's name, ``about_id``: theirs), ``step``, ``update``,
``note``, ``document``, ``released``, ``closed``, ``rated``; ``private`` entries are for the guidance unit
only) and its files ``(case)-[:HAS_DOCUMENT]->(:CaseDocument {id, name, media_type, size, by_id, at})``,
stored outside the web root by the app.
"""

from .cypher import Cypher
from .store import GraphStore

STEPS = ("triage", "orientation", "applications", "introductions", "mentoring", "follow_up", "closed")
_CASE = (
    "c {.id, .leader_id, .project_id, .title, .description, .sector_id, .region_id, .stage, .help, .step, "
    ".adviser_id, .created_at, .updated_at, .first_answer_due, .first_answered_at, .reminded_at, .closed_at, "
    ".satisfaction, .satisfaction_note}"
)
OPEN = Cypher(
    "MATCH (leader:Member {id: $leader}) "
    "CREATE (leader)-[:OPENED]->(c:GuidanceCase {id: $id, leader_id: $leader, step: 'triage', adviser_id: null, "
    "created_at: $now, updated_at: $now, first_answer_due: $due}) SET c += $props "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: $entry, kind: 'opened', step: 'triage', by_id: $leader, "
    "by_name: leader.display_name, private: false, at: $now}) RETURN c.id AS id"
)
ONE = Cypher(
    "MATCH (leader:Member)-[:OPENED]->(c:GuidanceCase {id: $id}) "
    "OPTIONAL MATCH (adviser:Member {id: c.adviser_id}) "
    "OPTIONAL MATCH (p:Project {id: c.project_id}) "
    "RETURN " + _CASE + " AS case, leader {.id, .display_name, .country} AS leader, "
    "CASE WHEN adviser IS NULL THEN null ELSE adviser {.id, .display_name} END AS adviser, "
    "CASE WHEN p IS NULL THEN null ELSE p {.id, .title} END AS project"
)
ENTRIES = Cypher(
    "MATCH (:GuidanceCase {id: $id})-[:HAS_ENTRY]->(e:CaseEntry) WHERE $private OR e.private = false "
    "RETURN e {.id, .kind, .text, .step, .by_id, .by_name, .private, .at} AS entry ORDER BY e.at, e.id"
)
DOCUMENTS = Cypher(
    "MATCH (:GuidanceCase {id: $id})-[:HAS_DOCUMENT]->(d:CaseDocument) "
    "RETURN d {.id, .name, .media_type, .size, .by_id, .at} AS document ORDER BY d.at"
)
DOCUMENT = Cypher(
    "MATCH (c:GuidanceCase)-[:HAS_DOCUMENT]->(d:CaseDocument {id: $id}) "
    "RETURN d {.id, .name, .media_type, .size, .by_id, .at} AS document, c.id AS case_id"
)
ADD_DOCUMENT = Cypher(
    "MATCH (c:GuidanceCase {id: $case}) WHERE c.step <> 'closed' "
    "CREATE (c)-[:HAS_DOCUMENT]->(:CaseDocument {id: $id, name: $name, media_type: $media_type, size: $size, "
    "by_id: $by, at: $now}) "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: $entry, kind: 'document', text: $name, step: c.step, by_id: $by, "
    "by_name: $by_name, private: false, at: $now}) SET c.updated_at = $now RETURN c.id AS id"
)
# Assigning (or reassigning) an adviser; a case waiting in triage moves to orientation.
ASSIGN = Cypher(
    "MATCH (c:GuidanceCase {id: $id}) WHERE c.step <> 'closed' MATCH (a:Member {id: $adviser}) "
    "SET c.adviser_id = a.id, c.updated_at = $now, "
    "c.step = CASE WHEN c.step = 'triage' THEN 'orientation' ELSE c.step END "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: $entry, kind: 'assigned', text: a.display_name, about_id: a.id, "
    "step: c.step, by_id: $by, by_name: $by_name, private: false, at: $now}) RETURN c.step AS step"
)
# A step forward (or back) by the guidance unit; the first thing the leader sees answers the case.
MOVE = Cypher(
    "MATCH (c:GuidanceCase {id: $id}) WHERE c.step <> 'closed' AND c.step <> $step "
    "SET c.step = $step, c.updated_at = $now, c.first_answered_at = coalesce(c.first_answered_at, $now), "
    "c.closed_at = CASE WHEN $step = 'closed' THEN $now ELSE null END "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: $entry, kind: CASE WHEN $step = 'closed' THEN 'closed' ELSE 'step' "
    "END, text: $text, step: $step, by_id: $by, by_name: $by_name, private: false, at: $now}) RETURN c.step AS step"
)
# An update the leader reads, or a private note of the guidance unit (only updates answer the case).
WRITE = Cypher(
    "MATCH (c:GuidanceCase {id: $id}) "
    "SET c.updated_at = $now, c.first_answered_at = CASE WHEN $answers THEN coalesce(c.first_answered_at, $now) "
    "ELSE c.first_answered_at END "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: $entry, kind: $kind, text: $text, step: c.step, by_id: $by, "
    "by_name: $by_name, private: $private, at: $now}) RETURN c.id AS id"
)
RATE = Cypher(
    "MATCH (c:GuidanceCase {id: $id, leader_id: $leader}) WHERE c.step = 'closed' AND c.satisfaction IS NULL "
    "SET c.satisfaction = $rating, c.satisfaction_note = $note "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: $entry, kind: 'rated', text: $note, step: c.step, by_id: $leader, "
    "by_name: $by_name, private: false, at: $now}) RETURN c.id AS id"
)
# The queue: every filter optional; waiting = since the last change, oldest first.
_FILTER = (
    "MATCH (c:GuidanceCase) WHERE ($step IS NULL OR c.step = $step) "
    "AND ($adviser IS NULL OR c.adviser_id = $adviser OR ($adviser = '' AND c.adviser_id IS NULL)) "
    "AND ($region IS NULL OR c.region_id = $region) AND ($sector IS NULL OR c.sector_id = $sector) "
    "AND ($open = false OR c.step <> 'closed') "
)
QUEUE = Cypher(
    _FILTER + "WITH c ORDER BY c.updated_at ASC SKIP $skip LIMIT $limit "
    "MATCH (leader:Member {id: c.leader_id}) OPTIONAL MATCH (a:Member {id: c.adviser_id}) "
    "RETURN " + _CASE + " AS case, leader.display_name AS leader_name, a.display_name AS adviser_name"
)
QUEUE_FACETS = Cypher(
    _FILTER + "RETURN count(c) AS total, collect(c.step) AS step, collect(coalesce(c.adviser_id, '')) AS adviser, "
    "collect(c.region_id) AS region, collect(c.sector_id) AS sector"
)
OF_LEADER = Cypher(
    "MATCH (:Member {id: $leader})-[:OPENED]->(c:GuidanceCase) "
    "OPTIONAL MATCH (a:Member {id: c.adviser_id}) "
    "RETURN " + _CASE + " AS case, a.display_name AS adviser_name ORDER BY c.created_at DESC"
)
# (The status after a WITH, so that FalkorDB starts from the few advisers, not from every active member.)
ADVISERS = Cypher(
    "MATCH (a:Member {role: 'adviser'}) WITH a WHERE a.status = 'active' "
    "OPTIONAL MATCH (c:GuidanceCase {adviser_id: a.id}) WHERE c.step <> 'closed' "
    "RETURN a.id AS id, a.display_name AS name, count(c) AS open_cases ORDER BY open_cases, name"
)
# An adviser leaving (role changed, account suspended or erased): their open cases go back to triage.
RELEASE = Cypher(
    "MATCH (c:GuidanceCase {adviser_id: $adviser}) WHERE c.step <> 'closed' "
    "SET c.adviser_id = null, c.step = 'triage', c.updated_at = $now "
    "CREATE (c)-[:HAS_ENTRY]->(:CaseEntry {id: c.id + ':released:' + toString($now), kind: 'released', "
    "step: 'triage', by_id: null, by_name: null, private: false, at: $now}) RETURN c.id AS id"
)
OVERDUE = Cypher(
    "MATCH (c:GuidanceCase) WHERE c.first_answered_at IS NULL AND c.step <> 'closed' "
    "AND c.first_answer_due <= $now AND (c.reminded_at IS NULL OR c.reminded_at <= $again) "
    "SET c.reminded_at = $now RETURN c.id AS id, c.adviser_id AS adviser_id, c.title AS title"
)
STATISTICS = Cypher(
    "MATCH (c:GuidanceCase) RETURN c.step AS step, c.adviser_id AS adviser, c.region_id AS region, "
    "c.sector_id AS sector, c.created_at AS created_at, c.first_answered_at AS answered_at, "
    "c.closed_at AS closed_at, c.satisfaction AS satisfaction, c.updated_at AS updated_at"
)


def open_case(store: GraphStore, case_id: str, leader_id: str, props: dict, entry_id: str, now: int, due: int):
    """A new case in triage, answered by ``due`` (ms); its id, or None when the leader does not exist."""
    rows = store.write(OPEN, id=case_id, leader=leader_id, props=props, entry=entry_id, now=now, due=due)
    return rows[0]["id"] if rows else None


def by_id(store: GraphStore, case_id: str) -> dict | None:
    """``{"case", "leader", "adviser", "project"}`` or None."""
    rows = store.read(ONE, id=case_id)
    return rows[0] if rows else None


def entries(store: GraphStore, case_id: str, private: bool) -> list[dict]:
    """The case's history, oldest first; private notes only when ``private``."""
    return [row["entry"] for row in store.read(ENTRIES, id=case_id, private=private)]


def documents(store: GraphStore, case_id: str) -> list[dict]:
    """The case's documents, oldest first."""
    return [row["document"] for row in store.read(DOCUMENTS, id=case_id)]


def document(store: GraphStore, document_id: str) -> dict | None:
    """``{"document", "case_id"}`` or None."""
    rows = store.read(DOCUMENT, id=document_id)
    return rows[0] if rows else None


def add_document(store: GraphStore, case_id: str, document: dict, by: dict, entry_id: str, now: int) -> bool:
    """Record a document stored for an open case (and say so in its history)."""
    rows = store.write(
        ADD_DOCUMENT,
        case=case_id,
        id=document["id"],
        name=document["name"],
        media_type=document["media_type"],
        size=document["size"],
        by=by["id"],
        by_name=by["name"],
        entry=entry_id,
        now=now,
    )
    return bool(rows)


def assign(store: GraphStore, case_id: str, adviser_id: str, by: dict, entry_id: str, now: int) -> str | None:
    """Give an open case to an adviser; its step, or None when the case is closed or unknown."""
    rows = store.write(ASSIGN, id=case_id, adviser=adviser_id, by=by["id"], by_name=by["name"], entry=entry_id, now=now)
    return rows[0]["step"] if rows else None


def move(store: GraphStore, case_id: str, step: str, text: str | None, by: dict, entry_id: str, now: int):
    """Move an open case to ``step`` (``closed`` closes it); the step, or None when nothing moved."""
    rows = store.write(MOVE, id=case_id, step=step, text=text, by=by["id"], by_name=by["name"], entry=entry_id, now=now)
    return rows[0]["step"] if rows else None


def write(store: GraphStore, case_id: str, kind: str, text: str, by: dict, entry_id: str, now: int) -> bool:
    """An ``update`` (the leader reads it; from the guidance unit, it answers the case) or a private ``note``."""
    rows = store.write(
        WRITE,
        id=case_id,
        kind=kind,
        text=text,
        private=kind == "note",
        answers=kind == "update" and by["unit"],
        by=by["id"],
        by_name=by["name"],
        entry=entry_id,
        now=now,
    )
    return bool(rows)


def rate(store: GraphStore, case_id: str, leader: dict, rating: int, note: str | None, entry_id: str, now: int):
    """The leader's satisfaction with a closed case, once; False when not possible."""
    rows = store.write(
        RATE,
        id=case_id,
        leader=leader["id"],
        by_name=leader["name"],
        rating=rating,
        note=note,
        entry=entry_id,
        now=now,
    )
    return bool(rows)


def queue(store: GraphStore, filters: dict, skip: int, limit: int) -> tuple[list[dict], int, dict]:
    """A page of cases (filters: ``step``, ``adviser`` ('' for unassigned), ``region``, ``sector``, ``open``),
    longest waiting first, the total and the facet counts."""
    params = {key: filters.get(key) for key in ("step", "adviser", "region", "sector")}
    params["open"] = bool(filters.get("open"))
    rows = store.read(QUEUE, skip=skip, limit=limit, **params)
    lists = store.read(QUEUE_FACETS, **params)[0]
    total = lists.pop("total")
    facets = {}
    for name, values in lists.items():
        counts: dict[str, int] = {}
        for value in values:
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        facets[name] = counts
    return rows, total, facets


def of_leader(store: GraphStore, leader_id: str) -> list[dict]:
    """The leader's cases, newest first, with their adviser's name."""
    return store.read(OF_LEADER, leader=leader_id)


def advisers(store: GraphStore) -> list[dict]:
    """Active advisers with their number of open cases, least loaded first."""
    return store.read(ADVISERS)


def release(store: GraphStore, adviser_id: str, now: int) -> list[str]:
    """Send an adviser's open cases back to triage; their ids."""
    return [row["id"] for row in store.write(RELEASE, adviser=adviser_id, now=now)]


def overdue(store: GraphStore, now: int, again_after_ms: int) -> list[dict]:
    """Cases past their first-answer deadline with no answer, not reminded within ``again_after_ms``; each
    is marked reminded now. ``[{"id", "adviser_id", "title"}]``."""
    return store.write(OVERDUE, now=now, again=now - again_after_ms)


def statistics(store: GraphStore) -> list[dict]:
    """One row per case with what the department's figures need (no names)."""
    return store.read(STATISTICS)
