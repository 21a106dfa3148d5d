"""The segment index: a :class:`recommend.segments.MemberTable` kept in the process, rebuilt when old.

Building it reads every active member, their projects and the trust ties (seconds for 100,000 members);
counting over it takes milliseconds. A page asking while the table is older than
``JISR_SEGMENT_INDEX_SECONDS`` (300) gets the old one and starts a rebuild in a thread; the first ask builds
it at once. A table that builds in under :data:`CHEAP_BUILD` seconds (a small platform, the demo) is simply
rebuilt when it is :data:`CHEAP_MAX_AGE` seconds old, so counts follow every change. Jobs that send to a
segment build a fresh one with :func:`fresh`.
"""

import threading
import time

import numpy as np
from flask import current_app
from scipy import sparse

from graph import segments as segment_queries
from graph import snapshot as snapshot_queries
from graph.store import GraphStore
from recommend.segments import MemberTable, build
from recommend.snapshot import from_rows

from ..extensions import store

CHEAP_BUILD = 0.25
CHEAP_MAX_AGE = 5


def fresh(db: GraphStore) -> MemberTable:
    """A table built now from the graph."""
    inputs = segment_queries.table_inputs(db)
    rows = inputs["members"]
    snap = from_rows(
        [{"id": row["id"]} for row in rows], snapshot_queries.connections(db), snapshot_queries.messages(db)
    )
    ties = snap.ties()
    index = {member_id: n for n, member_id in enumerate(snap.ids)}
    pairs = [(index[a], index[b]) for a, b in inputs["mentorships"] if a in index and b in index]
    if pairs:
        a, b = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
        size = len(snap.ids)
        mentoring = sparse.csr_matrix((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])), shape=(size, size))
        ties = (ties + mentoring).tocsr()
    return build(rows, inputs["projects"], ties, inputs["influence"], int(time.time() * 1000))


def _holder() -> dict:
    return current_app.extensions.setdefault(
        "segment_index", {"table": None, "lock": threading.Lock(), "busy": False, "build_seconds": 0.0}
    )


def current() -> MemberTable:
    """The process's table: built now if there is none, rebuilt in the background if it is old."""
    holder = _holder()
    table = holder["table"]
    max_age = int(current_app.config.get("SEGMENT_INDEX_SECONDS", 300)) * 1000
    age = time.time() * 1000 - (table.built_at if table is not None else 0)
    if table is None or (holder["build_seconds"] < CHEAP_BUILD and age >= CHEAP_MAX_AGE * 1000):
        return refresh()
    if age >= max_age and not holder["busy"]:
        holder["busy"] = True
        app = current_app._get_current_object()
        threading.Thread(target=_rebuild, args=(app, holder), daemon=True, name="segment-index").start()
    return table


def _rebuild(app, holder: dict) -> None:
    try:
        with app.app_context():
            started = time.perf_counter()
            table = fresh(store())
        holder["table"], holder["build_seconds"] = table, time.perf_counter() - started
    except Exception:  # noqa: BLE001 - the old table keeps serving; the next ask tries again
        app.logger.exception("the segment index could not be rebuilt")
    finally:
        holder["busy"] = False


def refresh() -> MemberTable:
    """Rebuild the table now (a staff member asked for up-to-date counts)."""
    holder = _holder()
    with holder["lock"]:
        started = time.perf_counter()
        holder["table"] = fresh(store())
        holder["build_seconds"] = time.perf_counter() - started
    return holder["table"]
