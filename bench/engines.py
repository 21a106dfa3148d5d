"""FalkorDB and Neo4j side by side, on the same seeded data, in one run.

Usage: .venv/bin/python bench/engines.py [--sizes 20000 100000] [--runs 200] [--engines falkordb neo4j]

For each size and engine: a fresh database the app starts itself (the embedded FalkorDB, or Neo4j Community
5.26 from scripts/neo4j-server with a 4 GB heap and a 2 GB page cache), the migrations, `seed` (same seed,
same diaspora), then the directory's text query and two-facet query (page and total, server side), the
profile page (whole Flask view), a full recompute of the recommendations writing every member's results
(read, communities, candidates, writing), and people-you-may-know and mentor ranking as the pages call them.
Latencies are taken after 20 untimed calls of the same kind. Prints one table per size with the Neo4j / FalkorDB ratio.
"""

import argparse
import gc
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory import TEXT, TWO_FACETS, demo_viewer, profile_timer, search_timer  # noqa: E402
from harness import machine, percentile, scratch_app, timed  # noqa: E402
from recommend_eval import request_rankings  # noqa: E402

from app.seed import seed  # noqa: E402
from recommend import job  # noqa: E402

#: (figure, unit) in the order of the table.
FIGURES = (
    ("seeding", "s"),
    ("directory text query p50", "ms"),
    ("directory text query p95", "ms"),
    ("directory two facets p50", "ms"),
    ("directory two facets p95", "ms"),
    ("profile page p50", "ms"),
    ("profile page p95", "ms"),
    ("people you may know p95", "ms"),
    ("mentor ranking p95", "ms"),
    ("recompute: read", "s"),
    ("recompute: communities", "s"),
    ("recompute: candidates", "s"),
    ("recompute: writing", "s"),
    ("recompute: total", "s"),
)


def warmed(function, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls after 20 untimed ones (Neo4j plans each statement shape once, then caches)."""
    timed(function, 20)
    return timed(function, runs)


def measure(engine: str, size: int, runs: int) -> dict[str, float]:
    """Seed ``size`` members into a fresh ``engine`` database and take every figure."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        app, store = scratch_app(scratch, engine)
        handle = app.extensions["graph"]
        try:
            with app.app_context():
                report = seed(store, size, seed_value=1)
            figures["seeding"] = report.seconds
            handle.server.compact()  # FalkorDB: as `serve` does, so that no rewrite competes with the measures
            viewer = demo_viewer(store)
            for name, shape in (("directory text query", TEXT), ("directory two facets", TWO_FACETS)):
                samples = warmed(search_timer(store, viewer, shape), runs)
                figures[f"{name} p50"], figures[f"{name} p95"] = percentile(samples, 50), percentile(samples, 95)
            samples = warmed(profile_timer(app, store, viewer), runs)
            figures["profile page p50"], figures["profile page p95"] = percentile(samples, 50), percentile(samples, 95)
            result = job.recompute(store, "auto", 1)
            seconds = result["seconds"]
            for step, key in (
                ("read", "snapshot"),
                ("communities", "communities"),
                ("candidates", "suggestions"),
                ("writing", "writing"),
                ("total", "total"),
            ):
                figures[f"recompute: {step}"] = seconds[key]
            gc.collect()
            request_rankings(app, store, 20)  # warm-up
            pymk, mentors = request_rankings(app, store, runs)
            figures["people you may know p95"] = percentile(pymk, 95)
            figures["mentor ranking p95"] = percentile(mentors, 95)
            figures["members"] = result["members"]
            figures["connections"] = result["connections"]
        finally:
            handle.close()
            handle.server.stop()
            if handle.redis_server is not handle.server:
                handle.redis_server.stop()
    return figures


def table(size: int, results: dict[str, dict[str, float]]) -> list[str]:
    """A markdown table of the figures, one column per engine, and the ratio when both ran."""
    engines = list(results)
    first = results[engines[0]]
    lines = [
        f"{size:,} seeded members ({int(first['members']):,} with the demo accounts, "
        f"{int(first['connections']):,} connections)",
        "",
        "| figure | " + " | ".join(engines) + (" | Neo4j / FalkorDB |" if len(engines) == 2 else " |"),
        "|---|" + "---|" * len(engines) + ("---|" if len(engines) == 2 else ""),
    ]
    for name, unit in FIGURES:
        cells = [f"{results[e][name]:.1f} {unit}" for e in engines]
        ratio = ""
        if len(engines) == 2 and results["falkordb"][name]:
            ratio = f" {results['neo4j'][name] / results['falkordb'][name]:.2f} |"
        lines.append(f"| {name} | " + " | ".join(cells) + " |" + ratio)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--engines", nargs="+", default=["falkordb", "neo4j"], choices=["falkordb", "neo4j"])
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    for size in args.sizes:
        results = {}
        for engine in args.engines:
            results[engine] = measure(engine, size, args.runs)
            print(f"{engine} at {size}: {results[engine]}", flush=True)
        print("\n".join(table(size, results)), flush=True)


if __name__ == "__main__":
    main()
