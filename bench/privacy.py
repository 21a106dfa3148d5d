"""People's rights on N seeded members: gathering a person's data, erasing a person, the retention job's
scans, and checking the audit log.

Usage: .venv/bin/python bench/privacy.py [--members 100000] [--data DIR] [--people 20] [--audit 20000]

Seeds (or reuses ``--data``: it is changed, people are erased), then, for the ``--people`` most connected
members: the data download (gathering everything held about them, and the whole zip as the job writes it),
then their erasure (graph, Redis, files); then the retention job's scans on the whole graph; then writes
``--audit`` audit entries and checks the whole log.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, percentile, seeded_app, stopwatch, wait_for_indexes  # noqa: E402

from app import audit  # noqa: E402
from app.accounts import data_export, deletion  # noqa: E402
from graph import accounts as account_queries  # noqa: E402
from graph import audit as audit_queries  # noqa: E402
from graph import imports as import_queries  # noqa: E402
from graph import personal_data  # noqa: E402

BUSIEST = "MATCH (m:Member)-[c:CONNECTED]-() WITH m, count(c) AS n ORDER BY n DESC LIMIT $limit RETURN m.id AS id, n"


def _ms(function) -> tuple[float, object]:
    seconds, result = stopwatch(function)
    return seconds * 1000, result


def _row(label: str, samples: list[float]) -> str:
    return f"| {label} | {percentile(samples, 50):.0f} | {percentile(samples, 95):.0f} | {max(samples):.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--audit", type=int, default=20_000)
    parser.add_argument("--data", help="a seeded folder to reuse (it is changed: people are erased)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app, store, _report = seeded_app(args.data or scratch, args.members)
        waited = wait_for_indexes(store)
        members = store.read("MATCH (m:Member) RETURN count(m) AS n")[0]["n"]
        busiest = store.read(BUSIEST, limit=args.people)
        print(
            f"{machine()}\n{members:,} members (indexes ready after {waited:.0f} s); the {len(busiest)} most "
            f"connected have {busiest[-1]['n']}-{busiest[0]['n']} connections\n"
        )
        gather, zipped, erase, sizes = [], [], [], []
        with app.test_request_context():
            for row in busiest:
                took, held = _ms(lambda: personal_data.gather(store, row["id"]))
                gather.append(took)
                took, token = _ms(lambda: data_export.write_zip(row["id"], held))
                zipped.append(took)
                sizes.append((deletion.exports_folder(row["id"]) / f"{token}.zip").stat().st_size / 1024)
            for row in busiest:
                took, _done = _ms(lambda: deletion.erase_member(store, row["id"]))
                erase.append(took)
            now = int(time.time() * 1000)
            scans = {
                "accounts unused for 36 months": _ms(
                    lambda: account_queries.inactive_to_warn(store, now - 36 * 30 * 86_400_000)
                )[0],
                "warned accounts to erase": _ms(lambda: account_queries.inactive_to_delete(store, now))[0],
                "deletions due": _ms(lambda: account_queries.deletions_due(store, now))[0],
                "unconfirmed registrations": _ms(
                    lambda: account_queries.delete_stale_pending(store, now - 7 * 86_400_000)
                )[0],
                "contacts past retention": _ms(lambda: import_queries.contacts_past_retention(store, now))[0],
            }
            entries = [
                {
                    "id": f"bench{i}",
                    "at": now + i,
                    "actor_id": "bench",
                    "actor_name": "Bench",
                    "action": "bench.view",
                    "target": str(i),
                    "detail": "",
                    "address": "127.0.0.1",
                }
                for i in range(args.audit)
            ]
            started = time.perf_counter()
            for entry in entries:
                audit_queries.record(store, {**entry, "digest": audit._seal(entry)})
            writing = (time.perf_counter() - started) * 1000 / max(1, len(entries))
            checking, report = _ms(audit.check)
        print("| step (ms) | p50 | p95 | max |\n|---|---:|---:|---:|")
        print(_row("gather a person's data", gather))
        print(_row("write their zip (JSON and page)", zipped))
        print(_row("erase a person (graph, Redis, files)", erase))
        print(f"\nzip size: {percentile(sizes, 50):.0f} kB median, {max(sizes):.0f} kB largest\n")
        print("| retention scan | ms |\n|---|---:|")
        for label, took in scans.items():
            print(f"| {label} | {took:.0f} |")
        print(
            f"\naudit log: {writing:.2f} ms per entry written; checking {report['checked']:,} entries took "
            f"{checking / 1000:.1f} s (altered {len(report['altered'])}, missing {len(report['missing'])})"
        )


if __name__ == "__main__":
    main()
