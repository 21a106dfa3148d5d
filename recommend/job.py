"""The recompute job: snapshot → communities → candidate lists, written back to the graph.

Run by ``flask recommend recompute`` and by the server's scheduler (``app.scheduler``); ``progress`` is told
each step (the admin page shows it). Returns the seconds each step took.
"""

import time
from collections import Counter

from graph import snapshot as snapshot_queries
from graph.store import GraphStore

from . import communities, people
from .snapshot import Snapshot, from_rows

TOP = 5  # skills, countries, sectors and networks named on a Community node


def _summaries(snap: Snapshot, labels) -> list[dict]:
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(row)
    found = []
    for label, rows in groups.items():

        def top(values) -> list[str]:
            return [value for value, _n in Counter(v for v in values if v).most_common(TOP)]

        found.append(
            {
                "id": label,
                "size": len(rows),
                "skills": top(s for r in rows for s in snap.skills[r]),
                "sectors": top(s for r in rows for s in snap.sectors[r]),
                "networks": top(n for r in rows for n in snap.networks[r]),
                "countries": top(snap.country[r] for r in rows),
            }
        )
    return found


def recompute(store: GraphStore, engine: str = "auto", seed: int = 1, progress=None, now: int | None = None) -> dict:
    """Recompute communities and suggestions for every member; the seconds per step and what was found."""
    tell = progress or (lambda step: None)
    timings, started = {}, time.perf_counter()
    tell("snapshot")
    snap = from_rows(snapshot_queries.members(store), snapshot_queries.connections(store))
    timings["snapshot"] = time.perf_counter() - started
    tell("communities")
    step = time.perf_counter()
    found = communities.detect(snap.adjacency, engine, seed)
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
