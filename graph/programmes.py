"""Support programmes and every version of them.

``(:Programme {id, name, kind, institution_ids, opens_on, closes_on, runner_*, audience_*, benefits_*,
documents_*, history_* (en, fr, ar), contact, rules (JSON), version, updated_at, updated_by})``; each change
keeps the whole programme as it became: ``(p)-[:HAS_VERSION]->(:ProgrammeVersion {programme_id, version,
snapshot (JSON), by_id, by_name, note, at})``. Dates are ISO days (``"2024-07-19"``) or null.
"""

import json

from .cypher import Cypher
from .errors import Conflict
from .store import GraphStore

TEXTS = ("runner", "audience", "benefits", "documents", "history")
LANGUAGES = ("en", "fr", "ar")
EDITABLE = ("name", "kind", "institution_ids", "opens_on", "closes_on", "contact", "rules") + tuple(
    f"{text}_{language}" for text in TEXTS for language in LANGUAGES
)
_FIELDS = "p {" + ", ".join("." + name for name in ("id",) + EDITABLE + ("version", "updated_at", "updated_by")) + "}"

# Programmes shipped with the platform: created once, never overwritten (staff may have changed them since).
LOAD = Cypher(
    "UNWIND $rows AS row MERGE (p:Programme {id: row.id}) "
    "ON CREATE SET p += row.props, p.version = 1, p.updated_at = $now, p.updated_by = null "
    "WITH p, row WHERE NOT (p)-[:HAS_VERSION]->() "
    "CREATE (p)-[:HAS_VERSION]->(:ProgrammeVersion {programme_id: p.id, version: 1, snapshot: row.snapshot, "
    "by_id: null, by_name: null, note: $note, at: $now}) RETURN count(p) AS created"
)
ALL = Cypher("MATCH (p:Programme) RETURN " + _FIELDS + " AS programme ORDER BY p.name")
ONE = Cypher("MATCH (p:Programme {id: $id}) RETURN " + _FIELDS + " AS programme")
CREATE = Cypher(
    "CREATE (p:Programme {id: $id}) SET p += $props, p.version = 1, p.updated_at = $now, p.updated_by = $by_id "
    "CREATE (p)-[:HAS_VERSION]->(:ProgrammeVersion {programme_id: $id, version: 1, snapshot: $snapshot, "
    "by_id: $by_id, by_name: $by_name, note: $note, at: $now}) RETURN p.id AS id"
)
# A change lands only on the version it was made from (two staff editing at once: the second is told).
UPDATE = Cypher(
    "MATCH (p:Programme {id: $id}) WHERE p.version = $expected "
    "SET p += $props, p.version = p.version + 1, p.updated_at = $now, p.updated_by = $by_id "
    "CREATE (p)-[:HAS_VERSION]->(:ProgrammeVersion {programme_id: $id, version: p.version, snapshot: $snapshot, "
    "by_id: $by_id, by_name: $by_name, note: $note, at: $now}) RETURN p.version AS version"
)
VERSIONS = Cypher(
    "MATCH (:Programme {id: $id})-[:HAS_VERSION]->(v:ProgrammeVersion) "
    "RETURN v {.version, .by_id, .by_name, .note, .at} AS version ORDER BY v.version DESC"
)
VERSION = Cypher(
    "MATCH (:Programme {id: $id})-[:HAS_VERSION]->(v:ProgrammeVersion {version: $version}) "
    "RETURN v {.version, .snapshot, .by_id, .by_name, .note, .at} AS version"
)


def _decoded(programme: dict) -> dict:
    return {**programme, "rules": json.loads(programme.get("rules") or '{"conditions": []}')}


def _encoded(props: dict) -> dict:
    kept = {name: props.get(name) for name in EDITABLE}
    kept["rules"] = json.dumps(props.get("rules") or {"conditions": []}, ensure_ascii=False, sort_keys=True)
    kept["institution_ids"] = list(props.get("institution_ids") or [])
    return kept


def load(store: GraphStore, programmes: list[dict], now: int, note: str) -> int:
    """Create the programmes not in the graph yet (each with its first version); the number created."""
    rows = []
    for programme in programmes:
        props = _encoded(programme)
        rows.append({"id": programme["id"], "props": props, "snapshot": json.dumps(props, ensure_ascii=False)})
    found = store.write(LOAD, rows=rows, now=now, note=note)
    return found[0]["created"] if found else 0


def listing(store: GraphStore) -> list[dict]:
    """Every programme, rules decoded, by name."""
    return [_decoded(row["programme"]) for row in store.read(ALL)]


def by_id(store: GraphStore, programme_id: str) -> dict | None:
    """One programme, rules decoded, or None."""
    rows = store.read(ONE, id=programme_id)
    return _decoded(rows[0]["programme"]) if rows else None


def create(store: GraphStore, programme_id: str, props: dict, by: dict, note: str, now: int) -> bool:
    """A new programme (version 1); False when the id is taken."""
    kept = _encoded(props)
    snapshot = json.dumps(kept, ensure_ascii=False)
    try:
        rows = store.write(
            CREATE,
            id=programme_id,
            props=kept,
            snapshot=snapshot,
            now=now,
            by_id=by["id"],
            by_name=by["name"],
            note=note,
        )
    except Conflict:  # the id is unique
        return False
    return bool(rows)


def update(store: GraphStore, programme_id: str, expected: int, props: dict, by: dict, note: str, now: int):
    """Change a programme made from version ``expected``: the new version number, or None when the programme
    is gone or someone changed it since."""
    kept = _encoded(props)
    rows = store.write(
        UPDATE,
        id=programme_id,
        expected=expected,
        props=kept,
        snapshot=json.dumps(kept, ensure_ascii=False),
        now=now,
        by_id=by["id"],
        by_name=by["name"],
        note=note,
    )
    return rows[0]["version"] if rows else None


def versions(store: GraphStore, programme_id: str) -> list[dict]:
    """The programme's versions, newest first (who, when, why; no content)."""
    return [row["version"] for row in store.read(VERSIONS, id=programme_id)]


def version(store: GraphStore, programme_id: str, number: int) -> dict | None:
    """One version with the programme as it was (``programme``, rules decoded), or None."""
    rows = store.read(VERSION, id=programme_id, version=number)
    if not rows:
        return None
    found = dict(rows[0]["version"])
    found["programme"] = _decoded({"id": programme_id, **json.loads(found.pop("snapshot"))})
    return found
