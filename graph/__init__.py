"""The graph: the only package that speaks Cypher.

``init_app(app)`` reads ``GRAPH_URL`` from the app's config and puts a
:class:`GraphHandle` in ``app.extensions["graph"]``. Nothing here imports
Flask: the app object is only read for its config and instance path.
"""

import os
import threading

from .embedded import EmbeddedServer
from .errors import ConfigError, Conflict, GraphError, GraphUnavailable, NotFound, QueryError
from .falkor import FalkorStore
from .neo4j_engine import Neo4jStore
from .neo4j_server import Neo4jServer
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


def open_store(target: GraphTarget, server: EmbeddedServer | Neo4jServer | None = None) -> GraphStore:
    """Build the engine for ``target`` (connections open on first use; a started ``server`` for embedded ones)."""
    if target.engine == "embedded":
        return FalkorStore(target.graph, unix_socket_path=server.socket_path)
    if target.engine == "falkordb":
        return FalkorStore(target.graph, host=target.host, port=target.port, password=target.password)
    if target.engine == "neo4j-embedded":
        return Neo4jStore(server.uri, user=server.user, password=server.password)
    return Neo4jStore(target.uri, user=target.user, password=target.password, database=target.graph)


class GraphHandle:
    """Per-app access to the graph: the store, built on first use, and the server the app starts, if any.

    With ``neo4j+embedded`` the app also starts a Redis of its own (the FalkorDB wheel's ``redis-server``,
    in ``<data_dir>/redis``) for the needs the embedded FalkorDB serves otherwise, so that one machine can
    run the whole platform on Neo4j.

    ``start_servers`` False: another process (``flask serve``'s supervisor) starts and restarts those servers;
    this one only connects, and answers "unavailable" while they are down.
    """

    def __init__(self, target: GraphTarget, start_servers: bool = True):
        self.target = target
        self.start_servers = start_servers
        self.server: EmbeddedServer | Neo4jServer | None = None
        self.redis_server: EmbeddedServer | None = None
        if target.engine == "embedded":
            self.server = self.redis_server = EmbeddedServer(target.data_dir)
        elif target.engine == "neo4j-embedded":
            memory = {key: getattr(target, key) for key in ("heap", "pagecache") if getattr(target, key)}
            self.server = Neo4jServer(target.data_dir, **memory)
            self.redis_server = EmbeddedServer(os.path.join(target.data_dir, "redis"))
        self._store: GraphStore | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> GraphStore:
        """The graph store; starts the embedded server first when it is not running."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    if self.server is not None and self.start_servers:
                        self.server.ensure_running()
                    self._store = open_store(self.target, self.server)
        return self._store

    @property
    def redis_url(self) -> str | None:
        """The Redis of the same server (FalkorDB) or of the one started beside Neo4j; None for a Neo4j server."""
        if self.redis_server is not None:
            return self.redis_server.redis_url
        if self.target.engine == "falkordb":
            auth = f":{self.target.password}@" if self.target.password else ""
            return f"redis://{auth}{self.target.host}:{self.target.port}/0"
        return None

    def start_redis(self) -> None:
        """Start the Redis the app starts itself, if any (before the first Redis command)."""
        if not self.start_servers:
            return
        if self.redis_server is self.server:
            self.store  # noqa: B018 - the graph server is the Redis: starting it is opening the store
        elif self.redis_server is not None:
            self.redis_server.ensure_running()

    def close(self) -> None:
        """Close connections (the embedded server stays up for others until its owner exits)."""
        if self._store is not None:
            self._store.close()


def init_app(app) -> None:
    """Attach the graph named by ``app.config["GRAPH_URL"]`` to ``app``; raise ConfigError if invalid."""
    target = parse_graph_url(app.config.get("GRAPH_URL") or DEFAULT_GRAPH_URL, app.instance_path)
    app.extensions["graph"] = GraphHandle(target, start_servers=not app.config.get("SUPERVISED"))
