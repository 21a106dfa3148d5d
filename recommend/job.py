"""The recompute job: snapshot → communities (on connections weighted by messages) → candidate lists, written
back to the graph.

Run by ``flask recommend recompute`` and by the server's scheduler (``app.scheduler``); ``progress`` is told
each step (the admin page shows it). Returns the seconds each step took.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from graph import snapshot as snapshot_queries
from graph.store import GraphStore

from . import communities, people
from .snapshot import Snapshot, from_rows

TOP = 5  # skills, countries, sectors and networks named on a Community node


def _summaries(snap: Snapshot, labels) -> list[dict]:
    sizes = np.bincount(labels) if len(labels) else np.zeros(0, dtype=np.int64)
    tops = {name: snap.top_values(name, labels, TOP) for name in ("skills", "sectors", "networks", "country")}
    return [
        {
            "id": label,
            "size": int(size),
            "skills": tops["skills"][label],
            "sectors": tops["sectors"][label],
            "networks": tops["networks"][label],
            "countries": tops["country"][label],
        }
        for label, size in enumerate(sizes.tolist())
    ]


def recompute(store: GraphStore, engine: str = "auto", seed: int = 1, progress=None, now: int | None = None) -> dict:
    """Recompute communities and suggestions for every member; the seconds per step and what was found."""
    tell = progress or (lambda step: None)
    timings, started = {}, time.perf_counter()
    tell("snapshot")
    with ThreadPoolExecutor(3) as pool:  # while one read is parsed, the server answers the others
        reads = [
            pool.submit(read, store)
            for read in (snapshot_queries.members, snapshot_queries.connections, snapshot_queries.messages)
        ]
        snap = from_rows(*(read.result() for read in reads))
    timings["snapshot"] = time.perf_counter() - started
    tell("communities")
    step = time.perf_counter()
    found = communities.detect(snap.ties(), engine, seed)
    timings["communities"] = time.perf_counter() - step
    tell("suggestions")
    step = time.perf_counter()
    candidates = people.precompute(snap, found.labels)
    timings["suggestions"] = time.perf_counter() - step
    tell("writing")
    step = time.perf_counter()
    now = now if now is not None else int(time.time() * 1000)
    rows = [
        {"id": member_id, "community": int(found.labels[row]), "suggested": [snap.ids[c] for c in candidates[row]]}
        for row, member_id in enumerate(snap.ids)
    ]
    snapshot_queries.write_results(store, rows, _summaries(snap, found.labels), found.modularity, found.engine, now)
    timings["writing"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    tell("done")
    return {
        "members": snap.size,
        "connections": int(snap.adjacency.nnz // 2),
        "communities": found.count,
        "modularity": found.modularity,
        "engine": found.engine,
        "seconds": timings,
    }
