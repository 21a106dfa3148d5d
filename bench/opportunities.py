"""Programmes and the opportunity board: eligibility time, expert suggestions at scale, and their quality.

Usage: .venv/bin/python bench/opportunities.py [--members 5000] [--scale 100000] [--runs 200] [--data DIR]

1. Eligibility: one project's facts against every programme of the catalogue (the shipped ones), as the
   project page and ``POST /api/v1/eligibility`` compute it: the catalogue read from the graph and every
   rule evaluated, ``--runs`` times with varied facts; and the whole API request through the app.
2. Quality: on a graph seeded with ``--members`` members, ``--runs`` opportunities are planted, each made
   from one available member's profile (two of their skills, their first sector, one of their languages,
   on site or remote as their availability says): is that member among the first ten suggested? Our
   ranking (the mentor ranking's machinery with engagements as load) beside a skills-only baseline
   (number of skills asked held, then id).
3. Scale: the same suggestions on a graph of ``--scale`` members (``--data`` keeps a seeded folder between
   runs), server side as the opportunity page calls them: p50 and p95.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import bare_account, machine, percentile, scratch_app, seeded_app, timed, wait_for_indexes  # noqa: E402

from app.accounts.models import Account  # noqa: E402
from app.opportunities import service as opportunity_service  # noqa: E402
from app.programmes import service as programme_service  # noqa: E402
from graph import opportunities as opportunity_queries  # noqa: E402
from recommend import experts  # noqa: E402

K = 10
SECTORS = ["health", "digital-offshoring", "tourism", "construction", "education-training", "aeronautics"]


def _facts(i: int) -> dict:
    rng = random.Random(i)
    total = rng.choice([300_000, 900_000, 1_500_000, 4_000_000, 60_000_000])
    own = int(total * rng.choice([0.1, 0.25, 0.4]))
    return {
        "kind": rng.choice(["creation", "extension", None]),
        "stage": rng.choice(["idea", "creation", "growth"]),
        "sector": rng.choice(SECTORS),
        "region": "souss-massa",
        "country": rng.choice(["FR", "BE", "DE", None]),
        "residence": rng.choice(["abroad", "returned", "morocco", None]),
        "returned_months": rng.choice([3, 18, None]),
        "legal_form": "company",
        "investment_mad": total,
        "own_funds_mad": own,
        "foreign_funds_mad": int(own * rng.choice([0.5, 1.0])),
        "mre_share_pct": rng.choice([100, 60, None]),
        "jobs_planned": 10,
    }


def eligibility(runs: int) -> list[str]:
    """Time the eligibility of varied projects over the whole catalogue (service, then the API)."""
    with tempfile.TemporaryDirectory() as scratch:
        app, store = scratch_app(scratch)
        with app.test_request_context():
            programmes = len(programme_service.catalogue(store))
            service = timed(lambda i: programme_service.assess(store, _facts(i)), runs)
            verdicts = {}
            for i in range(runs):
                for a in programme_service.assess(store, _facts(i))[0]:
                    verdicts[a.verdict.verdict] = verdicts.get(a.verdict.verdict, 0) + 1
        member_id = bare_account(store, "bench@example.org", "Bench", int(time.time() * 1000))
        from harness import logged_in_client

        client = logged_in_client(app, member_id)
        token = _csrf(client)
        body = {k: v for k, v in _facts(0).items() if v is not None}

        def call(i):
            response = client.post("/api/v1/eligibility", json=body, headers={"X-CSRFToken": token})
            assert response.status_code == 200, response.get_data(as_text=True)[:300]

        api = timed(call, runs)
        app.extensions["graph"].close()
    return [
        f"catalogue: {programmes} programmes; verdicts over {runs} projects: {verdicts}",
        "| what | runs | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
        _row("catalogue read + every rule (service)", service),
        _row("POST /api/v1/eligibility (whole request)", api),
    ]


def _csrf(client) -> str:
    import re

    page = client.get("/privacy").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _row(label: str, samples: list[float]) -> str:
    return (
        f"| {label} | {len(samples)} | {percentile(samples, 50):.2f} | {percentile(samples, 95):.2f} "
        f"| {max(samples):.2f} |"
    )


def _planted(store, runs: int, seed_value: int = 3) -> list[tuple[dict, str]]:
    """Opportunities each made from one available member's profile: ``(opportunity, that member's id)``."""
    rows = store.read(
        "MATCH (m:Member) WHERE m.status = 'active' AND coalesce(m.visibility, 'members') = 'members' "
        "AND coalesce(m.availability, 'none') <> 'none' AND size(coalesce(m.skill_ids, [])) >= 2 "
        "AND size(coalesce(m.sector_ids, [])) >= 1 RETURN m.id AS id, m.skill_ids AS skills, "
        "m.sector_ids AS sectors, m.language_ids AS languages, m.availability AS availability ORDER BY m.id"
    )
    rng = random.Random(seed_value)
    picked = rng.sample(rows, k=min(runs, len(rows)))
    planted = []
    for n, row in enumerate(picked):
        opportunity = {
            "id": f"bench-{n}",
            "skill_ids": rng.sample(row["skills"], k=2),
            "sector_ids": row["sectors"][:1],
            "language_ids": rng.sample(row["languages"], k=1) if row["languages"] else [],
            "remote": row["availability"] == "remote",
        }
        planted.append((opportunity, row["id"]))
    return planted


def _person(store, member_id: str) -> Account:
    return Account({"id": member_id, "display_name": "Bench", "network_ids": [], "role": "member"})


def quality(members: int, runs: int) -> list[str]:
    """Hit rate of the planted expert in the first ten, ours and the skills-only baseline."""
    with tempfile.TemporaryDirectory() as scratch:
        app, store, _ = seeded_app(scratch, members)
        wait_for_indexes(store)
        rep = _person(store, bare_account(store, "rep@example.org", "Rep", int(time.time() * 1000)))
        ours = baseline = 0
        candidates_seen = []
        with app.test_request_context():
            for opportunity, expert in _planted(store, runs):
                ranked = opportunity_service.suggestions(store, opportunity, rep, limit=K)
                ours += expert in [s.member["id"] for s in ranked]
                request = experts.as_request(opportunity)
                candidates = opportunity_queries.expert_candidates(
                    store,
                    request["skill_ids"],
                    request["sector_ids"],
                    request["language_ids"],
                    [rep.id],
                    experts.scoring(opportunity),
                    limit=3000,
                )
                candidates_seen.append(len(candidates))
                baseline += expert in [m["id"] for m in experts.skills_only(opportunity, candidates, K)]
        app.extensions["graph"].close()
    trials = len(candidates_seen)
    return [
        f"seeded graph: {members} members; {trials} planted opportunities; candidates per opportunity: "
        f"median {sorted(candidates_seen)[trials // 2]}",
        "| ranking | planted expert in the first 10 |",
        "|---|---|",
        f"| ours (skills, sectors, languages, experience, availability, closeness, load) | {ours / trials:.3f} |",
        f"| skills-only baseline | {baseline / trials:.3f} |",
    ]


def scale(members: int, runs: int, data: str | None) -> list[str]:
    """Suggestion time for planted opportunities on a large graph."""
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        app, store, report = seeded_app(data or scratch, members)
        seeded = time.perf_counter() - started
        wait_for_indexes(store)
        rep = _person(store, bare_account(store, f"rep{time.time_ns()}@example.org", "Rep", int(time.time() * 1000)))
        planted = _planted(store, runs, seed_value=5)
        sizes = []

        def suggest(i):
            opportunity = planted[i % len(planted)][0]
            sizes.append(len(opportunity_service.suggestions(store, opportunity, rep, limit=K)))

        with app.test_request_context():
            suggest(0)  # warm the engine's caches once
            samples = timed(suggest, runs)
        app.extensions["graph"].close()
    return [
        f"graph: {members} members ({'seeded in %.0f s' % seeded if report else 'reused'}); {runs} suggestions",
        "| what | runs | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
        _row("expert suggestions for an opportunity (candidates, ranking, closeness)", samples),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data", help="a folder kept between runs for the --scale graph")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    print(machine())
    print("\n".join(["", "## Eligibility", *eligibility(args.runs)]))
    print("\n".join(["", "## Quality", *quality(args.members, args.runs)]))
    if not args.skip_scale:
        print("\n".join(["", "## Scale", *scale(args.scale, args.runs, args.data)]))


if __name__ == "__main__":
    main()
