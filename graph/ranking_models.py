"""Trained rankings kept in the graph (so every web process and worker reads the same one): people you may
know (``name`` "people", :mod:`recommend.ranker`) and the mentor weights ("mentors",
:mod:`recommend.mentor_weights`). One ``RankingModel`` node per name and version (``name``, ``version``,
``body``: the model as JSON, ``trained_at``, ``positives``); the newest :data:`KEPT` versions of each name stay,
older ones are deleted.
"""

from .cypher import Cypher
from .store import GraphStore

KEPT = 5
NAME = "people"

NEWEST = Cypher(
    "MATCH (m:RankingModel {name: $name}) RETURN m.version AS version, m.body AS body, m.trained_at AS trained_at "
    "ORDER BY m.version DESC LIMIT 1"
)
BY_VERSION = Cypher("MATCH (m:RankingModel {name: $name, version: $version}) RETURN m.body AS body")
SAVE = Cypher(
    "CREATE (m:RankingModel {name: $name, version: $version, body: $body, trained_at: $trained_at, "
    "positives: $positives}) RETURN m.version AS version"
)
PRUNE = Cypher("MATCH (m:RankingModel {name: $name}) WHERE m.version <= $below DETACH DELETE m RETURN count(*) AS n")


def newest(store: GraphStore, name: str = NAME) -> dict | None:
    """``{"version", "body", "trained_at"}`` of the newest model, or None."""
    rows = store.read(NEWEST, name=name)
    return rows[0] if rows else None


def body(store: GraphStore, version: int, name: str = NAME) -> str | None:
    """The stored JSON of one version, or None."""
    rows = store.read(BY_VERSION, name=name, version=version)
    return rows[0]["body"] if rows else None


def save(store: GraphStore, version: int, body_json: str, trained_at: int, positives: int, name: str = NAME) -> None:
    """Keep a new version, and only the newest :data:`KEPT`."""
    store.write(SAVE, name=name, version=version, body=body_json, trained_at=trained_at, positives=positives)
    store.write(PRUNE, name=name, below=version - KEPT)
