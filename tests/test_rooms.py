"""An event's meeting room over ``/rooms``, with Flask-SocketIO's test client on the real app and graph."""

import pytest

from graph import networks as network_queries

from .builders import event, network


def _events(socket, name):
    received = [e for e in socket.get_received("/rooms") if e["name"] == name]
    return [e["args"][0] if isinstance(e["args"], list) else e["args"] for e in received]


@pytest.fixture
def room(app, store, people):
    """An event of DMK with a coordinator (moderator), two members in the audience and an outsider."""
    dmk = network(store, "dmk", join_policy="open")
    moderator, amina, karim, outsider = people("moderator"), people("amina"), people("karim"), people("outsider")
    network_queries.appoint(store, dmk["id"], moderator.id, "admin", 1)
    for who in (amina, karim):
        network_queries.join_open(store, dmk["id"], who.id, 1)
    meeting = event(store, dmk["id"], starts_in_hours=1)
    socketio = app.extensions["socketio"]

    def socket(who):
        return socketio.test_client(app, namespace="/rooms", flask_test_client=who.client)

    return meeting["id"], socket, {"moderator": moderator, "amina": amina, "karim": karim, "outsider": outsider}


def _call(socket, event_name, payload):
    return socket.emit(event_name, payload, namespace="/rooms", callback=True)


def test_joining_checks_the_audience_every_time(room):
    room_id, socket, who = room
    outsider = socket(who["outsider"])
    assert _call(outsider, "join", {"room": room_id})["error"] == "forbidden"
    assert _call(outsider, "join", {"room": "nope"})["error"] == "forbidden"
    assert _call(outsider, "join", "room")["error"] == "invalid"
    amina = socket(who["amina"])
    joined = _call(amina, "join", {"room": room_id})
    assert joined["ok"] and joined["moderator"] is False and [p["name"] for p in joined["people"]] == ["Amina"]
    assert socket(who["moderator"]).emit("join", {"room": room_id}, namespace="/rooms", callback=True)["moderator"]


def test_participants_hands_chat_and_agenda_live(room):
    room_id, socket, who = room
    moderator, amina, karim = socket(who["moderator"]), socket(who["amina"]), socket(who["karim"])
    for s in (moderator, amina, karim):
        assert _call(s, "join", {"room": room_id})["ok"]
    assert [p["name"] for p in _events(moderator, "participants")[-1]["people"]] == ["Amina", "Karim", "Moderator"]

    assert _call(karim, "hand", {"room": room_id, "raised": True})["ok"]
    assert _call(amina, "hand", {"room": room_id, "raised": True})["ok"]
    people = _events(moderator, "participants")[-1]["people"]
    assert {p["name"] for p in people if p["hand"]} == {"Amina", "Karim"}

    said = _call(amina, "say", {"room": room_id, "id": "q1", "body": "Question: the deadline?"})
    assert said["ok"] and said["seq"] == 1
    assert _call(amina, "say", {"room": room_id, "id": "q1", "body": "Question: the deadline?"})["seq"] == 1
    (heard,) = _events(karim, "said")
    assert heard["body"] == "Question: the deadline?" and heard["sender_name"] == "Amina"

    assert _call(amina, "agenda", {"room": room_id, "text": "1. Hijack"})["error"] == "forbidden"
    assert _call(moderator, "agenda", {"room": room_id, "text": "1. Welcome\n2. Questions"})["ok"]
    assert _events(karim, "agenda")[-1]["text"] == "1. Welcome\n2. Questions"

    later = socket(who["karim"])
    rejoined = _call(later, "join", {"room": room_id})
    assert rejoined["agenda"] == "1. Welcome\n2. Questions" and [m["seq"] for m in rejoined["messages"]] == [1]
    assert _call(later, "sync", {"room": room_id, "since": 0})["messages"][0]["id"] == "q1"


def test_moderators_mute_remove_and_close(room):
    room_id, socket, who = room
    moderator, amina, karim = socket(who["moderator"]), socket(who["amina"]), socket(who["karim"])
    for s in (moderator, amina, karim):
        _call(s, "join", {"room": room_id})
    assert _call(karim, "moderate", {"room": room_id, "action": "mute", "member": who["amina"].id})["error"] == (
        "forbidden"
    )
    assert _call(moderator, "moderate", {"room": room_id, "action": "mute", "member": who["amina"].id})["ok"]
    assert _call(amina, "say", {"room": room_id, "id": "x", "body": "hello"})["error"] == "muted"
    assert _call(moderator, "moderate", {"room": room_id, "action": "unmute", "member": who["amina"].id})["ok"]
    assert _call(amina, "say", {"room": room_id, "id": "x", "body": "hello"})["ok"]

    assert _call(moderator, "moderate", {"room": room_id, "action": "remove", "member": who["karim"].id})["ok"]
    assert _events(karim, "left")[-1]["reason"] == "removed"
    assert _call(karim, "say", {"room": room_id, "id": "y", "body": "still here?"})["error"] == "invalid"
    assert _call(socket(who["karim"]), "join", {"room": room_id})["error"] == "removed"
    assert "Karim" not in [p["name"] for p in _events(moderator, "participants")[-1]["people"]]

    assert _call(moderator, "close", {"room": room_id})["ok"]
    assert _events(amina, "closed")
    assert _call(socket(who["amina"]), "join", {"room": room_id})["error"] == "closed"


def test_leaving_and_disconnecting_update_the_list(room):
    room_id, socket, who = room
    moderator, amina = socket(who["moderator"]), socket(who["amina"])
    _call(moderator, "join", {"room": room_id})
    _call(amina, "join", {"room": room_id})
    amina.disconnect(namespace="/rooms")
    assert [p["name"] for p in _events(moderator, "participants")[-1]["people"]] == ["Moderator"]


def test_a_participant_left_by_a_dead_process_is_no_ghost_and_room_state_lapses(app, room):
    room_id, socket, who = room
    moderator = socket(who["moderator"])
    _call(moderator, "join", {"room": room_id})
    redis_handle = app.extensions["redis"]
    people_key = redis_handle.key("rooms", room_id, "people")
    ghost = '{"id": "ghost", "name": "Ghost", "boot": "deadbeef0000"}'  # its process stopped beating
    redis_handle.client.hset(people_key, "a-lost-socket", ghost)
    assert 0 < redis_handle.client.ttl(people_key) <= 12 * 3600  # state a crash leaves behind expires
    amina = socket(who["amina"])
    joined = _call(amina, "join", {"room": room_id})
    assert [p["name"] for p in joined["people"]] == ["Amina", "Moderator"]
    assert not redis_handle.client.hexists(people_key, "a-lost-socket")


@pytest.mark.parametrize("app_overrides", [{"CHAT_MESSAGES_PER_MINUTE": 2, "ROOM_SYNC_LIMIT": 1}])
def test_room_chat_is_rate_limited_retries_answer_and_sync_says_when_there_is_more(app, room):
    room_id, socket, who = room
    amina = socket(who["amina"])
    _call(amina, "join", {"room": room_id})
    assert _call(amina, "say", {"room": room_id, "id": "", "body": "hello"})["error"] == "invalid"
    assert _call(amina, "say", {"room": room_id, "id": "x" * 65, "body": "hello"})["error"] == "invalid"
    answers = [_call(amina, "say", {"room": room_id, "id": f"s{n}", "body": f"n{n}"}) for n in range(3)]
    assert [a.get("seq") for a in answers[:2]] == [1, 2]
    assert answers[2]["error"] == "rate_limited" and answers[2]["retry_after"] > 0
    assert _call(amina, "say", {"room": room_id, "id": "s0", "body": "n0"}) == {"ok": True, "id": "s0", "seq": 1}
    # pages of one message (ROOM_SYNC_LIMIT): the second message is "more"
    first = _call(amina, "sync", {"room": room_id, "since": 0})
    assert [m["seq"] for m in first["messages"]] == [1] and first["more"] is True
    rest = _call(amina, "sync", {"room": room_id, "since": 1})
    assert [m["seq"] for m in rest["messages"]] == [2] and rest["more"] is False


def test_participants_come_with_their_photo_or_none(room, store):
    """Issue 14: a participant's photo address, for the room's list (initials when there is none)."""
    from graph import members as member_queries

    room_id, socket, who = room
    member_queries.set_photo(store, who["amina"].id, "abc123")
    karim = socket(who["karim"])
    _call(socket(who["amina"]), "join", {"room": room_id})
    people = {p["name"]: p["photo"] for p in _call(karim, "join", {"room": room_id})["people"]}
    assert people == {"Amina": f"/members/{who['amina'].id}/photo/abc123.jpg", "Karim": None}
