"""Which graph engine this test run proves, and the session's Neo4j with its per-test isolation.

``make test`` runs the suite twice: ``JISR_TEST_ENGINE=falkordb`` (the embedded default) and
``JISR_TEST_ENGINE=neo4j`` (a live Neo4j 5 Community started from ``scripts/neo4j-server``). Tests marked
``falkordb_only`` or ``neo4j_only`` run in one pass; every other test runs in both.

Neo4j Community has one user database, so tests cannot each get a graph of their own as they do on
FalkorDB. The session migrates the database once and remembers what the migration made (the reference
data); after each test, every node that was not there is deleted, and a census (nodes by label,
relationships, programmes' versions, indexes and constraints) checks that the test left the reference data
as it found it. When it did not (a test that needs an unmigrated graph, or one that changed reference
data), the database is wiped and migrated again. docs/neo4j.md gives the figures.
"""

import os
from pathlib import Path

import neo4j

import migrations
from graph import open_store
from graph.neo4j_server import Neo4jServer
from graph.schema import FALKORDB_CONSTRAINTS, FALKORDB_INDEXES
from graph.url import parse_graph_url

ENGINE = os.environ.get("JISR_TEST_ENGINE", "falkordb")
ENGINES = ("falkordb", "neo4j")
if ENGINE not in ENGINES:
    raise SystemExit(f"JISR_TEST_ENGINE={ENGINE!r}: choose one of {', '.join(ENGINES)}")

ON_NEO4J = ENGINE == "neo4j"

_CENSUS_NODES = "MATCH (n) RETURN labels(n) AS labels, count(*) AS n ORDER BY n, labels"
_CENSUS_RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
# the shipped data tests may change in place (staff edit programmes): their versions
_CENSUS_PROGRAMMES = "MATCH (p:Programme) RETURN p.id AS id, p.version AS version ORDER BY id"
_BASELINE_IDS = "MATCH (n) RETURN collect(elementId(n)) AS ids"
_DELETE_NEW = "MATCH (n) WHERE NOT elementId(n) IN $keep CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
_DELETE_ALL = "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


class Neo4jGraphs:
    """The session's Neo4j server, migrated once, and the reset that isolates one test from the next."""

    def __init__(self, root: Path):
        self.server = Neo4jServer(
            root / "neo4j",
            durable=False,
            heap="2g",
            pagecache="256m",
            # tests log in with wrong passwords on purpose: no lock-out of the user the other tests need
            settings={"dbms.security.auth_max_failed_attempts": "0"},
        )
        self.server.ensure_running()
        self.url = f"neo4j://{self.server.user}:{self.server.password}@127.0.0.1:{self.server.port}"
        self.store = open_store(parse_graph_url(self.url, str(root)))
        self._driver = neo4j.GraphDatabase.driver(
            self.server.uri, auth=(self.server.user, self.server.password), notifications_min_severity="OFF"
        )
        self._migrate()

    def _session_run(self, statement: str, **params) -> list[dict]:
        with self._driver.session() as session:
            return [record.data() for record in session.run(statement, params)]

    def census(self) -> dict:
        """Nodes by label, relationships by type, and the schema: what a test must leave as it found it."""
        return {
            "nodes": self._session_run(_CENSUS_NODES),
            "relationships": self._session_run(_CENSUS_RELATIONSHIPS),
            "programmes": self._session_run(_CENSUS_PROGRAMMES),
            "indexes": sorted(row["name"] for row in self._session_run("SHOW INDEXES YIELD name")),
            "constraints": sorted(row["name"] for row in self._session_run("SHOW CONSTRAINTS YIELD name")),
        }

    def wipe(self) -> None:
        """Delete every node, constraint and index (the state a test of an unmigrated graph starts from)."""
        self._session_run(_DELETE_ALL)
        for row in self._session_run("SHOW CONSTRAINTS YIELD name"):
            self._session_run(f"DROP CONSTRAINT `{row['name']}`")
        for row in self._session_run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'"):
            self._session_run(f"DROP INDEX `{row['name']}`")

    def _migrate(self) -> None:
        self.wipe()
        migrations.migrate(self.store)
        self._session_run("CALL db.awaitIndexes(300)")
        self.baseline = self.census()
        self._keep = self._session_run(_BASELINE_IDS)[0]["ids"]

    def reset(self) -> None:
        """Remove what the last test made; wipe and migrate again if it changed the reference data or schema."""
        self._session_run(_DELETE_NEW, keep=self._keep)
        if self.census() != self.baseline:
            self._migrate()

    def close(self) -> None:
        """Close the connections and stop the server."""
        self.store.close()
        self._driver.close()
        self.server.stop()


def neo4j_unavailable_reason() -> str | None:
    """Why this machine cannot run the Neo4j pass (None when it can)."""
    from graph.neo4j_server import LauncherUnavailable, launcher_command

    try:
        launcher_command("1g")
    except LauncherUnavailable as exc:
        return str(exc)
    return None


def schema_listing(store) -> dict:
    """The indexes and constraints of ``store``'s graph, whichever the engine, for comparisons in tests."""
    if store.dialect == "neo4j":
        indexes = store.read("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state")
        constraints = store.read("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties")
    else:
        indexes, constraints = store.read(FALKORDB_INDEXES), store.read(FALKORDB_CONSTRAINTS)
    return {"indexes": sorted(indexes, key=str), "constraints": sorted(constraints, key=str)}


def unique_constraints(store) -> set[tuple[str, str]]:
    """``(label, property)`` of every uniqueness constraint that is in force."""
    if store.dialect == "neo4j":
        rows = store.read("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS'")
        return {(row["labelsOrTypes"][0], row["properties"][0]) for row in rows}
    rows = store.read(FALKORDB_CONSTRAINTS)
    return {(row["label"], row["properties"][0]) for row in rows if row["status"] == "OPERATIONAL"}
