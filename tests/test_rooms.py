"""An event's meeting room over ``/rooms``, with Flask-SocketIO's test client on the real app and graph."""

import base64
import hashlib
import hmac
import time

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


# -- audio and video: the signalling and media events (issue 21) ---------------------------------------------
OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}


def test_signals_go_from_one_page_to_another_in_the_same_room_only(room):
    room_id, socket, who = room
    amina, karim = socket(who["amina"]), socket(who["karim"])
    first = _call(amina, "join", {"room": room_id})
    assert first["media"]["mode"] == "mesh" and first["media"]["carried"] and first["peers"] == []
    assert first["media"]["ice_servers"] == [] and first["media"]["limit"] == 6
    second = _call(karim, "join", {"room": room_id})
    assert [(p["peer"], p["name"]) for p in second["peers"]] == [(first["peer"], "Amina")]
    assert _events(amina, "peer_joined")[-1]["peer"] == second["peer"]
    offer = {"room": room_id, "to": first["peer"], "kind": "offer", "data": OFFER}
    assert _call(karim, "signal", offer) == {"ok": True}
    relayed = _events(amina, "signal")[-1]
    assert relayed == {
        "room": room_id,
        "from": second["peer"],
        "from_id": who["karim"].id,
        "kind": "offer",
        "data": OFFER,
    }
    candidate = {"candidate": "candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host", "sdpMid": "0"}
    assert _call(amina, "signal", {"room": room_id, "to": second["peer"], "kind": "candidate", "data": candidate})["ok"]
    assert _events(karim, "signal")[-1]["data"] == candidate
    karim.disconnect(namespace="/rooms")
    assert _events(amina, "peer_left")[-1] == {"room": room_id, "peer": second["peer"]}


def test_bad_signals_are_refused_with_their_codes(room, app):
    room_id, socket, who = room
    amina, karim, moderator = socket(who["amina"]), socket(who["karim"]), socket(who["moderator"])
    target = _call(amina, "join", {"room": room_id})["peer"]
    offer = {"room": room_id, "to": target, "kind": "offer", "data": OFFER}
    assert _call(karim, "signal", offer)["error"] == "not_in_room"  # karim has not joined
    _call(karim, "join", {"room": room_id})
    _call(moderator, "join", {"room": room_id})
    assert _call(karim, "signal", {**offer, "kind": "hello"})["error"] == "invalid"
    assert _call(karim, "signal", {**offer, "data": {"type": "answer", "sdp": "v=0"}})["error"] == "invalid"
    assert _call(karim, "signal", {**offer, "data": "v=0"})["error"] == "invalid"
    assert _call(karim, "signal", {**offer, "to": ["a"]})["error"] == "invalid"
    huge = {"type": "offer", "sdp": "a" * 70_000}
    assert _call(karim, "signal", {**offer, "data": huge})["error"] == "too_large"
    assert _call(karim, "signal", {**offer, "to": "a-socket-elsewhere"})["error"] == "not_in_room"
    other_event = event(app.extensions["graph"].store, None, starts_in_hours=1)  # open to every member
    assert _call(karim, "signal", {**offer, "room": other_event["id"]})["error"] == "not_in_room"
    assert _call(socket(who["outsider"]), "signal", offer)["error"] == "forbidden"
    assert _call(moderator, "moderate", {"room": room_id, "action": "remove", "member": who["karim"].id})["ok"]
    assert _call(karim, "signal", offer)["error"] == "removed"
    assert _events(amina, "peer_left")  # the removed person's connections close on every page


@pytest.mark.parametrize("app_overrides", [{"MESH_ROOM_SIZE": 2}])
def test_a_peer_to_peer_room_carries_its_first_arrivals_and_says_so_to_the_others(room):
    room_id, socket, who = room
    amina, karim, moderator = socket(who["amina"]), socket(who["karim"]), socket(who["moderator"])
    first, second = _call(amina, "join", {"room": room_id}), _call(karim, "join", {"room": room_id})
    third = _call(moderator, "join", {"room": room_id})
    assert second["media"]["carried"] and not third["media"]["carried"] and third["peers"] == []
    offer = {"room": room_id, "to": first["peer"], "kind": "offer", "data": OFFER}
    assert _call(moderator, "signal", offer)["error"] == "room_full"
    karim.disconnect(namespace="/rooms")  # a place opens: joining again, the third is carried
    again = _call(moderator, "join", {"room": room_id})
    assert again["media"]["carried"] and [p["peer"] for p in again["peers"]] == [first["peer"]]


def test_media_state_is_shared_and_a_muted_microphone_stays_off(room):
    room_id, socket, who = room
    amina, moderator = socket(who["amina"]), socket(who["moderator"])
    assert _call(amina, "media", {"room": room_id, "audio": True, "video": True, "screen": False})["error"] == (
        "not_in_room"
    )
    _call(amina, "join", {"room": room_id})
    _call(moderator, "join", {"room": room_id})
    assert _call(amina, "media", {"room": room_id, "audio": True, "video": False, "screen": True})["ok"]
    shared = _events(moderator, "media")[-1]
    assert (shared["id"], shared["audio"], shared["video"], shared["screen"]) == (who["amina"].id, True, False, True)
    assert (
        _call(amina, "media", {"room": room_id, "audio": "yes", "video": True, "screen": False})["error"] == "invalid"
    )
    assert _call(moderator, "moderate", {"room": room_id, "action": "mute", "member": who["amina"].id})["ok"]
    assert _events(amina, "moderated")[-1] == {"room": room_id, "action": "mute", "member": who["amina"].id}
    assert _call(amina, "media", {"room": room_id, "audio": True, "video": True, "screen": False})["error"] == "muted"
    assert _call(amina, "media", {"room": room_id, "audio": False, "video": True, "screen": False})["ok"]
    assert _call(amina, "join", {"room": room_id})["muted"] is True  # joining again does not lift it


def test_recording_needs_a_moderator_and_the_conference_server(room):
    room_id, socket, who = room
    amina, moderator = socket(who["amina"]), socket(who["moderator"])
    _call(amina, "join", {"room": room_id})
    assert _call(amina, "record", {"room": room_id, "on": True})["error"] == "forbidden"
    assert _call(moderator, "record", {"room": room_id, "on": True})["error"] == "unsupported"
    assert _call(moderator, "record", {"room": room_id, "on": "yes"})["error"] == "invalid"
    assert not _events(amina, "recording")


TURN = {"TURN_URLS": "turn:turn.example:3478?transport=udp, turns:turn.example:5349", "TURN_SECRET": "s3cret"}


@pytest.mark.parametrize("app_overrides", [{**TURN, "STUN_URLS": "stun:turn.example:3478", "TURN_TTL_SECONDS": 600}])
def test_pages_get_stun_and_turn_credentials_that_expire(room):
    room_id, socket, who = room
    before = int(time.time())
    stun, turn = _call(socket(who["amina"]), "join", {"room": room_id})["media"]["ice_servers"]
    assert stun == {"urls": ["stun:turn.example:3478"]}
    assert turn["urls"] == ["turn:turn.example:3478?transport=udp", "turns:turn.example:5349"]
    expiry, member = turn["username"].split(":")
    assert member == who["amina"].id and before + 600 <= int(expiry) <= int(time.time()) + 600
    expected = base64.b64encode(hmac.new(b"s3cret", turn["username"].encode(), hashlib.sha1).digest()).decode()
    assert turn["credential"] == expected  # what coturn's use-auth-secret computes


@pytest.mark.parametrize("app_overrides", [{"JANUS_URL": "http://127.0.0.1:9/janus", "JANUS_TIMEOUT_SECONDS": 2}])
def test_a_conference_server_that_does_not_answer_leaves_the_room_peer_to_peer_with_a_notice(room):
    room_id, socket, who = room
    joined = _call(socket(who["amina"]), "join", {"room": room_id})
    assert joined["ok"] and joined["media"]["mode"] == "mesh" and joined["media"]["sfu"] is None
    assert "does not answer" in joined["media"]["notice"] and "6" in joined["media"]["notice"]


@pytest.mark.parametrize("app_overrides", [{"JANUS_PUBLIC_URL": "https://sfu.jisr.example/janus"}])
def test_only_the_room_page_may_use_the_camera_and_reach_the_conference_server(room):
    room_id, _socket, who = room
    page = who["amina"].client.get(f"/events/{room_id}/room")
    assert page.status_code == 200
    assert "camera=(self), microphone=(self), display-capture=(self)" in page.headers["Permissions-Policy"]
    assert "connect-src 'self' https://sfu.jisr.example;" in page.headers["Content-Security-Policy"]
    elsewhere = who["amina"].client.get("/events")
    assert "camera=()" in elsewhere.headers["Permissions-Policy"]
    assert "connect-src 'self';" in elsewhere.headers["Content-Security-Policy"]


def test_only_the_fields_of_an_offer_or_a_candidate_are_relayed(room):
    room_id, socket, who = room
    amina, karim = socket(who["amina"]), socket(who["karim"])
    target = _call(amina, "join", {"room": room_id})["peer"]
    _call(karim, "join", {"room": room_id})
    offer = {"room": room_id, "to": target, "kind": "offer", "data": {**OFFER, "extra": "x" * 100}}
    assert _call(karim, "signal", offer)["ok"]
    assert _events(amina, "signal")[-1]["data"] == OFFER
    candidate = {"candidate": "candidate:1 1 udp 1 192.0.2.2 5 typ host", "sdpMid": None, "sdpMLineIndex": 0}
    assert _call(karim, "signal", {**offer, "kind": "candidate", "data": {**candidate, "x": 1}})["ok"]
    assert _events(amina, "signal")[-1]["data"] == {"candidate": candidate["candidate"], "sdpMLineIndex": 0}
    wrong = {**candidate, "sdpMLineIndex": "zero"}
    assert _call(karim, "signal", {**offer, "kind": "candidate", "data": wrong})["error"] == "invalid"
