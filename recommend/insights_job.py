"""The insights job: snapshot → influence measures and aggregates (``recommend.analytics``) → stored run.

Run by ``flask insights compute``, by the worker after each recomputation of communities, and by staff
from the console. A run that fails is recorded with its error and leaves the last good run in view.
"""

import secrets
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from graph import insights as insight_queries
from graph import snapshot as snapshot_queries
from graph.store import GraphStore

from . import analytics
from .snapshot import from_rows


def compute(store: GraphStore, seed: int = 1, progress=None, now: int | None = None) -> dict:
    """Compute and store one run; its id, totals and the seconds each step took. On failure the run is
    recorded as failed (with the error) and the exception raised again."""
    tell = progress or (lambda step: None)
    now = now if now is not None else int(time.time() * 1000)
    run = f"{now}-{secrets.token_hex(4)}"
    try:
        return _compute(store, seed, tell, now, run)
    except Exception as error:
        insight_queries.record_run(store, run, now, "failed", error=f"{type(error).__name__}: {error}")
        raise


def _compute(store: GraphStore, seed: int, tell, now: int, run: str) -> dict:
    seconds, started = {}, time.perf_counter()
    tell("snapshot")
    with ThreadPoolExecutor(4) as pool:
        reads = [pool.submit(read, store) for read in (snapshot_queries.members, snapshot_queries.connections)]
        inputs = pool.submit(insight_queries.job_inputs, store)
        growth = pool.submit(insight_queries.growth_by_day, store)
        rows = reads[0].result()
        snap = from_rows(rows, reads[1].result())
        inputs, growth = inputs.result(), growth.result()
    seconds["snapshot"] = time.perf_counter() - started
    tell("measures")
    step = time.perf_counter()
    known = inputs["communities"]
    labels = np.array([-1 if known.get(i) is None else known[i] for i in snap.ids], dtype=np.int64)
    report = analytics.analyse(
        snap, labels, inputs["mentorships"], inputs["projects"], inputs["active_at"], now, seed=seed
    )
    seconds["measures"] = time.perf_counter() - step
    tell("writing")
    step = time.perf_counter()
    listed = [bool(inputs["listed"].get(row["id"], False)) for row in rows]
    ranked = {measure: analytics.ranks(report.members, listed, measure) for measure in insight_queries.MEASURES}
    members = [
        {
            **measured,
            "country": row.get("country"),
            "network_ids": row.get("networks") or [],
            "sector_ids": row.get("sectors") or [],
            "listed": listed[n],
            **{f"rank_{measure}": ranked[measure][n] for measure in insight_queries.MEASURES},
        }
        for n, (measured, row) in enumerate(zip(report.members, rows, strict=True))
    ]
    insight_queries.write_members(store, members, run)
    stored = {
        "communities": report.communities,
        "countries": report.countries,
        "networks": report.networks,
        "network_matrix": report.network_matrix,
        "arcs": report.arcs,
        "map_layers": report.map_layers,
        "growth": analytics.monthly(growth, now=now),
        "betweenness_bound": report.betweenness_bound,
    }
    seconds["writing"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    seconds.update({f"measure {name}": value for name, value in report.seconds.items()})
    totals = {**report.totals, "listed": sum(listed)}
    insight_queries.record_run(store, run, now, "done", stored, totals, seconds)
    tell("done")
    return {"run": run, "totals": totals, "seconds": seconds}
