"""The member directory: full-text search forgiving accents, case and script, facets, pagination.

Statements are assembled from fixed fragments (never from request values): the text search call of
the engine's dialect, one ``MATCH`` per facet filter in use, and the visibility rules. Values always
travel as parameters.
"""

from dataclasses import dataclass, field

from .cypher import Cypher
from .store import GraphStore
from .textkeys import query_terms

AVAILABILITY = ("none", "remote", "short_mission", "long_term", "relocation")
SORTS = {
    "relevance": "ORDER BY score DESC, m.last_active_at DESC, m.id ",
    "recent": "ORDER BY m.last_active_at DESC, m.id ",
}
TEXT_SEARCH = {
    "falkordb": "CALL db.idx.fulltext.queryNodes('Member', $q) YIELD node AS m, score ",
    "neo4j": "CALL db.index.fulltext.queryNodes('member_search_text', $q) YIELD node AS m, score ",
}
# facet name -> (filter fragment, fragment naming the facet node f for counting, label properties)
FACETS = {
    "skill": ("MATCH (m)-[:HAS_SKILL]->(:Skill {id: $skill}) ", "MATCH (m)-[:HAS_SKILL]->(f:Skill) "),
    "sector": ("MATCH (m)-[:WORKS_IN]->(:Sector {id: $sector}) ", "MATCH (m)-[:WORKS_IN]->(f:Sector) "),
    "country": ("MATCH (m)-[:LIVES_IN]->(:City)-[:IN]->(:Country {id: $country}) ",
                "MATCH (m)-[:LIVES_IN]->(:City)-[:IN]->(f:Country) "),
    "city": ("MATCH (m)-[:LIVES_IN]->(:City {id: $city}) ", "MATCH (m)-[:LIVES_IN]->(f:City) "),
    "language": ("MATCH (m)-[:SPEAKS]->(:Language {id: $language}) ", "MATCH (m)-[:SPEAKS]->(f:Language) "),
}
VISIBLE = (
    "MATCH (viewer:Member {id: $viewer}) "
    "WITH m, score, viewer WHERE m:Member AND m.status = 'active' AND NOT (m)-[:BLOCKED]-(viewer) "
    "AND ($availability IS NULL OR m.availability = $availability) "
)
PAGE_RETURN = (
    "SKIP $skip LIMIT $limit "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(city:City)-[:IN]->(country:Country) "
    "RETURN m {.id, .display_name, .name_ar, .headline, .availability, .last_active_at} AS member, "
    "CASE WHEN city IS NULL THEN null ELSE city {.id, .name, .name_ar} END AS city, "
    "CASE WHEN country IS NULL THEN null ELSE country {.id, .name_en, .name_fr, .name_ar} END AS country, "
    "[(m)-[:HAS_SKILL]->(s:Skill) | s {.id, .name_en, .name_fr, .name_ar}][0..6] AS skills"
)
FACET_LABELS = "f.name_en AS name_en, f.name_fr AS name_fr, f.name_ar AS name_ar"
CITY_LABELS = "f.name AS name_en, f.name AS name_fr, coalesce(f.name_ar, f.name) AS name_ar"
FACET_LIMIT = 12


@dataclass
class Query:
    """A directory query, validated by the caller: text, at most one value per facet, sort, page."""

    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> id
    availability: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


def text_query(dialect: str, text: str) -> str | None:
    """The engine's full-text query for the search box (every word must match), or None if nothing usable.

    Each word matches as a prefix of the folded text, or as the skeleton of a name ("k" + key).
    Only letters and digits reach the engine, so its query syntax cannot be injected.
    """
    groups = []
    for term in query_terms(text):
        options = [term["text"] + "*"] if len(term["text"]) >= 2 else []
        if term["key"]:
            options.append("k" + term["key"])
        if options:
            groups.append(options)
    if not groups:
        return None
    if dialect == "neo4j":
        return " AND ".join("(" + " OR ".join(options) + ")" for options in groups)
    return " ".join("(" + "|".join(options) + ")" for options in groups)


def _source(dialect: str, use_text: bool, filters: list[str]) -> str:
    """Where the candidate members come from: the text index, else the first filter, else every member."""
    if use_text:
        head = TEXT_SEARCH[dialect]
        rest = filters
    elif filters:
        head = FACETS[filters[0]][0].replace("MATCH (m)", "MATCH (m:Member)", 1) + "WITH m, 0 AS score "
        rest = filters[1:]
    else:
        head = "MATCH (m:Member) WITH m, 0 AS score "
        rest = []
    return head + "".join(FACETS[name][0] for name in rest)


def statements(dialect: str, use_text: bool, filters: list[str], sort: str) -> dict[str, Cypher]:
    """The page, count and facet statements for one shape of query."""
    base = _source(dialect, use_text, filters) + VISIBLE
    found = {
        "page": Cypher(base + "WITH m, score " + SORTS[sort] + PAGE_RETURN),
        "count": Cypher(base + "RETURN count(m) AS total"),
        "availability": Cypher(base + "RETURN m.availability AS id, count(m) AS n ORDER BY n DESC"),
    }
    for name, (_filter, counted) in FACETS.items():
        labels = CITY_LABELS if name == "city" else FACET_LABELS
        found[name] = Cypher(base + "WITH m " + counted + "RETURN f.id AS id, " + labels +
                             ", count(DISTINCT m) AS n ORDER BY n DESC, id LIMIT " + str(FACET_LIMIT))
    return found


def sample_statements(dialect: str = "neo4j") -> dict[str, Cypher]:
    """Every fragment in use at least once (for the Neo4j conformance check)."""
    shapes = [(False, [], "recent"), (True, [], "relevance"), (False, list(FACETS), "recent"),
              (True, list(FACETS), "relevance")] + [(False, [name], "relevance") for name in FACETS]
    sampled = {}
    for use_text, filters, sort in shapes:
        for kind, statement in statements(dialect, use_text, filters, sort).items():
            sampled[f"directory {use_text} {'+'.join(filters) or '-'} {sort} {kind}"] = statement
    return sampled


def _params(query: Query, viewer_id: str, q: str | None) -> dict:
    params = {name: None for name in FACETS}
    params.update(query.filters)
    return {**params, "q": q, "viewer": viewer_id, "availability": query.availability,
            "skip": (query.page - 1) * query.per_page, "limit": query.per_page}


def search(store: GraphStore, viewer_id: str, query: Query, with_facets: bool = True) -> dict:
    """One page of members matching ``query`` as ``viewer_id`` may see them, the total, and facet counts."""
    q = text_query(store.dialect, query.text) if query.text else None
    filters = [name for name in FACETS if query.filters.get(name)]
    sort = query.sort if (q or query.sort != "relevance") else "recent"
    found = statements(store.dialect, q is not None, filters, sort)
    params = _params(query, viewer_id, q)
    result = {"items": store.read(found["page"], **params), "total": store.read(found["count"], **params)[0]["total"]}
    if with_facets:
        result["facets"] = {name: store.read(found[name], **params) for name in (*FACETS, "availability")}
    return result
