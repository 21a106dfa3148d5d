"""Real servers for the tests that need them: `flask serve` (gunicorn) in a subprocess, on a free port."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from . import second_factor
from .conftest import CSRF_INPUT
from .mailbox import latest_link, read_outbox

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough passphrase 42"


#: Where each served app (by base address) writes its mail: its instance folder's ``outbox``.
OUTBOXES: dict = {}


def outbox_of(base: str) -> list:
    """The messages the served app at ``base`` has written so far."""
    return read_outbox(OUTBOXES[base])


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_session() -> requests.Session:
    """A ``requests`` session that opens a new connection for every request.

    gunicorn closes a kept-alive connection after two idle seconds; a client that sends its next request on it
    just then (a test polling every two seconds, or waiting for a fresh second-factor code) gets "Remote end
    closed connection without response". Browsers retry such a request on a new connection, ``requests`` does
    not, so the tests do not reuse connections (on 127.0.0.1 a connection costs nothing worth saving).
    """
    session = requests.Session()
    session.headers["Connection"] = "close"
    return session


#: On the Neo4j pass: the session's Neo4j and Redis, which served tests share (tests/conftest.py sets them).
_SESSION_NEO4J: dict = {}


def use_neo4j(graph_url: str, redis_url: str) -> None:
    """Make servers started from now on use this Neo4j and Redis unless they start their own database."""
    _SESSION_NEO4J.update(graph_url=graph_url, redis_url=redis_url)


def graph_variables(data_dir: Path, own_database: bool) -> dict:
    """Where a served app keeps its graph: the session's Neo4j on the Neo4j pass, else a database it starts
    in ``data_dir`` (``own_database``: always one it starts, FalkorDB or Neo4j as the pass says)."""
    if not _SESSION_NEO4J:
        return {"JISR_GRAPH_URL": f"falkordb+embedded://instance/serve?dir={data_dir}"}
    if own_database:
        return {"JISR_GRAPH_URL": f"neo4j+embedded://instance?dir={data_dir}"}
    return {
        "JISR_GRAPH_URL": _SESSION_NEO4J["graph_url"],
        "JISR_REDIS_URL": _SESSION_NEO4J["redis_url"],
        "JISR_REDIS_PREFIX": f"serve-{abs(hash(str(data_dir)))}:",  # servers sharing data_dir share Redis keys
    }


def start_server(
    port: int,
    data_dir: Path,
    seed: int = 0,
    threads: int = 4,
    locale: str = "ar",
    env: dict | None = None,
    own_database: bool = False,
) -> subprocess.Popen:
    """`flask serve` on ``port`` with its data in ``data_dir`` (and ``env`` added); returns once /healthz answers."""
    variables = {
        **os.environ,
        **graph_variables(data_dir, own_database),
        "JISR_SECRET_KEY": "serve-test",
        "JISR_DEFAULT_LOCALE": locale,
        "JISR_INSTANCE_PATH": str(data_dir),
        "JISR_CHAT_MESSAGES_PER_MINUTE": "100000",  # the streams below are machines, not people
        "JISR_RECOMMEND_EVERY_MINUTES": "0",  # no recomputation at start (tests/test_jobs.py covers the schedule)
        "JISR_TALENT_EVERY_MINUTES": "0",  # nor reading the talent sources (the demo adds them; tests read them)
        **(env or {}),
    }
    flask = Path(sys.executable).with_name("flask")
    command = [str(flask), "--app", "app", "serve", "--port", str(port), "--threads", str(threads)]
    if seed:
        command += ["--seed-if-empty", str(seed)]
    # its output goes to a file: a pipe nobody reads until the end fills up, and the server then blocks on
    # writing its access log
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"serve-{port}-{len(list(data_dir.parent.glob(f'serve-{port}-*.log')))}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=variables, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log_path
    OUTBOXES[f"http://127.0.0.1:{port}"] = data_dir / "outbox"
    deadline = time.monotonic() + 600  # a generous bound: starting Neo4j on a busy 2-core machine takes a while
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            pytest.fail("serve exited:\n" + server_output(process))
        time.sleep(0.1)
    process.kill()
    pytest.fail("serve did not answer within 600 s")


def server_output(process: subprocess.Popen) -> str:
    """What the server printed so far."""
    return process.log_path.read_text(errors="replace")


def stop_server(process: subprocess.Popen) -> str:
    """Ctrl-C, and the output it printed."""
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    process.wait(timeout=60)
    return server_output(process)


def form_token(session: requests.Session, url: str) -> str:
    """The CSRF token of the form at ``url``."""
    return CSRF_INPUT.search(session.get(url).text).group(1)


def register(base: str, email: str, name: str, locale: str = "en") -> requests.Session:
    """A browser session of a newly registered member, logged in by the link of the confirmation mail."""
    browser = http_session()
    mailed_before = len(outbox_of(base))
    answer = browser.post(
        base + "/register",
        data={
            "csrf_token": form_token(browser, base + "/register"),
            "email": email,
            "display_name": name,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "locale": locale,
            "consent": "y",
        },
    )
    assert answer.status_code == 200, answer.status_code
    link = base + latest_link(OUTBOXES[base], email, "/register/confirm/", since=mailed_before, take=True)
    confirmed = browser.post(link, data={"csrf_token": form_token(browser, link)})
    assert confirmed.ok and "/register/confirm/" not in confirmed.url, confirmed.status_code
    return browser


def pair_with_conversation(base, karims_base=None):
    """Amina (on ``base``) and Karim (on ``karims_base``, else the same), connected, and their conversation."""
    karims_base = karims_base or base
    amina = register(base, "amina@example.org", "Amina")
    karim = register(karims_base, "karim@example.org", "Karim")
    ids = {
        name: browser.get(where + "/api/v1/me").json()["id"]
        for name, browser, where in (("amina", amina, base), ("karim", karim, karims_base))
    }
    amina.post(
        f"{base}/members/{ids['karim']}/connection",
        data={"csrf_token": form_token(amina, base + "/"), "action": "request"},
    )
    karim.post(
        f"{karims_base}/members/{ids['amina']}/connection",
        data={"csrf_token": form_token(karim, karims_base + "/"), "action": "accept"},
    )
    started = amina.post(
        base + "/api/v1/conversations",
        json={"with": ids["karim"]},
        headers={"X-CSRFToken": form_token(amina, base + "/")},
    )
    assert started.status_code == 200, started.text
    return amina, karim, started.json()["id"]


def children_of(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``: ``{pid: command line}``."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    found[int(entry)] = cmdline.read().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
    return found


def logged_in_session(base: str, email: str, password: str = PASSWORD) -> requests.Session:
    """A ``requests`` session logged in on the served app at ``base``."""
    session = http_session()
    answer = session.post(
        base + "/login",
        data={"email": email, "password": password, "csrf_token": form_token(session, base + "/login")},
        timeout=60,
    )
    assert answer.ok and not answer.url.endswith("/login"), answer.text[:500]
    if answer.url.endswith("/account/two-factor"):  # staff: set up the second factor, as the page asks
        second_factor.remember(base, email, second_factor.key_from_page(answer.text))
    if answer.url.endswith(("/account/two-factor", "/login/code")):
        code = {"csrf_token": form_token(session, answer.url), "code": second_factor.code(base, email)}
        answer = session.post(answer.url, data=code, timeout=60)
        assert answer.ok and "/login" not in answer.url, answer.text[:500]
    return session
