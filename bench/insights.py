"""The department's analytics on N seeded members: the job's steps beside networkx, and the console's pages.

Usage: .venv/bin/python bench/insights.py [--members 100000] [--runs 100] [--data DIR] [--samples 50]
       [--no-networkx]

Seeds (or reuses ``--data``), recomputes communities if none are stored, runs the insights job, then times
networkx on the same graph: PageRank, core numbers and cut points whole; betweenness with ``--samples``
source samples (the exact one would take n/samples times as long: the table gives that estimate), and
Burt's constraint on 1,000 members (scaled to all). Page latencies are whole Flask views (test client,
logged in as the demo analyst).
"""

import argparse
import gzip
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import logged_in_client, machine, percentile, seeded_app, timed, wait_for_indexes  # noqa: E402

from graph import insights as insight_queries  # noqa: E402
from graph import snapshot as snapshot_queries  # noqa: E402
from recommend import insights_job, job  # noqa: E402
from recommend.snapshot import from_rows  # noqa: E402


def _seconds(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def networkx_times(store, samples: int) -> dict[str, float]:
    """Seconds networkx takes for each measure on the graph the job reads (some estimated, see the docstring)."""
    import networkx as nx

    snap = from_rows(snapshot_queries.members(store), snapshot_queries.connections(store))
    graph = nx.Graph()
    graph.add_nodes_from(range(snap.size))
    upper = snap.adjacency.tocoo()
    graph.add_edges_from((int(a), int(b)) for a, b in zip(upper.row, upper.col, strict=True) if a < b)
    times = {"pagerank": _seconds(lambda: nx.pagerank(graph))}
    times["core numbers"] = _seconds(lambda: nx.core_number(graph))
    times["cut points"] = _seconds(lambda: list(nx.articulation_points(graph)))
    sampled = _seconds(lambda: nx.betweenness_centrality(graph, k=samples, seed=1))
    times[f"betweenness, {samples} source samples"] = sampled
    times["betweenness, exact (estimated)"] = sampled * snap.size / samples
    some = random.Random(1).sample(range(snap.size), min(1000, snap.size))
    times["constraint (estimated from 1,000 members)"] = _seconds(lambda: nx.constraint(graph, nodes=some)) * (
        snap.size / len(some)
    )
    return times


def page_timer(app, viewer: str, paths: list[str]):
    """A function of ``i`` rendering the ``i``-th of ``paths`` (in turn) for ``viewer``."""
    client = logged_in_client(app, viewer)

    def render(i):
        response = client.get(paths[i % len(paths)])
        assert response.status_code == 200, (paths[i % len(paths)], response.status_code)

    return render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--no-networkx", action="store_true", help="leave out the networkx comparison (minutes)")
    parser.add_argument("--data", help="a folder to seed once and measure again on later runs (default: a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app, store, _report = seeded_app(args.data or scratch, args.members)
        if not store.read("MATCH (x:Recommendation) RETURN x.member_id AS id LIMIT 1"):
            print(f"communities recomputed in {_seconds(lambda: job.recompute(store)):.1f} s")
        app.extensions["graph"].server.compact()
        print(f"indexes built after {wait_for_indexes(store):.0f} s")
        print(f"machine: {machine()}")
        result = insights_job.compute(store)
        totals = result["totals"]
        print(
            f"members: {totals['members']}, connections: {totals['connections']}, communities: {totals['communities']}"
        )
        print("| step of the insights job | seconds |")
        print("|---|---|")
        for step, seconds in result["seconds"].items():
            print(f"| {step} | {seconds:.2f} |")
        print(f"betweenness bound: {insight_queries.latest(store)['report']['betweenness_bound']:.5f}")
        if not args.no_networkx:
            print("| networkx on the same graph | seconds |")
            print("|---|---|")
            for measure, seconds in networkx_times(store, args.samples).items():
                print(f"| {measure} | {seconds:.1f} |")

        analyst = store.read("MATCH (m:Member {role: 'analyst'}) RETURN m.id AS id LIMIT 1")[0]["id"]
        top = store.read("MATCH (i:Influence) WHERE i.listed RETURN i.member_id AS id ORDER BY i.degree DESC LIMIT 50")
        countries = [r["id"] for r in store.read("MATCH (c:Country) RETURN c.id AS id ORDER BY c.id LIMIT 40")]
        measures = insight_queries.MEASURES
        report = insight_queries.latest(store)["report"]
        layers = [
            f"/api/v1/insights/map?layer={kind[:-1]}:{key}"
            for kind, groups in report["map_layers"].items()
            for key in list(groups)[:5]
        ]
        by_size = sorted(report["communities"], key=lambda row: -(row["size"] or 0))
        largest = [row["id"] for row in by_size[:10]]
        networks = report["network_matrix"]["networks"]
        pairs = [(a, b) for a in networks[:4] for b in networks[:4] if a != b]
        pages = {
            "overview": ["/insights"],
            "influence, a measure": [f"/insights/influence?measure={m}" for m in measures],
            "influence, a measure and a country": [
                f"/insights/influence?measure={m}&country={c}" for m in measures for c in countries[:10]
            ],
            "influence, page 3": [f"/insights/influence?measure={m}&page=3" for m in measures],
            "a member (ego network)": [f"/insights/members/{row['id']}" for row in top],
            "countries": ["/insights/countries"],
            "networks and the matrix": ["/insights/networks"],
            "communities": ["/insights/communities"],
            "growth": ["/insights/growth"],
            "world map page": ["/insights/world-map"],
            "world map data, all of Jisr": ["/api/v1/insights/map"],
            "world map data, a network, sector or skill": layers,
            "community map data": ["/api/v1/insights/community-map"],
            "a community's members (the 10 largest)": [f"/api/v1/insights/community-map/{c}" for c in largest],
            "influence, a community": [f"/insights/influence?measure=betweenness&community={c}" for c in largest],
            "the people behind a matrix cell": [f"/insights/networks/{a}/{b}" for a, b in pairs],
        }
        print("| page | runs | p50 ms | p95 ms |")
        print("|---|---|---|---|")
        with app.app_context():
            for name, paths in pages.items():
                samples = timed(page_timer(app, analyst, paths), args.runs)
                print(f"| {name} | {len(samples)} | {percentile(samples, 50):.1f} | {percentile(samples, 95):.1f} |")
            print_transfer_sizes(logged_in_client(app, analyst))
            print_graph_exports(logged_in_client(app, analyst))


WORLD_MAP_FILES = (
    "/static/vendor/d3/d3-array.min.js",
    "/static/vendor/d3/d3-geo.min.js",
    "/static/vendor/d3/topojson-client.min.js",
    "/static/js/map-common.js",
    "/static/js/world-map.js",
    "/static/vendor/world/countries-110m.json",
    "/api/v1/insights/map",
)
COMMUNITY_MAP_FILES = (
    "/static/js/map-common.js",
    "/static/js/community-map.js",
    "/static/js/layout-worker.js",
    "/api/v1/insights/community-map",
)


def print_transfer_sizes(client) -> None:
    """What the map pages transfer besides the site's common files: each file's bytes, raw and gzipped."""
    print("| page | file | bytes | gzipped |")
    print("|---|---|---|---|")
    for page, files in (("/insights/world-map", WORLD_MAP_FILES), ("/insights/community-map", COMMUNITY_MAP_FILES)):
        total = zipped = 0
        for path in (page, *files):
            body = client.get(path).get_data()
            size, packed = len(body), len(gzip.compress(body))
            total, zipped = total + size, zipped + packed
            print(f"| {page} | {path} | {size:,} | {packed:,} |")
        print(f"| {page} | **all of the above** | **{total:,}** | **{zipped:,}** |")


def print_graph_exports(client) -> None:
    """How long the whole graph takes to download as GraphML and GEXF, and how big it is."""
    print("| graph download | seconds | megabytes |")
    print("|---|---|---|")
    for fmt in ("graphml", "gexf"):
        started = time.perf_counter()
        size = len(client.get(f"/insights/graph.{fmt}").get_data())
        print(f"| {fmt} | {time.perf_counter() - started:.1f} | {size / 1e6:.1f} |")


if __name__ == "__main__":
    main()
