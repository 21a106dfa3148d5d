"""Mentor quality on planted requests, and cohort-wide matching against one request at a time.

Usage: .venv/bin/python bench/mentor_matching.py [--planted 300] [--requests 500] [--mentors 2000]

1. Quality: ``--planted`` requests (two skills, a sector, one or two languages, a format), each with one
   planted ideal mentor (both skills, the sector, a shared language, available for the format, twelve years
   of experience, room to mentor) and nine decoys that each lack one thing (a skill, the sector, any shared
   language, availability, experience, or room: two of three places taken), among 2,000 background mentors.
   The candidates are those the platform considers (a skill or the sector asked, room left); hit@3 (the ideal
   mentor in the first three) and NDCG@10 of :func:`recommend.mentors.rank` against a skills-only ranking.
2. Cohort: ``--requests`` waiting requests and ``--mentors`` mentors (capacities 1 to 3, some places taken):
   total fit and requests matched by :func:`recommend.cohort.assign` (all at once) and by
   :func:`recommend.cohort.assign_one_at_a_time`, with their seconds; then again with three mentors for
   five requests (fewer places than requests).
3. Fitting on outcomes: ``--invitations`` simulated answers to invitations (accepted with a probability set
   by availability and a shared language, not experience), the weights fitted on them
   (:func:`recommend.mentor_weights.fit`), then on ``--evaluated`` new requests of 30 candidates, how often
   the mentor likeliest to accept is in the first three and NDCG@10 (gain: the chance of accepting), hand
   weights against fitted ones.
"""

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine  # noqa: E402

from recommend import cohort, mentor_weights, mentors  # noqa: E402

SKILLS = [f"skill-{n}" for n in range(60)]
SECTORS = [f"sector-{n}" for n in range(15)]
LANGUAGES = ["ar", "fr", "en", "de", "es", "nl"]
AVAILABILITY = ["remote", "short_mission", "long_term", "none"]


def _request(rng: random.Random, number: int) -> dict:
    return {
        "id": f"r{number}",
        "skill_ids": rng.sample(SKILLS, 2),
        "sector_ids": [rng.choice(SECTORS)],
        "language_ids": rng.sample(LANGUAGES, rng.choice([1, 2])),
        "format": rng.choice(["remote", "in_person", "either"]),
    }


def _mentor(rng: random.Random, name: str, **fixed) -> dict:
    capacity = rng.randint(1, 3)
    member = {
        "id": name,
        "skill_ids": rng.sample(SKILLS, rng.randint(1, 4)),
        "sector_ids": [rng.choice(SECTORS)],
        "language_ids": rng.sample(LANGUAGES, rng.randint(1, 3)),
        "availability": rng.choice(AVAILABILITY),
        "years_experience": rng.randint(0, 25),
        "mentor_capacity": capacity,
        "mentee_count": rng.randint(0, capacity - 1),
    }
    return {**member, **fixed}


def planted_set(count: int, background: int, seed: int = 5) -> list[tuple[dict, list[dict], str]]:
    """``(request, candidates, ideal mentor's id)`` for ``count`` planted requests."""
    rng = random.Random(seed)
    crowd = [_mentor(rng, f"b{n}") for n in range(background)]
    cases = []
    for number in range(count):
        request = _request(rng, number)
        ready = "long_term" if request["format"] == "in_person" else "remote"
        other_languages = [lang for lang in LANGUAGES if lang not in request["language_ids"]]
        ideal = {
            "skill_ids": list(request["skill_ids"]),
            "sector_ids": list(request["sector_ids"]),
            "language_ids": [request["language_ids"][0]],
            "availability": ready,
            "years_experience": 12,
            "mentor_capacity": 3,
            "mentee_count": 0,
        }
        decoys = [
            {**ideal, "skill_ids": [request["skill_ids"][0]]},
            {**ideal, "skill_ids": [request["skill_ids"][1], rng.choice(SKILLS)]},
            {**ideal, "sector_ids": [rng.choice([s for s in SECTORS if s not in request["sector_ids"]])]},
            {**ideal, "language_ids": [rng.choice(other_languages)]},
            {**ideal, "availability": "none"},
            {**ideal, "years_experience": 1},
            {**ideal, "mentee_count": 2},
            {**ideal, "skill_ids": [request["skill_ids"][0]], "years_experience": 25},
            {**ideal, "language_ids": [rng.choice(other_languages)], "years_experience": 25},
        ]
        people = [{"id": f"ideal-{number}", **ideal}] + [
            {"id": f"decoy-{number}-{n}", **decoy} for n, decoy in enumerate(decoys)
        ]
        asked = set(request["skill_ids"]) | set(request["sector_ids"])
        candidates = [
            m
            for m in people + crowd
            if asked & (set(m["skill_ids"]) | set(m["sector_ids"])) and m["mentee_count"] < m["mentor_capacity"]
        ]
        cases.append((request, candidates, f"ideal-{number}"))
    return cases


def skills_only(request: dict, candidates: list[dict], limit: int = 10, seed: int = 3) -> list[dict]:
    """The baseline: the share of the skills asked, ties in a seeded random order."""
    asked = set(request["skill_ids"])
    shuffled = random.Random(f"{seed}-{request['id']}").sample(candidates, len(candidates))
    return sorted(shuffled, key=lambda m: -len(asked & set(m["skill_ids"])))[:limit]


def quality(count: int, background: int) -> list[str]:
    """hit@3 and NDCG@10 of the ranking and of the baseline on the planted set."""
    results = {"ranking (recommend.mentors.rank)": [], "skills only": []}
    for request, candidates, ideal in planted_set(count, background):
        ranked = [s.member["id"] for s in mentors.rank(request, candidates, {}, [], limit=10)]
        results["ranking (recommend.mentors.rank)"].append(ranked)
        results["skills only"].append([m["id"] for m in skills_only(request, candidates)])
    ideals = [f"ideal-{n}" for n in range(count)]
    lines = [
        f"{count} planted requests, each with its ideal mentor and 9 decoys among {background} other mentors",
        "",
        "| ranking | hit@3 | NDCG@10 |",
        "|---|---|---|",
    ]
    for name, lists in results.items():
        hits = [ideal in ranked[:3] for ranked, ideal in zip(lists, ideals, strict=True)]
        gains = [
            1 / math.log2(ranked.index(ideal) + 2) if ideal in ranked else 0.0
            for ranked, ideal in zip(lists, ideals, strict=True)
        ]
        lines.append(f"| {name} | {sum(hits) / count:.3f} | {sum(gains) / count:.3f} |")
    return lines


def _acceptance(request: dict, mentor: dict) -> float:
    """The hidden preference of the simulated outcomes: availability and a shared language decide, the skills
    count a little, experience not at all."""
    values, _reasons = mentors.components(request, mentor, {}, [])
    odds = -2.0 + 1.0 * values["skills"] + 2.5 * values["availability"] + 2.0 * (values["language"] > 0)
    return 1 / (1 + math.exp(-odds))


def fitting(invitations: int, evaluated: int, seed: int = 11) -> list[str]:
    """Fit the weights on ``invitations`` simulated outcomes; on ``evaluated`` new requests of 30 candidates,
    compare the hand and fitted weights at finding the mentors most likely to accept."""
    rng = random.Random(seed)

    def related(request):
        return [_mentor(rng, f"c{n}", skill_ids=[request["skill_ids"][n % 2], rng.choice(SKILLS)]) for n in range(30)]

    examples = []
    for number in range(invitations):
        request = _request(rng, number)
        mentor = rng.choice(related(request))
        accepted = rng.random() < _acceptance(request, mentor)
        examples.append((request, mentor, {"status": "active" if accepted else "declined"}))
    fitted, decided = mentor_weights.fit(examples)
    results = {"hand weights": [], "fitted on outcomes": []}
    for number in range(evaluated):
        request = _request(rng, invitations + number)
        candidates = [{**m, "mentee_count": 0, "mentor_capacity": 3} for m in related(request)]
        chance = {m["id"]: _acceptance(request, m) for m in candidates}
        best = sorted(chance.values(), reverse=True)
        ideal = sum(p / math.log2(i + 2) for i, p in enumerate(best[:10]))
        for name, weights in (("hand weights", None), ("fitted on outcomes", fitted)):
            ranked = [s.member["id"] for s in mentors.rank(request, candidates, {}, [], 10, weights=weights)]
            gain = sum(chance[m] / math.log2(i + 2) for i, m in enumerate(ranked))
            results[name].append((max(chance[m] for m in ranked[:3]) >= best[0] - 1e-12, gain / ideal))
    lines = [
        f"weights fitted on {decided} simulated outcomes (accepted with a probability set by availability and a "
        f"shared language): {', '.join(f'{k} {v:.3f}' for k, v in fitted.items())}; evaluated on {evaluated} "
        "new requests of 30 candidates",
        "",
        "| weights | one of the likeliest to accept in the first three | NDCG@10 (gain: chance of accepting) |",
        "|---|---|---|",
    ]
    for name, found in results.items():
        hits, gains = zip(*found, strict=True)
        lines.append(f"| {name} | {sum(hits) / evaluated:.3f} | {sum(gains) / evaluated:.3f} |")
    return lines


def matching(requests_count: int, mentors_count: int, seed: int = 9) -> list[str]:
    """Total fit and matched requests, all at once and one at a time."""
    rng = random.Random(seed)
    requests = [_request(rng, n) for n in range(requests_count)]
    mentor_rows = [_mentor(rng, f"m{n}") for n in range(mentors_count)]
    places = sum(m["mentor_capacity"] - m["mentee_count"] for m in mentor_rows)
    lines = [
        f"{requests_count} waiting requests, {mentors_count} mentors with {places} free places",
        "",
        "| matching | requests matched | total fit | mean fit of a pair | mentors with 2+ new mentees | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for name, method in (
        ("all at once (linear assignment)", cohort.assign),
        ("one at a time", cohort.assign_one_at_a_time),
    ):
        started = time.perf_counter()
        found = method(requests, mentor_rows)
        seconds = time.perf_counter() - started
        per_mentor: dict[str, int] = {}
        for pair in found.pairs:
            per_mentor[pair.mentor_id] = per_mentor.get(pair.mentor_id, 0) + 1
        lines.append(
            f"| {name} | {len(found.pairs)} | {found.total_fit:.2f} | {found.total_fit / max(1, len(found.pairs)):.3f} "
            f"| {sum(1 for n in per_mentor.values() if n >= 2)} | {seconds:.1f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--planted", type=int, default=300)
    parser.add_argument("--background", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--invitations", type=int, default=300)
    parser.add_argument("--evaluated", type=int, default=300)
    args = parser.parse_args()
    print(f"machine: {machine()}\n")
    print("\n".join(quality(args.planted, args.background)))
    print()
    print("\n".join(matching(args.requests, args.mentors)))
    print()
    print("\n".join(matching(args.requests, args.requests * 3 // 5)))  # fewer places than requests
    print()
    print("\n".join(fitting(args.invitations, args.evaluated)))


if __name__ == "__main__":
    main()
