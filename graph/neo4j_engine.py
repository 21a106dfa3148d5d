"""The Neo4j 5 engine, over the official ``neo4j`` driver.

One driver per process, created on first use so that it is built after a
pre-forking server has forked. Work runs in ``execute_read`` /
``execute_write`` transaction functions, which the driver retries: every
statement we send is idempotent or guarded by a uniqueness constraint.
"""

import os
import threading
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from .errors import Conflict, GraphUnavailable, QueryError
from .schema import SchemaOp, neo4j_ddl
from .store import GraphStore


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


class Neo4jStore(GraphStore):
    """A graph on a Neo4j 5 server or cluster."""

    dialect = "neo4j"

    def __init__(self, uri: str, *, user: str | None = None, password: str | None = None, database: str | None = None):
        self._uri = uri
        self._auth = (user, password) if user else None
        self._database = database
        self._driver: neo4j.Driver | None = None
        self._driver_pid: int | None = None
        self._lock = threading.Lock()

    def _get_driver(self) -> neo4j.Driver:
        if self._driver is None or self._driver_pid != os.getpid():
            with self._lock:
                if self._driver is None or self._driver_pid != os.getpid():
                    self._driver = neo4j.GraphDatabase.driver(self._uri, auth=self._auth)
                    self._driver_pid = os.getpid()
        return self._driver

    def _execute(self, query: str, params: dict, read_only: bool) -> list[dict]:
        try:
            with self._get_driver().session(database=self._database) as session:
                run = session.execute_read if read_only else session.execute_write
                return run(_rows, query, params)
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            raise GraphUnavailable(f"Neo4j is not reachable: {exc}") from exc
        except neo4j_errors.ConstraintError as exc:
            raise Conflict(str(exc)) from exc
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(str(exc)) from exc

    def read(self, query: str, **params: Any) -> list[dict]:
        """Run a read-only statement in a read transaction."""
        return self._execute(query, params, read_only=True)

    def write(self, query: str, **params: Any) -> list[dict]:
        """Run a statement in a write transaction."""
        return self._execute(query, params, read_only=False)

    def apply_schema(self, op: SchemaOp) -> None:
        """Run the ``IF NOT EXISTS`` DDL for ``op`` (schema statements cannot run in transaction functions)."""
        try:
            with self._get_driver().session(database=self._database) as session:
                session.run(neo4j_ddl(op)).consume()
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            raise GraphUnavailable(f"Neo4j is not reachable: {exc}") from exc
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(str(exc)) from exc

    def ping(self) -> None:
        """Check that the server answers."""
        try:
            self._get_driver().verify_connectivity()
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.AuthError, OSError, ValueError) as exc:
            raise GraphUnavailable(f"Neo4j is not reachable: {exc}") from exc

    def close(self) -> None:
        """Close the driver."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None
