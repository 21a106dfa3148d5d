"""A campaign to about 50,000 members through a real local SMTP server, with the sender killed mid-campaign and
restarted: the rate reached and whether anyone received two copies.

Usage: .venv/bin/python bench/campaigns.py --data DIR [--recipients 50000] [--kill-at 0.4]

``--data`` is a seeded folder (bench/segments.py or bench/relays.py make one); it is copied, never changed.
The segment is the members of the largest countries until about ``--recipients``; the campaign goes by e-mail
and in-app notice, unthrottled (``JISR_CAMPAIGN_RATE=0``) to measure what the sender can do. The sender runs as
the job worker does, in its own process; it is killed (SIGKILL) once the given share has arrived, then started
again, as the worker's supervisor would.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import free_port, machine, scratch_app, wait_for_indexes  # noqa: E402

from app.segments import index  # noqa: E402
from graph import campaigns as campaign_queries  # noqa: E402
from graph import segments as segment_queries  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    code: {"subject": f"Jisr {code}", "body": "Le ministère invite les experts de l'aéronautique. " * 8}
    for code in ("ar", "fr", "en")
}
SENDER = (
    "import json, os, sys; from app import create_app; from app.campaigns import sending; "
    "from app.extensions import store; a = create_app(json.loads(os.environ['CONFIG'])); "
    "c = a.test_request_context(base_url='https://jisr.example'); c.push(); "
    "sending.send(store(), sys.argv[1])"
)


def lines(path: Path) -> list[str]:
    """The sink's records so far."""
    return path.read_text().splitlines() if path.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--recipients", type=int, default=50_000)
    parser.add_argument("--kill-at", type=float, default=0.4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(args.data, scratch, dirs_exist_ok=True)
        app, store = scratch_app(scratch)
        wait_for_indexes(store)
        with app.test_request_context():
            table = index.fresh(store)
        countries = sorted(table.postings["country"].items(), key=lambda item: -len(item[1]))
        chosen, total = [], 0
        for country, rows in countries:
            if total >= args.recipients:
                break
            chosen.append(country)
            total += len(rows)
        segment = {"id": "bench", "name": "bench", "criteria": {"countries": chosen}, "shared": True}
        segment_queries.save(store, {**segment, "owner_id": None, "owner_name": None}, 0)
        props = {
            "name": "bench",
            "segment_id": "bench",
            "segment_name": "bench",
            "via": "direct",
            "relays_k": 10,
            "channels": ["email", "app"],
            "texts": TEXTS,
            "link": None,
            "status": "queued",
        }
        campaign_queries.create(store, "bench", props, int(time.time() * 1000))

        port, received = free_port(), Path(scratch) / "received.tsv"
        sink = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(port), str(received)],
            stdout=subprocess.PIPE,
            text=True,
        )
        sink.stdout.readline()
        config = {key: app.config[key] for key in ("GRAPH_URL", "REDIS_PREFIX", "INSTANCE_PATH", "SECRET_KEY")}
        config.update(SMTP_URL=f"smtp://127.0.0.1:{port}", CAMPAIGN_RATE=0, CAMPAIGN_MONTHLY_CAP=100)
        env = {**os.environ, "CONFIG": json.dumps(config)}
        app.extensions["graph"].close()  # the sender processes use the same database

        def sender():
            return subprocess.Popen([sys.executable, "-c", SENDER, "bench"], cwd=ROOT, env=env)

        started = time.monotonic()
        first = sender()
        while not lines(received) and first.poll() is None:
            time.sleep(0.05)
        prepared = time.monotonic() - started
        sending_from = time.monotonic()
        while len(lines(received)) < args.kill_at * total and first.poll() is None:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at, first_run = len(lines(received)), time.monotonic() - sending_from
        restarted = time.monotonic()
        second = sender()
        second.wait()
        second_run = time.monotonic() - restarted
        sink.send_signal(signal.SIGINT)
        sink.wait(timeout=30)
        records = lines(received)
        copies = Counter(record.split("\t")[1] for record in records)
        app2, store2 = scratch_app(scratch)
        states = Counter()
        for row in campaign_queries.results(store2, "bench"):
            states[row["state"]] += row["n"]
        app2.extensions["graph"].close()

    print(f"{machine()}\n{table.size:,} members; segment: {total:,} members of {len(chosen)} countries\n")
    print("| | seconds | messages | messages a second |\n|---|---:|---:|---:|")
    print(f"| choosing the recipients and recording them (first run) | {prepared:.1f} | | |")
    print(f"| sending until killed | {first_run:.1f} | {killed_at:,} | {killed_at / first_run:.0f} |")
    print(
        f"| after the restart: settling, then sending the rest | {second_run:.1f} | {len(records) - killed_at:,} "
        f"| {(len(records) - killed_at) / second_run:.0f} |"
    )
    twice = sum(1 for n in copies.values() if n > 1)
    print(
        f"\naccepted by the server: {len(records):,} messages to {len(copies):,} addresses; "
        f"received twice: {twice}; deliveries by state: {dict(states)}"
    )


if __name__ == "__main__":
    main()
