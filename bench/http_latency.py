"""p50 / p99 of /healthz and the home page over 1,000 requests each, against `flask serve` (gunicorn).

Usage: .venv/bin/python bench/http_latency.py [--requests 1000]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import free_port, machine, percentile, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def measure(session: requests.Session, url: str, count: int, headers: dict) -> list[float]:
    """Milliseconds of ``count`` sequential GETs (after 20 warm-up requests)."""
    for _ in range(20):
        session.get(url, headers=headers)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "JISR_GRAPH_URL": f"falkordb+embedded://instance/bench?dir={data_dir}",
            "JISR_SECRET_KEY": "bench",
            "JISR_INSTANCE_PATH": data_dir,
        }
        flask = Path(sys.executable).with_name("flask")
        server = subprocess.Popen(
            [str(flask), "--app", "app", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", process=server)
            session = requests.Session()
            print(f"machine: {machine()}")
            print("| endpoint | requests | p50 ms | p99 ms |")
            print("|---|---|---|---|")
            for path, headers in (("/healthz", {}), ("/", {"Accept-Language": "ar"})):
                samples = measure(session, f"http://127.0.0.1:{port}{path}", args.requests, headers)
                print(
                    f"| GET {path} | {len(samples)} | {percentile(samples, 50):.2f} | {percentile(samples, 99):.2f} |"
                )
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)


if __name__ == "__main__":
    main()
