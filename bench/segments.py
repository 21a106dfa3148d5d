"""Segment counts as criteria change, and relays for a large segment, on N seeded members.

Usage: .venv/bin/python bench/segments.py [--members 100000] [--data DIR] [--changes 300]

A builder session is simulated: ``--changes`` steps, each adding or removing one criterion (a country, sector,
skill, language, region wanted, network, project stage, a bound on experience or recent activity, closeness
to a network), as a person ticks boxes. Each step is counted twice: the segment index alone, and through the
API (``POST /api/v1/segments/count`` with a staff token: JSON in, validation, counts out). Then relays for the
segment of the largest countries holding about 10,000 members: the whole page's work (reach matrix, CELF,
networks, the most connected for comparison).
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, percentile, seeded_app, stopwatch, timed, wait_for_indexes  # noqa: E402

from app.accounts.tokens import issue_token  # noqa: E402
from app.segments import criteria as criteria_input  # noqa: E402
from app.segments import index, service  # noqa: E402
from graph import accounts as account_queries  # noqa: E402
from recommend.segments import Criteria, select  # noqa: E402

LISTS = ("countries", "sectors", "skills", "languages", "contribute_regions", "networks", "project_stages")


def walk(vocabulary: dict, steps: int, rng: random.Random) -> list[dict]:
    """The criteria after each step of a builder session (lists and bounds added or taken away)."""
    current: dict = {}
    states = []
    for _ in range(steps):
        move = rng.random()
        if len(current) > 3:  # people narrow a little, then widen again
            current.pop(rng.choice(sorted(current)))
        elif move < 0.6:
            name = rng.choice(LISTS)
            values = current.setdefault(name, [])
            choice = rng.choice(vocabulary[name])[0]
            if choice in values:
                values.remove(choice)
            elif len(values) < 4:
                values.append(choice)
        elif move < 0.75:
            current["years_min"] = rng.choice([None, 2, 5, 10, 15])
        elif move < 0.85:
            current["active_days"] = rng.choice([None, 7, 30, 90, 365])
        elif move < 0.92:
            current["near_network"] = rng.choice([None, rng.choice(vocabulary["networks"])[0]])
        else:
            current = {}
        states.append({k: v for k, v in current.items() if v not in (None, [])})
    return states


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--data", help="a seeded folder to reuse (default: a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app, store, _report = seeded_app(args.data or scratch, args.members)
        wait_for_indexes(store)
        analyst = account_queries.member_by_email(store, "demo.analyst@jisr.example")["id"]
        account_queries.set_two_factor(store, analyst, "JBSWY3DPEHPK3PXP", 0, [])
        with app.app_context():
            token = issue_token(store, analyst, "bench")[0]
        with app.test_request_context():
            build_seconds, table = stopwatch(lambda: index.fresh(store))
            app.extensions["segment_index"] = {"table": table, "lock": None, "busy": False, "build_seconds": 9.9}
            vocabulary = criteria_input.vocabularies()
        states = walk(vocabulary, args.changes, random.Random(1))
        sizes = []

        def pure(i):
            criteria, _problems = criteria_input.parse(states[i], vocabulary)
            mask = select(table, criteria, service.now_ms())
            sizes.append(int(mask.sum()))

        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def http(i):
            response = client.post("/api/v1/segments/count", json=states[i], headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]

        with app.test_request_context():
            index_ms = timed(pure, len(states))
        http(0)  # the first call builds the vocabularies' caches of the request path
        http_ms = timed(http, len(states))

        countries = sorted(table.postings["country"].items(), key=lambda item: -len(item[1]))
        chosen, total = [], 0
        for country, rows in countries:
            if total + len(rows) <= 11_000:
                chosen.append(country)
                total += len(rows)
            if total >= 9_000:
                break
        big = Criteria(countries=chosen)
        mask = select(table, big, service.now_ms())
        relay_seconds, found = stopwatch(lambda: service.relays(table, mask, 50, 2))
        choice = found["choice"]

    print(f"{machine()}\n{table.size:,} members; {table.ties.nnz // 2:,} ties of trust\n")
    print(f"segment index built in {build_seconds:.1f} s\n")
    print("| count of a segment, as criteria change | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for label, samples in (("segment index alone", index_ms), ("POST /api/v1/segments/count", http_ms)):
        print(
            f"| {label} ({len(samples)} changes) | {percentile(samples, 50):.1f} | {percentile(samples, 95):.1f} | "
            f"{max(samples):.1f} |"
        )
    print(f"\nsegment sizes along the session: median {int(np.median(sizes)):,}, largest {max(sizes):,}")
    share = choice.covered / found["segment"]
    connected = found["connected_coverage"] / found["segment"]
    print(
        f"\nrelays for a segment of {found['segment']:,} members (countries: {', '.join(chosen)}), k = 50, "
        "two steps: "
        f"{relay_seconds:.2f} s for the whole page's work; CELF reaches {share:.1%}, the 50 most connected "
        f"{connected:.1%}; networks covering most: {found['networks_covered']:,}"
    )


if __name__ == "__main__":
    main()
