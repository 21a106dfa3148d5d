"""Reference nodes: Skill, SkillField, Sector, Language, Country, City, Region, Institution.

Every reference node has an ``id``, labels in Arabic, French and English (``name_ar``, ``name_fr``,
``name_en``; a City has one ``name`` and an optional ``name_ar``) and a folded ``key`` for matching.
"""

import hashlib

from .cypher import Cypher
from .store import GraphStore
from .textkeys import fold, name_keys

UPSERT_SKILL_FIELDS = Cypher(
    "UNWIND $rows AS r MERGE (f:SkillField {id: r.id}) "
    "SET f.name_en = r.en, f.name_fr = r.fr, f.name_ar = r.ar RETURN count(f) AS n"
)
UPSERT_SKILLS = Cypher(
    "UNWIND $rows AS r MERGE (s:Skill {id: r.id}) "
    "SET s.name_en = r.en, s.name_fr = r.fr, s.name_ar = r.ar, s.label_keys = r.label_keys, s.search = r.search, "
    "s.curated = true, s.field = r.field "
    "WITH s, r MATCH (f:SkillField {id: r.field}) MERGE (s)-[:IN_FIELD]->(f) RETURN count(s) AS n"
)
UPSERT_LABELLED = {
    label: Cypher(
        "UNWIND $rows AS r MERGE (n:" + label + " {id: r.id}) "
        "SET n.name_en = r.en, n.name_fr = r.fr, n.name_ar = r.ar RETURN count(n) AS n"
    )
    for label in ("Sector", "Region", "Language", "Country")
}
UPSERT_SECTOR = UPSERT_LABELLED["Sector"]
UPSERT_REGION = UPSERT_LABELLED["Region"]
UPSERT_LANGUAGE = UPSERT_LABELLED["Language"]
UPSERT_COUNTRY = UPSERT_LABELLED["Country"]
UPSERT_CITIES = Cypher(
    "UNWIND $rows AS r MATCH (c:Country {id: r.country}) MERGE (city:City {id: r.id}) "
    "SET city.name = r.name, city.name_ar = r.name_ar, city.key = r.key, city.name_keys = r.name_keys, "
    "city.name_folded = r.name_folded, city.name_ar_folded = r.name_ar_folded, "
    "city.country = r.country, "
    "city.population = r.population, city.latitude = r.latitude, city.longitude = r.longitude "
    "MERGE (city)-[:IN]->(c) RETURN count(city) AS n"
)
UPSERT_INSTITUTIONS = Cypher(
    "UNWIND $rows AS r MERGE (i:Institution {id: r.id}) "
    "SET i.name = r.name, i.name_ar = r.name_ar, i.kind = r.kind, i.country = r.country, i.key = r.key "
    "RETURN count(i) AS n"
)

ALL_SKILLS = Cypher(
    "MATCH (s:Skill) RETURN s.id AS id, s.name_en AS en, s.name_fr AS fr, s.name_ar AS ar, s.field AS field, "
    "s.curated AS curated ORDER BY s.field, s.name_en"
)
ALL_CITIES = Cypher(
    "MATCH (c:City)-[:IN]->(k:Country) RETURN c.id AS id, c.name AS name, c.name_ar AS name_ar, k.id AS country, "
    "c.latitude AS latitude, c.longitude AS longitude"
)
LIST_LABELLED = {
    label: Cypher(
        "MATCH (n:" + label + ") RETURN n.id AS id, n.name_en AS name_en, n.name_fr AS name_fr, "
        "n.name_ar AS name_ar ORDER BY n.id"
    )
    for label in ("SkillField", "Sector", "Region", "Language", "Country")
}
# Module-level names for the statements kept in dicts, so that the Neo4j conformance test finds them.
LIST_SECTORS = LIST_LABELLED["Sector"]
LIST_REGIONS = LIST_LABELLED["Region"]
LIST_LANGUAGES = LIST_LABELLED["Language"]
LIST_COUNTRIES = LIST_LABELLED["Country"]
LIST_SKILL_FIELDS = LIST_LABELLED["SkillField"]
LIST_INSTITUTIONS = Cypher(
    "MATCH (i:Institution) RETURN i.id AS id, i.name AS name, i.name_ar AS name_ar, i.kind AS kind, "
    "i.country AS country ORDER BY i.name"
)
FIND_SKILLS = Cypher(
    "MATCH (s:Skill) WHERE s.search CONTAINS $q "
    "RETURN s.id AS id, s.name_en AS en, s.name_fr AS fr, s.name_ar AS ar, s.curated AS curated "
    "ORDER BY s.curated DESC, size(s.search), s.name_en LIMIT $limit"
)
# The same name first, then the preferred country's cities (Morocco for projects), then names that start
# with what was typed, then names that sound alike; the largest first within each.
FIND_CITIES = Cypher(
    "MATCH (c:City) WHERE c.key STARTS WITH $q OR c.key CONTAINS $spaced OR $skeleton IN c.name_keys "
    "RETURN c.id AS id, c.name AS name, c.name_ar AS name_ar, c.country AS country "
    "ORDER BY CASE WHEN $q IN [c.key, c.name_folded, c.name_ar_folded] THEN 0 WHEN c.country = $prefer THEN 1 "
    "WHEN c.key STARTS WITH $q OR c.key CONTAINS $spaced THEN 2 ELSE 3 END, c.population DESC LIMIT $limit"
)
FIND_EMPLOYERS = Cypher(
    "MATCH (m:Member) WHERE m.employer_key STARTS WITH $q "
    "RETURN m.employer AS name, count(m) AS members ORDER BY members DESC, name LIMIT $limit"
)
LARGEST_CITIES = Cypher(
    "MATCH (c:City)-[:IN]->(k:Country) WHERE k.id IN $countries "
    "RETURN c.id AS id, c.name AS name, c.name_ar AS name_ar, c.population AS population, k.id AS country, "
    "[k.name_en, k.name_fr, k.name_ar] AS country_names ORDER BY c.population DESC"
)
EXISTING_IDS = {
    label: Cypher("UNWIND $ids AS id MATCH (n:" + label + " {id: id}) RETURN n.id AS id")
    for label in ("Skill", "Sector", "Region", "Language", "Country", "City", "Institution")
}
EXISTING_SKILLS = EXISTING_IDS["Skill"]
EXISTING_SECTORS = EXISTING_IDS["Sector"]
EXISTING_REGIONS = EXISTING_IDS["Region"]
EXISTING_LANGUAGES = EXISTING_IDS["Language"]
EXISTING_COUNTRIES = EXISTING_IDS["Country"]
EXISTING_CITIES = EXISTING_IDS["City"]
EXISTING_INSTITUTIONS = EXISTING_IDS["Institution"]
# One statement per label of this fixed list (a label cannot be a parameter); the ids are parameters.
NAMES_BY_ID = {
    label: Cypher(
        "UNWIND $ids AS nid MATCH (n:"
        + label
        + " {id: nid}) RETURN n {.id, .name, .name_en, .name_fr, .name_ar} AS node"
    )
    for label in ("Skill", "Sector", "Language", "Country", "City", "Region", "Institution")
}
SKILL_BY_LABEL = Cypher("MATCH (s:Skill) WHERE $key IN s.label_keys RETURN s.id AS id ORDER BY s.curated DESC LIMIT 1")
MERGE_FREE_SKILL = Cypher(
    "MERGE (s:Skill {id: $id}) ON CREATE SET s.name_en = $name, s.name_fr = $name, s.name_ar = $name, "
    "s.label_keys = [$key], s.search = $key, s.curated = false, s.field = 'free', s.created_at = $now "
    "RETURN s.id AS id"
)


def upsert(store: GraphStore, statement: Cypher, rows: list[dict], batch: int = 2000) -> int:
    """Run an ``UNWIND $rows`` upsert in batches; return how many nodes it touched."""
    total = 0
    for start in range(0, len(rows), batch):
        result = store.write(statement, rows=rows[start : start + batch])
        total += result[0]["n"] if result else 0
    return total


def listing(store: GraphStore, label: str) -> list[dict]:
    """All nodes of a labelled reference kind (SkillField, Sector, Region, Language, Country)."""
    return store.read(LIST_LABELLED[label])


def all_skills(store: GraphStore) -> list[dict]:
    """Every skill with its three labels, grouped by field."""
    return store.read(ALL_SKILLS)


def largest_cities(store: GraphStore, countries: list[str], per_country: int) -> dict[str, list[dict]]:
    """The ``per_country`` most populous cities of each country, with the country's names."""
    found: dict[str, list[dict]] = {code: [] for code in countries}
    for row in store.read(LARGEST_CITIES, countries=list(countries)):
        if len(found[row["country"]]) < per_country:
            found[row["country"]].append(row)
    return found


def institutions(store: GraphStore) -> list[dict]:
    """Every institution."""
    return store.read(LIST_INSTITUTIONS)


def existing_ids(store: GraphStore, label: str, ids: list[str]) -> set[str]:
    """The subset of ``ids`` that exist as nodes of ``label``."""
    if not ids:
        return set()
    return {row["id"] for row in store.read(EXISTING_IDS[label], ids=list(ids))}


def find_skills(store: GraphStore, text: str, limit: int = 10) -> list[dict]:
    """Skills whose folded labels contain ``text``."""
    q = fold(text)
    return store.read(FIND_SKILLS, q=q, limit=limit) if q else []


#: Fewer letters than this are a beginning, not a name: they match as a prefix, never by sound
SOUND_FROM_LETTERS = 4


def find_cities(store: GraphStore, text: str, limit: int = 10, prefer: str | None = None) -> list[dict]:
    """Cities whose name starts with ``text`` (or one of whose words does, or that sounds alike): the same
    name first, then those of the country ``prefer`` (an ISO code), then the others, largest first."""
    q = fold(text)
    keys = name_keys(text) if len(q) >= SOUND_FROM_LETTERS else []
    skeleton = keys[-1] if keys else ""
    if not q:
        return []
    return store.read(FIND_CITIES, q=q, spaced=" " + q, skeleton=skeleton, limit=limit, prefer=prefer or "")


def find_employers(store: GraphStore, text: str, limit: int = 10) -> list[dict]:
    """Employers named by members, starting with ``text``, most common first."""
    q = fold(text)
    return store.read(FIND_EMPLOYERS, q=q, limit=limit) if q else []


def resolve_skill(store: GraphStore, name: str, now: int) -> str | None:
    """The id of the skill one of whose labels folds like ``name``; a free skill is made when none does.

    Free skills get an id derived from the folded name, so that two people typing "Pyhton 3" and
    "pyhton 3" share one node, and a retried write creates nothing new.
    """
    key = fold(name)
    if not key:
        return None
    found = store.read(SKILL_BY_LABEL, key=key)
    if found:
        return found[0]["id"]
    skill_id = "free-" + hashlib.sha1(key.encode()).hexdigest()[:16]
    return store.write(MERGE_FREE_SKILL, id=skill_id, key=key, name=" ".join(name.split())[:80], now=now)[0]["id"]


def all_cities(store: GraphStore) -> list[dict]:
    """Every city with its names, its country's code and its coordinates."""
    return store.read(ALL_CITIES)


def names(store: GraphStore, label: str, ids: list[str]) -> dict[str, dict]:
    """Reference nodes of one kind (``Skill``, ``Sector``, ``Language``, ``Country``, ``City``, ``Region``,
    ``Institution``) by id, with their names, for :func:`app.i18n.localized`."""
    return {row["node"]["id"]: row["node"] for row in store.read(NAMES_BY_ID[label], ids=list(ids))}
