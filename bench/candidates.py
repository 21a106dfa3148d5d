"""The candidate step of people-you-may-know at scale: its time and the process's peak memory.

Usage: .venv/bin/python bench/candidates.py [--members 1000000] [--connections 10000000] [--spread 0.8]

Generates a graph of ``--members`` members in communities of about 500 (85 % of connections inside one) whose
numbers of connections vary (log-normal activity, ``--spread``), finds its communities with networkit, then,
in a fresh process that holds only the graph, runs :func:`recommend.people.precompute` (the step the
recompute job runs) and reports its seconds and the process's peak resident memory (``ru_maxrss``: the graph,
the step and Python itself). ``--implementation previous`` times the one-product version it replaced, kept in
git history (``--previous-file``).
"""

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from harness import machine  # noqa: E402


def generate(members: int, connections: int, spread: float, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Edge arrays: communities of ~500 members, 85 % of connections inside one, ends drawn in proportion to
    a log-normal activity (some members have many more connections than others)."""
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, max(1, members // 500), members)
    activity = rng.lognormal(0.0, spread, members)
    by_group = np.argsort(groups, kind="stable")
    starts = np.searchsorted(groups[by_group], np.arange(groups.max() + 2))
    draws = int(connections * 1.08)  # a few pairs come out twice or as loops and are dropped
    sources = rng.choice(members, draws, p=activity / activity.sum())
    inside = rng.random(draws) < 0.85
    # inside: a member of the source's community, weighted by activity through a per-community cumulative sum
    weights = np.cumsum(activity[by_group])
    group = groups[sources]
    low = np.where(starts[group] > 0, weights[starts[group] - 1], 0.0)
    high = weights[starts[group + 1] - 1]
    picked = np.searchsorted(weights, low + rng.random(draws) * (high - low), side="right")
    targets = np.where(inside, by_group[np.minimum(picked, members - 1)], rng.choice(members, draws))
    keep = sources != targets
    pairs = np.unique(np.sort(np.stack([sources[keep], targets[keep]], axis=1), axis=1), axis=0)[:connections]
    return pairs[:, 0], pairs[:, 1]


def step(graph_file: str, implementation: str, previous_file: str | None) -> dict:
    """Load the graph, run the candidate step once; its seconds and the process's peak memory."""
    from recommend import people
    from recommend.snapshot import from_edges

    loaded = np.load(graph_file)
    size = int(loaded["size"])
    snap = from_edges([str(n) for n in range(size)], loaded["sources"], loaded["targets"])
    labels = loaded["labels"]
    paths = int((snap.adjacency @ snap.degree).sum())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    module = people
    if implementation == "previous":
        spec = importlib.util.spec_from_file_location("people_previous", previous_file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    started = time.perf_counter()
    found = module.precompute(snap, labels)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "members": size,
        "connections": int(snap.adjacency.nnz // 2),
        "paths": paths,
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "before_mb": before / 1024,
        "with_candidates": sum(1 for chosen in found.values() if chosen),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--connections", type=int, default=10_000_000)
    parser.add_argument("--spread", type=float, default=0.8)
    parser.add_argument("--implementation", choices=("current", "previous"), default="current")
    parser.add_argument("--previous-file", help="recommend/people.py as it was (git show <rev>:recommend/people.py)")
    parser.add_argument("--step-only", help=argparse.SUPPRESS)  # the child process: a graph file to run on
    args = parser.parse_args()
    if args.step_only:
        print(json.dumps(step(args.step_only, args.implementation, args.previous_file)))
        return
    from recommend import communities
    from recommend.snapshot import from_edges

    print(f"machine: {machine()}")
    started = time.perf_counter()
    sources, targets = generate(args.members, args.connections, args.spread)
    snap = from_edges([str(n) for n in range(args.members)], sources, targets)
    found = communities.detect(snap.adjacency, "networkit", 1)
    print(f"graph and communities in {time.perf_counter() - started:.0f} s ({found.count} communities)")
    with tempfile.TemporaryDirectory() as scratch:
        graph_file = str(Path(scratch) / "graph.npz")
        np.savez(graph_file, size=args.members, sources=sources, targets=targets, labels=found.labels)
        del snap, found
        command = [sys.executable, __file__, "--step-only", graph_file, "--implementation", args.implementation]
        if args.previous_file:
            command += ["--previous-file", args.previous_file]
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    print(
        f"| {args.implementation} | {result['members']:,} | {result['connections']:,} | "
        f"{result['paths'] / 1e6:.0f} M | "
        f"{result['seconds']:.1f} | {result['peak_mb']:,.0f} MB (graph loaded: {result['before_mb']:,.0f} MB) | "
        f"{result['with_candidates']:,} |"
    )


if __name__ == "__main__":
    main()
