"""The Neo4j 5 engine, over the official ``neo4j`` driver.

One driver per process, created on first use so that it is built after a
pre-forking server has forked. Each statement runs alone in an
``execute_read`` / ``execute_write`` transaction function. The driver runs
the function again only after a failure that rolled the transaction back
(a deadlock, a lost leader); a commit whose answer was lost is reported as
``IncompleteCommit`` and never retried. So a read-modify-write such as
``SET x.count = x.count + 1`` counts once, and Neo4j takes the node's write
lock before reading a property that the same ``SET`` writes, so concurrent
increments are not lost (``tests/test_store.py`` runs them in threads).
"""

import os
import threading
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from .cypher import Cypher
from .errors import Conflict, GraphUnavailable, QueryError
from .schema import SchemaOp, neo4j_ddl
from .store import GraphStore
from .values import check_portable


def plain(value: Any) -> Any:
    """Turn a Neo4j result value into plain Python (nodes become property dicts)."""
    if isinstance(value, (Node, Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _rows(tx, query: str, params: dict) -> list[dict]:
    result = tx.run(query, params)
    return [{key: plain(record[key]) for key in record.keys()} for record in result]


LIST_PROCEDURES = Cypher("SHOW PROCEDURES YIELD name WHERE name IN $names RETURN name")
#: The procedures the Neo4j dialect calls (built into Neo4j 5; no APOC or GDS is assumed).
REQUIRED_PROCEDURES = ("db.index.fulltext.queryNodes",)
_PROCEDURE_NOT_FOUND = "Neo.ClientError.Procedure.ProcedureNotFound"
_SECURITY = "Neo.ClientError.Security."
RETRY_SECONDS = 5.0


@contextmanager
def translated_errors():
    """Turn the driver's exceptions into the project's: the server cannot be used (down, refusing the
    password, lacking a procedure) is GraphUnavailable; a broken uniqueness is Conflict; the rest QueryError."""
    try:
        yield
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        raise GraphUnavailable(f"Neo4j is not reachable: {exc}") from exc
    except neo4j_errors.ConstraintError as exc:
        raise Conflict(str(exc)) from exc
    except neo4j_errors.Neo4jError as exc:
        if isinstance(exc, neo4j_errors.AuthError) or (exc.code or "").startswith(_SECURITY):
            # a wrong password, or too many wrong ones in a row (AuthenticationRateLimit)
            raise GraphUnavailable(f"Neo4j refused the user name or password of JISR_GRAPH_URL: {exc.message}") from exc
        if exc.code == _PROCEDURE_NOT_FOUND:
            raise GraphUnavailable(f"Neo4j lacks a procedure Jisr calls: {exc.message}") from exc
        raise QueryError(str(exc)) from exc


class Neo4jStore(GraphStore):
    """A graph on a Neo4j 5 server or cluster.

    ``procedures`` are the ones :meth:`ping` checks the server has (by default those the dialect calls).
    """

    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        procedures: tuple[str, ...] = REQUIRED_PROCEDURES,
    ):
        self._uri = uri
        self._auth = (user, password) if user else None
        self._database = database
        self._procedures = procedures
        self._procedures_checked = False
        self._driver: neo4j.Driver | None = None
        self._driver_pid: int | None = None
        self._lock = threading.Lock()

    def _get_driver(self) -> neo4j.Driver:
        if self._driver is None or self._driver_pid != os.getpid():
            with self._lock:
                if self._driver is None or self._driver_pid != os.getpid():
                    # The server's notifications (unknown labels on an empty graph, ...) would be logged as
                    # warnings on every statement; the Cypher linter reports deprecations in the tests.
                    # Transient failures are retried for 5 s (a cluster elects a leader in that time), not the
                    # driver's 30 s: a page waits that long before saying the database is unavailable.
                    self._driver = neo4j.GraphDatabase.driver(
                        self._uri,
                        auth=self._auth,
                        notifications_min_severity="OFF",
                        max_transaction_retry_time=RETRY_SECONDS,
                    )
                    self._driver_pid = os.getpid()
        return self._driver

    def _execute(self, query: str, params: dict, read_only: bool) -> list[dict]:
        check_portable(params)
        with translated_errors(), self._get_driver().session(database=self._database) as session:
            run = session.execute_read if read_only else session.execute_write
            return run(_rows, query, params)

    def read(self, query: str, **params: Any) -> list[dict]:
        """Run a read-only statement in a read transaction."""
        return self._execute(query, params, read_only=True)

    def write(self, query: str, **params: Any) -> list[dict]:
        """Run a statement in a write transaction."""
        return self._execute(query, params, read_only=False)

    def apply_schema(self, op: SchemaOp) -> None:
        """Run the ``IF NOT EXISTS`` DDL for ``op`` (schema statements cannot run in transaction functions)."""
        with translated_errors(), self._get_driver().session(database=self._database) as session:
            session.run(neo4j_ddl(op)).consume()

    def ping(self) -> None:
        """Check that the server answers, accepts our credentials and (once) has the procedures we call."""
        with translated_errors():
            self._get_driver().verify_connectivity()
        if self._procedures_checked:
            return
        present = {row["name"] for row in self.read(LIST_PROCEDURES, names=list(self._procedures))}
        missing = sorted(set(self._procedures) - present)
        if missing:
            raise GraphUnavailable(f"Neo4j lacks procedures Jisr calls: {', '.join(missing)}")
        self._procedures_checked = True

    def close(self) -> None:
        """Close the driver."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None
