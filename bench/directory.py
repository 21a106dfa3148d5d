"""Seeding time, database memory, directory search and profile page latency on N seeded members.

Usage: .venv/bin/python bench/directory.py [--members 100000] [--runs 200]
Server side: search latencies are the graph calls the directory makes; the profile page is the whole
Flask view (test client, no network).
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import logged_in_client, machine, percentile, seeded_app, timed, wait_for_indexes  # noqa: E402

from graph import directory  # noqa: E402
from graph import members as member_queries  # noqa: E402

TEXTS = [
    "mohamed",
    "youssef",
    "python",
    "battery",
    "cardiologue",
    "fatima zahra",
    "محمد",
    "ingenieur",
    "airbus",
    "chaimae",
    "montreal",
    "finance",
    "el amrani",
    "data science",
    "avocat",
]
FACETS = [
    {"country": "FR", "sector": "health"},
    {"country": "DE", "skill": "python"},
    {"language": "es", "sector": "finance"},
    {"country": "CA", "language": "en"},
]


def row(name: str, samples: list[float]) -> str:
    """A table row with p50 and p95."""
    return f"| {name} | {len(samples)} | {percentile(samples, 50):.1f} | {percentile(samples, 95):.1f} |"


def query_for(shape: directory.Query, i: int) -> directory.Query:
    """The ``i``-th query of a shape: its text and facets (when the shape has them) rotate, pages 1-3."""
    return directory.Query(
        text=shape.text and TEXTS[i % len(TEXTS)],
        filters=FACETS[i % len(FACETS)] if shape.filters else {},
        page=1 + i % 3,
    )


TEXT, TWO_FACETS = directory.Query(text="x"), directory.Query(filters={"x": "y"})


def search_timer(store, viewer: str, shape: directory.Query, facets: bool = False):
    """A function of ``i`` running the directory's search (page and total) for the ``i``-th query of ``shape``."""
    return lambda i: directory.search(store, viewer, query_for(shape, i), with_facets=facets)


def profile_timer(app, store, viewer: str):
    """A function of ``i`` rendering a random member's profile page for ``viewer`` (whole Flask view)."""
    rng = random.Random(1)
    ids = [r["id"] for r in store.read("MATCH (m:Member) RETURN m.id AS id ORDER BY m.id LIMIT 5000")]
    client = logged_in_client(app, viewer)

    def profile_page(i):
        assert client.get(f"/members/{rng.choice(ids)}").status_code == 200

    return profile_page


def demo_viewer(store) -> str:
    """The id of the demo member, who searches in these benchmarks."""
    return store.read("MATCH (m:Member {email_key: 'demo.member@jisr.example'}) RETURN m.id AS id")[0]["id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data", help="a folder to seed once and measure again on later runs (default: a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app, store, report = seeded_app(args.data or scratch, args.members)
        if report is not None:
            print(f"seeded {report.members + len(report.accounts)} members in {report.seconds:.1f} s")
        else:
            print(f"measuring the members already in {args.data}")
        app.extensions["graph"].server.compact()  # as `serve` does; no rewrite competes with the measures
        print(f"indexes built after {wait_for_indexes(store):.0f} s")
        connection = store.connection
        memory = connection.info("memory")["used_memory"] / 2**20
        relationships = store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        viewer = demo_viewer(store)
        ids = [r["id"] for r in store.read("MATCH (m:Member) RETURN m.id AS id LIMIT 5000")]

        def facets_only(shape):
            return lambda i: directory.facet_counts(store, viewer, query_for(shape, i))

        print(f"machine: {machine()}")
        members = store.read("MATCH (m:Member) RETURN count(m) AS n")[0]["n"]
        connections = store.read("MATCH (:Member)-[c:CONNECTED]->(:Member) RETURN count(c) AS n")[0]["n"]
        print(
            f"members: {members}, connections: {connections}, relationships in all: {relationships}, "
            f"redis used_memory: {memory:.0f} MiB"
        )
        print("| measure | runs | p50 ms | p95 ms |")
        print("|---|---|---|---|")
        both = directory.Query(text="x", filters={"x": "y"})
        print(row("text query (page + total)", timed(search_timer(store, viewer, TEXT), args.runs)))
        print(row("two facets (page + total)", timed(search_timer(store, viewer, TWO_FACETS), args.runs)))
        print(row("text + two facets (page + total)", timed(search_timer(store, viewer, both), args.runs)))
        print(row("no filter (page + total)", timed(search_timer(store, viewer, directory.Query()), args.runs)))
        print(row("facet counts, text query", timed(facets_only(TEXT), args.runs)))
        print(row("facet counts, two facets", timed(facets_only(TWO_FACETS), args.runs)))
        print(row("facet counts, no filter", timed(facets_only(directory.Query()), max(20, args.runs // 10))))
        print(
            row(
                "relation flags for a page of 20",
                timed(
                    lambda i: member_queries.relations(store, viewer, ids[i * 20 % 4980 : i * 20 % 4980 + 20]),
                    args.runs,
                ),
            )
        )
        print(row("profile page (whole view)", timed(profile_timer(app, store, viewer), args.runs)))
        app.extensions["graph"].server.stop()


if __name__ == "__main__":
    main()
