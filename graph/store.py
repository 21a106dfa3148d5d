"""The one interface every engine implements."""

from abc import ABC, abstractmethod
from typing import Any

from .schema import SchemaOp


class GraphStore(ABC):
    """A property graph that runs portable Cypher.

    ``read`` and ``write`` run one statement with parameters and return rows
    as ``list[dict]`` whose values are plain Python: nodes and relationships
    come back as dicts of their properties.
    """

    #: ``"falkordb"`` or ``"neo4j"``: the few statements that differ are chosen by it.
    dialect: str

    @abstractmethod
    def read(self, query: str, **params: Any) -> list[dict]:
        """Run a read-only statement and return its rows."""

    @abstractmethod
    def write(self, query: str, **params: Any) -> list[dict]:
        """Run a statement that may write and return its rows."""

    @abstractmethod
    def apply_schema(self, op: SchemaOp) -> None:
        """Create an index or constraint if it does not exist yet."""

    @abstractmethod
    def ping(self) -> None:
        """Return quietly when the server answers; raise GraphUnavailable otherwise."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""
