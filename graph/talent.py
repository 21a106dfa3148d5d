"""Talent watch: the sources staff configure and the leads the pipeline proposes.

``(:TalentSource {id, name, kind, location, etag, last_modified, last_run_at, last_success_at, last_error,
last_error_at, last_items, last_leads, created_at})``: where to look (an http(s) address or a file the
project ships) and how the last runs went.

``(:TalentLead {id, key, source_id, url, title, language, published, name, affiliation, country, city, score,
signals (JSON), evidence (JSON), sector, skills (ids), topics (JSON: why that sector and those skills), name_key,
status, merged_into, person_id, created_at, updated_at})``: a person a source mentioned who may be a Moroccan abroad;
``key`` (the item's key and the folded name) makes an item seen again update its lead rather than add one.
Status: ``new``, ``follow``, ``accepted`` (``person_id``: the member or contact it became or was linked to),
``merged`` (the same person as lead ``merged_into``).

``(:TalentAlert {id, owner_id, kind, segment_id, name, created_at})``: a staff member wants a notice when new
leads match a segment (``kind = 'segment'``) or the department's priorities (``kind = 'priorities'``).

``(:RejectedLead {fingerprint, at})``: all that is kept of a rejected lead (a digest of the name and the
address), so that it is not proposed again.
"""

import json

from .cypher import Cypher
from .store import GraphStore
from .textkeys import fold

SOURCE_FIELDS = (
    "s {.id, .name, .kind, .location, .etag, .last_modified, .last_run_at, .last_success_at, .last_error, "
    ".last_error_at, .last_items, .last_leads, .created_at}"
)
LEAD_FIELDS = (
    "l {.id, .key, .source_id, .url, .title, .language, .published, .name, .affiliation, .country, .score, "
    ".city, .signals, .evidence, .sector, .skills, .topics, .name_key, .status, .merged_into, .person_id, .created_at, "
    ".updated_at}"
)
SAVE_SOURCE = Cypher(
    "MERGE (s:TalentSource {id: $id}) ON CREATE SET s.created_at = $now SET s.name = $name, s.kind = $kind, "
    "s.location = $location RETURN s.id AS id"
)
SOURCES = Cypher("MATCH (s:TalentSource) RETURN " + SOURCE_FIELDS + " AS source ORDER BY source.name")
SOURCE = Cypher("MATCH (s:TalentSource {id: $id}) RETURN " + SOURCE_FIELDS + " AS source")
RUN_SUCCEEDED = Cypher(
    "MATCH (s:TalentSource {id: $id}) SET s.last_run_at = $now, s.last_success_at = $now, s.etag = $etag, "
    "s.last_modified = $last_modified, s.last_items = $items, s.last_leads = $leads RETURN s.id AS id"
)
RUN_FAILED = Cypher(
    "MATCH (s:TalentSource {id: $id}) SET s.last_run_at = $now, s.last_error = $error, s.last_error_at = $now "
    "RETURN s.id AS id"
)
MEMBER_NAMES = Cypher("MATCH (m:Member) WHERE m.status = 'active' RETURN m.display_name AS name, m.name_ar AS name_ar")
REJECTED = Cypher("UNWIND $prints AS p MATCH (r:RejectedLead {fingerprint: p}) RETURN r.fingerprint AS fingerprint")
UPSERT_LEADS = Cypher(
    "UNWIND $rows AS r MERGE (l:TalentLead {key: r.key}) "
    "ON CREATE SET l.id = r.id, l.created_at = $now, l.status = 'new' "
    "SET l.source_id = r.source_id, l.url = r.url, l.title = r.title, l.language = r.language, "
    "l.published = r.published, l.name = r.name, l.affiliation = r.affiliation, l.country = r.country, "
    "l.city = r.city, l.score = r.score, l.signals = r.signals, l.evidence = r.evidence, l.sector = r.sector, "
    "l.skills = r.skills, l.topics = r.topics, l.name_key = r.name_key, l.updated_at = $now "
    "RETURN l.id AS id, l.created_at = $now AS created"
)
LEADS_WHERE = (
    "MATCH (l:TalentLead) WHERE l.status IN $statuses AND ($source IS NULL OR l.source_id = $source) "
    "AND ($language IS NULL OR l.language = $language) AND ($sector IS NULL OR l.sector = $sector) "
    "AND ($country IS NULL OR l.country = $country) "
)
LEADS = Cypher(
    LEADS_WHERE + "RETURN " + LEAD_FIELDS + " AS lead ORDER BY lead.created_at DESC, lead.score DESC "
    "SKIP $skip LIMIT $limit"
)
COUNT_LEADS = Cypher(LEADS_WHERE + "RETURN count(l) AS n")
LEADS_BY_ID = Cypher("UNWIND $ids AS lid MATCH (l:TalentLead {id: lid}) RETURN " + LEAD_FIELDS + " AS lead")
MERGE_LEAD = Cypher(
    "MATCH (into:TalentLead {id: $into}), (l:TalentLead {id: $id}) "
    "WHERE into.id <> l.id AND into.status IN ['new', 'follow', 'accepted'] AND l.status IN ['new', 'follow'] "
    "SET l.status = 'merged', l.merged_into = into.id, l.updated_at = $now RETURN l.id AS id"
)
MERGED_INTO = Cypher(
    "MATCH (l:TalentLead {merged_into: $id}) RETURN " + LEAD_FIELDS + " AS lead ORDER BY lead.created_at"
)
SAME_NAME = Cypher(
    "MATCH (l:TalentLead {name_key: $name_key}) WHERE l.id <> $id AND l.status IN ['new', 'follow', 'accepted'] "
    "RETURN " + LEAD_FIELDS + " AS lead ORDER BY lead.created_at LIMIT 10"
)
BY_SECTOR_COUNTRY = Cypher(
    "MATCH (l:TalentLead) WHERE l.status IN ['new', 'follow', 'accepted'] "
    "RETURN l.sector AS sector, l.country AS country, l.status AS status, count(l) AS n"
)
SAVE_ALERT = Cypher(
    "CREATE (a:TalentAlert {id: $id, owner_id: $owner, kind: $kind, segment_id: $segment, name: $name, "
    "created_at: $now}) RETURN a.id AS id"
)
ALERT_FIELDS = "a {.id, .owner_id, .kind, .segment_id, .name, .created_at}"
ALERTS_OF = Cypher("MATCH (a:TalentAlert {owner_id: $owner}) RETURN " + ALERT_FIELDS + " AS alert ORDER BY alert.name")
ALL_ALERTS = Cypher("MATCH (a:TalentAlert) RETURN " + ALERT_FIELDS + " AS alert")
DELETE_ALERT = Cypher("MATCH (a:TalentAlert {id: $id, owner_id: $owner}) DELETE a RETURN count(*) AS n")
LEAD = Cypher("MATCH (l:TalentLead {id: $id}) RETURN " + LEAD_FIELDS + " AS lead")
ACCEPTED = Cypher(
    "MATCH (l:TalentLead {id: $id}) SET l.status = 'accepted', l.person_id = $person, l.updated_at = $now "
    "RETURN l.id AS id"
)
LEADS_ABOUT = Cypher(
    "MATCH (l:TalentLead {person_id: $person}) OPTIONAL MATCH (same:TalentLead {merged_into: l.id}) "
    "WITH collect(l) + collect(same) AS found UNWIND found AS x "
    "RETURN DISTINCT x.id AS id, x.name AS name, x.url AS url"
)
SET_STATUS = Cypher("MATCH (l:TalentLead {id: $id}) SET l.status = $status, l.updated_at = $now RETURN l.id AS id")
REJECT = Cypher(
    "MATCH (l:TalentLead {id: $id}) MERGE (r:RejectedLead {fingerprint: $fingerprint}) ON CREATE SET r.at = $now "
    "DETACH DELETE l RETURN count(*) AS n"
)


def save_source(store: GraphStore, source: dict, now: int) -> str:
    """Create or change a source (``id``, ``name``, ``kind``, ``location``)."""
    store.write(SAVE_SOURCE, now=now, **{k: source[k] for k in ("id", "name", "kind", "location")})
    return source["id"]


def sources(store: GraphStore) -> list[dict]:
    """Every source with the state of its last runs."""
    return [row["source"] for row in store.read(SOURCES)]


def source(store: GraphStore, source_id: str) -> dict | None:
    """One source, or None."""
    rows = store.read(SOURCE, id=source_id)
    return rows[0]["source"] if rows else None


def run_succeeded(store: GraphStore, source_id: str, now: int, etag, last_modified, items: int, leads: int) -> None:
    """Record a successful run (and the validators for the next conditional request)."""
    store.write(RUN_SUCCEEDED, id=source_id, now=now, etag=etag, last_modified=last_modified, items=items, leads=leads)


def run_failed(store: GraphStore, source_id: str, now: int, error: str) -> None:
    """Record a failed run; the last success stays as it was."""
    store.write(RUN_FAILED, id=source_id, now=now, error=error[:300])


def member_names(store: GraphStore) -> list[str]:
    """Every active member's name, in each script they gave it in (the talent watch's name gazetteer)."""
    return [name for row in store.read(MEMBER_NAMES) for name in (row["name"], row["name_ar"]) if name]


def rejected(store: GraphStore, fingerprints: list[str]) -> set[str]:
    """Which of ``fingerprints`` were rejected before."""
    return {row["fingerprint"] for row in store.read(REJECTED, prints=fingerprints)} if fingerprints else set()


def upsert_leads(store: GraphStore, rows: list[dict], now: int) -> list[str]:
    """Create or refresh leads by ``key`` (``signals``, ``evidence`` and ``topics`` as plain data); a lead's
    status is kept when its item is seen again. Returns the ids of the leads this call created."""
    if not rows:
        return []
    encoded = [
        {
            **row,
            "signals": json.dumps(row["signals"]),
            "evidence": json.dumps(row["evidence"]),
            "topics": json.dumps(row.get("topics") or []),
            "skills": list(row.get("skills") or []),
            "sector": row.get("sector"),
            "name_key": fold(row["name"]),
            "city": row.get("city"),
        }
        for row in rows
    ]
    return [row["id"] for row in store.write(UPSERT_LEADS, rows=encoded, now=now) if row["created"]]


def _decoded(lead: dict) -> dict:
    return {
        **lead,
        "signals": json.loads(lead.get("signals") or "{}"),
        "evidence": json.loads(lead.get("evidence") or "[]"),
        "topics": json.loads(lead.get("topics") or "[]"),
        "skills": list(lead.get("skills") or []),
    }


def leads(
    store: GraphStore, statuses: list[str], filters: dict | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[dict], int]:
    """Leads of the given statuses and ``filters`` (``source``, ``language``, ``sector``, ``country``; absent:
    any), newest and strongest first; their number."""
    params = {"statuses": statuses, **{k: (filters or {}).get(k) for k in ("source", "language", "sector", "country")}}
    rows = store.read(LEADS, skip=(page - 1) * per_page, limit=per_page, **params)
    return [_decoded(row["lead"]) for row in rows], store.read(COUNT_LEADS, **params)[0]["n"]


def leads_by_id(store: GraphStore, ids: list[str]) -> list[dict]:
    """The leads of these ids (those that exist)."""
    return [_decoded(row["lead"]) for row in store.read(LEADS_BY_ID, ids=ids)] if ids else []


def merge(store: GraphStore, lead_id: str, into_id: str, now: int) -> bool:
    """Say that lead ``lead_id`` is the same person as ``into_id``: it leaves the queue and shows under the
    other ("also seen in"); seen again, it stays merged. False when either is missing, decided or the same."""
    return bool(store.write(MERGE_LEAD, id=lead_id, into=into_id, now=now))


def merged_into(store: GraphStore, lead_id: str) -> list[dict]:
    """The leads merged into this one."""
    return [_decoded(row["lead"]) for row in store.read(MERGED_INTO, id=lead_id)]


def same_name(store: GraphStore, lead: dict) -> list[dict]:
    """Other open or accepted leads bearing the same name (perhaps the same person: merge candidates)."""
    return [_decoded(row["lead"]) for row in store.read(SAME_NAME, id=lead["id"], name_key=lead.get("name_key") or "")]


def by_sector_country(store: GraphStore) -> list[dict]:
    """How many leads (open or accepted) per sector, country and status."""
    return store.read(BY_SECTOR_COUNTRY)


def save_alert(store: GraphStore, alert: dict, now: int) -> str:
    """Create an alert (``id``, ``owner_id``, ``kind``, ``segment_id`` or None, ``name``)."""
    store.write(
        SAVE_ALERT,
        id=alert["id"],
        owner=alert["owner_id"],
        kind=alert["kind"],
        segment=alert.get("segment_id"),
        name=alert["name"],
        now=now,
    )
    return alert["id"]


def alerts_of(store: GraphStore, owner_id: str) -> list[dict]:
    """A staff member's alerts."""
    return [row["alert"] for row in store.read(ALERTS_OF, owner=owner_id)]


def all_alerts(store: GraphStore) -> list[dict]:
    """Every alert (the run checks new leads against them)."""
    return [row["alert"] for row in store.read(ALL_ALERTS)]


def delete_alert(store: GraphStore, alert_id: str, owner_id: str) -> bool:
    """Remove one of the owner's alerts; whether it existed."""
    return store.write(DELETE_ALERT, id=alert_id, owner=owner_id)[0]["n"] > 0


def lead(store: GraphStore, lead_id: str) -> dict | None:
    """One lead, or None."""
    rows = store.read(LEAD, id=lead_id)
    return _decoded(rows[0]["lead"]) if rows else None


def set_status(store: GraphStore, lead_id: str, status: str, now: int) -> bool:
    """Mark a lead ``follow``, ``accepted`` or back to ``new``; whether it exists."""
    return bool(store.write(SET_STATUS, id=lead_id, status=status, now=now))


def accepted(store: GraphStore, lead_id: str, person_id: str | None, now: int) -> None:
    """Mark a lead accepted, with the member or contact it became or was linked to."""
    store.write(ACCEPTED, id=lead_id, person=person_id, now=now)


def leads_about(store: GraphStore, person_id: str) -> list[dict]:
    """The leads accepted as this member or contact, and those merged into them (``id``, ``name``, ``url``)."""
    return store.read(LEADS_ABOUT, person=person_id)


def reject(store: GraphStore, lead_id: str, fingerprint: str, now: int) -> bool:
    """Forget a lead, keeping only its fingerprint so that it is not proposed again."""
    return store.write(REJECT, id=lead_id, fingerprint=fingerprint, now=now)[0]["n"] > 0
