"""Shared bits of the benchmarks: a free port, waiting for a URL, serving a scratch app, percentiles, the
machine."""

import contextlib
import os
import platform
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float = 300.0, process: subprocess.Popen | None = None) -> float:
    """Poll ``url`` until it answers 200; return the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return time.perf_counter() - started
        except requests.ConnectionError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def machine() -> str:
    """One line describing this machine."""
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {system}, Python {platform.python_version()}"


def scratch_graph_url(scratch: str, engine: str = "falkordb") -> str:
    """A database the app starts itself in ``scratch``: the embedded FalkorDB, or Neo4j (4 GB heap, 2 GB cache)."""
    if engine == "neo4j":
        return f"neo4j+embedded://instance?dir={scratch}/neo4j&heap=4g&pagecache=2g"
    return f"falkordb+embedded://instance/bench?dir={scratch}/db"


def scratch_app(scratch: str, engine: str = "falkordb"):
    """An app whose database (``engine``) lives in ``scratch``, migrated; returns (app, store)."""
    import migrations
    from app import create_app

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": scratch, "GRAPH_URL": scratch_graph_url(scratch, engine)})
    store = app.extensions["graph"].store
    migrations.migrate(store)
    return app, store


def seeded_app(data: str, members: int):
    """An app on the graph in ``data``, seeded with ``members`` members if it is empty (a folder kept between
    runs is seeded once); returns (app, store, the seed's report or None when it was already seeded)."""
    from app.seed import seed

    app, store = scratch_app(data)
    report = None
    if store.read("MATCH (m:Member) RETURN count(m) AS n")[0]["n"] == 0:
        with app.app_context():
            report = seed(store, members, seed_value=1)
    return app, store, report


def stopwatch(function) -> tuple[float, object]:
    """Seconds one call of ``function()`` takes, and what it returned."""
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def timed(function, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls of ``function(i)``."""
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        function(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def logged_in_client(app, member_id: str):
    """A test client of ``app`` with ``member_id``'s session, as after a fresh login."""
    from app.accounts.sessions import SESSION_ID, open_session

    client = app.test_client()
    with app.app_context():
        sid = open_session(member_id)  # listed on the server, as a login lists it
    with client.session_transaction() as session:
        session["_user_id"] = f"{member_id}.1"
        session["auth_at"] = session["seen_at"] = int(time.time())
        session["_fresh"] = True
        session[SESSION_ID] = sid
    return client


def wait_for_indexes(store, timeout: float = 600.0) -> float:
    """Wait until FalkorDB has built every index (it rebuilds them in the background when it loads a graph:
    until then, queries scan labels); the seconds waited. Neo4j: nothing to wait for here."""
    if store.dialect != "falkordb":
        return 0.0
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        statuses = [row["status"] for row in store.read("CALL db.indexes() YIELD status RETURN status")]
        if all(status == "OPERATIONAL" for status in statuses):
            break
        time.sleep(1)
    return time.monotonic() - started


def bare_account(store, email: str, display_name: str, now: int) -> str:
    """An account the way registration writes it (no password: it cannot log in, no profile); returns its id."""
    import uuid

    from graph import accounts as account_queries

    member_id = str(uuid.uuid4())
    account_queries.create_member(
        store,
        id=member_id,
        email=email,
        email_key=email,
        display_name=display_name,
        password_hash=None,
        role="member",
        locale="en",
        consent_version="bench",
        now=now,
    )
    return member_id


def start_served(
    scratch: str, secret: str, threads: int | None = None, env: dict | None = None, code: Path = ROOT
) -> tuple[str, subprocess.Popen]:
    """``flask serve`` (its supervised tree) on the scratch database; its base URL and process, once it answers.
    ``code``: the checkout to run (an earlier revision's worktree, for comparisons)."""
    port = free_port()
    variables = {
        **os.environ,
        "JISR_INSTANCE_PATH": scratch,
        "JISR_SECRET_KEY": secret,
        "JISR_GRAPH_URL": f"falkordb+embedded://instance/bench?dir={scratch}/db",
        **(env or {}),
    }
    command = [str(ROOT / ".venv/bin/flask"), "--app", "app", "serve", "--port", str(port)]
    if threads:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(
        command, cwd=code, env=variables, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/healthz", process=server)
    return base, server


def stop_served(server: subprocess.Popen) -> None:
    """Ctrl-C to the serve process (it stops its children), SIGKILL to its group if it hangs."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


@contextlib.contextmanager
def served(scratch: str, secret: str, threads: int | None = None, env: dict | None = None):
    """``flask serve`` on the scratch database; yields its base URL, then stops it."""
    base, server = start_served(scratch, secret, threads, env)
    try:
        yield base
    finally:
        stop_served(server)
