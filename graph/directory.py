"""The member directory: full-text search forgiving accents, case and script, facets, pagination.

The viewer is not among the results (they are looking for others), unless the query says so.

Statements are assembled from fixed fragments (never from request values): the text search call of
the engine's dialect, one ``MATCH`` per facet filter in use, and the visibility rules. Values always
travel as parameters.
"""

from dataclasses import dataclass, field

from .cypher import Cypher
from .store import GraphStore
from .textkeys import fold, query_terms

AVAILABILITY = ("none", "remote", "short_mission", "long_term", "relocation")
SORTS = {
    "relevance": "ORDER BY score DESC, m.last_active_at DESC, m.id ",
    "recent": "ORDER BY m.last_active_at DESC, m.id ",
}
# What a word matched as typed weighs against a skeleton match (1), in each engine's query syntax. Weighing
# in the text index costs nothing; ranking by a Cypher expression over every match tripled the p95 of
# broad searches at 100,000 members (docs/benchmarks.md).
SPELLED_WEIGHT = {"falkordb": "=>{$weight:5.0}", "neo4j": "^5"}
TEXT_SEARCH = {
    "falkordb": "CALL db.idx.fulltext.queryNodes('Member', $q) YIELD node AS m, score ",
    "neo4j": "CALL db.index.fulltext.queryNodes('member_search_text', $q) YIELD node AS m, score ",
}
# Facets filter and count on indexed copies of the ids kept on the Member node (graph.members.searchable).
# name -> (predicate when chosen, how to list a member's values, label of the counted nodes)
FACETS = {
    "skill": ("$skill IN m.skill_ids", "UNWIND m.skill_ids AS f ", "Skill"),
    "sector": ("$sector IN m.sector_ids", "UNWIND m.sector_ids AS f ", "Sector"),
    "country": ("m.country = $country", "WITH m.country AS f ", "Country"),
    "city": ("m.city_id = $city", "WITH m.city_id AS f ", "City"),
    "language": ("$language IN m.language_ids", "UNWIND m.language_ids AS f ", "Language"),
    "network": ("$network IN m.network_ids", "UNWIND m.network_ids AS f ", "Network"),
    "label": ("$label IN m.label_ids", "UNWIND m.label_ids AS f ", "LabelType"),
}
# Where Neo4j starts a search without text when a facet is chosen, most selective first. Its range indexes
# answer ``m.prop = $x`` but not ``$x IN m.list`` (FalkorDB's do), so list facets start from the chosen node and
# follow the relationship the copy mirrors; the facet's predicate still applies, as on FalkorDB.
NEO4J_ANCHORS = {
    "city": "MATCH (m:Member {city_id: $city}) ",
    "network": "MATCH (:Network {id: $network})<-[:MEMBER_OF]-(m:Member) ",
    "skill": "MATCH (:Skill {id: $skill})<-[:HAS_SKILL]-(m:Member) ",
    "sector": "MATCH (:Sector {id: $sector})<-[:WORKS_IN]-(m:Member) ",
    "country": "MATCH (m:Member {country: $country}) ",
    "language": "MATCH (:Language {id: $language})<-[:SPEAKS]-(m:Member) ",
}
AVAILABILITY_FILTER = "m.availability = $availability"
# The viewer first (one index lookup), with the members either of them blocked.
VIEWER = (
    "MATCH (viewer:Member {id: $viewer}) OPTIONAL MATCH (viewer)-[:BLOCKED]-(b:Member) "
    "WITH viewer, collect(b) AS hidden "
)
PAGE_RETURN = (
    "SKIP $skip LIMIT $limit "
    "OPTIONAL MATCH (m)-[:LIVES_IN]->(city:City)-[:IN]->(country:Country) "
    "RETURN m {.id, .display_name, .name_ar, .headline, .availability, .last_active_at, .photo, .visibility} "
    "AS member, "
    "CASE WHEN city IS NULL THEN null ELSE city {.id, .name, .name_ar} END AS city, "
    "CASE WHEN country IS NULL THEN null ELSE country {.id, .name_en, .name_fr, .name_ar} END AS country, "
    "[(m)-[:HAS_SKILL]->(s:Skill) | s {.id, .name_en, .name_fr, .name_ar}][0..40] AS skills"
)
FACET_LABELS = "name_en: x.name_en, name_fr: x.name_fr, name_ar: x.name_ar"
CITY_LABELS = "name_en: x.name, name_fr: x.name, name_ar: coalesce(x.name_ar, x.name)"
FACET_LIMIT = 12
SKILLS_SHOWN = 6
# A search counts its matches up to this many ("more than 1,000 members found"), and facets are counted
# among the same, the most relevant for a text search (the page says so). Counting every match of a broad
# search ("finance": 10,386 of 100,000 members) took as long as finding its first page (docs/benchmarks.md).
COUNT_CAP = 1000
FACET_SAMPLE = COUNT_CAP


@dataclass
class Query:
    """A directory query, validated by the caller: text, at most one value per facet, sort, page."""

    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> id
    availability: str | None = None
    sort: str = "relevance"
    with_viewer: bool = False  # the directory leaves the viewer out; a network's member list keeps them
    page: int = 1
    per_page: int = 20


def text_query(dialect: str, text: str) -> str | None:
    """The engine's full-text query for the search box (every word must match), or None if nothing usable.

    Each word matches as itself (as a prefix when it is 3 letters or more and not a name particle such as
    "el" or "ben"), or by a skeleton of a name ("k" + key), its own or run together with a neighbour. The
    word as typed weighs more than a skeleton: results spelled as typed, in the same script, come first.
    Only letters and digits reach the engine, so its query syntax cannot be injected.
    """
    groups = []
    for term in query_terms(text):
        typed = term["text"] + ("*" if term["prefix"] else "")
        options = [typed + SPELLED_WEIGHT[dialect]] if len(term["text"]) >= 2 else []
        options += ["k" + key for key in term["keys"]]
        if options:
            groups.append(options)
    if not groups:
        return None
    if dialect == "neo4j":
        return " AND ".join("(" + " OR ".join(options) + ")" for options in groups)
    return " ".join("(" + "|".join(options) + ")" for options in groups)


def spelled_words(text: str) -> list[str]:
    """The search box's words as typed (folded), two letters or more."""
    return [term["text"] for term in query_terms(text) if len(term["text"]) >= 2]


def _base(dialect: str, use_text: bool, filters: list[str], availability: bool) -> str:
    """Candidates from the text index or from the members, narrowed by the chosen facets, minus hidden ones."""
    predicates = ["m.status = 'active'", "($with_viewer OR m <> viewer)", "NOT m IN hidden"]
    predicates += [FACETS[name][0] for name in filters]
    if availability:
        predicates.append(AVAILABILITY_FILTER)
    if use_text:
        source = TEXT_SEARCH[dialect] + "WITH m, score, hidden WHERE m:Member AND "
    else:
        source = _members(dialect, filters) + "WITH m, 0 AS score, hidden WHERE "
    return VIEWER + source + " AND ".join(predicates) + " "


def _members(dialect: str, filters: list[str]) -> str:
    """The ``MATCH`` of the members a search without text starts from."""
    anchors = [NEO4J_ANCHORS[name] for name in NEO4J_ANCHORS if name in filters] if dialect == "neo4j" else []
    return anchors[0] if anchors else "MATCH (m:Member) "


def _facet_subquery(name: str) -> str:
    """A ``CALL`` over the collected matches returning one facet's top values with their labels."""
    if name == "availability":
        return (
            "CALL { WITH ms UNWIND ms AS m WITH m.availability AS f, count(*) AS n WHERE f IS NOT NULL "
            "WITH f, n ORDER BY n DESC, f RETURN collect({id: f, n: n}) AS availability } "
        )
    _predicate, values, label = FACETS[name]
    labels = CITY_LABELS if name == "city" else FACET_LABELS
    return (
        "CALL { WITH ms UNWIND ms AS m WITH m " + values + "WITH f, count(*) AS n ORDER BY n DESC, f "
        "LIMIT " + str(FACET_LIMIT) + " MATCH (x:" + label + " {id: f}) "
        "WITH x, n ORDER BY n DESC, x.id RETURN collect({id: x.id, " + labels + ", n: n}) AS " + name + " } "
    )


def statements(
    dialect: str, use_text: bool, filters: list[str], sort: str, availability: bool = False
) -> dict[str, Cypher]:
    """The page, count and facet-count statements for one shape of query.

    Facet counts are one statement: the matches are collected once and each facet counted over them.
    """
    base = _base(dialect, use_text, filters, availability)
    names = (*FACETS, "availability")
    return {
        "page": Cypher(base + "WITH m, score " + SORTS[sort] + PAGE_RETURN),
        "count": Cypher(base + "WITH m LIMIT " + str(COUNT_CAP + 1) + " RETURN count(m) AS total"),
        "facets": Cypher(
            base
            + "WITH m, score ORDER BY score DESC LIMIT "
            + str(FACET_SAMPLE)
            + " WITH collect(m) AS ms "
            + "".join(_facet_subquery(n) for n in names)
            + "RETURN "
            + ", ".join(names)
        ),
    }


def sample_statements(dialect: str = "neo4j") -> dict[str, Cypher]:
    """Every fragment in use at least once (for the Neo4j conformance check)."""
    shapes = [
        (False, [], "recent", False),
        (True, [], "relevance", True),
        (False, list(FACETS), "recent", True),
        (True, list(FACETS), "relevance", False),
    ] + [(False, [name], "relevance", False) for name in FACETS]
    shapes += [(False, [name, "label"], "recent", False) for name in NEO4J_ANCHORS]
    sampled = {}
    for use_text, filters, sort, availability in shapes:
        for kind, statement in statements(dialect, use_text, filters, sort, availability).items():
            sampled[f"directory {use_text} {'+'.join(filters) or '-'} {sort} {availability} {kind}"] = statement
    return sampled


def _params(query: Query, viewer_id: str, q: str | None) -> dict:
    params = {name: None for name in FACETS}
    params.update(query.filters)
    return {
        **params,
        "q": q,
        "with_viewer": query.with_viewer,
        "viewer": viewer_id,
        "availability": query.availability,
        "skip": (query.page - 1) * query.per_page,
        "limit": query.per_page,
    }


def _prepared(store: GraphStore, viewer_id: str, query: Query) -> tuple[dict[str, Cypher], dict]:
    q = text_query(store.dialect, query.text) if query.text else None
    filters = [name for name in FACETS if query.filters.get(name)]
    sort = query.sort if (q or query.sort != "relevance") else "recent"
    return statements(store.dialect, q is not None, filters, sort, bool(query.availability)), _params(
        query, viewer_id, q
    )


def is_unfiltered(query: Query) -> bool:
    """True when neither text, facets nor availability narrow the query (its facets can be cached)."""
    return (
        not (text_query("falkordb", query.text) if query.text else None)
        and not query.filters
        and not query.availability
    )


def page(store: GraphStore, viewer_id: str, query: Query) -> dict:
    """One page of members matching ``query`` as ``viewer_id`` may see them, and the total (at most
    :data:`COUNT_CAP`; ``total_capped`` when there are more)."""
    found, params = _prepared(store, viewer_id, query)
    items = store.read(found["page"], **params)
    for item in items:
        item["skills"] = skills_shown(item["skills"], query)
    counted = store.read(found["count"], **params)[0]["total"]
    return {"items": items, "total": min(counted, COUNT_CAP), "total_capped": counted > COUNT_CAP}


def skills_shown(skills: list[dict], query: Query) -> list[dict]:
    """At most :data:`SKILLS_SHOWN` of a member's skills, those the query matched first (``matched``: the
    chosen skill facet, or a skill with a word starting with a searched word)."""
    words = spelled_words(query.text) if query.text else []
    chosen = query.filters.get("skill")

    def matched(skill: dict) -> bool:
        if skill["id"] == chosen:
            return True
        names = fold(" ".join(filter(None, (skill.get(k) for k in ("name_en", "name_fr", "name_ar"))))).split()
        return any(name.startswith(word) for word in words for name in names)

    marked = [{**skill, "matched": matched(skill)} for skill in skills]
    return sorted(marked, key=lambda skill: not skill["matched"])[:SKILLS_SHOWN]


def facet_counts(store: GraphStore, viewer_id: str, query: Query) -> dict[str, list[dict]]:
    """For each facet, the most common values among the matching members, with counts."""
    found, params = _prepared(store, viewer_id, query)
    return store.read(found["facets"], **params)[0]


def search(store: GraphStore, viewer_id: str, query: Query, with_facets: bool = True) -> dict:
    """:func:`page` and, unless told otherwise, :func:`facet_counts` (``facets_sampled`` when counted among the
    first :data:`FACET_SAMPLE` matches only)."""
    result = page(store, viewer_id, query)
    if with_facets:
        result["facets"] = facet_counts(store, viewer_id, query)
        result["facets_sampled"] = result["total_capped"]
    return result
