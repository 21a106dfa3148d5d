"""Record linkage quality on the labelled set (``app/seed/linkage.py``): rows derived from seeded members with
realistic corruption, and people not in the graph (half of them namesakes of a member living elsewhere).

Usage: .venv/bin/python bench/linkage.py [--members 3000] [--rows 2400] [--data DIR] [--seed 7] [--train]

Scores each way of deciding "same person" against the truth: precision, recall and F1 of the links made,
and how many namesakes (not in the graph) were linked to a member.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, seeded_app  # noqa: E402

from app.imports import matching  # noqa: E402
from app.imports.cleaning import Vocabulary, clean_email, clean_row  # noqa: E402
from app.seed.linkage import labelled_set  # noqa: E402
from graph import imports as import_queries  # noqa: E402
from graph.textkeys import fold  # noqa: E402


def scores(rows, predicted: list[str | None]) -> dict:
    """Precision, recall and F1 of the links made, and namesakes (not in the graph) linked to a member."""
    true_links = sum(1 for row, guess in zip(rows, predicted, strict=True) if guess and guess == row.truth)
    made = sum(1 for guess in predicted if guess)
    wanted = sum(1 for row in rows if row.truth)
    namesakes = sum(1 for row, guess in zip(rows, predicted, strict=True) if row.namesake_of and guess)
    precision = true_links / made if made else 0.0
    recall = true_links / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "namesakes linked": namesakes}


def exact_email_or_name(rows, members) -> list[str | None]:
    """The baseline: the same e-mail address, else exactly the same name (folded) as one member."""
    by_email = {m["email"]: m["id"] for m in members}
    by_name = {}
    for member in members:
        by_name.setdefault(fold(member["name"]), member["id"])
    guesses = []
    for row in rows:
        values = row.values
        email = values["email"] and clean_email(values["email"])
        name = fold(f"{values['first_name']} {values['last_name']}")
        guesses.append(by_email.get(email) or by_name.get(name))
    return guesses


def shared_identifier(rows, members) -> list[str | None]:
    """What imports do today: the same e-mail address (members have no phone number in the graph)."""
    by_email = {m["email"]: m["id"] for m in members}
    return [by_email.get(row.values["email"] and clean_email(row.values["email"])) for row in rows]


def cleaned_records(store, rows) -> list[dict]:
    """The labelled rows as an import cleans them, as linkage records (``row-<n>``)."""
    vocabulary = Vocabulary.load(store)
    records = []
    for n, row in enumerate(rows):
        values = {name: [value] for name, value in row.values.items() if value}
        records.append(
            matching.linkage_record(f"row-{n}", clean_row(values, vocabulary).record, vocabulary.coordinates)
        )
    return records


def probabilistic(store, guard: bool = True):
    """What imports do: :func:`matching.verdict` on each row's pairs (without ``guard``: the likeliest
    person from ``LINK_AT`` alone); ``review`` counts the rows sent to a person instead."""

    def rule(rows, _members):
        people = import_queries.linkage_people(store)
        known = matching.known_records(people, Vocabulary.load(store).coordinates)
        pairs, _within = matching.score(cleaned_records(store, rows), known, len(people))
        best: dict[str, dict[str, matching.Pair]] = {}
        for pair in pairs:
            found, person = best.setdefault(pair.left, {}), pair.right.split("#")[0]
            if pair.probability > getattr(found.get(person), "probability", 0.0):
                found[person] = pair
        guesses, rule.review = [], 0
        for n in range(len(rows)):
            if guard:
                verdict, chosen = matching.verdict(best.get(f"row-{n}", {}))
            else:
                top = max(best.get(f"row-{n}", {}).items(), key=lambda item: item[1].probability, default=None)
                verdict, chosen = ("same", [top]) if top and top[1].probability >= matching.LINK_AT else ("?", [])
            guesses.append(chosen[0][0] if verdict == "same" else None)
            rule.review += verdict == "possible" or (not guard and bool(best.get(f"row-{n}")) and verdict != "same")
        return guesses

    return rule


def labelled_set_arguments(description: str) -> argparse.ArgumentParser:
    """The options of the benchmarks on the labelled set: how many members to seed, rows to build, where."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=2400)
    parser.add_argument("--data", help="a folder to seed once and measure again on later runs")
    return parser


def main() -> None:
    parser = labelled_set_arguments(__doc__)
    parser.add_argument("--train", action="store_true", help="learn the model again (on the set of seed 1)")
    parser.add_argument("--seed", type=int, default=7, help="the labelled set measured (not 1: trained on)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        _app, store, _report = seeded_app(args.data or scratch, args.members)
        if args.train:
            training = labelled_set(store, args.rows, seed=1)
            people = import_queries.linkage_people(store)
            coordinates = Vocabulary.load(store).coordinates
            matching.train(cleaned_records(store, training), matching.known_records(people, coordinates))
            print(f"trained on {len(training)} rows (seed 1), saved to {matching.MODEL_PATH}")
        rows = labelled_set(store, args.rows, seed=args.seed)
        members = import_queries.seeded_members(store)
        print(f"machine: {machine()}")
        about_members = sum(1 for row in rows if row.truth)
        namesakes = sum(1 for row in rows if row.namesake_of)
        print(
            f"labelled set: {len(rows)} rows, {about_members} about members, {len(rows) - about_members} "
            f"about people not in the graph ({namesakes} namesakes of a member)"
        )
        print("| rule | precision | recall | F1 | namesakes linked to a member | sent to review | seconds |")
        print("|---|---|---|---|---|---|---|")
        for name, rule in (
            ("exact e-mail or exact name (baseline)", exact_email_or_name),
            ("shared e-mail or phone only", shared_identifier),
            ("Splink model without the namesake guard", probabilistic(store, guard=False)),
            ("Splink model with the namesake guard (imports)", probabilistic(store)),
        ):
            started = time.perf_counter()
            s = scores(rows, rule(rows, members))
            seconds = time.perf_counter() - started
            review = getattr(rule, "review", "")
            print(
                f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['namesakes linked']} "
                f"| {review} | {seconds:.1f} |"
            )


if __name__ == "__main__":
    main()
