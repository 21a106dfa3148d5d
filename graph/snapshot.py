"""Reading the graph for the recommendation jobs, and writing their results back, in bulk.

Two streaming reads, never one query per member: every active member with the facet copies kept on the
member (skills, sectors, languages, city, country, networks, employer, whether they may be suggested), and
every connection between active members once. Results go back in batches of ``UNWIND`` rows: each member's
community and candidate list in one statement, and one ``Community`` node per community.
"""

from .cypher import Cypher
from .store import GraphStore

MEMBERS = Cypher(
    "MATCH (a:Member) WHERE a.status = 'active' "
    "RETURN a.id AS id, a.skill_ids AS skills, a.sector_ids AS sectors, a.language_ids AS languages, "
    "a.city_id AS city, a.country AS country, a.network_ids AS networks, a.employer_key AS employer, "
    "coalesce(a.suggest_me, true) AS suggest_me"
)
CONNECTIONS = Cypher(
    "MATCH (a:Member)-[:CONNECTED]->(b:Member) WHERE a.status = 'active' AND b.status = 'active' "
    "RETURN a.id AS a, b.id AS b"
)
WRITE_MEMBERS = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.id}) "
    "SET m.community = r.community, m.suggested_ids = r.suggested, m.suggested_at = $now RETURN count(m) AS n"
)
CLEAR_COMMUNITY_NODES = Cypher("MATCH (c:Community) WITH c LIMIT 10000 DETACH DELETE c RETURN count(*) AS n")
WRITE_COMMUNITY_NODES = Cypher(
    "UNWIND $rows AS r CREATE (c:Community {id: r.id, size: r.size, skills: r.skills, countries: r.countries, "
    "sectors: r.sectors, networks: r.networks, modularity: $modularity, engine: $engine, computed_at: $now}) "
    "RETURN count(c) AS n"
)


def members(store: GraphStore) -> list[dict]:
    """Every active member with their features."""
    return store.read(MEMBERS)


def connections(store: GraphStore) -> list[tuple[str, str]]:
    """Every connection between active members, once."""
    return [(row["a"], row["b"]) for row in store.read(CONNECTIONS)]


def write_results(
    store: GraphStore,
    rows: list[dict],
    summaries: list[dict],
    modularity: float,
    engine: str,
    now: int,
    batch: int = 5000,
) -> None:
    """Each member's ``community`` and ``suggested`` ids (rows ``{"id", "community", "suggested"}``), and the
    ``Community`` nodes (the previous ones replaced)."""
    for start in range(0, len(rows), batch):
        store.write(WRITE_MEMBERS, rows=rows[start : start + batch], now=now)
    while store.write(CLEAR_COMMUNITY_NODES)[0]["n"]:
        pass
    for start in range(0, len(summaries), batch):
        store.write(
            WRITE_COMMUNITY_NODES, rows=summaries[start : start + batch], modularity=modularity, engine=engine, now=now
        )
