"""The department's analytics as stored by the insights job, and what its pages read back.

``(:InsightsRun {id, at, status, error, seconds, totals, report})``: one per run, kept for trends
(:data:`RUNS_KEPT`); ``report`` and ``seconds`` are JSON text (communities, countries, networks, the network
matrix, arcs and growth, already under the small-cell rule), ``status`` is ``done`` or ``failed``.

``(:Influence {member_id, run, community, degree, pagerank, betweenness, burt_constraint, brokerage, core,
cut_point, participation, participation_countries, participation_networks, reasons, country, network_ids,
sector_ids, listed, rank_<measure>})``: one per member, the latest run's; ``reasons`` is JSON text;
``listed`` says whether the member's profile was open to members, and the member had not opted out of analytics
at individual level (``allow_analytics = false``), when the run made it (only those appear by
name: the statement that lists them checks it again against the member), and ``rank_<measure>`` is their
rank among the listed members (1 = highest), so that a page of the list is a range of an index. Like
``Recommendation``, it is a node of its own so that writing it does not re-index the ``Member``
(graph/snapshot.py).
"""

import json

from .cypher import Cypher, identifier
from .store import GraphStore

RUNS_KEPT = 60  # a run a day for two months, or more often for less long
MEASURES = ("degree", "pagerank", "betweenness", "brokerage", "participation", "core")

WRITE_INFLUENCE = Cypher(
    "UNWIND $rows AS r MERGE (i:Influence {member_id: r.id}) "
    "SET i.run = $run, i.community = r.community, i.degree = r.degree, i.pagerank = r.pagerank, "
    "i.betweenness = r.betweenness, i.burt_constraint = r.constraint, i.brokerage = r.brokerage, i.core = r.core, "
    "i.cut_point = r.cut_point, i.participation = r.participation, "
    "i.participation_countries = r.participation_countries, i.participation_networks = r.participation_networks, "
    "i.reasons = r.reasons, i.country = r.country, i.network_ids = r.network_ids, i.sector_ids = r.sector_ids, "
    "i.listed = r.listed, i.rank_degree = r.rank_degree, i.rank_pagerank = r.rank_pagerank, "
    "i.rank_betweenness = r.rank_betweenness, i.rank_brokerage = r.rank_brokerage, "
    "i.rank_participation = r.rank_participation, i.rank_core = r.rank_core RETURN count(i) AS n"
)
CLEAR_STALE_INFLUENCE = Cypher(
    "MATCH (i:Influence) WHERE i.run <> $run WITH i LIMIT 10000 DELETE i RETURN count(*) AS n"
)
RECORD_RUN = Cypher(
    "CREATE (r:InsightsRun {id: $id, at: $at, status: $status, error: $error, seconds: $seconds, "
    "totals: $totals, report: $report}) RETURN r.id AS id"
)
OLD_RUNS = Cypher("MATCH (r:InsightsRun) WITH r ORDER BY r.at DESC SKIP $kept DETACH DELETE r RETURN count(*) AS n")
LATEST_DONE = Cypher(
    "MATCH (r:InsightsRun) WHERE r.status = 'done' "
    "RETURN r {.id, .at, .seconds, .totals, .report} AS run ORDER BY run.at DESC LIMIT 1"
)
LATEST_ANY = Cypher("MATCH (r:InsightsRun) RETURN r {.id, .at, .status, .error} AS run ORDER BY run.at DESC LIMIT 1")
LATEST_TOTALS = Cypher(
    "MATCH (r:InsightsRun) WHERE r.status = 'done' RETURN r.totals AS totals, r.at AS at ORDER BY at DESC LIMIT 1"
)
RUN_TOTALS = Cypher(
    "MATCH (r:InsightsRun) WHERE r.status = 'done' "
    "RETURN r {.id, .at, .totals} AS run ORDER BY run.at DESC LIMIT $limit"
)

_OTHER_FILTERS = (
    "AND ($country IS NULL OR i.country = $country) AND ($network IS NULL OR $network IN i.network_ids) "
    "AND ($sector IS NULL OR $sector IN i.sector_ids) AND ($community IS NULL OR i.community = $community) "
)
# who may appear by name: a profile open to members, and no opt-out of analytics at individual level
_OPEN = "coalesce(m.visibility, 'members') = 'members' AND coalesce(m.allow_analytics, true)"
# a filtered list starts from the index of one chosen filter (the first of these), the others narrow it.
# Communities are found by a scan (``i.community + 0``): FalkorDB's range index on Influence.community
# answered nothing for community 0 in tests (other values were found), so it is not trusted for equality.
ANCHORS = {
    "country": "MATCH (i:Influence {country: $country}) WHERE i.listed = true ",
    "community": "MATCH (i:Influence) WHERE i.community + 0 = $community AND i.listed = true ",
    "network": "MATCH (i:Influence) WHERE $network IN i.network_ids AND i.listed = true ",
    "sector": "MATCH (i:Influence) WHERE $sector IN i.sector_ids AND i.listed = true ",
}
_MEMBER = "MATCH (m:Member {id: i.member_id}) WHERE m.status = 'active' AND " + _OPEN + " "
_ROW = (
    "RETURN m.id AS id, m.display_name AS name, m.name_ar AS name_ar, m.headline AS headline, m.photo AS photo, "
    "i {.community, .degree, .pagerank, .betweenness, .burt_constraint, .brokerage, .core, .cut_point, "
    ".participation, .participation_countries, .participation_networks, .reasons, .country, .network_ids} AS measures"
)
# The job ranks listed members by each measure (``rank_<measure>``, 1 = highest, ties by id): an unfiltered
# page is a range of an index, a filtered one sorts the members its anchor finds. Sort keys and anchors are
# text chosen from MEASURES and ANCHORS, never values.


def _rank(measure: str) -> str:
    return "i.rank_" + identifier(measure)


RANKED = {
    measure: Cypher(
        "MATCH (i:Influence) WHERE " + _rank(measure) + " > $skip AND " + _rank(measure) + " <= $last "
        "WITH i ORDER BY " + _rank(measure) + " " + _MEMBER + _ROW
    )
    for measure in MEASURES
}
FILTERED = {
    measure + " " + anchor: Cypher(
        ANCHORS[anchor]
        + _OTHER_FILTERS
        + "WITH i ORDER BY "
        + _rank(measure)
        + " SKIP $skip LIMIT $limit "
        + _MEMBER
        + _ROW
    )
    for measure in MEASURES
    for anchor in ANCHORS
}
COUNT_FILTERED = {anchor: Cypher(ANCHORS[anchor] + _OTHER_FILTERS + "RETURN count(i) AS n") for anchor in ANCHORS}
ONE = Cypher(
    "MATCH (m:Member {id: $id}) WHERE m.status = 'active' AND " + _OPEN + " "
    "MATCH (i:Influence {member_id: $id}) " + _ROW
)
EGO = Cypher(
    "MATCH (m:Member {id: $id})-[:CONNECTED]-(other:Member) WHERE other.status = 'active' "
    "OPTIONAL MATCH (i:Influence {member_id: other.id}) "
    "RETURN other.id AS id, other.display_name AS name, other.country AS country, "
    "coalesce(other.visibility, 'members') = 'members' AND coalesce(other.allow_analytics, true) AS listed, "
    "i.community AS community, "
    "coalesce(i.betweenness, 0.0) AS betweenness ORDER BY betweenness DESC, id LIMIT $limit"
)
COMMUNITY_MEMBERS = Cypher(
    "MATCH (i:Influence) WHERE i.community + 0 = $community "
    "WITH i ORDER BY i.pagerank DESC, i.member_id LIMIT $limit "
    "MATCH (m:Member {id: i.member_id}) WHERE m.status = 'active' "
    "RETURN m.id AS id, m.display_name AS name, m.country AS country, "
    + _OPEN
    + " AS listed, i.pagerank AS pagerank, i.degree AS degree"
)
# every ordered pair of the (few hundred) members checked for a tie: following each member's connections
# instead took 250 ms for a community's 200 most central members at 100,000 members (they have thousands)
TIES_AMONG = Cypher(
    "UNWIND $ids AS a MATCH (x:Member {id: a}) WITH collect(x) AS xs "
    "UNWIND xs AS x UNWIND xs AS y MATCH (x)-[:CONNECTED]->(y) RETURN x.id AS a, y.id AS b"
)
# the people behind a cell of the network matrix: members of both networks, and members of one connected to
# members of the other (only members open to members by name; the counts include everyone)
SHARED_MEMBERS = Cypher(
    "MATCH (m:Member) WHERE $a IN m.network_ids AND $b IN m.network_ids AND m.status = 'active' AND " + _OPEN + " "
    "RETURN m.id AS id, m.display_name AS name, m.country AS country ORDER BY m.display_name, m.id "
    "SKIP $skip LIMIT $limit"
)
COUNT_SHARED = Cypher(
    "MATCH (m:Member) WHERE $a IN m.network_ids AND $b IN m.network_ids AND m.status = 'active' "
    "RETURN count(m) AS n, sum(CASE WHEN " + _OPEN + " THEN 1 ELSE 0 END) AS listed"
)
TIED_ACROSS = Cypher(
    "MATCH (m:Member) WHERE $a IN m.network_ids AND m.status = 'active' AND " + _OPEN + " "
    "MATCH (m)-[:CONNECTED]-(y:Member) WHERE $b IN y.network_ids AND y.status = 'active' AND y.id <> m.id "
    "WITH m, count(DISTINCT y) AS ties "
    "RETURN m.id AS id, m.display_name AS name, m.country AS country, ties ORDER BY ties DESC, id LIMIT $limit"
)

# the whole graph as the latest run measured it, for GraphML and GEXF downloads
GRAPH_NODES = Cypher(
    "MATCH (i:Influence) MATCH (m:Member {id: i.member_id}) WHERE m.status = 'active' "
    "RETURN i.member_id AS id, m.display_name AS name, " + _OPEN + " AS listed, "
    "i.community AS community, i.country AS country, i.degree AS degree, i.pagerank AS pagerank, "
    "i.betweenness AS betweenness, i.brokerage AS brokerage, i.core AS core ORDER BY id"
)
GRAPH_EDGES = Cypher(
    "MATCH (a:Member)-[:CONNECTED]->(b:Member) WHERE a.status = 'active' AND b.status = 'active' "
    "WITH CASE WHEN a.id < b.id THEN [a.id, b.id] ELSE [b.id, a.id] END AS pair "
    "RETURN DISTINCT pair[0] AS a, pair[1] AS b"
)

# what the job reads beside the snapshot
MENTORSHIPS = Cypher(
    "MATCH (ms:Mentorship) WHERE ms.status IN ['active', 'closed'] "
    "RETURN ms.leader_id AS leader, ms.mentor_id AS mentor"
)
COMMUNITIES = Cypher("MATCH (x:Recommendation) RETURN x.member_id AS id, x.community AS community")
PROJECTS_BY_LEADER = Cypher("MATCH (p:Project) RETURN p.leader_id AS leader, count(p) AS n")
PEOPLE = Cypher(
    "MATCH (m:Member) WHERE m.status = 'active' "
    "RETURN m.id AS id, m.last_active_at AS active_at, " + _OPEN + " AS listed"
)
# growth: counts per day (integer division of epoch milliseconds), summed into months by the job
DAY_MS = 86_400_000
GROWTH = {
    "members": Cypher(
        "MATCH (m:Member) WHERE m.created_at IS NOT NULL "
        "RETURN null AS network, m.created_at / 86400000 AS day, count(*) AS n"
    ),
    "network_members": Cypher(
        "MATCH (:Member)-[r:MEMBER_OF]->(n:Network) WHERE r.since IS NOT NULL "
        "RETURN n.id AS network, r.since / 86400000 AS day, count(*) AS n"
    ),
    "connections": Cypher(
        "MATCH (:Member)-[c:CONNECTED]->(:Member) WHERE c.since IS NOT NULL "
        "RETURN null AS network, c.since / 86400000 AS day, count(*) AS n"
    ),
    "messages": Cypher(
        "MATCH (c:Conversation)-[:HAS_MESSAGE]->(x:Message) WHERE x.at IS NOT NULL "
        "RETURN c.network_id AS network, x.at / 86400000 AS day, count(*) AS n"
    ),
    "mentorships": Cypher(
        "MATCH (ms:Mentorship) WHERE ms.status IN ['active', 'closed'] AND ms.answered_at IS NOT NULL "
        "RETURN null AS network, ms.answered_at / 86400000 AS day, count(*) AS n"
    ),
}


def job_inputs(store: GraphStore) -> dict:
    """What the insights job needs beside the snapshot: each member's community (the recommendation job's),
    accepted mentorships as (leader, mentor), projects per leader, each member's last activity and whether
    their profile is open to members."""
    people = store.read(PEOPLE)
    return {
        "communities": {row["id"]: row["community"] for row in store.read(COMMUNITIES)},
        "mentorships": [(row["leader"], row["mentor"]) for row in store.read(MENTORSHIPS)],
        "projects": {row["leader"]: row["n"] for row in store.read(PROJECTS_BY_LEADER)},
        "active_at": {row["id"]: row["active_at"] for row in people},
        "listed": {row["id"]: row["listed"] for row in people},
    }


def growth_by_day(store: GraphStore) -> dict[str, list[dict]]:
    """For each figure of :data:`GROWTH`, rows ``{network, day, n}`` (``network`` None for all of Jisr, or
    the network of a member's joining or of a channel's message)."""
    return {name: store.read(statement) for name, statement in GROWTH.items()}


def write_members(store: GraphStore, rows: list[dict], run: str, batch: int = 5000) -> None:
    """The run's row for each member (``reasons`` as data; stored as JSON text), then the rows of members no
    longer in the graph dropped."""
    for start in range(0, len(rows), batch):
        part = [{**row, "reasons": json.dumps(row["reasons"])} for row in rows[start : start + batch]]
        store.write(WRITE_INFLUENCE, rows=part, run=run)
    while store.write(CLEAR_STALE_INFLUENCE, run=run)[0]["n"]:
        pass


def record_run(
    store: GraphStore,
    run: str,
    at: int,
    status: str,
    report: dict | None = None,
    totals: dict | None = None,
    seconds: dict | None = None,
    error: str | None = None,
) -> None:
    """Keep one run (``failed`` ones with their error, leaving the last good run in view), dropping the
    oldest beyond :data:`RUNS_KEPT`."""
    store.write(
        RECORD_RUN,
        id=run,
        at=at,
        status=status,
        error=error,
        seconds=json.dumps(seconds or {}),
        totals=json.dumps(totals or {}),
        report=json.dumps(report or {}),
    )
    store.write(OLD_RUNS, kept=RUNS_KEPT)


def latest(store: GraphStore) -> dict | None:
    """The newest successful run with its report, totals and timings decoded; None before the first."""
    rows = store.read(LATEST_DONE)
    if not rows:
        return None
    run = rows[0]["run"]
    return {**run, **{key: json.loads(run[key] or "{}") for key in ("report", "totals", "seconds")}}


def latest_attempt(store: GraphStore) -> dict | None:
    """The newest run whatever its outcome (``status``, ``error``): a failed one is announced."""
    rows = store.read(LATEST_ANY)
    return rows[0]["run"] if rows else None


def history(store: GraphStore, limit: int = RUNS_KEPT) -> list[dict]:
    """The totals of the successful runs, oldest first (for trends)."""
    rows = [row["run"] for row in store.read(RUN_TOTALS, limit=limit)]
    return [{**run, "totals": json.loads(run["totals"] or "{}")} for run in reversed(rows)]


def _decoded(row: dict) -> dict:
    measures = dict(row["measures"])
    measures["reasons"] = json.loads(measures.get("reasons") or "[]")
    return {**row, "measures": measures}


def top(store: GraphStore, measure: str, filters: dict, page: int = 1, per_page: int = 20) -> tuple[list[dict], int]:
    """The members ranked by ``measure`` (one of :data:`MEASURES`) among those matching ``filters``
    (``country``, ``network``, ``sector``, ``community``; None: any), one page, and how many match."""
    params = {name: filters.get(name) for name in ("country", "network", "sector", "community")}
    paging = {"skip": (page - 1) * per_page, "limit": per_page}
    anchor = next((name for name in ANCHORS if params[name] is not None), None)
    if anchor is None:
        rows = store.read(RANKED[measure], skip=paging["skip"], last=paging["skip"] + per_page)
        # counting 100,000 entries of an index took 80 ms; the run counted them when it ranked them
        latest_totals = store.read(LATEST_TOTALS)
        total = json.loads(latest_totals[0]["totals"] or "{}").get("listed", 0) if latest_totals else 0
    else:
        rows = store.read(FILTERED[f"{measure} {anchor}"], **paging, **params)
        total = store.read(COUNT_FILTERED[anchor], **params)[0]["n"]
    return [_decoded(row) for row in rows], total


def member(store: GraphStore, member_id: str) -> dict | None:
    """One member's measures and reasons from the latest run (None if the run did not see them, or their
    profile is not open to members)."""
    rows = store.read(ONE, id=member_id)
    return _decoded(rows[0]) if rows else None


def ego_network(store: GraphStore, member_id: str, limit: int = 60) -> dict:
    """A member's contacts (the most central first, at most ``limit``) and the ties among them."""
    contacts = store.read(EGO, id=member_id, limit=limit)
    ids = [member_id] + [row["id"] for row in contacts]
    return {"contacts": contacts, "ties": ties_among(store, ids)}


def ties_among(store: GraphStore, ids: list[str]) -> list[list[str]]:
    """The connections between the members ``ids``, each as ``[a, b]`` once per stored direction."""
    return [[row["a"], row["b"]] for row in store.read(TIES_AMONG, ids=ids)]


def community_members(store: GraphStore, community: int, limit: int) -> list[dict]:
    """A community's most central members by PageRank (at most ``limit``), with whether they are listed."""
    return store.read(COMMUNITY_MEMBERS, community=community, limit=limit)


def shared_members(store: GraphStore, a: str, b: str, page: int, per_page: int) -> tuple[list[dict], dict]:
    """Members of both networks ``a`` and ``b`` open to members, one page by name, and the counts
    ``{"n": everyone, "listed": those shown}``."""
    rows = store.read(SHARED_MEMBERS, a=a, b=b, skip=(page - 1) * per_page, limit=per_page)
    return rows, store.read(COUNT_SHARED, a=a, b=b)[0]


def tied_across(store: GraphStore, a: str, b: str, limit: int) -> list[dict]:
    """Members of network ``a`` (open to members) with the most connections to members of network ``b``."""
    return store.read(TIED_ACROSS, a=a, b=b, limit=limit)


def graph_nodes(store: GraphStore) -> list[dict]:
    """Every member the latest run measured, with their measures, community and country."""
    return store.read(GRAPH_NODES)


def graph_edges(store: GraphStore) -> list[dict]:
    """Every connection between active members, once (``a`` < ``b``, whichever way it is stored)."""
    return store.read(GRAPH_EDGES)
