"""Parsing ``JISR_GRAPH_URL`` into an engine choice."""

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import ConfigError

DEFAULT_GRAPH_URL = "falkordb+embedded://instance/jisr"
NEO4J_SCHEMES = {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}
_EXAMPLES = (
    "falkordb+embedded://instance/jisr, redis://host:6379/jisr, neo4j://user:password@host:7687/neo4j, "
    "neo4j+embedded://instance"
)


@dataclass(frozen=True)
class GraphTarget:
    """Where the graph lives, as parsed from the URL."""

    engine: str  # "embedded" (FalkorDB), "falkordb", "neo4j" or "neo4j-embedded"
    graph: str | None = None  # FalkorDB graph name, or Neo4j database (None: the server's default)
    data_dir: str | None = None  # embedded engines only
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None
    uri: str | None = None  # neo4j only, without credentials
    heap: str | None = None  # neo4j-embedded only: the JVM's heap and Neo4j's page cache (e.g. "4g")
    pagecache: str | None = None


def _redacted(url: str) -> str:
    parts = urlsplit(url or "")
    if parts.password:
        return url.replace(":" + parts.password + "@", ":***@", 1)
    return url


def _fail(url: str, why: str) -> ConfigError:
    return ConfigError(f"JISR_GRAPH_URL={_redacted(url)!r} cannot be used: {why}. Examples: {_EXAMPLES}")


def parse_graph_url(url: str, instance_path: str) -> GraphTarget:
    """Return the :class:`GraphTarget` for ``url``; raise ConfigError naming the variable if invalid."""
    parts = urlsplit(url or "")
    scheme = parts.scheme.lower()
    name = unquote(parts.path.lstrip("/"))
    if scheme == "falkordb+embedded":
        data_dir = _embedded_dir(url, parts, instance_path, "falkordb", "falkordb+embedded://instance/NAME")
        return GraphTarget("embedded", graph=_graph_name(url, name), data_dir=data_dir)
    if scheme == "neo4j+embedded":
        if name:
            raise _fail(url, "Neo4j Community has one database: write neo4j+embedded://instance, without a name")
        data_dir = _embedded_dir(url, parts, instance_path, "neo4j", "neo4j+embedded://instance")
        query = parse_qs(parts.query)
        memory = {key: query[key][0] for key in ("heap", "pagecache") if key in query}
        for key, size in memory.items():
            if not (size[:-1].isdigit() and size[-1].lower() in "mg"):
                raise _fail(url, f"{key}= must be a size such as 512m or 4g")
        return GraphTarget("neo4j-embedded", data_dir=data_dir, **memory)
    if scheme == "redis":
        try:
            port = parts.port or 6379
        except ValueError as exc:
            raise _fail(url, "the port is not a number") from exc
        if not parts.hostname:
            raise _fail(url, "a host is needed")
        return GraphTarget(
            "falkordb",
            graph=_graph_name(url, name),
            host=parts.hostname,
            port=port,
            password=unquote(parts.password) if parts.password else None,
        )
    if scheme in NEO4J_SCHEMES:
        if not parts.hostname:
            raise _fail(url, "a host is needed")
        try:
            port = parts.port or 7687
        except ValueError as exc:
            raise _fail(url, "the port is not a number") from exc
        return GraphTarget(
            "neo4j",
            graph=name or None,
            host=parts.hostname,
            port=port,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            uri=f"{scheme}://{parts.hostname}:{port}",
        )
    raise _fail(url, f"unknown scheme {scheme or '(none)'!r}")


def _embedded_dir(url: str, parts, instance_path: str, folder: str, example: str) -> str:
    """The data folder of a server the application starts itself: ``?dir=`` or ``instance/<folder>``."""
    if parts.netloc not in ("", "instance"):
        raise _fail(url, f"the embedded server lives in the instance folder: write {example}")
    data_dir = parse_qs(parts.query).get("dir", [os.path.join(instance_path, folder)])[0]
    if not os.path.isabs(data_dir):
        raise _fail(url, "dir= must be an absolute path")
    return data_dir


def _graph_name(url: str, name: str) -> str:
    if not name or "/" in name or not name.replace("_", "").replace("-", "").isalnum():
        raise _fail(url, "the path must be a graph name of letters, digits, '-' or '_'")
    return name
