"""A network of 20,000 members and a 100-place event under 200 simultaneous answers, over real HTTP.

Usage: .venv/bin/python bench/networks.py [--members 20000] [--runs 300] [--answers 200] [--places 100]

Builds the graph in-process (seeded diaspora, one open network holding every member, an event), then
serves it with `flask serve` (gunicorn, one process, 32 threads) and measures from HTTP clients:
the network's pages for a logged-in member, and `--answers` API calls answering "going" at once.
"""

import argparse
import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, percentile, scratch_app, served  # noqa: E402

from app.accounts.tokens import issue_token  # noqa: E402
from app.seed import seed  # noqa: E402
from graph import events as event_queries  # noqa: E402
from graph import networks as network_queries  # noqa: E402

SLUG = "bench-network"
PAGES = {
    "network page": f"/networks/{SLUG}",
    "member list, first page with facets": f"/networks/{SLUG}/members",
    "member list, page 50": f"/networks/{SLUG}/members?page=50",
    "member list, text search": f"/networks/{SLUG}/members?q=mohamed",
    "member list, country + sector": f"/networks/{SLUG}/members?country=FR&sector=health",
    "network's events": f"/networks/{SLUG}/events",
}


def build(scratch: str, members: int, answers: int, places: int) -> dict:
    """Seed the graph, put every member in one network, make an event and API tokens; stop the database."""
    app, store = scratch_app(scratch)
    started = time.perf_counter()
    with app.app_context():
        report = seed(store, members, seed_value=1)
    seeded = time.perf_counter() - started
    ids = [r["id"] for r in store.read("MATCH (m:Member) RETURN m.id AS id")]
    network_id = str(uuid.uuid4())
    network_queries.create(
        store,
        id=network_id,
        slug=SLUG,
        by=None,
        now=1,
        props={
            "kind": "geographic",
            "name_en": "Bench network",
            "name_fr": "Réseau de mesure",
            "name_ar": "شبكة القياس",
            "countries": [],
            "visibility": "public",
            "join_policy": "open",
            "required_labels": [],
        },
    )
    started = time.perf_counter()
    now = int(time.time() * 1000)
    network_queries.enrol_many(
        store,
        [{"member": m, "networks": [network_id], "since": now - (i % 700) * 86_400_000} for i, m in enumerate(ids)],
    )
    enrolled = time.perf_counter() - started
    event_id = str(uuid.uuid4())
    starts = now + 10 * 86_400_000
    event_queries.create(
        store,
        id=event_id,
        network_id=network_id,
        by=None,
        now=now,
        props={
            "title_en": "Bench forum",
            "format": "online",
            "starts_at": starts,
            "ends_at": starts + 7_200_000,
            "timezone": "Europe/Paris",
            "capacity": places,
            "registration_deadline": None,
            "audience": "networks",
            "audience_networks": [network_id],
            "audience_labels": [],
        },
    )
    tokens = [issue_token(store, member, "bench")[0] for member in ids[:answers]]
    role, email, password = next(a for a in report.accounts if a[0] == "member")
    app.extensions["graph"].server.compact()
    app.extensions["graph"].server.stop()
    return {
        "email": email,
        "password": password,
        "event": event_id,
        "tokens": tokens,
        "members": len(ids),
        "seeded": seeded,
        "enrolled": enrolled,
    }


def login(base: str, email: str, password: str) -> requests.Session:
    """A browser session logged in through the real form."""
    session = requests.Session()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(base + "/login").text).group(1)
    answer = session.post(
        base + "/login", data={"csrf_token": token, "email": email, "password": password}, allow_redirects=False
    )
    assert answer.status_code == 302, answer.status_code
    return session


def pages(base: str, session: requests.Session, runs: int) -> list[str]:
    """p50 / p95 / max of each page, ``runs`` sequential requests after 10 warm-up ones."""
    rows = []
    for name, path in PAGES.items():
        for _ in range(10):
            session.get(base + path)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            response = session.get(base + path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        rows.append(
            f"| {name} | {runs} | {percentile(samples, 50):.1f} | {percentile(samples, 95):.1f} | {max(samples):.1f} |"
        )
    return rows


def stampede(base: str, event_id: str, tokens: list[str]) -> dict:
    """Every token answers "going" at the same instant; outcomes and latencies."""
    barrier = threading.Barrier(len(tokens))
    outcomes, latencies, lock = [], [], threading.Lock()

    def answer(token: str):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        barrier.wait()
        started = time.perf_counter()
        response = session.post(f"{base}/api/v1/events/{event_id}/rsvp")
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            outcomes.append(response.json().get("outcome") if response.status_code == 200 else response.status_code)
            latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=answer, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    final = requests.get(f"{base}/api/v1/events/{event_id}", headers={"Authorization": f"Bearer {tokens[0]}"}).json()
    return {"outcomes": outcomes, "latencies": latencies, "wall": wall, "final": final}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--places", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        built = build(scratch, args.members, args.answers, args.places)
        with served(scratch, "bench") as base:
            session = login(base, built["email"], built["password"])
            print(f"machine: {machine()}")
            print(
                f"members: {built['members']} (all in the network), seeding {built['seeded']:.0f} s, "
                f"enrolling {built['enrolled']:.1f} s"
            )
            print("| page (logged in, HTTP) | runs | p50 ms | p95 ms | max ms |")
            print("|---|---|---|---|---|")
            for line in pages(base, session, args.runs):
                print(line)
            result = stampede(base, built["event"], built["tokens"])
            counts = {value: result["outcomes"].count(value) for value in set(result["outcomes"])}
            lat = result["latencies"]
            print(
                f"\n{args.answers} simultaneous answers to {args.places} places: outcomes {counts}; "
                f"event afterwards: going {result['final']['going_count']}, "
                f"waitlisted {result['final']['waitlist_count']}; wall {result['wall']:.2f} s; "
                f"latency p50 {percentile(lat, 50):.0f} ms, p95 {percentile(lat, 95):.0f} ms, max {max(lat):.0f} ms"
            )


if __name__ == "__main__":
    main()
