"""Imports in the graph: where files come from, each import, each row's outcome with the values it brought,
and the people imports know about who are not members.

``(:ImportSource {id, name, basis, retention_days, mapping, created_at})``: a database the department holds,
with the lawful basis for holding it and how long it may keep it; ``mapping`` is the column mapping last
confirmed for it (JSON text).
``(:ImportBatch {id, source_id, filename, basis, retention_days, status, rows, counts, error, created_at,
created_by, finished_at, undone_at})``: one file brought in (``status``: queued, running, done, failed,
undone; ``counts`` JSON text).
``(:ImportRecord {id, batch_id, source_id, row, outcome, person_id, reasons, values, problems, at})``: one
row of a file: its outcome (linked, new, review, rejected), the person it is about, why, and the values it
brought (JSON text). Records are the provenance: a contact's fields are folded from its records, so undoing
an import is deleting its records and folding again.
``(:Contact {id, name, first_name, last_name, name_keys, emails, phones, country, city_id, city, profession,
employer, skill_ids, other_skills, sector_ids, degree, birth_date, status, created_batch, created_at})``: a
person known from imports only (``status`` contact; claimed once they register through an invitation). Not
a member: in no directory, sent nothing.
"""

import json

from .cypher import Cypher
from .store import GraphStore

UPSERT_SOURCE = Cypher(
    "MERGE (s:ImportSource {id: $id}) ON CREATE SET s.created_at = $now "
    "SET s.name = $name, s.basis = $basis, s.retention_days = $retention_days "
    "RETURN s {.id, .name, .basis, .retention_days, .mapping, .created_at} AS source"
)
SAVE_MAPPING = Cypher("MATCH (s:ImportSource {id: $id}) SET s.mapping = $mapping RETURN s.id AS id")
SOURCE = Cypher(
    "MATCH (s:ImportSource {id: $id}) RETURN s {.id, .name, .basis, .retention_days, .mapping, .created_at} AS source"
)
CREATE_BATCH = Cypher(
    "CREATE (b:ImportBatch {id: $id, source_id: $source_id, filename: $filename, basis: $basis, "
    "retention_days: $retention_days, status: $status, rows: 0, counts: '{}', created_at: $now, "
    "created_by: $by}) RETURN b.id AS id"
)
SET_STATUS = Cypher("MATCH (b:ImportBatch {id: $id}) SET b.status = $status RETURN b.id AS id")
SET_JOB = Cypher("MATCH (b:ImportBatch {id: $id}) SET b.job_id = $job_id RETURN b.id AS id")
BATCHES = Cypher(
    "MATCH (b:ImportBatch) WHERE b.created_at IS NOT NULL WITH b ORDER BY b.created_at DESC SKIP $skip LIMIT $limit "
    "RETURN b {.id, .source_id, .filename, .status, .rows, .counts, .created_at} AS batch"
)
COUNT_BATCHES = Cypher("MATCH (b:ImportBatch) RETURN count(b) AS n")
SOURCES = Cypher("MATCH (s:ImportSource) RETURN s {.id, .name, .basis, .retention_days} AS source ORDER BY source.name")
SET_BATCH = Cypher(
    "MATCH (b:ImportBatch {id: $id}) SET b.status = $status, b.rows = $rows, b.counts = $counts, "
    "b.error = $error, b.finished_at = $now RETURN b.id AS id"
)
BATCH = Cypher(
    "MATCH (b:ImportBatch {id: $id}) RETURN b {.id, .source_id, .filename, .basis, .retention_days, .status, "
    ".rows, .counts, .error, .created_at, .created_by, .finished_at, .undone_at, .job_id} AS batch"
)
WRITE_RECORDS = Cypher(
    "UNWIND $rows AS r CREATE (x:ImportRecord {id: $batch_id + ':' + toString(r.row), batch_id: $batch_id, "
    "source_id: $source_id, row: r.row, outcome: r.outcome, person_id: r.person_id, reasons: r.reasons, "
    "values: r.values, problems: r.problems, at: $now}) RETURN count(x) AS n"
)
RECORDS_OF_BATCH = Cypher(
    "MATCH (x:ImportRecord {batch_id: $batch_id}) WHERE $outcome IS NULL OR x.outcome = $outcome "
    "WITH x ORDER BY x.row SKIP $skip LIMIT $limit "
    "RETURN x {.row, .outcome, .person_id, .reasons, .problems, .values} AS record"
)
RECORDS_OF_PEOPLE = Cypher(
    "UNWIND $ids AS pid MATCH (x:ImportRecord {person_id: pid}) "
    "RETURN pid AS person_id, x.values AS values, x.at AS at, x.batch_id AS batch_id, x.row AS row ORDER BY at, row"
)
PEOPLE_OF_BATCH = Cypher(
    "MATCH (x:ImportRecord {batch_id: $batch_id}) WHERE x.person_id IS NOT NULL "
    "RETURN DISTINCT x.person_id AS person_id"
)
DELETE_RECORDS = Cypher("MATCH (x:ImportRecord {batch_id: $batch_id}) WITH x LIMIT 5000 DELETE x RETURN count(*) AS n")
CLAIMED_OF_BATCH = Cypher(
    "MATCH (c:Contact {created_batch: $batch_id}) WHERE c.status <> 'contact' RETURN count(c) AS n"
)
UNDONE = Cypher("MATCH (b:ImportBatch {id: $id}) SET b.status = 'undone', b.undone_at = $now RETURN b.id AS id")
# who is already known by an e-mail address or a phone number: contacts, then members by their e-mail key
CONTACTS_BY_EMAIL = Cypher("UNWIND $values AS v MATCH (c:Contact) WHERE v IN c.emails RETURN v AS value, c.id AS id")
CONTACTS_BY_PHONE = Cypher("UNWIND $values AS v MATCH (c:Contact) WHERE v IN c.phones RETURN v AS value, c.id AS id")
MEMBERS_BY_EMAIL = Cypher("UNWIND $values AS v MATCH (m:Member {email_key: v}) RETURN v AS value, m.id AS id")
UPSERT_CONTACTS = Cypher(
    "UNWIND $rows AS r MERGE (c:Contact {id: r.id}) "
    "ON CREATE SET c.created_batch = r.created_batch, c.created_at = $now, c.status = 'contact' "
    "SET c.name = r.name, c.first_name = r.first_name, c.last_name = r.last_name, c.name_keys = r.name_keys, "
    "c.emails = r.emails, c.phones = r.phones, c.country = r.country, c.city_id = r.city_id, c.city = r.city, "
    "c.profession = r.profession, c.employer = r.employer, c.skill_ids = r.skill_ids, "
    "c.other_skills = r.other_skills, c.sector_ids = r.sector_ids, c.degree = r.degree, "
    "c.birth_date = r.birth_date RETURN count(c) AS n"
)
DELETE_CONTACTS = Cypher("UNWIND $ids AS cid MATCH (c:Contact {id: cid}) DETACH DELETE c RETURN count(*) AS n")
CONTACT = Cypher("MATCH (c:Contact {id: $id}) RETURN properties(c) AS contact")
SET_CLAIM = Cypher(
    "MATCH (c:Contact {id: $id}) WHERE c.status = 'contact' "
    "SET c.claim_hash = $hash, c.claim_expires_at = $expires, c.invited_at = $now, c.invited_by = $by "
    "RETURN c.id AS id"
)
CONTACT_BY_CLAIM = Cypher(
    "MATCH (c:Contact {claim_hash: $hash}) WHERE c.status = 'contact' AND c.claim_expires_at > $now "
    "RETURN properties(c) AS contact"
)
CLAIMED = Cypher(
    "MATCH (c:Contact {id: $id}) SET c.status = 'claimed', c.claimed_by = $member_id, c.claimed_at = $now, "
    "c.claim_hash = null RETURN c.id AS id"
)
ERASE_CONTACT = Cypher(
    "MATCH (x:ImportRecord {person_id: $id}) SET x.values = '{}', x.problems = '{}', x.person_id = null, "
    "x.outcome = 'erased' RETURN count(x) AS n"
)
# a contact is kept until the end of the longest retention among the imports that brought rows about it
CONTACTS_PAST_RETENTION = Cypher(
    "MATCH (c:Contact {status: 'contact'}) MATCH (x:ImportRecord {person_id: c.id}) "
    "MATCH (b:ImportBatch {id: x.batch_id}) "
    "WITH c, max(x.at + coalesce(b.retention_days, 3650) * 86400000) AS ends WHERE ends < $now "
    "RETURN c.id AS id ORDER BY id LIMIT $limit"
)
TO_REVIEW = Cypher(
    "MATCH (x:ImportRecord {outcome: 'review'}) WITH x ORDER BY x.at, x.batch_id, x.row SKIP $skip LIMIT $limit "
    "RETURN x {.id, .batch_id, .row, .reasons, .values} AS record"
)
COUNT_TO_REVIEW = Cypher("MATCH (x:ImportRecord {outcome: 'review'}) RETURN count(x) AS n")
RECORD_TO_REVIEW = Cypher(
    "MATCH (x:ImportRecord {id: $id}) WHERE x.outcome = 'review' "
    "RETURN x {.id, .batch_id, .row, .reasons, .values} AS record"
)
DECIDE = Cypher(
    "MATCH (x:ImportRecord {id: $id}) WHERE x.outcome = 'review' "
    "SET x.person_id = $person_id, x.outcome = $outcome, x.reasons = $reasons RETURN x.id AS id"
)
SPLIT_RECORD = Cypher(
    "MATCH (x:ImportRecord {id: $id}) WHERE x.person_id = $from "
    "SET x.person_id = $to, x.outcome = 'new', x.reasons = $reasons RETURN x.batch_id AS batch_id"
)
MOVE_RECORDS = Cypher(
    "UNWIND $from AS pid MATCH (x:ImportRecord {person_id: pid}) SET x.person_id = $to RETURN count(x) AS n"
)
ADD_HISTORY = Cypher(
    "UNWIND $events AS e MATCH (c:Contact {id: e.id}) SET c.history = coalesce(c.history, []) + [e.event] "
    "RETURN count(c) AS n"
)
MEMBER_SUMMARY = Cypher(
    "UNWIND $ids AS mid MATCH (m:Member {id: mid}) "
    "RETURN m.id AS id, m.display_name AS name, [m.email_key] AS emails, "
    "CASE WHEN m.phone IS NULL THEN [] ELSE [m.phone] END AS phones, m.country AS country, m.city_id AS city_id, "
    "'' AS city, m.employer AS employer, m.job_title AS profession, true AS is_member"
)
CONTACT_SUMMARY = Cypher(
    "UNWIND $ids AS cid MATCH (c:Contact {id: cid}) "
    "RETURN c.id AS id, c.name AS name, c.emails AS emails, c.phones AS phones, c.country AS country, "
    "c.city_id AS city_id, c.city AS city, c.employer AS employer, c.profession AS profession, false AS is_member"
)
PROVENANCE = Cypher(
    "MATCH (x:ImportRecord {person_id: $id}) OPTIONAL MATCH (b:ImportBatch {id: x.batch_id}) "
    "OPTIONAL MATCH (s:ImportSource {id: x.source_id}) "
    "RETURN x.id AS id, x.batch_id AS batch_id, x.row AS row, x.values AS values, x.at AS at, b.filename AS filename, "
    "s.name AS source, s.basis AS basis ORDER BY at, row"
)
_CONTACT_ROW = "RETURN c {.id, .name, .emails, .phones, .country, .city, .employer, .created_at} AS contact"
CONTACTS_BY_KEYS = Cypher(
    "UNWIND $keys AS k MATCH (c:Contact) WHERE k IN c.name_keys WITH DISTINCT c "
    "WITH c ORDER BY c.name, c.id LIMIT $limit " + _CONTACT_ROW
)
NEWEST_CONTACTS = Cypher(
    "MATCH (c:Contact) WHERE c.created_at IS NOT NULL WITH c ORDER BY c.created_at DESC, c.id SKIP $skip LIMIT $limit "
    + _CONTACT_ROW
)
COUNT_CONTACTS = Cypher("MATCH (c:Contact) RETURN count(c) AS n")


LINKAGE_MEMBERS = Cypher(
    "MATCH (m:Member) WHERE m.status = 'active' "
    "RETURN m.id AS id, m.display_name AS name, m.name_ar AS name_ar, [m.email_key] AS emails, "
    "CASE WHEN m.phone IS NULL THEN [] ELSE [m.phone] END AS phones, m.city_id AS city_id, m.country AS country, "
    "m.employer AS employer, m.job_title AS profession, '' AS birth_date"
)
LINKAGE_CONTACTS = Cypher(
    "MATCH (c:Contact) RETURN c.id AS id, c.name AS name, null AS name_ar, c.first_name AS first_name, "
    "c.last_name AS last_name, c.emails AS emails, c.phones AS phones, c.city_id AS city_id, c.country AS country, "
    "c.employer AS employer, c.profession AS profession, c.birth_date AS birth_date"
)


SEEDED_MEMBERS = Cypher(
    "MATCH (m:Member) WHERE m.status = 'active' AND m.email_key STARTS WITH 'member' "
    "AND m.email_key ENDS WITH '@example.org' "
    "RETURN m.id AS id, m.display_name AS name, m.name_ar AS name_ar, m.email_key AS email, "
    "m.city_id AS city_id, m.country AS country, m.employer AS employer, m.job_title AS profession ORDER BY m.id"
)


def linkage_people(store: GraphStore) -> list[dict]:
    """Everyone an imported row may be about, with what record linkage compares: active members (their
    name in both scripts) and contacts."""
    return store.read(LINKAGE_MEMBERS) + store.read(LINKAGE_CONTACTS)


def seeded_members(store: GraphStore) -> list[dict]:
    """The demo seed's members (``member<N>@example.org``) with what record linkage compares: for the
    labelled set of ``app/seed/linkage.py``."""
    return store.read(SEEDED_MEMBERS)


def save_source(store: GraphStore, source_id: str, name: str, basis: str, retention_days: int, now: int) -> dict:
    """Create or update a source (its name, lawful basis and retention period)."""
    return store.write(UPSERT_SOURCE, id=source_id, name=name, basis=basis, retention_days=retention_days, now=now)[0][
        "source"
    ]


def source(store: GraphStore, source_id: str) -> dict | None:
    """A source with its saved mapping decoded (``{column: field}``), None if unknown."""
    rows = store.read(SOURCE, id=source_id)
    if not rows:
        return None
    found = dict(rows[0]["source"])
    found["mapping"] = {int(k): v for k, v in json.loads(found.get("mapping") or "{}").items()}
    return found


def save_mapping(store: GraphStore, source_id: str, mapping: dict[int, str]) -> None:
    """Remember the column mapping confirmed for a source."""
    store.write(SAVE_MAPPING, id=source_id, mapping=json.dumps({str(k): v for k, v in mapping.items()}))


def create_batch(
    store: GraphStore, batch_id: str, src: dict, filename: str, by: str | None, now: int, status: str = "queued"
) -> None:
    """Record a new import of ``filename`` from ``src`` with the source's basis and retention (``status``:
    ``mapping`` while a person confirms the columns, else ``queued``)."""
    store.write(
        CREATE_BATCH,
        status=status,
        id=batch_id,
        source_id=src["id"],
        filename=filename,
        basis=src["basis"],
        retention_days=src["retention_days"],
        now=now,
        by=by,
    )


def set_batch(store: GraphStore, batch_id: str, status: str, rows: int, counts: dict, now: int, error=None) -> None:
    """An import's state, row count and counts per outcome."""
    store.write(SET_BATCH, id=batch_id, status=status, rows=rows, counts=json.dumps(counts), error=error, now=now)


def set_status(store: GraphStore, batch_id: str, status: str) -> None:
    """An import's status alone (queued, running)."""
    store.write(SET_STATUS, id=batch_id, status=status)


def set_job(store: GraphStore, batch_id: str, job_id: str) -> None:
    """The background job running an import (for its progress)."""
    store.write(SET_JOB, id=batch_id, job_id=job_id)


def batches(store: GraphStore, page: int, per_page: int) -> tuple[list[dict], int]:
    """The imports, newest first, one page, with their counts decoded; and how many there are."""
    rows = store.read(BATCHES, skip=(page - 1) * per_page, limit=per_page)
    found = [{**row["batch"], "counts": json.loads(row["batch"]["counts"] or "{}")} for row in rows]
    return found, store.read(COUNT_BATCHES)[0]["n"]


def sources(store: GraphStore) -> list[dict]:
    """Every source, by name."""
    return [row["source"] for row in store.read(SOURCES)]


def batch(store: GraphStore, batch_id: str) -> dict | None:
    """One import with its counts decoded, None if unknown."""
    rows = store.read(BATCH, id=batch_id)
    if not rows:
        return None
    found = dict(rows[0]["batch"])
    found["counts"] = json.loads(found.get("counts") or "{}")
    return found


def write_records(store: GraphStore, batch_id: str, source_id: str, records: list[dict], now: int) -> None:
    """One node per row (values, problems and reasons stored as JSON text), in slices."""
    for start in range(0, len(records), 2000):
        rows = [
            {
                **record,
                "values": json.dumps(record.get("values") or {}, ensure_ascii=False),
                "problems": json.dumps(record.get("problems") or {}, ensure_ascii=False),
                "reasons": json.dumps(record.get("reasons") or [], ensure_ascii=False),
            }
            for record in records[start : start + 2000]
        ]
        store.write(WRITE_RECORDS, rows=rows, batch_id=batch_id, source_id=source_id, now=now)


def records(
    store: GraphStore, batch_id: str, page: int = 1, per_page: int = 100, outcome: str | None = None
) -> list[dict]:
    """One page of an import's rows in file order (of one ``outcome``, or all): outcome, person, reasons,
    problems and values decoded."""
    rows = store.read(RECORDS_OF_BATCH, batch_id=batch_id, outcome=outcome, skip=(page - 1) * per_page, limit=per_page)
    decoded = ("reasons", "problems", "values")
    return [{**row["record"], **{key: json.loads(row["record"][key] or "null") for key in decoded}} for row in rows]


def records_of_people(store: GraphStore, person_ids: list[str]) -> dict[str, list[dict]]:
    """The values each person's import rows brought, oldest first: ``{person_id: [values, ...]}``."""
    found: dict[str, list[dict]] = {pid: [] for pid in person_ids}
    for start in range(0, len(person_ids), 2000):
        for row in store.read(RECORDS_OF_PEOPLE, ids=person_ids[start : start + 2000]):
            found[row["person_id"]].append(json.loads(row["values"] or "{}"))
    return found


def known_by(store: GraphStore, emails: list[str], phones: list[str]) -> dict[str, str]:
    """Who already has one of these e-mail addresses or phone numbers: ``{value: person id}`` (a member's
    id wins over a contact's for the same address)."""
    found: dict[str, str] = {}
    for statement, values in ((CONTACTS_BY_EMAIL, emails), (CONTACTS_BY_PHONE, phones), (MEMBERS_BY_EMAIL, emails)):
        for start in range(0, len(values), 5000):
            for row in store.read(statement, values=values[start : start + 5000]):
                found[row["value"]] = row["id"]
    return found


def save_contacts(store: GraphStore, contacts: list[dict], now: int) -> None:
    """Create or refresh contacts from their folded fields, in slices."""
    for start in range(0, len(contacts), 2000):
        store.write(UPSERT_CONTACTS, rows=contacts[start : start + 2000], now=now)


def people_of_batch(store: GraphStore, batch_id: str) -> list[str]:
    """The people (contacts or members) an import's rows were about."""
    return [row["person_id"] for row in store.read(PEOPLE_OF_BATCH, batch_id=batch_id)]


def claimed_in_batch(store: GraphStore, batch_id: str) -> int:
    """How many contacts an import created have since been claimed by the person."""
    return store.read(CLAIMED_OF_BATCH, batch_id=batch_id)[0]["n"]


def delete_records(store: GraphStore, batch_id: str) -> None:
    """Every row of an import, gone."""
    while store.write(DELETE_RECORDS, batch_id=batch_id)[0]["n"]:
        pass


def delete_contacts(store: GraphStore, contact_ids: list[str]) -> None:
    """These contacts, gone."""
    for start in range(0, len(contact_ids), 2000):
        store.write(DELETE_CONTACTS, ids=contact_ids[start : start + 2000])


def mark_undone(store: GraphStore, batch_id: str, now: int) -> None:
    """An import rolled back."""
    store.write(UNDONE, id=batch_id, now=now)


def contact(store: GraphStore, contact_id: str) -> dict | None:
    """One contact's fields (``history`` decoded: splits, oldest first), None if unknown."""
    rows = store.read(CONTACT, id=contact_id)
    if not rows:
        return None
    found = dict(rows[0]["contact"])
    found["history"] = [json.loads(event) for event in found.get("history") or []]
    return found


def set_claim(store: GraphStore, contact_id: str, digest: str, expires: int, by: str, now: int) -> bool:
    """Invite a contact to claim their profile (a new invitation replaces the last); False once claimed."""
    return bool(store.write(SET_CLAIM, id=contact_id, hash=digest, expires=expires, by=by, now=now))


def contact_by_claim(store: GraphStore, digest: str, now: int) -> dict | None:
    """The unclaimed contact a live invitation is for, None for an unknown, used or expired one."""
    rows = store.read(CONTACT_BY_CLAIM, hash=digest, now=now)
    return rows[0]["contact"] if rows else None


def mark_claimed(store: GraphStore, contact_id: str, member_id: str, now: int) -> None:
    """The person registered through their invitation: the contact is theirs, the invitation used."""
    store.write(CLAIMED, id=contact_id, member_id=member_id, now=now)


def erase_contact(store: GraphStore, contact_id: str) -> None:
    """The person refused: their contact is deleted and the rows about them keep no value (they still count
    in their import's report, as erased)."""
    store.write(ERASE_CONTACT, id=contact_id)
    store.write(DELETE_CONTACTS, ids=[contact_id])


def contacts_past_retention(store: GraphStore, now: int, limit: int = 1000) -> list[str]:
    """Contacts (not members) whose every import's retention has ended by ``now`` (ms)."""
    return [row["id"] for row in store.read(CONTACTS_PAST_RETENTION, now=now, limit=limit)]


def _decoded_record(record: dict) -> dict:
    return {**record, "reasons": json.loads(record["reasons"] or "[]"), "values": json.loads(record["values"] or "{}")}


def to_review(store: GraphStore, page: int, per_page: int) -> tuple[list[dict], int]:
    """Rows waiting for a person's decision, oldest first, one page; and how many there are."""
    rows = store.read(TO_REVIEW, skip=(page - 1) * per_page, limit=per_page)
    return [_decoded_record(row["record"]) for row in rows], store.read(COUNT_TO_REVIEW)[0]["n"]


def record_to_review(store: GraphStore, record_id: str) -> dict | None:
    """One row still waiting for a decision, None otherwise."""
    rows = store.read(RECORD_TO_REVIEW, id=record_id)
    return _decoded_record(rows[0]["record"]) if rows else None


def decide(store: GraphStore, record_id: str, person_id: str, outcome: str, reasons: list[dict]) -> bool:
    """A person's decision on a row: who it is about and its outcome now (False if it was decided already)."""
    return bool(store.write(DECIDE, id=record_id, person_id=person_id, outcome=outcome, reasons=json.dumps(reasons)))


def split_record(store: GraphStore, record_id: str, from_id: str, to_id: str, reasons: list[dict]) -> str | None:
    """Move one import row from a person to another (a new contact); its import's id, None if the row was
    not about ``from_id``."""
    rows = store.write(SPLIT_RECORD, id=record_id, to=to_id, reasons=json.dumps(reasons), **{"from": from_id})
    return rows[0]["batch_id"] if rows else None


def move_records(store: GraphStore, from_ids: list[str], to_id: str) -> int:
    """Every import row about these people is now about ``to_id`` (a merge); how many moved."""
    return store.write(MOVE_RECORDS, to=to_id, **{"from": from_ids})[0]["n"]


def add_history(store: GraphStore, events: dict[str, dict]) -> None:
    """Add an event (a split) to contacts' histories: ``{contact id: event}``."""
    store.write(ADD_HISTORY, events=[{"id": cid, "event": json.dumps(event)} for cid, event in events.items()])


def people_summary(store: GraphStore, ids: list[str]) -> dict[str, dict]:
    """What a row to review is compared on, of contacts and members by id: name, e-mail addresses, phones,
    country, city, employer and profession."""
    found = {row["id"]: row for row in store.read(CONTACT_SUMMARY, ids=ids)}
    found.update({row["id"]: row for row in store.read(MEMBER_SUMMARY, ids=ids)})
    return found


def provenance(store: GraphStore, person_id: str) -> list[dict]:
    """Every import row about a person, oldest first: its values with its source, file, row and date."""
    return [{**row, "values": json.loads(row["values"] or "{}")} for row in store.read(PROVENANCE, id=person_id)]


def find_contacts(store: GraphStore, keys: list[str], limit: int = 50) -> list[dict]:
    """Contacts whose name gives one of these name keys (:func:`graph.textkeys.name_keys`), by name."""
    return [row["contact"] for row in store.read(CONTACTS_BY_KEYS, keys=keys, limit=limit)]


def newest_contacts(store: GraphStore, page: int, per_page: int) -> list[dict]:
    """Contacts, the most recently brought in first, one page."""
    return [row["contact"] for row in store.read(NEWEST_CONTACTS, skip=(page - 1) * per_page, limit=per_page)]


def count_contacts(store: GraphStore) -> int:
    """How many contacts the graph holds."""
    return store.read(COUNT_CONTACTS)[0]["n"]
