"""The FalkorDB engine, over the ``falkordb`` client."""

import threading
import time
from collections.abc import Mapping
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path
from falkordb.query_result import parse_scalar

from . import falkor_wire
from .errors import Conflict, GraphUnavailable, QueryError
from .schema import (
    FALKORDB_CONSTRAINTS,
    FALKORDB_INDEXES,
    FullText,
    RangeIndex,
    SchemaOp,
    Unique,
    falkordb_fulltext_create,
    falkordb_range_index,
)
from .store import GraphStore

_UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.BusyLoadingError)


def plain(value: Any) -> Any:
    """Turn a FalkorDB result value into plain Python (nodes become property dicts)."""
    if isinstance(value, (Node, Edge)):
        return {k: plain(v) for k, v in value.properties.items()}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes()]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class FalkorStore(GraphStore):
    """A graph on a FalkorDB server, reached by unix socket or TCP."""

    dialect = "falkordb"

    def __init__(
        self,
        graph_name: str,
        *,
        unix_socket_path: str | None = None,
        host: str = "localhost",
        port: int = 6379,
        password: str | None = None,
        timeout: float = 10.0,
    ):
        self.graph_name = graph_name
        if unix_socket_path:
            self._connect_args = dict(unix_socket_path=unix_socket_path, socket_timeout=timeout)
        else:
            self._connect_args = dict(
                host=host, port=port, password=password, socket_timeout=timeout, socket_connect_timeout=timeout
            )
        self._lock = threading.Lock()
        self._db: FalkorDB | None = None
        self._graph = None

    def _client(self) -> FalkorDB:
        """Connect on first use (the client asks the server about itself when built)."""
        if self._db is None:
            with self._lock:
                if self._db is None:
                    try:
                        db = FalkorDB(**self._connect_args)
                    except _UNAVAILABLE as exc:
                        raise GraphUnavailable(f"FalkorDB is not reachable: {exc}") from exc
                    self._graph = db.select_graph(self.graph_name)
                    self._db = db
        return self._db

    @property
    def connection(self) -> redis.Redis:
        """The underlying Redis connection (the embedded setup shares it for other needs)."""
        return self._client().connection

    def _run(self, query: str, params: dict, read_only: bool) -> list[dict]:
        try:
            self._client()
            graph = self._graph
            command = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
            text = falkor_wire.params_header(params) + query
            return falkor_wire.rows(
                graph.execute_command(command, graph.name, text, "--compact"),
                lambda cell: plain(parse_scalar(cell, graph)),
            )
        except _UNAVAILABLE as exc:
            raise GraphUnavailable(f"FalkorDB is not reachable: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            message = str(exc)
            if read_only and "empty key" in message:
                return []  # the graph does not exist yet: nothing to read
            if "unique constraint violation" in message:
                raise Conflict(message) from exc
            raise QueryError(message) from exc

    def read(self, query: str, **params: Any) -> list[dict]:
        """Run a read-only statement (``GRAPH.RO_QUERY``)."""
        return self._run(query, params, read_only=True)

    def write(self, query: str, **params: Any) -> list[dict]:
        """Run a statement that may write (``GRAPH.QUERY``)."""
        return self._run(query, params, read_only=False)

    def ping(self) -> None:
        """Check that the server answers."""
        try:
            self.connection.ping()
        except _UNAVAILABLE as exc:
            raise GraphUnavailable(f"FalkorDB is not reachable: {exc}") from exc

    def close(self) -> None:
        """Close the connection pool."""
        if self._db is not None:
            self._db.connection.close()

    def delete_graph(self) -> None:
        """Delete this graph and everything in it (tests and explicit resets only)."""
        self._client()
        try:
            self._graph.delete()
        except redis.exceptions.ResponseError:
            pass  # the graph was never created

    def copy_graph(self, target: str, attempts: int = 50) -> None:
        """Copy this graph, indexes included, to a new graph named ``target`` (fails if it exists).

        The copy runs in a forked child and Redis allows one fork at a time, so "could not fork" and
        "copy failed" answers are retried for a while (as FalkorDB's own tests do).
        """
        for attempt in range(attempts):
            try:
                self.connection.execute_command("GRAPH.COPY", self.graph_name, target)
                return
            except _UNAVAILABLE as exc:
                raise GraphUnavailable(f"FalkorDB is not reachable: {exc}") from exc
            except redis.exceptions.ResponseError as exc:
                retryable = "fork" in str(exc) or "copy failed" in str(exc)
                if not retryable or attempt == attempts - 1:
                    raise QueryError(str(exc)) from exc
                time.sleep(0.1)

    # -- schema -----------------------------------------------------------
    def apply_schema(self, op: SchemaOp) -> None:
        """Create the index or constraint unless it exists."""
        if isinstance(op, RangeIndex):
            self._ensure_range_index(op.label, op.prop)
        elif isinstance(op, Unique):
            self._ensure_range_index(op.label, op.prop)
            self._ensure_unique(op.label, op.prop)
        elif isinstance(op, FullText):
            self._ensure_fulltext(op.label, op.props)

    def _indexes(self) -> list[dict]:
        return self.read(FALKORDB_INDEXES)

    def _ensure_range_index(self, label: str, prop: str) -> None:
        for index in self._indexes():
            if index["label"] == label and "RANGE" in (index["types"] or {}).get(prop, []):
                return
        self.write(falkordb_range_index(label, prop))

    def _ensure_fulltext(self, label: str, props: tuple[str, ...]) -> None:
        for index in self._indexes():
            types = index["types"] or {}
            if index["label"] == label and all("FULLTEXT" in types.get(p, []) for p in props):
                return
        fields = {f"p{i}": prop for i, prop in enumerate(props)}
        self.write(falkordb_fulltext_create(len(props)), label=label, **fields)

    def _unique_status(self, label: str, prop: str) -> str | None:
        for row in self.read(FALKORDB_CONSTRAINTS):
            if row["type"] == "UNIQUE" and row["label"] == label and row["properties"] == [prop]:
                return row["status"]
        return None

    def _ensure_unique(self, label: str, prop: str, wait: float = 30.0) -> None:
        if self._unique_status(label, prop) is None:
            try:
                self.connection.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", 1, prop
                )
            except redis.exceptions.ResponseError as exc:
                raise QueryError(f"cannot create unique constraint on {label}.{prop}: {exc}") from exc
        deadline = time.monotonic() + wait
        while (status := self._unique_status(label, prop)) != "OPERATIONAL":
            if status == "FAILED":
                raise Conflict(f"existing {label} nodes share a {prop}: the unique constraint failed")
            if time.monotonic() > deadline:
                raise GraphUnavailable(f"unique constraint on {label}.{prop} still {status}")
            time.sleep(0.02)
