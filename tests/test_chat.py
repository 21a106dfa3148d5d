"""The ``/chat`` namespace through Flask-SocketIO's test client on the real app and graph.

The served, multi-process path (gunicorn, Redis message queue, python-socketio clients) is in
``test_chat_served.py``.
"""

import pytest

from graph import connections as connection_queries


@pytest.fixture
def pair(app, store, people):
    """Amina and Karim, connected, each with a browser and a socket on /chat, and their conversation."""
    amina, karim = people("amina"), people("karim")
    connection_queries.connect_pairs(store, [{"a": amina.id, "b": karim.id, "since": 1}])
    started = amina.client.post("/api/v1/conversations", json={"with": karim.id}, headers={"X-CSRFToken": _csrf(amina)})
    assert started.status_code == 200, started.get_json()
    socketio = app.extensions["socketio"]
    sockets = {
        who.id: socketio.test_client(app, namespace="/chat", flask_test_client=who.client) for who in (amina, karim)
    }
    return amina, karim, started.get_json()["id"], sockets


def _csrf(person):
    from .conftest import csrf_token

    return csrf_token(person.client)


def _messages(socket):
    received = [event for event in socket.get_received("/chat") if event["name"] == "message"]
    return [event["args"][0] if isinstance(event["args"], list) else event["args"] for event in received]


def test_anonymous_sockets_are_refused(app):
    socket = app.extensions["socketio"].test_client(app, namespace="/chat", flask_test_client=app.test_client())
    assert not socket.is_connected("/chat")


def test_send_is_stored_acknowledged_and_delivered_once(pair):
    amina, karim, conversation, sockets = pair
    ack = sockets[amina.id].emit(
        "send", {"conversation": conversation, "id": "m-1", "body": " Salam "}, namespace="/chat", callback=True
    )
    assert ack["ok"] and ack["id"] == "m-1" and ack["seq"] == 1
    retry = sockets[amina.id].emit(
        "send", {"conversation": conversation, "id": "m-1", "body": "Salam"}, namespace="/chat", callback=True
    )
    assert retry == ack  # same id: nothing new stored, same answer
    (delivered,) = _messages(sockets[karim.id])
    assert delivered["body"] == "Salam" and delivered["seq"] == 1 and delivered["sender_id"] == amina.id
    second = sockets[karim.id].emit(
        "send", {"conversation": conversation, "id": "m-1", "body": "Wa alaykum"}, namespace="/chat", callback=True
    )
    assert second["seq"] == 2  # a client id is the sender's own: Karim's m-1 is another message


def test_sync_replays_what_was_missed_in_order(pair, app):
    amina, karim, conversation, sockets = pair
    for n in range(5):
        sockets[amina.id].emit(
            "send",
            {"conversation": conversation, "id": f"m{n}", "body": f"message {n}"},
            namespace="/chat",
            callback=True,
        )
    sockets[karim.id].disconnect(namespace="/chat")
    later = app.extensions["socketio"].test_client(app, namespace="/chat", flask_test_client=karim.client)
    replay = later.emit("sync", {"since": {conversation: 2}}, namespace="/chat", callback=True)
    assert replay["ok"] and [m["seq"] for m in replay["messages"][conversation]] == [3, 4, 5]
    everything = later.emit("sync", {}, namespace="/chat", callback=True)
    assert [m["body"] for m in everything["messages"][conversation]] == [f"message {n}" for n in range(5)]
    assert later.emit("sync", {"since": {conversation: 5}}, namespace="/chat", callback=True)["messages"] == {}


def test_unread_counts_and_read_markers(pair):
    amina, karim, conversation, sockets = pair
    for n in range(3):
        sockets[amina.id].emit(
            "send", {"conversation": conversation, "id": f"m{n}", "body": "hi"}, namespace="/chat", callback=True
        )
    (mine,) = karim.client.get("/api/v1/conversations").get_json()
    assert mine["unread"] == 3 and mine["others"][0]["id"] == amina.id
    assert amina.client.get("/api/v1/conversations").get_json()[0]["unread"] == 0
    read = sockets[karim.id].emit("read", {"conversation": conversation, "seq": 2}, namespace="/chat", callback=True)
    assert read == {"ok": True, "read_seq": 2}
    back = sockets[karim.id].emit("read", {"conversation": conversation, "seq": 1}, namespace="/chat", callback=True)
    assert back["read_seq"] == 2  # never backwards
    beyond = sockets[karim.id].emit("read", {"conversation": conversation, "seq": 99}, namespace="/chat", callback=True)
    assert beyond["read_seq"] == 3  # never past the last message
    assert karim.client.get("/api/v1/conversations").get_json()[0]["unread"] == 0


def test_refusals_come_back_as_errors_and_the_socket_stays(pair, people, app, store):
    amina, karim, conversation, sockets = pair
    socket = sockets[amina.id]
    cases = [
        ("not a dict", "invalid"),
        ({"conversation": conversation, "id": "x"}, "invalid"),
        ({"conversation": conversation, "id": "", "body": "hi"}, "invalid"),
        ({"conversation": conversation, "id": "x" * 65, "body": "hi"}, "invalid"),
        ({"conversation": conversation, "id": "x", "body": "   "}, "empty"),
        ({"conversation": conversation, "id": "x", "body": "a" * 4001}, "too_long"),
        ({"conversation": "nope", "id": "x", "body": "hi"}, "forbidden"),
    ]
    for payload, code in cases:
        answer = socket.emit("send", payload, namespace="/chat", callback=True)
        assert answer["ok"] is False and answer["error"] == code, (payload, answer)
        assert answer["message"]
    assert socket.is_connected("/chat")
    outsider = people("outsider")
    intruder = app.extensions["socketio"].test_client(app, namespace="/chat", flask_test_client=outsider.client)
    refused = intruder.emit(
        "send", {"conversation": conversation, "id": "x", "body": "hi"}, namespace="/chat", callback=True
    )
    assert refused["error"] == "forbidden"
    assert intruder.emit("sync", {"since": "yesterday"}, namespace="/chat", callback=True)["error"] == "invalid"
    assert (
        intruder.emit("read", {"conversation": conversation, "seq": 1}, namespace="/chat", callback=True)["error"]
        == "forbidden"
    )
    assert _messages(sockets[karim.id]) == []


def test_a_refusal_also_arrives_as_an_event_for_clients_without_acknowledgements(pair):
    amina, _karim, conversation, sockets = pair
    socket = sockets[amina.id]
    socket.get_received("/chat")
    socket.emit("send", {"conversation": conversation, "id": "x", "body": ""}, namespace="/chat")  # no callback
    socket.emit("typing", ["wrong"], namespace="/chat")
    refused = [e["args"][0] for e in socket.get_received("/chat") if e["name"] == "refused"]
    assert [(r["event"], r["error"]) for r in refused] == [("send", "empty"), ("typing", "invalid")]
    assert refused[0]["message"] == "Write something first." and socket.is_connected("/chat")


def test_blocking_stops_delivery_both_ways(pair, store):
    amina, karim, conversation, sockets = pair
    connection_queries.block(store, karim.id, amina.id, 2)
    for who, other in ((amina, karim), (karim, amina)):
        answer = sockets[who.id].emit(
            "send", {"conversation": conversation, "id": "b", "body": "hello?"}, namespace="/chat", callback=True
        )
        assert answer["error"] == "forbidden"
    assert _messages(sockets[karim.id]) == [] and _messages(sockets[amina.id]) == []


def test_conversations_only_between_connected_members(app, people):
    amina, stranger = people("amina"), people("stranger")
    refused = amina.client.post(
        "/api/v1/conversations", json={"with": stranger.id}, headers={"X-CSRFToken": _csrf(amina)}
    )
    assert refused.status_code == 409 and "connected" in refused.get_json()["message"]
    myself = amina.client.post("/api/v1/conversations", json={"with": amina.id}, headers={"X-CSRFToken": _csrf(amina)})
    assert myself.status_code == 409


def test_logging_out_ends_the_live_connections(pair):
    amina, karim, conversation, sockets = pair
    assert sockets[amina.id].is_connected("/chat")
    from .conftest import Auth

    Auth(amina.client).logout()
    assert not sockets[amina.id].is_connected("/chat")
    assert sockets[karim.id].is_connected("/chat")


@pytest.mark.parametrize("app_overrides", [{"CHAT_MESSAGES_PER_MINUTE": 3}])
def test_sending_too_fast_is_refused_with_the_wait(pair):
    amina, karim, conversation, sockets = pair
    answers = [
        sockets[amina.id].emit(
            "send", {"conversation": conversation, "id": f"r{n}", "body": "vite"}, namespace="/chat", callback=True
        )
        for n in range(4)
    ]
    assert [a["ok"] for a in answers] == [True, True, True, False]
    assert answers[3]["error"] == "rate_limited" and 0 < answers[3]["retry_after"] <= 60
    retry = sockets[amina.id].emit(
        "send", {"conversation": conversation, "id": "r1", "body": "vite"}, namespace="/chat", callback=True
    )
    assert retry == {"ok": True, "id": "r1", "seq": answers[1]["seq"], "at": answers[1]["at"]}  # over the limit
    for _ in range(3):  # retries do not count: the same answer every time
        assert (
            sockets[amina.id].emit(
                "send", {"conversation": conversation, "id": "r0", "body": "vite"}, namespace="/chat", callback=True
            )["seq"]
            == answers[0]["seq"]
        )


def test_socket_refusals_speak_the_members_language(app, store, people):
    sophie = people("sophie", locale="fr")
    socket = app.extensions["socketio"].test_client(app, namespace="/chat", flask_test_client=sophie.client)
    answer = socket.emit("send", {"conversation": "x", "id": "1", "body": " "}, namespace="/chat", callback=True)
    assert answer["message"] == "Écrivez d'abord quelque chose."
