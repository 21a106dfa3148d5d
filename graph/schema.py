"""Schema operations (indexes, uniqueness, full-text) and their two dialects.

A migration step lists operations; each engine turns an operation into what
its server understands and applies it idempotently. The migration log
(``:Migration`` nodes) is kept here too, as it is Cypher.
"""

from dataclasses import dataclass

from .cypher import Cypher, FalkorCypher, identifier


@dataclass(frozen=True)
class RangeIndex:
    """An exact-match / range index on one property of a label."""

    label: str
    prop: str

    @property
    def name(self) -> str:
        """Deterministic index name used by Neo4j."""
        return f"{self.label.lower()}_{self.prop}"


@dataclass(frozen=True)
class Unique:
    """A uniqueness constraint on one property of a label (implies an index)."""

    label: str
    prop: str

    @property
    def name(self) -> str:
        """Deterministic constraint name used by Neo4j."""
        return f"{self.label.lower()}_{self.prop}_unique"


@dataclass(frozen=True)
class FullText:
    """A full-text index over text properties of a label.

    FalkorDB keeps one full-text index per label (fields add up); Neo4j names each index, and queries
    name the index: ``name`` is that name.
    """

    label: str
    props: tuple[str, ...]
    name: str


SchemaOp = RangeIndex | Unique | FullText


def neo4j_ddl(op: SchemaOp) -> Cypher:
    """Return the idempotent Neo4j 5 statement for ``op``."""
    label = identifier(op.label)
    if isinstance(op, RangeIndex):
        return Cypher(
            "CREATE INDEX {0} IF NOT EXISTS FOR (n:{1}) ON (n.{2})".format(op.name, label, identifier(op.prop))
        )
    if isinstance(op, Unique):
        return Cypher(
            "CREATE CONSTRAINT {0} IF NOT EXISTS FOR (n:{1}) REQUIRE n.{2} IS UNIQUE".format(
                op.name, label, identifier(op.prop)
            )
        )
    props = ", ".join("n." + identifier(p) for p in op.props)
    return Cypher("CREATE FULLTEXT INDEX {0} IF NOT EXISTS FOR (n:{1}) ON EACH [{2}]".format(op.name, label, props))


def falkordb_range_index(label: str, prop: str) -> FalkorCypher:
    """Return FalkorDB's statement creating a range index (not idempotent by itself)."""
    return FalkorCypher("CREATE INDEX FOR (n:{0}) ON (n.{1})".format(identifier(label), identifier(prop)))


def falkordb_fulltext_create(prop_count: int) -> FalkorCypher:
    """Return FalkorDB's (variadic) full-text index call, with parameters $label, $p0, $p1, ..."""
    fields = ", ".join(f"$p{i}" for i in range(prop_count))
    return FalkorCypher("CALL db.idx.fulltext.createNodeIndex($label, " + fields + ")")


FALKORDB_CONSTRAINTS = FalkorCypher(
    "CALL db.constraints() YIELD type, label, properties, status RETURN type, label, properties, status"
)
FALKORDB_INDEXES = FalkorCypher("CALL db.indexes() YIELD label, properties, types RETURN label, properties, types")

APPLIED_MIGRATIONS = Cypher(
    "MATCH (m:Migration) RETURN m.id AS id, m.name AS name, m.applied_at AS applied_at ORDER BY m.id"
)
RECORD_MIGRATION = Cypher(
    "MERGE (m:Migration {id: $id}) ON CREATE SET m.name = $name, m.applied_at = $applied_at RETURN m.id AS id"
)
