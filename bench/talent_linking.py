"""Entity linking of accepted talent leads: does accepting a lead find the member it is about, and leave
namesakes alone?

Usage: .venv/bin/python bench/talent_linking.py [--members 2000] [--leads 100] [--scratch DIR]

A scratch graph is seeded with ``--members`` members (the demo's generator: names, employers, cities). Leads
are then made the way sources give them and accepted one by one (``app.talent.review.accept``, the one-row
import with the imports' record linkage):

- **the same person**, as a structured source names them (name, employer, country): should link to the member,
  or wait for a person's review;
- **the same person**, as a news item names them (name, the city the text names and its country, no
  employer): should link, or wait for a person's review;
- **a namesake** (a member's name, another employer, another city and country): should not link to that
  member.

Counted: linked to the right member, sent to a person's review (with the right member as the first candidate
or not), made a new contact, linked to someone else.
"""

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import machine, seeded_app  # noqa: E402

from app.imports.linking import candidates  # noqa: E402
from app.talent import review  # noqa: E402

COUNTRIES = ["FR", "DE", "CA", "BE", "ES", "NL", "US", "GB", "CH", "IT"]
OTHER_EMPLOYERS = ["Banque Fédérative", "Northwind Labs", "Contoso Health", "Globex", "Initech", "Umbrella Research"]
MEMBERS = (
    "MATCH (m:Member) WHERE m.status = 'active' AND m.employer IS NOT NULL AND m.country IS NOT NULL "
    "MATCH (c:City {id: m.city_id}) "
    "RETURN m.id AS id, m.display_name AS name, m.employer AS employer, m.country AS country, c.name AS city "
    "ORDER BY m.id"
)
OTHER_CITIES = {
    "FR": "Lille",
    "DE": "Hamburg",
    "CA": "Ottawa",
    "BE": "Liège",
    "ES": "Valencia",
    "NL": "Utrecht",
    "US": "Chicago",
    "GB": "Leeds",
    "CH": "Basel",
    "IT": "Naples",
}


def lead(name: str, affiliation: str | None, country: str | None, city: str | None) -> dict:
    """A lead as the pipeline makes it (only what accepting reads)."""
    return {
        "id": uuid.uuid4().hex[:16],
        "name": name,
        "affiliation": affiliation,
        "country": country,
        "city": city,
        "url": f"https://news.example/{uuid.uuid4().hex[:8]}",
        "title": "bench",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=100, help="leads of each kind")
    parser.add_argument("--scratch", default=None)
    args = parser.parse_args()
    scratch = args.scratch or tempfile.mkdtemp(prefix="jisr-talent-linking-")
    app, store, _report = seeded_app(scratch, args.members)
    rng = random.Random(19)
    members = store.read(MEMBERS)
    chosen = rng.sample(members, 3 * args.leads)
    cases = []
    for n, member in enumerate(chosen):
        kind = ("structured", "news", "namesake")[n % 3]
        if kind == "structured":
            cases.append((kind, member["id"], lead(member["name"], member["employer"], member["country"], None)))
        elif kind == "news":
            cases.append((kind, member["id"], lead(member["name"], None, member["country"], member["city"])))
        else:
            country = rng.choice([c for c in COUNTRIES if c != member["country"]])
            made = lead(member["name"], rng.choice(OTHER_EMPLOYERS), country, OTHER_CITIES[country])
            cases.append((kind, member["id"], made))
    outcomes: dict[str, Counter] = {kind: Counter() for kind in ("structured", "news", "namesake")}
    started = time.perf_counter()
    with app.app_context(), app.test_request_context():
        for kind, member_id, made in cases:
            _batch, record = review.accept(store, made, "bench", int(time.time() * 1000))
            if record is None:
                outcomes[kind]["failed"] += 1
            elif record["outcome"] == "linked":
                outcomes[kind]["linked, right member" if record["person_id"] == member_id else "linked, wrong"] += 1
            elif record["outcome"] == "review":
                first = next(iter(candidates(record)), None)
                outcomes[kind]["review, right member first" if first == member_id else "review, other first"] += 1
            else:
                outcomes[kind][record["outcome"]] += 1
    seconds = time.perf_counter() - started
    print(
        f"{machine()}\n{len(members):,} members with an employer and a country; {len(cases)} leads accepted "
        f"in {seconds:.1f} s ({seconds / len(cases) * 1000:.0f} ms each)\n"
    )
    columns = ["linked, right member", "review, right member first", "review, other first", "new", "linked, wrong"]
    columns += ["failed"]
    print("| lead | " + " | ".join(columns) + " |\n|---|" + "---:|" * len(columns))
    for kind, counts in outcomes.items():
        total = sum(counts.values())
        print(f"| {kind} | " + " | ".join(f"{counts[c] / total:.0%}" for c in columns) + " |")
    same = [outcomes[kind] for kind in ("structured", "news")]
    linked = sum(c["linked, right member"] for c in same)
    settled = linked + sum(c["review, right member first"] for c in same)
    apart = outcomes["namesake"]["new"] + outcomes["namesake"]["review, other first"]
    wrong = sum(c["linked, wrong"] for c in outcomes.values()) + outcomes["namesake"]["linked, right member"]
    print(
        f"\nthe same person linked at once: {linked / (2 * args.leads):.3f}; linked, or sent to review with the "
        f"right member first: {settled / (2 * args.leads):.3f}; namesakes kept apart (new, or review with another "
        f"first): {apart / args.leads:.3f}; wrong links: {wrong}"
    )


if __name__ == "__main__":
    main()
