"""The recompute job: snapshot → communities (on connections weighted by messages) → candidate lists, ordered
by the trained ranking when there is one (:mod:`recommend.ranker`, retrained when due) → written back to the
graph.

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

from graph import mentorships as mentorship_queries
from graph import ranking_models
from graph import snapshot as snapshot_queries
from graph.store import GraphStore

from . import communities, mentor_weights, people, ranker, ranker_training
from .snapshot import Snapshot, from_rows

TOP = 5  # skills, countries, sectors and networks named on a Community node
TRAIN_EVERY_HOURS = 24  # the rankings are trained again by the first run this long after the last training


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


def recompute(
    store: GraphStore,
    engine: str = "auto",
    seed: int = 1,
    progress=None,
    now: int | None = None,
    train: bool | None = None,
    min_positives: int = ranker_training.MIN_POSITIVES,
) -> dict:
    """Recompute communities and suggestions for every member; the seconds per step and what was found.
    Members whose results did not change are not written again. ``train``: train the ranking again (True),
    not (False), or when :data:`TRAIN_EVERY_HOURS` have passed since it last was (None); it is kept only when
    at least ``min_positives`` recent connections were among the candidates."""
    with _without_cyclic_gc():
        return _recompute(store, engine, seed, progress or (lambda step: None), now, train, min_positives)


def _recompute(
    store: GraphStore, engine: str, seed: int, tell, now: int | None, train: bool | None, min_positives: int
) -> dict:
    timings, started = {}, time.perf_counter()
    tell("snapshot")
    with ThreadPoolExecutor(4) as pool:  # while one read is parsed, the server answers the others
        reads = [
            pool.submit(read, store)
            for read in (snapshot_queries.members, snapshot_queries.dated_connections, snapshot_queries.messages)
        ]
        previous = pool.submit(snapshot_queries.known, store)
        dismissed = pool.submit(snapshot_queries.dismissals, store)
        pool.submit(communities.available)  # imports the engines (networkit takes most of a second) meanwhile
        rows, (pairs, since), messages = (read.result() for read in reads)
        snap = from_rows(rows, pairs, messages, since)
    timings["snapshot"] = time.perf_counter() - started
    tell("communities")
    step = time.perf_counter()
    found = communities.detect(snap.ties(), engine, seed)
    timings["communities"] = time.perf_counter() - step
    tell("suggestions")
    step = time.perf_counter()
    candidates = people.precompute(snap, found.labels)
    timings["suggestions"] = time.perf_counter() - step
    tell("ranking")
    step = time.perf_counter()
    now = now if now is not None else int(time.time() * 1000)
    model, ranking = _ranking(store, snap, dismissed.result(), engine, seed, now, train, min_positives)
    ranked_by = None
    if model is not None:
        widened = ranker.widen(snap, found.labels, candidates)
        runs = ranker.partitions(snap.ties(), found.labels, engine, seed)
        candidates = ranker.order(snap, runs, widened, model, people.STORED)
        ranked_by = model.version
    mentors_report = _mentor_weights(store, now, train)
    timings["ranking"] = time.perf_counter() - step
    tell("writing")
    step = time.perf_counter()
    known, results = previous.result(), []
    numbers = _numbers(snap.ids, known)
    spelled = [str(k) for k in numbers]
    for row, (member_id, community) in enumerate(zip(snap.ids, found.labels.tolist(), strict=True)):
        suggested = " ".join([spelled[c] for c in candidates[row]])
        digest = _digest(community, f"{ranked_by} {suggested}")
        if known.get(member_id) != (numbers[row], digest):
            results.append(
                {
                    "id": member_id,
                    "n": numbers[row],
                    "community": community,
                    "suggested": suggested,
                    "digest": digest,
                    "ranked_by": ranked_by,
                }
            )
    snapshot_queries.write_results(store, results, _summaries(snap, found.labels), found.modularity, found.engine, now)
    timings["writing"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    tell("done")
    return {
        "members": snap.size,
        "connections": int(snap.adjacency.nnz // 2),
        "communities": found.count,
        "modularity": found.modularity,
        "engine": found.engine,
        "written": len(results),
        "ranking": ranking,
        "mentor_weights": mentors_report,
        "seconds": timings,
    }


def _ranking(
    store: GraphStore,
    snap: Snapshot,
    dismissed: list,
    engine: str,
    seed: int,
    now: int,
    train: bool | None,
    min_positives: int,
) -> tuple[ranker.Model | None, dict]:
    """The trained ranking to order candidates with (None: the proximity order stays), trained again first
    when asked, due, or when the stored one cannot be used (made for other features after an upgrade); and
    what happened (``version``, ``trained``, ``positives``, ``notice``: empty,
    ``too_few_positives`` or ``unreadable``)."""
    stored = ranking_models.newest(store)
    model = ranker.from_json(stored["body"]) if stored else None
    report = {"version": None, "trained": False, "positives": None, "notice": ""}
    if _training_wanted(train, stored, model is not None, now):
        version = (stored or {}).get("version", 0) + 1
        training = _train(snap, dismissed, engine, seed, version, now, min_positives)
        report["positives"] = training.positives
        if training.model is None:
            report["notice"] = training.reason
        else:
            model = training.model
            ranking_models.save(store, version, model.to_json(), now, training.positives)
            report["trained"] = True
    if stored and model is None and not report["notice"]:
        report["notice"] = "unreadable"
    report["version"] = model.version if model else None
    return model, report


def _train(
    snap: Snapshot, dismissed: list, engine: str, seed: int, version: int, now: int, min_positives: int
) -> ranker_training.Training:
    """Train on the graph as it was before its newest connections, with the members' dismissals."""
    earlier, hidden = ranker_training.hold_out_newest(snap, seed=seed)
    ties = earlier.ties()
    runs = ranker.partitions(ties, communities.detect(ties, engine, seed).labels, engine, seed)
    rows: dict[int, set] = {}
    for member_id, other_id in dismissed:
        if member_id in snap.index and other_id in snap.index:
            rows.setdefault(snap.index[member_id], set()).add(snap.index[other_id])
    return ranker_training.train(earlier, runs, hidden, rows, version, now, seed, min_positives)


def _training_wanted(train: bool | None, stored: dict | None, usable: bool, now: int) -> bool:
    """Whether to train again: as asked (``train`` True or False), else when nothing usable is stored or the
    stored one was trained :data:`TRAIN_EVERY_HOURS` ago or more."""
    if train is not None:
        return train
    return stored is None or not usable or now - (stored["trained_at"] or 0) >= TRAIN_EVERY_HOURS * 3_600_000


def _mentor_weights(store: GraphStore, now: int, train: bool | None) -> dict:
    """Fit the mentor weights on past invitations when asked, due or when the stored ones cannot be used (kept
    only with enough decided ones); what happened (``version`` in use, ``trained``, ``outcomes`` decided,
    ``notice``: empty, ``too_few_outcomes`` or ``unreadable``)."""
    stored = ranking_models.newest(store, mentor_weights.NAME)
    usable = mentor_weights.from_json(stored["body"]) if stored else None
    report = {"version": None, "trained": False, "outcomes": None, "needed": mentor_weights.MIN_OUTCOMES, "notice": ""}
    if _training_wanted(train, stored, usable is not None, now):
        weights, decided = mentor_weights.fit(mentorship_queries.outcomes(store))
        report["outcomes"] = decided
        if weights is None:
            report["notice"] = "too_few_outcomes"
        else:
            stored = {"version": (stored or {}).get("version", 0) + 1, "body": mentor_weights.to_json(weights, decided)}
            ranking_models.save(store, stored["version"], stored["body"], now, decided, mentor_weights.NAME)
            usable, report["trained"] = weights, True
    if stored and usable is None and not report["notice"]:
        report["notice"] = "unreadable"
    report["version"] = stored["version"] if usable else None
    return report
