"""Relays for a segment on N seeded members: lazy greedy (CELF) against plain greedy and the most connected.

Usage: .venv/bin/python bench/relays.py [--members 100000] [--data DIR] [--segment 10000] [--k 50]

The segment is the members of the countries with the most members, taken in order until it holds
``--segment`` people (as a segment "engineers in Germany and France" would be); trust is connections and
message exchanges, within two steps. Times are the choice alone (the reach matrix is built once, timed apart).
"""

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, seeded_app, stopwatch, wait_for_indexes  # noqa: E402

from graph import snapshot as snapshot_queries  # noqa: E402
from recommend import relays  # noqa: E402
from recommend.snapshot import from_rows  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--segment", type=int, default=10_000)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--data", help="a seeded folder to reuse (default: a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        _app, store, _report = seeded_app(args.data or scratch, args.members)
        wait_for_indexes(store)
        rows = snapshot_queries.members(store)
        snap = from_rows(rows, snapshot_queries.connections(store), snapshot_queries.messages(store))
    trust = snap.ties()
    by_country = Counter(row.get("country") for row in rows if row.get("country"))
    segment, countries = [], []
    for country, _count in by_country.most_common():
        segment += [n for n, row in enumerate(rows) if row.get("country") == country]
        countries.append(country)
        if len(segment) >= args.segment:
            break
    segment = np.array(sorted(segment[: args.segment]))
    build, reach = stopwatch(lambda: relays.reach_matrix(trust, segment, steps=2))
    lazy_time, lazy = stopwatch(lambda: relays.lazy_greedy(reach, args.k))
    plain_time, plain = stopwatch(lambda: relays.greedy(reach, args.k))
    hubs = relays.most_connected(trust, args.k)
    hub_share = relays.coverage(reach, hubs) / len(segment)
    print(
        f"{machine()}\n{snap.size:,} members, {trust.nnz // 2:,} ties of trust; a segment of {len(segment):,} "
        f"members of the largest countries (used: {len(countries)}); k = {args.k}, two steps\n"
    )
    print("| | seconds | gains computed | segment reached |\n|---|---:|---:|---:|")
    print(f"| reach matrix (candidates × segment, {reach.nnz:,} pairs) | {build:.2f} | | |")
    print(f"| lazy greedy (CELF) | {lazy_time:.2f} | {lazy.evaluations:,} | {lazy.share:.1%} |")
    print(f"| plain greedy | {plain_time:.2f} | {plain.evaluations:,} | {plain.share:.1%} |")
    print(f"| the {args.k} most connected members | | | {hub_share:.1%} |")
    print(f"\nsame relays chosen: {lazy.relays == plain.relays}; people reached by no relay: {lazy.unreached.size:,}")


if __name__ == "__main__":
    main()
