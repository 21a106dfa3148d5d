"""Schema migrations: numbered steps applied in order, recorded in the graph.

Every step is idempotent (each engine creates an index or constraint only if it
is missing), so running the runner twice changes nothing.
"""

import time
from dataclasses import dataclass

from graph.schema import APPLIED_MIGRATIONS, RECORD_MIGRATION
from graph.store import GraphStore

from .steps import STEPS, Step


@dataclass(frozen=True)
class StepStatus:
    """A step and when it was applied (None: pending)."""

    id: str
    name: str
    applied_at: int | None


def status(store: GraphStore, steps: tuple[Step, ...] = STEPS) -> list[StepStatus]:
    """Return every known step with its applied time."""
    applied = {row["id"]: row["applied_at"] for row in store.read(APPLIED_MIGRATIONS)}
    return [StepStatus(step.id, step.name, applied.get(step.id)) for step in steps]


def migrate(store: GraphStore, steps: tuple[Step, ...] = STEPS) -> list[str]:
    """Apply the pending steps in order; return the ids applied now."""
    done = {row["id"] for row in store.read(APPLIED_MIGRATIONS)}
    applied_now = []
    for step in steps:
        if step.id in done:
            continue
        for op in step.ops:
            store.apply_schema(op)
        if step.load is not None:
            step.load(store)
        store.write(RECORD_MIGRATION, id=step.id, name=step.name, applied_at=int(time.time() * 1000))
        applied_now.append(step.id)
    return applied_now
