"""Talent watch: the sources staff configure and the leads the pipeline proposes.

``(:TalentSource {id, name, kind, location, etag, last_modified, last_run_at, last_success_at, last_error,
last_error_at, last_items, last_leads, created_at})``: where to look (an http(s) address or a file the
project ships) and how the last runs went.

``(:TalentLead {id, key, source_id, url, title, language, published, name, affiliation, country, score,
signals (JSON), evidence (JSON), status, created_at, updated_at})``: a person a source mentioned who may be a
Moroccan abroad; ``key`` (the item's key and the folded name) makes an item seen again update its lead rather
than add one. Status: ``new``, ``follow``, ``accepted``, ``rejected``.

``(:RejectedLead {fingerprint, at})``: all that is kept of a rejected lead (a digest of the name and the
address), so that it is not proposed again.
"""

import json

from .cypher import Cypher
from .store import GraphStore

SOURCE_FIELDS = (
    "s {.id, .name, .kind, .location, .etag, .last_modified, .last_run_at, .last_success_at, .last_error, "
    ".last_error_at, .last_items, .last_leads, .created_at}"
)
LEAD_FIELDS = (
    "l {.id, .key, .source_id, .url, .title, .language, .published, .name, .affiliation, .country, .score, "
    ".signals, .evidence, .status, .created_at, .updated_at}"
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
    "l.score = r.score, l.signals = r.signals, l.evidence = r.evidence, l.updated_at = $now "
    "RETURN count(l) AS n"
)
LEADS = Cypher(
    "MATCH (l:TalentLead) WHERE l.status IN $statuses AND ($source IS NULL OR l.source_id = $source) "
    "AND ($language IS NULL OR l.language = $language) "
    "RETURN " + LEAD_FIELDS + " AS lead ORDER BY lead.created_at DESC, lead.score DESC SKIP $skip LIMIT $limit"
)
COUNT_LEADS = Cypher(
    "MATCH (l:TalentLead) WHERE l.status IN $statuses AND ($source IS NULL OR l.source_id = $source) "
    "AND ($language IS NULL OR l.language = $language) RETURN count(l) AS n"
)
LEAD = Cypher("MATCH (l:TalentLead {id: $id}) RETURN " + LEAD_FIELDS + " AS lead")
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


def upsert_leads(store: GraphStore, rows: list[dict], now: int) -> int:
    """Create or refresh leads by ``key`` (``signals`` and ``evidence`` as plain data); a lead's status is
    kept when its item is seen again."""
    if not rows:
        return 0
    encoded = [{**row, "signals": json.dumps(row["signals"]), "evidence": json.dumps(row["evidence"])} for row in rows]
    return store.write(UPSERT_LEADS, rows=encoded, now=now)[0]["n"]


def _decoded(lead: dict) -> dict:
    return {
        **lead,
        "signals": json.loads(lead.get("signals") or "{}"),
        "evidence": json.loads(lead.get("evidence") or "[]"),
    }


def leads(
    store: GraphStore, statuses: list[str], source_id=None, language=None, page: int = 1, per_page: int = 50
) -> tuple[list[dict], int]:
    """Leads of the given statuses (of one source or language), newest and strongest first; their number."""
    params = {"statuses": statuses, "source": source_id, "language": language}
    rows = store.read(LEADS, skip=(page - 1) * per_page, limit=per_page, **params)
    return [_decoded(row["lead"]) for row in rows], store.read(COUNT_LEADS, **params)[0]["n"]


def lead(store: GraphStore, lead_id: str) -> dict | None:
    """One lead, or None."""
    rows = store.read(LEAD, id=lead_id)
    return _decoded(rows[0]["lead"]) if rows else None


def set_status(store: GraphStore, lead_id: str, status: str, now: int) -> bool:
    """Mark a lead ``follow``, ``accepted`` or back to ``new``; whether it exists."""
    return bool(store.write(SET_STATUS, id=lead_id, status=status, now=now))


def reject(store: GraphStore, lead_id: str, fingerprint: str, now: int) -> bool:
    """Forget a lead, keeping only its fingerprint so that it is not proposed again."""
    return store.write(REJECT, id=lead_id, fingerprint=fingerprint, now=now)[0]["n"] > 0
