"""Seconds from `make run` to the first 200 from /healthz.

Warm: in this checkout, whose virtualenv exists (the database starts, migrations run, gunicorn boots).
First run (--first-run): in a fresh clone with no virtualenv (creates it and installs everything first).

Usage: .venv/bin/python bench/startup.py [--first-run] [--runs 3]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import free_port, machine, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def time_make_run(checkout: Path, data_dir: str) -> float:
    """Launch `make run` in ``checkout`` and return the seconds until /healthz answers 200."""
    port = free_port()
    env = {
        **os.environ,
        "JISR_GRAPH_URL": f"falkordb+embedded://instance/bench?dir={data_dir}",
        "JISR_SECRET_KEY": "bench",
        "JISR_INSTANCE_PATH": data_dir,
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=checkout,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", timeout=900, process=process)
        return time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--first-run", action="store_true", help="also time a fresh clone without a virtualenv")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("| case | run | seconds to first 200 |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as data_dir:
        for run in range(1, args.runs + 1):
            print(f"| warm (virtualenv exists) | {run} | {time_make_run(ROOT, data_dir):.2f} |", flush=True)
    if args.first_run:
        with tempfile.TemporaryDirectory() as scratch:
            clone = Path(scratch) / "jisr"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            print(f"| first run (fresh clone) | 1 | {time_make_run(clone, str(Path(scratch) / 'db')):.2f} |")


if __name__ == "__main__":
    main()
