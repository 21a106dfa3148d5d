"""An import of N rows of which 20 % are people the graph already knows and 5 % appear twice in the file.

Usage: .venv/bin/python bench/imports.py [--rows 100000]

Builds two CSV files of synthetic people (Moroccan first and family names in Latin and Arabic script, French
and Moroccan phone numbers, cities of the reference data): a first file of the "already known" people is
imported as contacts, then the measured file: new people, 20 % of rows about a known person (half giving
their e-mail address, half no identifier at all: found by likeness), 5 % repeating a row of the file with
another spelling and phone format. Prints the import's steps and total time, the rows' outcomes, the
process's peak memory, and the p95 of the import's report page and of the review queue.
"""

import argparse
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import bare_account, logged_in_client, machine, percentile, scratch_app, timed  # noqa: E402

from app.accounts.service import now_ms  # noqa: E402
from app.imports import service  # noqa: E402
from app.seed.names import FAMILY, FEMALE, MALE  # noqa: E402
from app.seed.professions import EMPLOYER_COUNTRIES  # noqa: E402
from graph import accounts as account_queries  # noqa: E402
from graph import imports as import_queries  # noqa: E402

CITIES = [
    ("Paris", "France"),
    ("Lyon", "France"),
    ("Marseille", "France"),
    ("Toulouse", "France"),
    ("Lille", "France"),
    ("Bordeaux", "France"),
    ("Montpellier", "France"),
    ("Nantes", "France"),
    ("Montréal", "Canada"),
    ("Toronto", "Canada"),
    ("Québec", "Canada"),
    ("Bruxelles", "Belgique"),
    ("Anvers", "Belgique"),
    ("Madrid", "Espagne"),
    ("Barcelone", "Espagne"),
    ("Düsseldorf", "Allemagne"),
    ("Francfort-sur-le-Main", "Allemagne"),
    ("Berlin", "Allemagne"),
    ("Munich", "Allemagne"),
    ("Amsterdam", "Pays-Bas"),
    ("Rotterdam", "Pays-Bas"),
    ("Milan", "Italie"),
    ("Turin", "Italie"),
    ("Londres", "Royaume-Uni"),
    ("Genève", "Suisse"),
    ("Zurich", "Suisse"),
    ("New York", "États-Unis"),
    ("Dubaï", "Émirats arabes unis"),
    ("Casablanca", "Maroc"),
    ("Rabat", "Maroc"),
]
PROFESSIONS = ["Ingénieur", "Médecin", "Avocate", "Chercheur", "Comptable", "Développeur", "Pharmacienne", "Architecte"]
EMPLOYERS = sorted(EMPLOYER_COUNTRIES)[:40]
HEADER = "Nom;Prénom;E-mail;Téléphone;Ville;Pays;Profession;Employeur\n"


def person(rng: random.Random, n: int) -> list[str]:
    """One synthetic person's row: a first and family name of the seed's lists (15 % in Arabic script), a
    unique e-mail address, a phone in a French or Moroccan format, a city, profession and employer."""
    first_spellings, first_ar = rng.choice(FEMALE if rng.random() < 0.45 else MALE)
    family_spellings, family_ar = rng.choice(FAMILY)
    arabic = rng.random() < 0.15
    city, country = rng.choice(CITIES)
    phone = f"06 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
    return [
        family_ar if arabic else rng.choice(family_spellings),
        first_ar if arabic else rng.choice(first_spellings),
        f"p{n}-{uuid.uuid4().hex[:6]}@example.org",
        phone,
        city,
        country,
        rng.choice(PROFESSIONS),
        rng.choice(EMPLOYERS),
    ]


def files(rows: int, seed: int = 1) -> tuple[str, str]:
    """The known people's file and the measured file (see the module's docstring)."""
    rng = random.Random(seed)
    known = [person(rng, n) for n in range(rows // 5)]
    measured = []
    for n in range(rows):
        if n % 5 == 0:
            row = list(known[n // 5])
            row[3] = ""
            if n % 10 == 0:
                row[2] = ""  # no identifier at all: found by likeness (name, city, profession, employer)
                row[1] = row[1].upper()
        elif n % 20 == 1 and measured:
            row = list(measured[-1])
            row[1] = row[1].upper()
            row[3] = "+33 " + row[3][1:] if row[3] else row[3]
        else:
            row = person(rng, rows + n)
        measured.append(row)
    as_text = lambda table: HEADER + "".join(";".join(row) + "\n" for row in table)  # noqa: E731
    return as_text(known), as_text(measured)


def import_file(store, text: str, name: str, source: dict) -> tuple[dict, dict]:
    """Import one file; the batch and the seconds each step took."""
    batch_id = "import-" + uuid.uuid4().hex
    import_queries.create_batch(store, batch_id, source, name, None, now_ms())
    steps, last = {}, [time.perf_counter(), "start"]

    def progress(step, done=None, total=None):
        if step != last[1]:
            steps[last[1]] = steps.get(last[1], 0) + time.perf_counter() - last[0]
            last[:] = [time.perf_counter(), step]

    started = time.perf_counter()
    batch = service.run_import(store, text.encode(), name, batch_id, source, None, now_ms(), progress)
    steps[last[1]] = time.perf_counter() - last[0]
    steps.pop("start", None)
    steps["total"] = time.perf_counter() - started
    return batch, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app, store = scratch_app(scratch)
        print(f"machine: {machine()}")
        known, measured = files(args.rows)
        with app.test_request_context():
            source = import_queries.save_source(store, "bench", "Bench", "benchmark", 30, now_ms())
            source["mapping"] = {}
            first, first_steps = import_file(store, known, "known.csv", source)
            print(f"known people imported: {first['rows']} rows in {first_steps['total']:.1f} s")
            batch, steps = import_file(store, measured, "measured.csv", source)
        print(f"measured file: {batch['rows']} rows, {len(measured.encode()) / 1e6:.1f} MB; outcomes {batch['counts']}")
        print("| step | seconds |")
        print("|---|---|")
        for step, seconds in steps.items():
            print(f"| {step} | {seconds:.1f} |")
        print(f"peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        analyst = bare_account(store, "bench-analyst@example.org", "Bench Analyst", now_ms())
        account_queries.set_role(store, analyst, "analyst")
        client = logged_in_client(app, analyst)
        pages = [f"/imports/{batch['id']}?page={p}" for p in (1, 2, 50, 500)]
        samples = timed(lambda i: client.get(pages[i % len(pages)]), args.runs)
        print(f"report page: p50 {percentile(samples, 50):.1f} ms, p95 {percentile(samples, 95):.1f} ms")
        queue = [f"/imports/review?page={p}" for p in (1, 2, 10, 50)]
        samples = timed(lambda i: client.get(queue[i % len(queue)]), args.runs)
        print(f"review queue: p50 {percentile(samples, 50):.1f} ms, p95 {percentile(samples, 95):.1f} ms")


if __name__ == "__main__":
    main()
