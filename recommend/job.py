"""The recompute job: snapshot → communities (on connections weighted by messages) → candidate lists, written
back to the graph.

Run by ``flask recommend recompute`` and by the server's scheduler (``app.scheduler``); ``progress`` is told
each step (the admin page shows it). Returns the seconds each step took and how many members' results were
written (only those that changed since the last run: a fingerprint of each member's results is kept).
"""

import contextlib
import gc
import time
import zlib
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


@contextlib.contextmanager
def _without_cyclic_gc():
    """The job makes millions of small objects (rows, lists, strings) that all live until it ends; Python's
    cyclic collector would walk them again and again for nothing (it took a third of the job's time at
    100,000 members). Reference counting still frees everything; the collector is back on afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _digest(community: int, suggested: str) -> int:
    """A stable fingerprint of one member's results (the same in every process, unlike ``hash``)."""
    return zlib.crc32(f"{community} {suggested}".encode())


def _numbers(ids: list[str], known: dict[str, tuple[int, int]]) -> list[int]:
    """Each member's results number: the one given before, or the next free one."""
    given = {member_id: n for member_id, (n, _digest) in known.items() if n is not None}
    following = max(given.values(), default=0) + 1
    numbers = []
    for member_id in ids:
        if member_id in given:
            numbers.append(given[member_id])
        else:
            numbers.append(following)
            following += 1
    return numbers


def recompute(store: GraphStore, engine: str = "auto", seed: int = 1, progress=None, now: int | None = None) -> dict:
    """Recompute communities and suggestions for every member; the seconds per step and what was found.
    Members whose results did not change are not written again."""
    with _without_cyclic_gc():
        return _recompute(store, engine, seed, progress or (lambda step: None), now)


def _recompute(store: GraphStore, engine: str, seed: int, tell, now: int | None) -> dict:
    timings, started = {}, time.perf_counter()
    tell("snapshot")
    with ThreadPoolExecutor(4) as pool:  # while one read is parsed, the server answers the others
        reads = [
            pool.submit(read, store)
            for read in (snapshot_queries.members, snapshot_queries.connections, snapshot_queries.messages)
        ]
        previous = pool.submit(snapshot_queries.known, store)
        pool.submit(communities.available)  # imports the engines (networkit takes most of a second) meanwhile
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
    known, rows = previous.result(), []
    numbers = _numbers(snap.ids, known)
    spelled = [str(k) for k in numbers]
    for row, (member_id, community) in enumerate(zip(snap.ids, found.labels.tolist(), strict=True)):
        suggested = " ".join([spelled[c] for c in candidates[row]])
        digest = _digest(community, suggested)
        if known.get(member_id) != (numbers[row], digest):
            rows.append(
                {"id": member_id, "n": numbers[row], "community": community, "suggested": suggested, "digest": digest}
            )
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
        "written": len(rows),
        "seconds": timings,
    }
