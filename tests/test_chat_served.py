"""Chat over real servers: two gunicorn processes joined by the Redis message queue, python-socketio clients.

Amina talks to one server, Karim to the other; what one sends reaches the other through Redis. Karim drops
his connection in the middle and catches up with ``sync``: every acknowledged message exactly once, in order.
"""

import threading
import time

import pytest
import socketio

from .served import form_token, free_port, register, start_server, stop_server


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
    amina = register(base_a, "amina@example.org", "Amina")
    karim = register(base_b, "karim@example.org", "Karim")
    ids = {
        name: browser.get(base + "/api/v1/me").json()["id"]
        for name, browser, base in (("amina", amina, base_a), ("karim", karim, base_b))
    }
    amina.post(
        f"{base_a}/members/{ids['karim']}/connection",
        data={"csrf_token": form_token(amina, base_a + "/"), "action": "request"},
    )
    karim.post(
        f"{base_b}/members/{ids['amina']}/connection",
        data={"csrf_token": form_token(karim, base_b + "/"), "action": "accept"},
    )
    started = amina.post(
        base_a + "/api/v1/conversations",
        json={"with": ids["karim"]},
        headers={"X-CSRFToken": form_token(amina, base_a + "/")},
    )
    assert started.status_code == 200, started.text
    conversation = started.json()["id"]

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


def test_a_socket_without_a_session_is_refused(two_servers):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(two_servers[0], namespaces=["/chat"], transports=["websocket"], wait_timeout=5)
