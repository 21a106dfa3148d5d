"""The graph: the only package that speaks Cypher.

``init_app(app)`` reads ``GRAPH_URL`` from the app's config and puts a
:class:`GraphHandle` in ``app.extensions["graph"]``. Nothing here imports
Flask: the app object is only read for its config and instance path.
"""

import threading

from .embedded import EmbeddedServer
from .errors import ConfigError, Conflict, GraphError, GraphUnavailable, NotFound, QueryError
from .falkor import FalkorStore
from .neo4j_engine import Neo4jStore
from .store import GraphStore
from .url import DEFAULT_GRAPH_URL, GraphTarget, parse_graph_url

__all__ = [
    "ConfigError",
    "Conflict",
    "GraphError",
    "GraphHandle",
    "GraphStore",
    "GraphUnavailable",
    "NotFound",
    "QueryError",
    "init_app",
    "open_store",
]


def open_store(target: GraphTarget, server: EmbeddedServer | None = None) -> GraphStore:
    """Build the engine for ``target`` (connections open on first use)."""
    if target.engine == "embedded":
        return FalkorStore(target.graph, unix_socket_path=server.socket_path)
    if target.engine == "falkordb":
        return FalkorStore(target.graph, host=target.host, port=target.port, password=target.password)
    return Neo4jStore(target.uri, user=target.user, password=target.password, database=target.graph)


class GraphHandle:
    """Per-app access to the graph: the store, built on first use, and the embedded server if any."""

    def __init__(self, target: GraphTarget):
        self.target = target
        self.server = EmbeddedServer(target.data_dir) if target.engine == "embedded" else None
        self._store: GraphStore | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> GraphStore:
        """The graph store; starts the embedded server first when it is not running."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    if self.server is not None:
                        self.server.ensure_running()
                    self._store = open_store(self.target, self.server)
        return self._store

    @property
    def redis_url(self) -> str | None:
        """The Redis of the same server, when the graph is on FalkorDB (None for Neo4j)."""
        if self.target.engine == "embedded":
            return self.server.redis_url
        if self.target.engine == "falkordb":
            auth = f":{self.target.password}@" if self.target.password else ""
            return f"redis://{auth}{self.target.host}:{self.target.port}/0"
        return None

    def close(self) -> None:
        """Close connections (the embedded server stays up for others until its owner exits)."""
        if self._store is not None:
            self._store.close()


def init_app(app) -> None:
    """Attach the graph named by ``app.config["GRAPH_URL"]`` to ``app``; raise ConfigError if invalid."""
    target = parse_graph_url(app.config.get("GRAPH_URL") or DEFAULT_GRAPH_URL, app.instance_path)
    app.extensions["graph"] = GraphHandle(target)
