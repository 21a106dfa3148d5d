"""The numbered schema steps, oldest first. Never edit a released step: add one."""

from dataclasses import dataclass

from graph.schema import FullText, RangeIndex, SchemaOp, Unique


@dataclass(frozen=True)
class Step:
    """One idempotent schema step."""

    id: str
    name: str
    ops: tuple[SchemaOp, ...]


STEPS: tuple[Step, ...] = (
    Step("0001", "migration log", (RangeIndex("Migration", "id"),)),
    Step("0002", "accounts", (
        Unique("Member", "id"),
        Unique("Member", "email_key"),
        Unique("ApiToken", "id"),
    )),
    Step("0003", "member full-text search", (FullText("Member", ("display_name",)),)),
)
