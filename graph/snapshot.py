"""Reading the graph for the recommendation jobs: members with their features and connections, in batches.

Members are read in pages ordered by id (``id > $after``, the id index), each with the ids of the people
they are connected with and the facet copies kept on the member (skills, sectors, languages, city, country,
networks, employer); each connection so appears from both ends, and the snapshot keeps it once. Never one
query per member. Results are written back in batches too.
"""

from .cypher import Cypher
from .store import GraphStore

PAGE = Cypher(
    "MATCH (a:Member) WHERE a.id > $after AND a.status = 'active' WITH a ORDER BY a.id LIMIT $limit "
    "OPTIONAL MATCH (a)-[:CONNECTED]-(b:Member) WHERE b.status = 'active' "
    "WITH a, collect(b.id) AS connected "
    "RETURN a.id AS id, a.skill_ids AS skills, a.sector_ids AS sectors, a.language_ids AS languages, "
    "a.city_id AS city, a.country AS country, a.network_ids AS networks, a.employer_key AS employer, "
    "coalesce(a.suggest_me, true) AS suggest_me, connected ORDER BY id"
)
WRITE_COMMUNITIES = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.id}) SET m.community = r.community RETURN count(m) AS n"
)
CLEAR_COMMUNITY_NODES = Cypher("MATCH (c:Community) WITH c LIMIT 10000 DETACH DELETE c RETURN count(*) AS n")
WRITE_COMMUNITY_NODES = Cypher(
    "UNWIND $rows AS r CREATE (c:Community {id: r.id, size: r.size, skills: r.skills, countries: r.countries, "
    "sectors: r.sectors, networks: r.networks, modularity: $modularity, engine: $engine, computed_at: $now}) "
    "RETURN count(c) AS n"
)
WRITE_SUGGESTIONS = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.id}) SET m.suggested_ids = r.suggested, m.suggested_at = $now "
    "RETURN count(m) AS n"
)


def members(store: GraphStore, batch: int = 5000):
    """Every active member with features and the ids of the active members they are connected with."""
    after = ""
    while True:
        rows = store.read(PAGE, after=after, limit=batch)
        if not rows:
            return
        yield from rows
        after = max(row["id"] for row in rows)


def write_communities(
    store: GraphStore,
    assignments: list[dict],
    summaries: list[dict],
    modularity: float,
    engine: str,
    now: int,
    batch: int = 5000,
) -> None:
    """Each member's community (``{"id", "community"}``) and one ``Community`` node per community."""
    for start in range(0, len(assignments), batch):
        store.write(WRITE_COMMUNITIES, rows=assignments[start : start + batch])
    while store.write(CLEAR_COMMUNITY_NODES)[0]["n"]:
        pass
    for start in range(0, len(summaries), batch):
        store.write(
            WRITE_COMMUNITY_NODES, rows=summaries[start : start + batch], modularity=modularity, engine=engine, now=now
        )


def write_suggestions(store: GraphStore, rows: list[dict], now: int, batch: int = 5000) -> None:
    """Each member's precomputed people-you-may-know candidates (``{"id", "suggested": [ids]}``)."""
    for start in range(0, len(rows), batch):
        store.write(WRITE_SUGGESTIONS, rows=rows[start : start + batch], now=now)
