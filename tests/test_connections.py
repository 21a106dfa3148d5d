"""Connecting through the real pages: request, accept, decline, withdraw, remove, block."""

import pytest

from graph import accounts as account_queries
from graph import connections as connection_queries
from graph import directory
from graph import members as member_queries

from .builders import member
from .conftest import Auth, csrf_token


@pytest.fixture
def two(make_app):
    """Two registered members, each with their own browser."""
    app = make_app()
    amina, karim = Auth(app.test_client()), Auth(app.test_client())
    amina.register(email="amina@example.org", name="Amina Benali", locale="en")
    karim.register(email="karim@example.org", name="Karim Tazi", locale="en")
    store = app.extensions["graph"].store
    ids = {who: account_queries.member_by_email(store, f"{who}@example.org")["id"] for who in ("amina", "karim")}
    return app, store, amina.client, karim.client, ids


def _act(client, member_id, action, **extra):
    data = {"csrf_token": csrf_token(client, f"/members/{member_id}"), "action": action, **extra}
    return client.post(f"/members/{member_id}/connection", data=data, follow_redirects=True)


def _relation(store, viewer, other):
    return member_queries.relations(store, viewer, [other])[other]


def test_request_and_accept(two):
    app, store, amina, karim, ids = two
    sent = _act(amina, ids["karim"], "request", note="Salam, we met in Stuttgart")
    assert "Your request was sent" in sent.get_data(as_text=True)
    assert _relation(store, ids["amina"], ids["karim"])["requested"]
    pending = karim.get("/connections").get_data(as_text=True)
    assert "Amina Benali" in pending and "we met in Stuttgart" in pending
    accepted = _act(karim, ids["amina"], "accept")
    assert "now connected" in accepted.get_data(as_text=True)
    assert _relation(store, ids["amina"], ids["karim"])["connected"]
    assert "Karim Tazi" in amina.get("/connections").get_data(as_text=True)


def test_asking_someone_who_asked_you_connects(two):
    app, store, amina, karim, ids = two
    _act(amina, ids["karim"], "request")
    response = _act(karim, ids["amina"], "request")
    assert "now connected" in response.get_data(as_text=True)
    assert _relation(store, ids["karim"], ids["amina"]) | {"id": None} == {
        "id": None,
        "connected": True,
        "requested": False,
        "requested_me": False,
        "blocked": False,
        "mutual": 0,
    }


def test_decline_withdraw_remove(two):
    app, store, amina, karim, ids = two
    _act(amina, ids["karim"], "request")
    _act(karim, ids["amina"], "decline")
    assert not _relation(store, ids["amina"], ids["karim"])["requested"]
    _act(amina, ids["karim"], "request")
    _act(amina, ids["karim"], "withdraw")
    assert connection_queries.incoming(store, ids["karim"]) == []
    _act(amina, ids["karim"], "request")
    _act(karim, ids["amina"], "accept")
    _act(karim, ids["amina"], "remove")
    assert not _relation(store, ids["amina"], ids["karim"])["connected"]


def test_duplicate_and_impossible_actions_say_nothing_changed(two):
    app, store, amina, karim, ids = two
    _act(amina, ids["karim"], "request")
    again = _act(amina, ids["karim"], "request")
    assert "Nothing changed" in again.get_data(as_text=True)
    assert len(connection_queries.outgoing(store, ids["amina"])) == 1
    assert "Nothing changed" in _act(amina, ids["karim"], "accept").get_data(as_text=True)  # not theirs to accept
    assert _act(amina, ids["amina"], "request").status_code == 403  # not with oneself
    assert _act(amina, ids["karim"], "befriend").status_code == 400
    long_note = _act(amina, ids["karim"], "withdraw") and _act(amina, ids["karim"], "request", note="x" * 301)
    assert "at most 300 characters" in long_note.get_data(as_text=True)
    assert connection_queries.outgoing(store, ids["amina"]) == []


def test_block_hides_the_blocker_everywhere(two):
    app, store, amina, karim, ids = two
    _act(amina, ids["karim"], "request")
    _act(karim, ids["amina"], "accept")
    blocked = _act(amina, ids["karim"], "block")
    assert "blocked" in blocked.get_data(as_text=True)
    assert not _relation(store, ids["amina"], ids["karim"])["connected"]
    # Karim can no longer see, find or contact Amina
    assert karim.get(f"/members/{ids['amina']}").status_code == 404
    found = directory.search(store, ids["karim"], directory.Query(text="amina"))
    assert found["total"] == 0
    assert "Amina" not in karim.get("/directory?q=amina").get_data(as_text=True).split("<main")[1]
    karim_request = karim.post(
        f"/members/{ids['amina']}/connection",
        data={"csrf_token": csrf_token(karim, "/connections"), "action": "request"},
        follow_redirects=True,
    )
    assert "Nothing changed" in karim_request.get_data(as_text=True)
    assert connection_queries.incoming(store, ids["amina"]) == []
    # Amina can unblock
    assert "Karim Tazi" in amina.get("/connections").get_data(as_text=True)
    _act(amina, ids["karim"], "unblock")
    assert karim.get(f"/members/{ids['amina']}").status_code == 200


def test_connection_actions_need_csrf_and_login(two):
    app, store, amina, karim, ids = two
    assert amina.post(f"/members/{ids['karim']}/connection", data={"action": "request"}).status_code == 400
    anonymous = app.test_client()
    assert anonymous.post(f"/members/{ids['karim']}/connection", data={"action": "request"}).status_code in (302, 400)
    assert connection_queries.incoming(store, ids["karim"]) == []


def test_connections_list_paginates(two):
    app, store, amina, karim, ids = two
    others = [member(store, f"Person {n:02d}") for n in range(35)]
    connection_queries.connect_pairs(
        store, [{"a": ids["amina"], "b": other, "since": n} for n, other in enumerate(others)]
    )
    first = amina.get("/connections").get_data(as_text=True)
    assert "35 connections" in first and "Person 34" in first and "Person 00" not in first
    second = amina.get("/connections?page=2").get_data(as_text=True)
    assert "Person 00" in second
    assert amina.get("/connections?page=-4").status_code == 200
    assert amina.get("/connections?page=abc").status_code == 200


def test_relation_flags_follow_changes(store):
    """Regression: a cached plan must not return stale flags after a write (see docs/decisions.md)."""
    a, b = member(store, "A Person"), member(store, "B Person")
    assert not member_queries.relations(store, a, [b])[b]["connected"]
    connection_queries.connect_pairs(store, [{"a": a, "b": b, "since": 1}])
    assert member_queries.relations(store, a, [b])[b]["connected"]


@pytest.mark.falkordb_only  # a permission over the directory's statements, which run on both engines elsewhere
def test_a_profile_for_connections_only_keeps_its_skills_off_cards_for_everyone_else(store, people):
    private = member(store, "Rim Sqalli", skills=["cardiology"], visibility="connections", headline="Cardiologist")
    stranger, friend = people("stranger"), people("friend")
    connection_queries.connect_pairs(store, [{"a": private, "b": friend.id, "since": 1}])

    def card_skills(who) -> list[str]:
        items = who.get("/api/v1/members?q=Sqalli").get_json()["items"]
        return [skill["id"] for item in items if item["id"] == private for skill in item["skills"]]

    assert card_skills(stranger) == [] and card_skills(friend) == ["cardiology"]
    page = stranger.get("/directory?q=Sqalli").get_data(as_text=True)
    assert "Rim Sqalli" in page and "Cardiology" not in page.split("Rim Sqalli", 1)[1].split("</li>", 1)[0]
