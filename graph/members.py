"""Members' profiles: what a member says about themself, and how they are found.

A profile is the ``Member`` node's properties plus its relationships to reference nodes:
``HAS_SKILL {level}``, ``WORKS_IN``, ``LIVES_IN``, ``SPEAKS``, ``STUDIED_AT``, ``WANTS_TO_CONTRIBUTE_TO``.
Searchable text is kept on the node (``search_text``, ``name_keys_text``, see :mod:`graph.textkeys`).
"""

from .cypher import Cypher
from .store import GraphStore
from .textkeys import fold, name_keys

PROFILE_PROPERTIES = (
    "display_name",
    "name_ar",
    "headline",
    "bio",
    "phone",
    "employer",
    "job_title",
    "years_experience",
    "degree",
    "availability",
    "visibility",
    "mentor_open",
    "mentor_capacity",
)

OPEN_TO_MENTORING = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.id}) "
    "SET m.mentor_open = true, m.mentor_capacity = r.capacity, m.mentee_count = coalesce(m.mentee_count, 0), "
    "m.mentor_skill_ids = m.skill_ids, m.mentor_sector_ids = m.sector_ids "
    "RETURN count(m) AS n"
)
# Members who opened to mentoring before the mentors' own copies existed get them.
BACKFILL_MENTOR_COPIES = Cypher(
    "MATCH (m:Member) WHERE m.mentor_open = true AND m.mentor_skill_ids IS NULL "
    "SET m.mentor_skill_ids = coalesce(m.skill_ids, []), m.mentor_sector_ids = coalesce(m.sector_ids, []) "
    "RETURN count(m) AS n"
)
PROFILE = Cypher(
    "MATCH (m:Member {id: $id}) "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(city:City)-[:IN]->(country:Country) "
    "RETURN m {.id, .display_name, .name_ar, .headline, .bio, .email, .phone, .employer, .job_title, "
    ".years_experience, .degree, .availability, .visibility, .mentor_open, .mentor_capacity, .suggest_me, "
    ".last_active_at, .photo, "
    ".created_at, .status, .role, "
    ".network_ids, .label_ids} AS member, "
    "CASE WHEN city IS NULL THEN null ELSE city {.id, .name, .name_ar} END AS city, "
    "CASE WHEN country IS NULL THEN null ELSE country {.id, .name_en, .name_fr, .name_ar} END AS country, "
    "[(m)-[r:HAS_SKILL]->(s:Skill) | s {.id, .name_en, .name_fr, .name_ar, .curated, level: r.level}] AS skills, "
    "[(m)-[:WORKS_IN]->(x:Sector) | x {.id, .name_en, .name_fr, .name_ar}] AS sectors, "
    "[(m)-[:SPEAKS]->(l:Language) | l {.id, .name_en, .name_fr, .name_ar}] AS languages, "
    "[(m)-[:STUDIED_AT]->(i:Institution) | i {.id, .name, .name_ar}] AS institutions, "
    "[(m)-[:WANTS_TO_CONTRIBUTE_TO]->(cs:Sector) | cs {.id, .name_en, .name_fr, .name_ar}] AS contribute_sectors, "
    "[(m)-[:WANTS_TO_CONTRIBUTE_TO]->(cr:Region) | cr {.id, .name_en, .name_fr, .name_ar}] AS contribute_regions"
)


# list parameter -> (relationship created, label of the node it points to, key of that node in the list item)
PROFILE_LINKS = (
    ("skills", "HAS_SKILL {level: item.level}", "Skill", "item.id"),
    ("sectors", "WORKS_IN", "Sector", "item"),
    ("cities", "LIVES_IN", "City", "item"),
    ("languages", "SPEAKS", "Language", "item"),
    ("institutions", "STUDIED_AT", "Institution", "item"),
    ("contribute_sectors", "WANTS_TO_CONTRIBUTE_TO", "Sector", "item"),
    ("contribute_regions", "WANTS_TO_CONTRIBUTE_TO", "Region", "item"),
)


def _profile_links(source: str) -> str:
    """``CALL`` subqueries linking ``m`` to its reference nodes, reading lists from ``source`` ("$" or "r.")."""
    imported = "m, r" if source == "r." else "m"
    return "".join(
        "CALL { WITH " + imported + " UNWIND " + source + name + " AS item "
        "MATCH (target:" + label + " {id: " + key + "}) CREATE (m)-[:" + relationship + "]->(target) } "
        for name, relationship, label, key in PROFILE_LINKS
    )


# One statement: properties, then every profile relationship replaced (atomic on both engines).
UPDATE_PROFILE = Cypher(
    "MATCH (m:Member {id: $id}) SET m += $props "
    "WITH m OPTIONAL MATCH (m)-[old:HAS_SKILL|WORKS_IN|LIVES_IN|SPEAKS|STUDIED_AT|WANTS_TO_CONTRIBUTE_TO]->() "
    "DELETE old "
    "WITH DISTINCT m " + _profile_links("$") + "RETURN m.id AS id"
)
# Seeding and imports: many new members with their links, a batch at a time.
CREATE_MEMBERS = Cypher(
    "UNWIND $rows AS r CREATE (m:Member) SET m = r.props WITH m, r " + _profile_links("r.") + "RETURN count(m) AS n"
)
# Members written before the facet copies existed get them from their relationships.
BACKFILL_FACET_COPIES = Cypher(
    "MATCH (m:Member) WHERE m.skill_ids IS NULL "
    "OPTIONAL MATCH (m)-[:HAS_SKILL]->(s:Skill) WITH m, collect(s.id) AS skills "
    "OPTIONAL MATCH (m)-[:WORKS_IN]->(x:Sector) WITH m, skills, collect(x.id) AS sectors "
    "OPTIONAL MATCH (m)-[:SPEAKS]->(l:Language) WITH m, skills, sectors, collect(l.id) AS languages "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(c:City)-[:IN]->(k:Country) "
    "WITH m, skills, sectors, languages, head(collect(c.id)) AS city, head(collect(k.id)) AS country "
    "SET m.skill_ids = skills, m.sector_ids = sectors, m.language_ids = languages, m.city_id = city, "
    "m.country = country RETURN count(m) AS n"
)
MEMBER_COUNT = Cypher("MATCH (m:Member) RETURN count(m) AS n")
SEARCH_LABELS = Cypher(
    "OPTIONAL MATCH (s:Skill) WHERE s.id IN $skills "
    "WITH collect(s.name_en) + collect(s.name_fr) + collect(s.name_ar) AS skill_names "
    "OPTIONAL MATCH (l:Language) WHERE l.id IN $languages "
    "WITH skill_names, collect(l.name_en) + collect(l.name_fr) + collect(l.name_ar) AS language_names "
    "OPTIONAL MATCH (c:City)-[:IN]->(country:Country) WHERE c.id IN $cities "
    "RETURN skill_names, language_names, collect(c.name) + collect(c.name_ar) + collect(country.name_en) + "
    "collect(country.name_fr) + collect(country.name_ar) AS place_names, collect(country.id) AS countries"
)
# OPTIONAL MATCH and count, not pattern comprehensions: on FalkorDB 4.16 a pattern comprehension between
# two bound nodes can return stale results from its cached plan after a write (docs/decisions.md).
RELATIONS = Cypher(
    "MATCH (v:Member {id: $viewer}) UNWIND $ids AS id MATCH (m:Member {id: id}) "
    "OPTIONAL MATCH (v)-[c1:CONNECTED]-(m) WITH v, m, id, count(c1) AS connected "
    "OPTIONAL MATCH (v)-[r1:REQUESTED_CONNECTION]->(m) WITH v, m, id, connected, count(r1) AS requested "
    "OPTIONAL MATCH (m)-[r2:REQUESTED_CONNECTION]->(v) "
    "WITH v, m, id, connected, requested, count(r2) AS requested_me "
    "OPTIONAL MATCH (v)-[b1:BLOCKED]->(m) WITH v, m, id, connected, requested, requested_me, count(b1) AS blocked "
    "OPTIONAL MATCH (v)-[:CONNECTED]-(x:Member)-[:CONNECTED]-(m) WHERE x <> v AND x <> m "
    "RETURN id, connected > 0 AS connected, requested > 0 AS requested, requested_me > 0 AS requested_me, "
    "blocked > 0 AS blocked, count(DISTINCT x) AS mutual"
)
SHARED = Cypher(
    "MATCH (v:Member {id: $viewer}), (m:Member {id: $id}) "
    "OPTIONAL MATCH (v)-[:HAS_SKILL]->(s:Skill)<-[:HAS_SKILL]-(m) "
    "WITH v, m, "
    "collect(DISTINCT CASE WHEN s IS NULL THEN null ELSE s {.id, .name_en, .name_fr, .name_ar} END) AS skills "
    "OPTIONAL MATCH (v)-[:CONNECTED]-(y:Member)-[:CONNECTED]-(m) WHERE y <> v AND y <> m "
    "WITH skills, collect(DISTINCT CASE WHEN y IS NULL THEN null ELSE y {.id, .display_name} END) AS mutual "
    "RETURN skills, mutual[0..5] AS mutual_sample"
)
BLOCKS_BETWEEN = Cypher(
    "MATCH (v:Member {id: $viewer}), (m:Member {id: $id}) "
    "OPTIONAL MATCH (m)-[b1:BLOCKED]->(v) WITH v, m, count(b1) AS theirs "
    "OPTIONAL MATCH (v)-[b2:BLOCKED]->(m) "
    "RETURN theirs > 0 AS blocked_by_them, count(b2) > 0 AS blocked_by_me"
)


def searchable(
    profile: dict,
    *,
    skills: list[str],
    sectors: list[str],
    languages: list[str],
    city: str | None,
    country: str | None,
    skill_names: list[str] = (),
    place_names: list[str] = (),
) -> dict:
    """What a member is found by: the full-text fields, and copies of the facet ids on the node.

    The ids duplicate the HAS_SKILL / WORKS_IN / SPEAKS / LIVES_IN relationships (which stay the truth)
    so that the directory filters and counts facets with indexed properties instead of traversals; members
    who accept mentees (``mentor_open``) get their skills and sectors a second time as ``mentor_skill_ids``
    and ``mentor_sector_ids``, whose indexes hold mentors only (the mentor search looks there).
    """
    names = " ".join(filter(None, (profile.get("display_name"), profile.get("name_ar"))))
    parts = [
        names,
        profile.get("headline"),
        profile.get("employer"),
        profile.get("job_title"),
        *skill_names,
        *place_names,
    ]
    mentoring = bool(profile.get("mentor_open"))
    return {
        "search_text": fold(" ".join(filter(None, parts))),
        "name_keys_text": name_keys_text(profile.get("display_name"), profile.get("name_ar")),
        "employer_key": fold(profile.get("employer")),
        "skill_ids": list(skills),
        "sector_ids": list(sectors),
        "language_ids": list(languages),
        "city_id": city,
        "country": country,
        # the same ids again for members who accept mentees only, so that an index holds mentors alone
        "mentor_skill_ids": list(skills) if mentoring else [],
        "mentor_sector_ids": list(sectors) if mentoring else [],
    }


def profile(store: GraphStore, member_id: str) -> dict | None:
    """The member's whole profile with its reference nodes, or None."""
    rows = store.read(PROFILE, id=member_id)
    return rows[0] if rows else None


def update_profile(
    store: GraphStore,
    member_id: str,
    props: dict,
    *,
    skills: list[dict],
    sectors: list[str],
    city: str | None,
    languages: list[str],
    institutions: list[str],
    contribute_sectors: list[str],
    contribute_regions: list[str],
) -> bool:
    """Replace the member's profile in one statement; the search fields are recomputed here."""
    labels = store.read(
        SEARCH_LABELS, skills=[s["id"] for s in skills], languages=languages, cities=[city] if city else []
    )[0]
    props = {
        **props,
        **searchable(
            props,
            skills=[s["id"] for s in skills],
            sectors=sectors,
            languages=languages,
            city=city,
            country=labels["countries"][0] if labels["countries"] else None,
            skill_names=labels["skill_names"],
            place_names=labels["place_names"] + labels["language_names"],
        ),
    }
    rows = store.write(
        UPDATE_PROFILE,
        id=member_id,
        props=props,
        skills=skills,
        sectors=sectors,
        cities=[city] if city else [],
        languages=languages,
        institutions=institutions,
        contribute_sectors=contribute_sectors,
        contribute_regions=contribute_regions,
    )
    return bool(rows)


def create_members(store: GraphStore, rows: list[dict], batch: int = 500) -> int:
    """Create members from rows ``{"props", "skills", "sectors", "cities", ...}`` in batches."""
    created = 0
    for start in range(0, len(rows), batch):
        created += store.write(CREATE_MEMBERS, rows=rows[start : start + batch])[0]["n"]
    return created


NAMES_AFTER = Cypher(
    "MATCH (m:Member) WHERE m.id > $after RETURN m.id AS id, m.display_name AS display_name, m.name_ar AS name_ar "
    "ORDER BY m.id LIMIT $limit"
)
SET_NAME_KEYS = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.id}) SET m.name_keys_text = r.keys RETURN count(m) AS n"
)


SET_PHOTO = Cypher("MATCH (m:Member {id: $id}) SET m.photo = $photo RETURN m.id AS id")
PHOTOS = Cypher(
    "UNWIND $ids AS mid MATCH (m:Member {id: mid}) WHERE m.photo IS NOT NULL RETURN m.id AS id, m.photo AS photo"
)


def set_photo(store: GraphStore, member_id: str, version: str | None) -> bool:
    """Record the version of the member's photo (None: no photo)."""
    return bool(store.write(SET_PHOTO, id=member_id, photo=version))


def photos(store: GraphStore, member_ids: list[str]) -> dict[str, str]:
    """``{member id: photo version}`` for those of ``member_ids`` who have a photo."""
    return {row["id"]: row["photo"] for row in store.read(PHOTOS, ids=list(member_ids))} if member_ids else {}


def name_keys_text(display_name: str | None, name_ar: str | None) -> str:
    """The indexed name keys of a member ("k" + key, space-separated; see :func:`graph.textkeys.name_keys`)."""
    names = " ".join(filter(None, (display_name, name_ar)))
    return " ".join("k" + key for key in name_keys(names))


def rewrite_name_keys(store: GraphStore, batch: int = 5000) -> int:
    """Recompute every member's name keys (after the way keys are made changed); return how many."""
    done, after = 0, ""
    while rows := store.read(NAMES_AFTER, after=after, limit=batch):
        keys = [{"id": r["id"], "keys": name_keys_text(r["display_name"], r["name_ar"])} for r in rows]
        done += store.write(SET_NAME_KEYS, rows=keys)[0]["n"]
        after = rows[-1]["id"]
    return done


def backfill_facet_copies(store: GraphStore) -> int:
    """Give members written before the facet copies existed their copies; return how many were updated."""
    return store.write(BACKFILL_FACET_COPIES)[0]["n"]


def member_count(store: GraphStore) -> int:
    """How many members the graph holds."""
    return store.read(MEMBER_COUNT)[0]["n"]


def relations(store: GraphStore, viewer_id: str, member_ids: list[str]) -> dict[str, dict]:
    """For a page of members, in one query: connected, requests either way, blocked, mutual contacts."""
    if not member_ids:
        return {}
    return {row["id"]: row for row in store.read(RELATIONS, viewer=viewer_id, ids=list(member_ids))}


def shared(store: GraphStore, viewer_id: str, member_id: str) -> dict:
    """Skills both have and a few mutual contacts."""
    rows = store.read(SHARED, viewer=viewer_id, id=member_id)
    return rows[0] if rows else {"skills": [], "mutual_sample": []}


def blocks_between(store: GraphStore, viewer_id: str, member_id: str) -> dict:
    """Whether either member blocked the other."""
    rows = store.read(BLOCKS_BETWEEN, viewer=viewer_id, id=member_id)
    return rows[0] if rows else {"blocked_by_them": False, "blocked_by_me": False}


def open_to_mentoring(store: GraphStore, rows: list[dict]) -> int:
    """Members ``{"id", "capacity"}`` accept mentees (seeding and imports)."""
    return store.write(OPEN_TO_MENTORING, rows=rows)[0]["n"] if rows else 0


def backfill_mentor_copies(store: GraphStore) -> int:
    """Give members open to mentoring their ``mentor_skill_ids`` / ``mentor_sector_ids``; how many."""
    return store.write(BACKFILL_MENTOR_COPIES)[0]["n"]
