"""The platform heals itself: `flask serve`'s supervisor, the job worker, and honest answers during outages.

One real process tree (supervisor, gunicorn master and worker, job worker, embedded FalkorDB) and real
python-socketio clients: processes are killed with SIGKILL while a member sends, and the test checks that
they come back by themselves and that nothing acknowledged is lost or duplicated.
"""

import os
import re
import signal
import threading
import time
import uuid

import pytest
import requests
import socketio
from engineio.payload import Payload

from realtime import MAX_PACKETS_PER_REQUEST

from .chat_client import ChatClient
from .engines import ON_NEO4J
from .served import children_of, free_port, pair_with_conversation, start_server, stop_server

pytestmark = pytest.mark.falkordb_only  # kills the embedded FalkorDB; Neo4j's restart is the same code path

PATIENCE = 300  # seconds to wait for something that should happen (a busy machine is slow, never wrong)


def _child(pid: int, word: str) -> int | None:
    """The child of ``pid`` whose command line holds `` word`` as an argument."""
    for child, command in children_of(pid).items():
        if f" {word} " in command + " ":
            return child
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped serving


def _wait(condition, what: str):
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {PATIENCE} s")


def _healthy(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.fixture
def platform(tmp_path):
    """`flask serve` with its embedded database: ``(base, process, data_dir)``."""
    if ON_NEO4J:
        pytest.skip("FalkorDB pass only")
    port, data_dir = free_port(), tmp_path / "db"
    process = start_server(port, data_dir, threads=8, locale="ar")
    yield f"http://127.0.0.1:{port}", process, data_dir
    if process.poll() is None:
        stop_server(process)


def test_killed_processes_come_back_and_nothing_acknowledged_is_lost(platform):
    base, serve, data_dir = platform
    amina, karim, conversation = pair_with_conversation(base)
    sender, reader = ChatClient(base, amina), ChatClient(base, karim)
    sender.connect()
    acknowledged = {}

    def send_some(count: int) -> None:
        for _ in range(count):
            client_id = str(uuid.uuid4())
            acknowledged[client_id] = sender.send(conversation, client_id, f"message {client_id}")["seq"]

    send_some(10)
    web_master = _child(serve.pid, "web")
    web_worker = _wait(lambda: next(iter(children_of(web_master)), None), "gunicorn's worker")
    os.kill(web_master, signal.SIGKILL)
    _wait(lambda: not _alive(web_worker), "the orphaned gunicorn worker's end")  # it does not go on serving
    send_some(10)  # reconnects to the web process the supervisor started again
    assert _child(serve.pid, "web") not in (None, web_master)

    job_worker = _child(serve.pid, "worker")
    os.kill(job_worker, signal.SIGKILL)
    _wait(lambda: _child(serve.pid, "worker") not in (None, job_worker), "the job worker's restart")

    # The graph server dies while the supervisor is paused: everything must say "unavailable" meanwhile.
    graph_pid = int((data_dir / "falkordb.pid").read_text())
    web_now = _child(serve.pid, "web")
    os.kill(serve.pid, signal.SIGSTOP)
    try:
        os.kill(graph_pid, signal.SIGKILL)
        _wait(lambda: not _alive(graph_pid), "the graph server's end")
        answer = sender.sio.call(
            "send", {"conversation": conversation, "id": "during", "body": "x"}, namespace="/chat", timeout=30
        )
        assert answer["ok"] is False and answer["error"] == "unavailable" and answer["retry_after"] > 0
        health = requests.get(base + "/healthz", timeout=30)
        assert health.status_code == 503 and health.json()["graph"] == "unavailable"
        page = karim.get(base + "/directory", headers={"Accept-Language": "fr"}, timeout=30)
        assert page.status_code == 503 and "Le service est temporairement indisponible" in page.text
        assert page.headers["Retry-After"].isdigit()
        refused = []
        late = socketio.Client(reconnection=False)
        late.on("connect_error", refused.append, namespace="/chat")
        cookie = "; ".join(f"{c.name}={c.value}" for c in karim.cookies)
        with pytest.raises(socketio.exceptions.ConnectionError):
            late.connect(
                base,
                headers={"Cookie": cookie, "Accept-Language": "fr"},
                namespaces=["/chat"],
                transports=["websocket"],
                wait_timeout=30,
            )
        (error,) = refused  # what socket.io-client shows as err.message and err.data
        assert error["data"]["error"] == "unavailable" and error["data"]["retry_after"] > 0
        assert (
            error["message"]
            == error["data"]["message"]
            == "Le service est temporairement indisponible. Réessayez dans un instant."
        )
    finally:
        os.kill(serve.pid, signal.SIGCONT)
    _wait(lambda: _healthy(base), "the graph server's restart")
    assert _child(serve.pid, "web") == web_now  # the web process served on without a restart
    send_some(10)

    reader.connect()  # catches up from the graph
    received = reader.received[conversation]
    assert [m["seq"] for m in received] == list(range(1, len(received) + 1))  # in order, no gap, no duplicate
    assert sorted(acknowledged.values()) == sorted({m["seq"] for m in received if m["id"] in acknowledged})
    assert len(acknowledged) == 30

    children = [pid for pid in children_of(serve.pid)]
    output = stop_server(serve)
    assert serve.returncode == 0, output[-3000:]
    for pid in children:
        assert not _alive(pid), output[-3000:]
    assert output.count("the graph database is unavailable") == 1  # one line for the outage, not one per event
    assert len(re.findall(r"web exited \(code -9\)", output)) == 1 and "worker exited (code -9)" in output


def _cookie(browser) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def test_the_socket_contract_holds_over_polling_and_websocket(platform):
    base, _serve, _data_dir = platform
    amina, _karim, conversation = pair_with_conversation(base)

    # the site's own pages may open a socket; another origin's may not, even with the member's cookie
    handshake = base + "/socket.io/?EIO=4&transport=polling"
    own = requests.get(handshake, headers={"Origin": base, "Cookie": _cookie(amina)}, timeout=30)
    foreign = requests.get(handshake, headers={"Origin": "http://evil.example", "Cookie": _cookie(amina)}, timeout=30)
    assert own.status_code == 200 and foreign.status_code == 400

    # a refused connection says why in err.data, in the person's language
    refused = []
    stranger = socketio.Client(reconnection=False)
    stranger.on("connect_error", refused.append, namespace="/chat")
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect(base, headers={"Accept-Language": "fr"}, namespaces=["/chat"], wait_timeout=30)
    assert refused == [
        {"message": "Veuillez vous connecter", "data": {"error": "unauthorized", "message": "Veuillez vous connecter"}}
    ]

    # a reconnecting client resends 200 messages at once over long-polling: every one is answered
    # (the Python client decodes the server's answers with the same engine.io limit as the server: 16
    # packets per response by default; the server's is raised in realtime/__init__.py, the client's here)
    Payload.max_decode_packets = MAX_PACKETS_PER_REQUEST
    # the server answers the POST once it has handled the packets; browsers wait for it without a time limit
    polling = socketio.Client(reconnection=False, request_timeout=PATIENCE)
    polling.connect(
        base, headers={"Cookie": _cookie(amina)}, namespaces=["/chat"], transports=["polling"], wait_timeout=30
    )
    answers, done = {}, threading.Event()

    def answered(client_id):
        def keep(answer):
            answers[client_id] = answer
            if len(answers) == 200:
                done.set()

        return keep

    for n in range(200):
        payload = {"conversation": conversation, "id": f"burst-{n}", "body": f"resent {n}"}
        polling.emit("send", payload, namespace="/chat", callback=answered(f"burst-{n}"))
    assert done.wait(PATIENCE), f"{len(answers)} of 200 answered"
    assert sorted(answer["seq"] for answer in answers.values()) == list(range(1, 201))
    polling.disconnect()

    # a frame over the size of a message gets its answer; the connection stays
    websocket = socketio.Client(reconnection=False)
    websocket.connect(
        base, headers={"Cookie": _cookie(amina)}, namespaces=["/chat"], transports=["websocket"], wait_timeout=30
    )
    huge = websocket.call(
        "send", {"conversation": conversation, "id": "huge", "body": "x" * 200_000}, namespace="/chat", timeout=30
    )
    assert huge["ok"] is False and huge["error"] == "too_long"
    assert (
        websocket.call(
            "send", {"conversation": conversation, "id": "after", "body": "ok"}, namespace="/chat", timeout=30
        )["seq"]
        == 201
    )
    websocket.disconnect()
