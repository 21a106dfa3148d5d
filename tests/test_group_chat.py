"""Groups, network channels, leave, mute, blocking, typing and presence over ``/chat`` (real app, graph, Redis)."""

import pytest

from graph import connections as connection_queries
from graph import conversations as conversation_queries
from graph import networks as network_queries

from .builders import account, network
from .conftest import csrf_token
from .sockets import connect, received, send


def _connect(store, *pairs):
    connection_queries.connect_pairs(store, [{"a": a.id, "b": b.id, "since": 1} for a, b in pairs])


@pytest.fixture
def trio(store, people):
    """Amina connected with Karim and Salma; Youssef connected with nobody."""
    amina, karim, salma, youssef = people("amina"), people("karim"), people("salma"), people("youssef")
    _connect(store, (amina, karim), (amina, salma))
    return amina, karim, salma, youssef


def _make_group(amina, members, title="Médecins de Montréal"):
    return amina.post("/messages/groups/new", {"title": title, "people": [m.id for m in members]})


def _group_id(store, amina):
    (row,) = [r for r in conversation_queries.mine(store, amina.id) if r["conversation"]["kind"] == "group"]
    return row["conversation"]["id"]


def test_a_group_is_made_from_connections_and_everyone_in_it_gets_the_messages(app, store, trio):
    amina, karim, salma, youssef = trio
    page = amina.get("/messages/groups/new").get_data(as_text=True)
    assert "Karim" in page and "Salma" in page and "Youssef" not in page  # only connections are offered
    made = _make_group(amina, [karim, salma])
    assert made.status_code == 302
    group = _group_id(store, amina)
    sockets = {who.id: connect(app, who) for who in (amina, karim, salma, youssef)}
    ack = send(sockets[amina.id], group, "Réunion jeudi ?")
    assert ack["ok"] and ack["seq"] == 1
    for who in (amina, karim, salma):
        assert [m["body"] for m in received(sockets[who.id])] == ["Réunion jeudi ?"]
    assert received(sockets[youssef.id]) == []
    assert send(sockets[youssef.id], group, "Moi aussi")["error"] == "forbidden"
    page = karim.get(f"/messages/{group}").get_data(as_text=True)
    assert "Médecins de Montréal" in page and "Leave the group" in page and "Add people" not in page
    assert "Add people" in amina.get(f"/messages/{group}").get_data(as_text=True)


def test_group_form_keeps_what_was_typed_and_refuses_strangers_and_empty_groups(store, trio):
    amina, karim, _salma, youssef = trio
    empty = _make_group(amina, [], title="Sans personne")
    assert empty.status_code == 422 and "Choose at least one person." in empty.get_data(as_text=True)
    assert 'value="Sans personne"' in empty.get_data(as_text=True)
    stranger = _make_group(amina, [karim, youssef])
    assert stranger.status_code == 422 and conversation_queries.mine(store, amina.id) == []
    untitled = _make_group(amina, [karim], title="  ")
    assert untitled.status_code == 422 and "Give the group a name." in untitled.get_data(as_text=True)


def test_a_group_holds_at_most_a_hundred_people(store, trio):
    amina, karim, _salma, _youssef = trio
    assert _make_group(amina, [karim]).status_code == 302
    group = _group_id(store, amina)
    many = [account(store, f"Guest {n}") for n in range(conversation_queries.GROUP_MAX)]
    connection_queries.connect_pairs(store, [{"a": amina.id, "b": m, "since": 1} for m in many])
    too_many = amina.post(f"/messages/{group}/people", {"people": many[:99]})
    assert too_many.status_code == 422 and "there is room for 98 more" in too_many.get_data(as_text=True)
    assert conversation_queries.size(store, group) == 2
    assert amina.post(f"/messages/{group}/people", {"people": many[:98]}).status_code == 302
    assert conversation_queries.size(store, group) == 100
    assert karim.post(f"/messages/{group}/people", {"people": many[98:]}).status_code == 403  # not its creator


def test_leaving_a_group_stops_its_messages(app, store, trio):
    amina, karim, salma, _youssef = trio
    _make_group(amina, [karim, salma])
    group = _group_id(store, amina)
    assert karim.post(f"/messages/{group}/leave").status_code == 302
    sockets = {who.id: connect(app, who) for who in (amina, karim)}
    send(sockets[amina.id], group, "Karim est parti")
    assert received(sockets[karim.id]) == []
    assert send(sockets[karim.id], group, "Je reviens")["error"] == "forbidden"
    assert karim.get(f"/messages/{group}").status_code == 403
    sync = sockets[karim.id].emit("sync", {"since": {}}, namespace="/chat", callback=True)
    assert group not in sync["messages"]


def test_blocking_stops_delivery_both_ways_in_a_group(app, store, trio):
    amina, karim, salma, _youssef = trio
    _make_group(amina, [karim, salma])
    group = _group_id(store, amina)
    connection_queries.block(store, salma.id, karim.id, 2)
    sockets = {who.id: connect(app, who) for who in (amina, karim, salma)}
    send(sockets[karim.id], group, "De Karim")
    assert received(sockets[salma.id]) == [] and len(received(sockets[amina.id])) == 1
    send(sockets[salma.id], group, "De Salma")
    assert [m["body"] for m in received(sockets[karim.id])] == ["De Karim"]  # only his own echo
    sync = sockets[salma.id].emit("sync", {"since": {}, "only": [group]}, namespace="/chat", callback=True)
    assert sync["messages"][group] == [
        {"seq": 1, "hidden": True},
        {
            "id": sync["messages"][group][1]["id"],
            "seq": 2,
            "sender_id": salma.id,
            "body": "De Salma",
            "at": sync["messages"][group][1]["at"],
        },
    ]
    assert "De Karim" not in salma.get(f"/messages/{group}").get_data(as_text=True)


@pytest.fixture
def channel_network(store, people):
    """DMK with Amina and Karim as members and a coordinator who is not a member; Youssef outside."""
    dmk = network(store, "dmk", join_policy="open")
    amina, karim, coordinator, youssef = people("amina"), people("karim"), people("coordinator"), people("youssef")
    for who in (amina, karim):
        network_queries.join_open(store, dmk["id"], who.id, 1)
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    return dmk, amina, karim, coordinator, youssef


def test_a_network_channel_reaches_its_members_and_coordinators_only(app, store, channel_network):
    dmk, amina, karim, coordinator, youssef = channel_network
    opened = amina.get("/networks/dmk/channel")
    assert opened.status_code == 302
    channel = opened.headers["Location"].rsplit("/", 1)[1]
    assert "Channel of Network dmk" in amina.get(opened.headers["Location"]).get_data(as_text=True)
    assert youssef.get("/networks/dmk/channel").status_code == 403
    assert youssef.get(f"/messages/{channel}").status_code == 403
    sockets = {who.id: connect(app, who) for who in (amina, karim, coordinator, youssef)}
    ack = send(sockets[karim.id], channel, "Bonjour le réseau")
    assert ack["ok"]
    for who in (amina, karim, coordinator):
        (message,) = received(sockets[who.id])
        assert message["body"] == "Bonjour le réseau" and message["sender_name"] == "Karim"
    assert received(sockets[youssef.id]) == []
    assert send(sockets[youssef.id], channel, "Intrus")["error"] == "forbidden"
    assert "Channel of Network dmk" in amina.get("/messages").get_data(as_text=True)
    typing = sockets[karim.id].emit("typing", {"conversation": channel}, namespace="/chat", callback=True)
    assert typing == {"ok": True}
    for who in (amina, coordinator):
        assert received(sockets[who.id], "typing") == [
            {"conversation": channel, "member_id": karim.id, "name": "Karim"}
        ]
    assert received(sockets[karim.id], "typing") == []  # not to the one typing
    assert received(sockets[youssef.id], "typing") == []


def test_leaving_the_network_closes_its_channel(app, store, channel_network):
    dmk, amina, karim, _coordinator, _youssef = channel_network
    channel = amina.get("/networks/dmk/channel").headers["Location"].rsplit("/", 1)[1]
    socket = connect(app, karim)
    assert send(socket, channel, "Encore là")["ok"]
    assert karim.post("/networks/dmk/leave").status_code == 302
    assert send(socket, channel, "Parti")["error"] == "forbidden"  # checked at the next event
    sync = socket.emit("sync", {"since": {}}, namespace="/chat", callback=True)
    assert channel not in sync["messages"]
    karim.get("/messages")  # the inbox brings channels in line with networks
    assert all(r["conversation"]["id"] != channel for r in conversation_queries.mine(store, karim.id))


def test_typing_and_presence_are_for_the_people_in_the_conversation(app, store, trio):
    amina, karim, salma, youssef = trio
    started = amina.client.post(
        "/api/v1/conversations", json={"with": karim.id}, headers={"X-CSRFToken": csrf_token(amina.client)}
    )
    conversation = started.get_json()["id"]
    amina_socket = connect(app, amina)
    presence = amina_socket.emit("presence", {"conversation": conversation}, namespace="/chat", callback=True)
    assert presence == {"ok": True, "online": []}
    karim_socket = connect(app, karim)
    presence = amina_socket.emit("presence", {"conversation": conversation}, namespace="/chat", callback=True)
    assert presence["online"] == [karim.id]
    assert amina_socket.emit("typing", {"conversation": conversation}, namespace="/chat", callback=True)["ok"]
    (signal,) = received(karim_socket, "typing")
    assert signal == {"conversation": conversation, "member_id": amina.id, "name": "Amina"}
    assert received(amina_socket, "typing") == []
    outsider = connect(app, youssef)
    assert outsider.emit("typing", {"conversation": conversation}, namespace="/chat", callback=True)["ok"] is False
    assert outsider.emit("presence", {"conversation": conversation}, namespace="/chat", callback=True)["ok"] is False
    assert outsider.emit("presence", ["wrong"], namespace="/chat", callback=True)["error"] == "invalid"
    # a crashed process left one of Karim's sockets behind (its heartbeat has lapsed): it does not count
    redis_handle = app.extensions["redis"]
    redis_handle.client.sadd(redis_handle.key("sockets", karim.id), "deadbeef0000|/chat|a-lost-socket")
    karim_socket.disconnect(namespace="/chat")
    presence = amina_socket.emit("presence", {"conversation": conversation}, namespace="/chat", callback=True)
    assert presence["online"] == []  # his last live socket closed: offline at once
    assert redis_handle.client.smembers(redis_handle.key("sockets", karim.id)) == set()  # the stale one pruned
    assert amina_socket.emit("here", None, namespace="/chat", callback=True) == {"ok": True}


def test_sync_can_be_limited_to_some_conversations_and_refuses_bad_shapes(app, store, trio):
    amina, karim, salma, _youssef = trio
    _make_group(amina, [karim, salma])
    group = _group_id(store, amina)
    socket = connect(app, amina)
    send(socket, group, "Un")
    assert socket.emit("sync", {"since": {}, "only": []}, namespace="/chat", callback=True)["messages"] == {}
    assert group in socket.emit("sync", {"since": {}, "only": [group]}, namespace="/chat", callback=True)["messages"]
    assert socket.emit("sync", {"since": {}, "only": "all"}, namespace="/chat", callback=True)["error"] == "invalid"


def test_a_network_can_let_its_members_write_to_each_other_without_connecting(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    admin, amina, karim = people("admin", role="admin"), people("amina"), people("karim")
    for who in (amina, karim):
        network_queries.join_open(store, dmk["id"], who.id, 1)
    assert amina.post(f"/messages/with/{karim.id}").headers["Location"].endswith(f"/members/{karim.id}")  # refused
    assert "Write a message" not in amina.get(f"/members/{karim.id}").get_data(as_text=True)
    form = admin.get("/networks/dmk/edit").get_data(as_text=True)
    assert 'name="members_message"' in form and "checked" not in form.split('name="members_message"')[1][:40]
    edited = admin.post(
        "/networks/dmk/edit",
        {
            "slug": "dmk",
            "kind": "geographic",
            "name_en": "Network dmk",
            "visibility": "public",
            "join_policy": "open",
            "members_message": "y",
        },
    )
    assert edited.status_code == 302, edited.get_data(as_text=True)[:2000]
    assert network_queries.by_id(store, dmk["id"])["members_message"] is True
    assert "Write a message" in amina.get(f"/members/{karim.id}").get_data(as_text=True)
    opened = amina.post(f"/messages/with/{karim.id}")
    assert "/messages/" in opened.headers["Location"]
    conversation = opened.headers["Location"].rsplit("/", 1)[1]
    assert send(connect(app, amina), conversation, "Bonjour, collègue du réseau")["ok"]
    connection_queries.block(store, karim.id, amina.id, 2)
    assert amina.post(f"/messages/with/{karim.id}").headers["Location"].endswith(f"/members/{karim.id}")
