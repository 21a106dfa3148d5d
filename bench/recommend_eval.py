"""Recommendation quality and time on a seeded graph, and the recompute at scale.

Usage: .venv/bin/python bench/recommend_eval.py [--members 5000] [--scale 100000] [--runs 200] [--keep-in DIR]

1. Quality: on a graph seeded with ``--members`` members, hide 10 % of the connections (seeded), recompute on
   the rest, and for members who lost at least one connection compare the first ten people suggested with
   the hidden ones: precision@10, recall@10 and MRR, for our ranking (two-step resource allocation plus
   community, then what people share) and for baselines (random, most connected, common neighbours only,
   community-aware common neighbours only, personalised PageRank only).
2. Engines: time and modularity of each Louvain engine on that graph and on a synthetic graph of
   ``--scale`` members and about 9.5 connections each, and agreement with python-louvain (NMI).
3. Scale: seed ``--scale`` members in a fresh database, run the whole recompute job (read, communities,
   candidate lists, writing back), then time people-you-may-know and mentor ranking server side (the
   functions the pages call) for ``--runs`` members, with the heap frozen after start-up as the serving
   worker does (``BENCH_GC_FREEZE=0`` to time without).
"""

import argparse
import contextlib
import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, percentile, scratch_app  # noqa: E402

from app.seed import seed  # noqa: E402
from graph import snapshot as snapshot_queries  # noqa: E402
from recommend import communities, job, linkscores, people  # noqa: E402
from recommend.snapshot import from_edges, from_rows  # noqa: E402

K = 10


def _features(row: dict) -> dict:
    return {
        "skill_ids": row.get("skills"),
        "sector_ids": row.get("sectors"),
        "language_ids": row.get("languages"),
        "network_ids": row.get("networks"),
        "city_id": row.get("city"),
        "employer_key": row.get("employer"),
    }


def quality(rows: list[dict], pairs: list[tuple[str, str]], seed_value: int = 7) -> list[str]:
    """Hide 10 % of the connections; score our suggestions and the baselines against them."""
    rng = random.Random(seed_value)
    ids = [row["id"] for row in rows]
    index = {member_id: n for n, member_id in enumerate(ids)}
    edges = sorted({tuple(sorted((index[a], index[b]))) for a, b in pairs if a in index and b in index})
    rng.shuffle(edges)
    cut = len(edges) // 10
    hidden, kept = edges[:cut], edges[cut:]
    kept_arr = np.array(kept)
    snap = from_edges(ids, kept_arr[:, 0], kept_arr[:, 1], rows)
    found = communities.detect(snap.adjacency, "auto", 1)
    candidates = people.precompute(snap, found.labels)
    truth: dict[int, set] = {}
    for a, b in hidden:
        truth.setdefault(a, set()).add(b)
        truth.setdefault(b, set()).add(a)
    members = [m for m in truth if snap.degree[m] > 0]
    by_degree = np.argsort(-snap.degree, kind="stable")

    def ours(u):
        viewer = {**_features(rows[u]), "community": int(found.labels[u])}
        cn = linkscores.common_neighbours(snap, u)
        pool = [
            {**_features(rows[c]), "id": c, "community": int(found.labels[c]), "mutual": int(cn[0, c])}
            for c in candidates[u]
        ]
        return [s.member["id"] for s in people.rank(viewer, pool, K)]

    def common_only(u):
        cn = linkscores.common_neighbours(snap, u).toarray().ravel()
        cn[u] = 0
        cn[snap.neighbours(u)] = 0
        top = np.argsort(-cn, kind="stable")[:K]
        return [int(c) for c in top if cn[c] > 0]

    def community_aware(u):
        scores = linkscores.community_common_neighbours(snap, u, found.labels).toarray().ravel()
        scores[u] = 0
        scores[snap.neighbours(u)] = 0
        top = np.argsort(-scores, kind="stable")[:K]
        return [int(c) for c in top if scores[c] > 0]

    def pagerank(u):
        scores = linkscores.personalised_pagerank(snap, u, epsilon=1e-4)
        skip = set(snap.neighbours(u).tolist()) | {u}
        return sorted((c for c in scores if c not in skip), key=lambda c: (-scores[c], c))[:K]

    def most_connected(u):
        skip = set(snap.neighbours(u).tolist()) | {u}
        return [int(c) for c in by_degree[: K + len(skip)] if c not in skip][:K]

    def random_pick(u):
        skip = set(snap.neighbours(u).tolist()) | {u}
        picks = []
        while len(picks) < K:
            c = rng.randrange(snap.size)
            if c not in skip and c not in picks:
                picks.append(c)
        return picks

    lines = [
        f"hidden {len(hidden)} of {len(edges)} connections; {len(members)} members evaluated",
        "",
        "| method | precision@10 | recall@10 | MRR |",
        "|---|---|---|---|",
    ]
    for name, method in (
        ("ours: resource allocation + community, then shared features", ours),
        ("common neighbours only", common_only),
        ("community-aware common neighbours only", community_aware),
        ("personalised PageRank (push) only", pagerank),
        ("most connected", most_connected),
        ("random", random_pick),
    ):
        precision, recall, reciprocal = [], [], []
        for u in members:
            suggested = method(u)
            hits = [i for i, c in enumerate(suggested) if c in truth[u]]
            precision.append(len(hits) / K)
            recall.append(len(hits) / len(truth[u]))
            reciprocal.append(1 / (hits[0] + 1) if hits else 0.0)
        lines.append(f"| {name} | {np.mean(precision):.4f} | {np.mean(recall):.4f} | {np.mean(reciprocal):.4f} |")
    return lines


def nmi(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised mutual information of two labelings (arithmetic mean normalisation)."""
    n = len(a)
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    joint = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(joint, (ai, bi), 1)
    pa, pb, pab = joint.sum(1) / n, joint.sum(0) / n, joint / n
    nz = pab > 0
    mutual = float(np.sum(pab[nz] * np.log(pab[nz] / np.outer(pa, pb)[nz])))
    entropy = lambda p: -float(np.sum(p[p > 0] * np.log(p[p > 0])))  # noqa: E731
    denominator = (entropy(pa) + entropy(pb)) / 2
    return mutual / denominator if denominator else 1.0


def engines(adjacency, label: str) -> list[str]:
    """Each engine's time and modularity, and its agreement with python-louvain."""
    results = {engine: communities.detect(adjacency, engine, 1) for engine in communities.ENGINES}
    reference = results["python-louvain"]
    lines = [
        f"{label}: {adjacency.shape[0]} members, {adjacency.nnz // 2} connections",
        "",
        "| engine | seconds | modularity | communities | NMI with python-louvain |",
        "|---|---|---|---|---|",
    ]
    for engine, result in results.items():
        lines.append(
            f"| {engine} | {result.seconds:.2f} | {result.modularity:.4f} | {result.count} | "
            f"{nmi(result.labels, reference.labels):.3f} |"
        )
    return lines


def synthetic(size: int, seed_value: int = 3):
    """A graph of ``size`` members in about size/500 groups, ~9.5 connections each, mostly within a group."""
    rng = np.random.default_rng(seed_value)
    groups = rng.integers(0, max(1, size // 500), size)
    count = int(size * 9.5)
    sources = rng.integers(0, size, count)
    members_of = {g: np.where(groups == g)[0] for g in np.unique(groups)}
    inside = rng.random(count) < 0.85
    targets = np.array(
        [
            members_of[groups[s]][rng.integers(0, len(members_of[groups[s]]))] if keep else rng.integers(0, size)
            for s, keep in zip(sources, inside, strict=True)
        ]
    )
    keep = sources != targets
    return from_edges([str(i) for i in range(size)], sources[keep], targets[keep]).adjacency


def request_rankings(app, store, runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds of people-you-may-know for ``runs`` members and of mentor ranking for ``runs`` requests of two
    skills, one sector and two languages, timed server side as the pages call them."""
    from app.accounts.models import Account
    from app.members.suggestions import suggestions_for
    from app.projects import service as project_service
    from graph import accounts as account_queries

    ids = [row["id"] for row in store.read("MATCH (m:Member) RETURN m.id AS id ORDER BY m.id LIMIT 20000")]
    rng = random.Random(5)
    sample = rng.sample(ids, min(runs, len(ids)))
    pymk, mentor_times = [], []
    with app.test_request_context("/"):
        for member_id in sample:
            begun = time.perf_counter()
            suggestions_for(member_id)
            pymk.append((time.perf_counter() - begun) * 1000)
        for n in range(runs):
            leader = account_queries.member_by_id(store, sample[n % len(sample)])
            asked = {
                "skill_ids": rng.sample(["fundraising", "python", "marketing", "export", "supply-chain"], 2),
                "sector_ids": [rng.choice(["health", "finance", "agriculture-agrifood", "aeronautics"])],
                "language_ids": ["fr", "ar"],
                "format": "either",
            }
            begun = time.perf_counter()
            project_service.suggested_mentors(store, asked, Account(leader))
            mentor_times.append((time.perf_counter() - begun) * 1000)
    return pymk, mentor_times


def scale(size: int, runs: int, keep_in: str | None = None) -> list[str]:
    """Seed ``size`` members (or reuse the graph seeded in ``keep_in`` by an earlier run), recompute end to end
    twice (the first run creates every member's results, the second replaces them), then time the two rankings
    server side."""
    from graph import members as member_queries

    with contextlib.ExitStack() as stack:
        scratch = keep_in or stack.enter_context(tempfile.TemporaryDirectory())
        app, store = scratch_app(scratch)
        started = time.perf_counter()
        if member_queries.member_count(store) == 0:
            with app.app_context():
                seed(store, size, seed_value=1)
        seeded = time.perf_counter() - started
        first = job.recompute(store, "auto", 1)
        result = job.recompute(store, "auto", 1)
        frozen = os.environ.get("BENCH_GC_FREEZE", "1") == "1"
        if frozen:  # as a serving worker does once its app is built (app/server.py)
            gc.collect()
            gc.freeze()
        pymk, mentor_times = request_rankings(app, store, runs)
        mentors = store.read("MATCH (m:Member) WHERE m.mentor_open = true RETURN count(m) AS n")[0]["n"]

    def seconds(run):
        return ", ".join(f"{k} {v:.1f} s" for k, v in run["seconds"].items())

    return [
        f"scale: {result['members']} members, {result['connections']} connections (seeded in {seeded:.0f} s), "
        f"{mentors} open to mentoring",
        f"recompute end to end, first run: {first['seconds']['total']:.1f} s ({seconds(first)})",
        f"recompute end to end, next run: {result['seconds']['total']:.1f} s ({seconds(result)}); "
        f"{result['communities']} communities, modularity {result['modularity']:.4f} ({result['engine']})",
        f"request-time figures with the start-up heap frozen as the server does: {'yes' if frozen else 'no'}",
        f"people you may know, server side, {len(pymk)} members: p50 {percentile(pymk, 50):.1f} ms, "
        f"p95 {percentile(pymk, 95):.1f} ms",
        f"mentor ranking, server side, {len(mentor_times)} requests: p50 {percentile(mentor_times, 50):.1f} ms, "
        f"p95 {percentile(mentor_times, 95):.1f} ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--scale", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--keep-in", help="a folder that keeps the graph seeded at scale between runs")
    parser.add_argument("--only-scale", action="store_true", help="skip the quality and engine comparisons")
    args = parser.parse_args()
    print(f"machine: {machine()}\n")
    if not args.only_scale:
        with tempfile.TemporaryDirectory() as scratch:
            app, store = scratch_app(scratch)
            with app.app_context():
                seed(store, args.members, seed_value=1)
            rows, pairs = snapshot_queries.members(store), snapshot_queries.connections(store)
            app.extensions["graph"].server.stop()
        print("\n".join(quality(rows, pairs)))
        print()
        print("\n".join(engines(from_rows(rows, pairs).adjacency, "seeded graph")))
        print()
        print("\n".join(engines(synthetic(args.scale), "synthetic graph")))
    if not args.skip_scale:
        print()
        print("\n".join(scale(args.scale, args.runs, args.keep_in)))


if __name__ == "__main__":
    main()
