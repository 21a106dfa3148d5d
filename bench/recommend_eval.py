"""Recommendation quality and time on a seeded graph, and the recompute at scale.

Usage: .venv/bin/python bench/recommend_eval.py [--members 5000] [--scale 100000] [--runs 200] [--keep-in DIR]

1. Quality: on a graph seeded with ``--members`` members, and on LFR benchmark graphs of 5,000 nodes (mu =
   0.3, average degrees ``--lfr-degrees``), hide 10 % of the connections (seeded), train the ranking on the
   rest (hiding another tenth of it), recompute on the rest, and for members who lost at least one connection
   compare the first ten people suggested with the hidden ones: precision@10, recall@10 and MRR of the
   trained ranking, the hand-weighted ranking it replaces, and baselines (common neighbours, resource
   allocation, its community-aware variant, personalised PageRank, most connected, random); on LFR also a
   bound: the most connected members of one's planted community (the generator's own structure).
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
from recommend import communities, job, linkscores, people, ranker, ranker_training  # noqa: E402
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


def quality(ids: list[str], edges: np.ndarray, rows: list[dict] | None, planted=None, seed_value: int = 7) -> list[str]:
    """Hide 10 % of the connections (``edges``: row pairs); score the trained ranking, the hand-weighted one
    and the baselines against them. ``planted``: the generator's own communities, for an upper bound."""
    rng = random.Random(seed_value)
    edges = [tuple(pair) for pair in edges.tolist()]
    rng.shuffle(edges)
    cut = len(edges) // 10
    hidden, kept = edges[:cut], np.array(edges[cut:])
    snap = from_edges(ids, kept[:, 0], kept[:, 1], rows)
    started = time.perf_counter()
    earlier, newest = ranker_training.hold_out_newest(snap, seed=seed_value)  # no dates here: a seeded random tenth
    first = communities.detect(earlier.adjacency, "auto", 1).labels
    training = ranker_training.train(earlier, ranker.partitions(earlier.adjacency, first, "auto", 1), newest)
    trained_in = time.perf_counter() - started
    found = communities.detect(snap.adjacency, "auto", 1)
    candidates = people.precompute(snap, found.labels)
    runs = ranker.partitions(snap.adjacency, found.labels, "auto", 1)
    ordered = ranker.order(snap, runs, ranker.widen(snap, found.labels, candidates), training.model, K)
    truth: dict[int, set] = {}
    for a, b in hidden:
        truth.setdefault(a, set()).add(b)
        truth.setdefault(b, set()).add(a)
    members = [m for m in truth if snap.degree[m] > 0]
    by_degree = np.argsort(-snap.degree, kind="stable")
    features = rows or [{} for _ in ids]

    def hand_weighted(u):
        viewer = {**_features(features[u]), "community": int(found.labels[u])}
        cn = linkscores.common_neighbours(snap, u)
        pool = [
            {**_features(features[c]), "id": c, "community": int(found.labels[c]), "mutual": int(cn[0, c])}
            for c in candidates[u]
        ]
        return [s.member["id"] for s in people.rank(viewer, pool, K)]

    def top_of(scores, u):
        scores[u] = 0
        scores[snap.neighbours(u)] = 0
        return [int(c) for c in np.argsort(-scores, kind="stable")[:K] if scores[c] > 0]

    aware = linkscores.resource_allocation_all(snap, found.labels)

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

    methods = [
        ("trained ranking (logistic regression)", lambda u: ordered[u]),
        ("hand-weighted ranking (before)", hand_weighted),
        ("common neighbours", lambda u: top_of(linkscores.common_neighbours(snap, u).toarray().ravel(), u)),
        ("resource allocation", lambda u: top_of(linkscores.resource_allocation(snap, u).toarray().ravel(), u)),
        ("community-aware resource allocation", lambda u: top_of(aware[u].toarray().ravel(), u)),
        ("personalised PageRank (push)", pagerank),
        ("most connected", most_connected),
        ("random", random_pick),
    ]
    if planted is not None:

        def planted_bound(u):
            same = np.flatnonzero(planted == planted[u])
            skip = set(snap.neighbours(u).tolist()) | {u}
            return [int(c) for c in same[np.argsort(-snap.degree[same], kind="stable")] if c not in skip][:K]

        methods.append(("bound: most connected of the planted community", planted_bound))
    lines = [
        f"hidden {len(hidden)} of {len(edges)} connections; {len(members)} members evaluated; ranking trained on "
        f"{training.pairs} pairs ({training.positives} positives) in {trained_in:.1f} s",
        "",
        "| method | precision@10 | recall@10 | MRR | × common neighbours |",
        "|---|---|---|---|---|",
    ]
    measured = []
    for name, method in methods:
        precision, recall, reciprocal = [], [], []
        for u in members:
            suggested = method(u)
            hits = [i for i, c in enumerate(suggested) if c in truth[u]]
            precision.append(len(hits) / K)
            recall.append(len(hits) / len(truth[u]))
            reciprocal.append(1 / (hits[0] + 1) if hits else 0.0)
        measured.append((name, np.mean(precision), np.mean(recall), np.mean(reciprocal)))
    baseline = next(p for name, p, _r, _m in measured if name == "common neighbours")
    for name, p, r, m in measured:
        lines.append(f"| {name} | {p:.4f} | {r:.4f} | {m:.4f} | {p / baseline:.2f} |")
    return lines


def lfr(average_degree: int, size: int = 5000):
    """The LFR benchmark graph of the quality figures (mu = 0.3): its edges and planted communities."""
    import networkx as nx

    graph = nx.LFR_benchmark_graph(
        size,
        2.5,
        1.5,
        0.3,
        average_degree=average_degree,
        max_degree=100 if average_degree <= 10 else 150,
        min_community=40 if average_degree <= 10 else 50,
        max_community=400 if average_degree <= 10 else 500,
        seed=42 if average_degree != 15 else 5,
    )
    graph.remove_edges_from(nx.selfloop_edges(graph))
    planted = np.zeros(size, dtype=np.int64)
    for label, members in enumerate({frozenset(graph.nodes[n]["community"]) for n in graph}):
        planted[list(members)] = label
    return np.array(list(graph.edges())), planted


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
    parser.add_argument("--lfr-degrees", type=lambda text: [int(d) for d in text.split(",")], default=[10, 15, 20])
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
        ids = [row["id"] for row in rows]
        index = {member_id: n for n, member_id in enumerate(ids)}
        edges = np.array(sorted({tuple(sorted((index[a], index[b]))) for a, b in pairs if a in index and b in index}))
        print(f"### Seeded graph ({args.members} members)\n")
        print("\n".join(quality(ids, edges, rows)))
        for degree in args.lfr_degrees:
            edges, planted = lfr(degree)
            print(f"\n### LFR benchmark graph: 5,000 nodes, mu = 0.3, average degree {degree}\n")
            print("\n".join(quality([str(n) for n in range(5000)], edges, None, planted)))
        print()
        print("\n".join(engines(from_rows(rows, pairs).adjacency, "seeded graph")))
        print()
        print("\n".join(engines(synthetic(args.scale), "synthetic graph")))
    if not args.skip_scale:
        print()
        print("\n".join(scale(args.scale, args.runs, args.keep_in)))


if __name__ == "__main__":
    main()
