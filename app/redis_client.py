"""The app's Redis: rate limits now, and later presence, queues and the Socket.IO message queue."""

import redis
from flask import current_app

from graph import ConfigError


class RedisHandle:
    """A lazily connected Redis client plus the key prefix of this app."""

    def __init__(self, url: str, prefix: str, before_connect=None):
        self.url = url
        self.prefix = prefix
        self._before_connect = before_connect
        self._client: redis.Redis | None = None

    @property
    def client(self) -> redis.Redis:
        """The client (connections open on first command)."""
        if self._client is None:
            if self._before_connect is not None:
                self._before_connect()
            self._client = redis.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=5)
        return self._client

    def key(self, *parts: str) -> str:
        """A key in this app's namespace."""
        return self.prefix + ":".join(parts)


def init_app(app) -> None:
    """Use ``REDIS_URL``, else the Redis of the FalkorDB server holding the graph."""
    graph_handle = app.extensions["graph"]
    url = app.config.get("REDIS_URL")
    before_connect = None
    if not url:
        url = graph_handle.redis_url
        before_connect = graph_handle.start_redis
    if not url:
        raise ConfigError("JISR_REDIS_URL must be set when the graph is on a Neo4j server")
    app.extensions["redis"] = RedisHandle(url, app.config["REDIS_PREFIX"], before_connect)


def redis_handle() -> RedisHandle:
    """The current app's Redis handle."""
    return current_app.extensions["redis"]
