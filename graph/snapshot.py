"""Reading the graph for the recommendation jobs, and writing their results back, in bulk.

Three streaming reads, never one query per member: every active member with the facet copies kept on the
member (skills, sectors, languages, city, country, networks, employer, whether they may be suggested),
every connection between active members once (grouped by one end), and every direct conversation between
active members with how many messages it holds. Results go back in batches of ``UNWIND`` rows.

The results live on a ``Recommendation`` node per member (``member_id``; ``n``, a small number given once by
the job and never changed; ``community``; ``suggested``: the candidates' numbers separated by spaces, best
first; ``ranked_by``: the trained ranking's version that ordered them, if one did; ``digest``;
``computed_at``), not on the ``Member``: FalkorDB re-indexes a node in every index of its
label on any ``SET``, and ``Member`` has twenty indexes including full-text ones, so writing 100,000 members'
results took 0.17 ms a member there against 0.02 ms on a node of its own (docs/benchmarks.md). Candidates
are numbers in one string rather than a list of ids: 100,000 members' lists of ids were 3 million quoted
values (120 MB of statement text) to send and parse. One ``Community`` node per community summarises it.
"""

from concurrent.futures import ThreadPoolExecutor

from .cypher import Cypher
from .store import GraphStore

MEMBERS = Cypher(
    "MATCH (a:Member) WHERE a.status = 'active' "
    "RETURN a.id AS id, a.skill_ids AS skills, a.sector_ids AS sectors, a.language_ids AS languages, "
    "a.city_id AS city, a.country AS country, a.network_ids AS networks, a.employer_key AS employer, "
    "coalesce(a.suggest_me, true) AS suggest_me"
)
CONNECTIONS = Cypher(
    "MATCH (a:Member)-[c:CONNECTED]->(b:Member) WHERE a.status = 'active' AND b.status = 'active' "
    "RETURN a.id AS a, collect(b.id) AS b, collect(coalesce(c.since, 0)) AS since"
)
DISMISSALS = Cypher(
    "MATCH (a:Member)-[:DISMISSED]->(b:Member) WHERE a.status = 'active' AND b.status = 'active' "
    "RETURN a.id AS a, collect(b.id) AS b"
)
MESSAGES = Cypher(
    "MATCH (a:Member)-[:PARTICIPATES]->(c:Conversation {kind: 'direct'})<-[:PARTICIPATES]-(b:Member) "
    "WHERE a.id < b.id AND c.last_seq > 0 AND a.status = 'active' AND b.status = 'active' "
    "RETURN a.id AS a, b.id AS b, c.last_seq AS messages"
)
KNOWN = Cypher("MATCH (x:Recommendation) RETURN x.member_id AS id, x.n AS n, x.digest AS digest")
WRITE_RECOMMENDATIONS = Cypher(
    "UNWIND $rows AS r MERGE (x:Recommendation {member_id: r.id}) "
    "SET x.n = r.n, x.community = r.community, x.suggested = r.suggested, x.digest = r.digest, "
    "x.ranked_by = r.ranked_by, x.computed_at = $now RETURN count(x) AS n"
)
# Results an earlier version wrote on members are dropped (derived data: the next run makes them again).
CLEAR_RESULTS_OFF_MEMBERS = Cypher(
    "MATCH (m:Member) WHERE m.suggested_ids IS NOT NULL OR m.community IS NOT NULL WITH m LIMIT 5000 "
    "SET m.community = null, m.suggested_ids = null, m.suggested_at = null RETURN count(m) AS n"
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
    return dated_connections(store)[0]


def dated_connections(store: GraphStore) -> tuple[list[tuple[str, str]], list[int]]:
    """Every connection between active members once, and when each was made (epoch ms; 0 when unknown)."""
    rows = store.read(CONNECTIONS)
    pairs = [(row["a"], other) for row in rows for other in row["b"]]
    return pairs, [since for row in rows for since in row["since"]]


def dismissals(store: GraphStore) -> list[tuple[str, str]]:
    """``(member, dismissed)``: every suggestion a member asked never to see again (both active)."""
    return [(row["a"], other) for row in store.read(DISMISSALS) for other in row["b"]]


def messages(store: GraphStore) -> list[tuple[str, str, int]]:
    """``(a, b, messages)`` for every direct conversation between active members that has messages."""
    return [(row["a"], row["b"], row["messages"]) for row in store.read(MESSAGES)]


def known(store: GraphStore) -> dict[str, tuple[int, int]]:
    """``{member id: (n, digest)}`` of every member the job wrote results for: their number (never changed
    once given) and the fingerprint of their last results (see ``recommend.job``)."""
    return {row["id"]: (row["n"], row["digest"]) for row in store.read(KNOWN)}


def write_results(
    store: GraphStore,
    rows: list[dict],
    summaries: list[dict],
    modularity: float,
    engine: str,
    now: int,
    batch: int = 5000,
) -> None:
    """Each member's results (rows ``{"id", "n", "community", "suggested", "digest", "ranked_by"}``,
    ``suggested`` the candidates' numbers separated by spaces, best first, ``ranked_by`` the version of the
    trained ranking that ordered them or None for the proximity order), and the ``Community`` nodes (the previous ones
    replaced)."""
    with ThreadPoolExecutor(2) as pool:  # one batch is made ready while the server writes the one before
        done = pool.map(
            lambda start: store.write(WRITE_RECOMMENDATIONS, rows=rows[start : start + batch], now=now),
            range(0, len(rows), batch),
        )
        list(done)
    while store.write(CLEAR_COMMUNITY_NODES)[0]["n"]:
        pass
    for start in range(0, len(summaries), batch):
        store.write(
            WRITE_COMMUNITY_NODES, rows=summaries[start : start + batch], modularity=modularity, engine=engine, now=now
        )


def clear_results_off_members(store: GraphStore) -> None:
    """Drop results an earlier version wrote on ``Member`` nodes (the next run writes them where they go now)."""
    while store.write(CLEAR_RESULTS_OFF_MEMBERS)[0]["n"]:
        pass
