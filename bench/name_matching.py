"""Recall and precision of the directory's name search across spellings and scripts (bench/data/name_variants.tsv).

Usage: .venv/bin/python bench/name_matching.py [--members 1500] [--seed 1]

The members are made the way registration makes them (display name only); every other one then saves a
profile with a headline naming a profession (where short name parts could match words as prefixes). Each has
a given name and a family name from the labelled set, written with one of their spellings (a third in Arabic
script). Every spelling of every name is then searched:

- a single name ("Noureddine", "نور الدين"): relevant = every member with that name, in any spelling;
  recall = relevant members among the results (up to 100) / relevant members; precision@10 = relevant
  among the first 10 results / results in the first 10;
- a full name (another spelling of both parts, for 300 members): the member's rank among the results
  ("first": ahead of everyone but members with the same two names; in the first 10; or not found).
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import bare_account, machine, scratch_app  # noqa: E402

from graph import directory  # noqa: E402
from graph import members as member_queries  # noqa: E402

VARIANTS = Path(__file__).resolve().parent / "data" / "name_variants.tsv"
HEADLINES = [
    "Electrical engineer at Siemens",
    "Elementary school teacher",
    "Cardiologist, CHU Montreal",
    "Software developer (Python, Go)",
    "Lawyer in Paris",
    "Data scientist at Airbus",
    "Nurse, elderly care",
    "Financial analyst",
    "Aeronautics engineer",
    "Journalist",
    "Entrepreneur in renewable energy",
    "Researcher in molecular biology",
]
RESULTS = 100


def load_variants() -> dict[str, dict]:
    """``{cluster: {"part": "given"|"family", "variants": [...]}}`` from the labelled set."""
    clusters = {}
    for line in VARIANTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cluster, part, variants = line.split("\t")
        clusters[cluster] = {"part": part, "variants": variants.split("|")}
    return clusters


def is_arabic(text: str) -> bool:
    """True for a spelling in Arabic script."""
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def spelling(rng: random.Random, variants: list[str], arabic: bool) -> str:
    """One of the spellings in the chosen script."""
    pool = [v for v in variants if is_arabic(v) == arabic] or variants
    return rng.choice(pool)


def make_members(store, clusters: dict, count: int, rng: random.Random) -> list[dict]:
    """Register ``count`` members with labelled names; returns ``[{"id", "given", "family", "name"}]``."""
    given = [c for c, v in clusters.items() if v["part"] == "given"]
    family = [c for c, v in clusters.items() if v["part"] == "family"]
    made = []
    for number in range(count):
        first, last, arabic = rng.choice(given), rng.choice(family), rng.random() < 1 / 3
        name = " ".join(spelling(rng, clusters[c]["variants"], arabic) for c in (first, last))
        member_id = bare_account(store, f"m{number}@example.org", name, number)
        made.append({"id": member_id, "given": first, "family": last, "name": name})
    # every other member saved a profile with a headline, through the profile form's write
    for number, member in enumerate(made[::2]):
        props = {"display_name": member["name"], "headline": HEADLINES[number % len(HEADLINES)]}
        member_queries.update_profile(
            store,
            member["id"],
            props,
            skills=[],
            sectors=[],
            city=None,
            languages=[],
            institutions=[],
            contribute_sectors=[],
            contribute_regions=[],
        )
    return made


def search_ids(store, viewer: str, text: str) -> list[str]:
    """The ids of the directory's results for ``text``, best first (up to RESULTS)."""
    found = directory.page(store, viewer, directory.Query(text=text, per_page=RESULTS))
    return [row["member"]["id"] for row in found["items"]]


def evaluate(store, clusters: dict, members: list[dict], rng: random.Random) -> dict:
    """The figures described in the module's docstring."""
    viewer = members[0]["id"]
    by_cluster: dict[str, set] = {}
    for m in members[1:]:
        by_cluster.setdefault(m["given"], set()).add(m["id"])
        by_cluster.setdefault(m["family"], set()).add(m["id"])
    single = {"latin": [0, 0, 0, 0], "arabic": [0, 0, 0, 0]}  # found, relevant, relevant in top 10, top 10 size
    for cluster, entry in clusters.items():
        relevant = by_cluster.get(cluster, set())
        if not relevant:
            continue
        for variant in entry["variants"]:
            results = search_ids(store, viewer, variant)
            figures = single["arabic" if is_arabic(variant) else "latin"]
            figures[0] += len(relevant & set(results))
            figures[1] += min(len(relevant), RESULTS)
            figures[2] += len(relevant & set(results[:10]))
            figures[3] += len(results[:10])
    namesakes: dict[tuple, int] = {}
    for m in members[1:]:
        namesakes[m["given"], m["family"]] = namesakes.get((m["given"], m["family"]), 0) + 1
    ranks, missed = {"first": 0, "top10": 0, "missed": 0}, []
    for m in rng.sample(members[1:], min(300, len(members) - 1)):
        query = " ".join(
            rng.choice([v for v in clusters[c]["variants"] if v not in m["name"]] or clusters[c]["variants"])
            for c in (m["given"], m["family"])
        )
        results = search_ids(store, viewer, query)
        where = results.index(m["id"]) if m["id"] in results else None
        if where is None:
            missed.append(f"{query} → {m['name']}")
        # "first": ahead of everyone but their namesakes (members with the same two names)
        first = where is not None and where < namesakes[m["given"], m["family"]]
        ranks["first" if first else "top10" if where is not None and where < 10 else "missed"] += 1
    return {"single": single, "ranks": ranks, "missed": missed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show-missed", action="store_true", help="list the full-name queries that missed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    clusters = load_variants()
    with tempfile.TemporaryDirectory() as scratch:
        app, store = scratch_app(scratch)
        with app.app_context():
            members = make_members(store, clusters, args.members, rng)
            figures = evaluate(store, clusters, members, rng)
        app.extensions["graph"].close()
    print(f"machine: {machine()}")
    print(
        f"{len(clusters)} names, {sum(len(c['variants']) for c in clusters.values())} spellings, {args.members} members"
    )
    print("| query | recall | precision@10 |")
    print("|---|---|---|")
    for script, (found, relevant, top_relevant, top_size) in figures["single"].items():
        print(f"| one name, {script} spelling | {found / relevant:.1%} | {top_relevant / max(1, top_size):.1%} |")
    ranks, total = figures["ranks"], sum(figures["ranks"].values())
    print(
        f"full name in other spellings ({total}): first {ranks['first'] / total:.1%}, "
        f"in the first 10 {(ranks['first'] + ranks['top10']) / total:.1%}, missed {ranks['missed'] / total:.1%}"
    )
    if args.show_missed:
        print("\n".join(figures["missed"]))


if __name__ == "__main__":
    main()
