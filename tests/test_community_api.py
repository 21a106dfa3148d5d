"""Networks and events through the JSON API: bearer tokens, the same rules and messages as the pages."""

import pytest

from graph import networks as network_queries

from .builders import event, network


@pytest.fixture
def api(app, people):
    """A member with a bearer token, and a client without cookies for it."""
    amina = people("amina", locale="fr")
    runner = app.test_cli_runner()
    token = runner.invoke(args=["users", "token", amina.email, "--name", "tests"]).output.strip()
    client = app.test_client()

    def call(method: str, path: str, **kwargs):
        return client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    call.member = amina
    return call


def test_networks_and_joining(api, store):
    dmk = network(store, "dmk")
    network(store, "france", join_policy="open")
    network(store, "closed", join_policy="invite")
    listed = api("GET", "/api/v1/networks").get_json()
    assert {n["slug"] for n in listed} == {"dmk", "france", "closed"} and not any(n["member"] for n in listed)
    asked = api("POST", "/api/v1/networks/dmk/join", json={"motivation": "Ingénieure à Stuttgart"})
    assert asked.status_code == 200 and asked.get_json()["outcome"] == "requested"
    again = api("POST", "/api/v1/networks/dmk/join", json={})
    assert again.status_code == 409 and "déjà demandé" in again.get_json()["message"]
    assert network_queries.pending_requests(store, dmk["id"])[0]["motivation"] == "Ingénieure à Stuttgart"
    joined = api("POST", "/api/v1/networks/france/join", json={})
    assert joined.get_json()["outcome"] == "joined"
    assert api("GET", "/api/v1/networks/france").get_json()["member"] is True
    closed = api("POST", "/api/v1/networks/closed/join", json={})
    assert closed.status_code == 409 and closed.get_json()["code"] == "conflict"
    too_long = api("POST", "/api/v1/networks/dmk/join", json={"motivation": "x" * 1001})
    assert too_long.status_code == 422 and "motivation" in too_long.get_json()["errors"]["json"]
    assert api("GET", "/api/v1/networks/nowhere").status_code == 404


def test_events_rsvp_and_waitlist(api, store):
    france = network(store, "france", join_policy="open")
    api("POST", "/api/v1/networks/france/join", json={})
    full = event(store, france["id"], capacity=1)
    other = network(store, "other")
    hidden = event(store, other["id"])
    ids = [e["id"] for e in api("GET", "/api/v1/events").get_json()]
    assert full["id"] in ids and hidden["id"] not in ids
    assert api("GET", f"/api/v1/events/{hidden['id']}").status_code == 403
    assert api("POST", f"/api/v1/events/{hidden['id']}/rsvp").status_code == 403
    going = api("POST", f"/api/v1/events/{full['id']}/rsvp")
    assert going.get_json()["outcome"] == "going"
    twice = api("POST", f"/api/v1/events/{full['id']}/rsvp")
    assert twice.status_code == 409 and "déjà répondu" in twice.get_json()["message"]
    assert api("GET", f"/api/v1/events/{full['id']}").get_json()["rsvp"] == "going"
    cancelled = api("DELETE", f"/api/v1/events/{full['id']}/rsvp")
    assert cancelled.status_code == 200 and cancelled.get_json()["outcome"] == "cancelled"
    assert api("DELETE", f"/api/v1/events/{full['id']}/rsvp").status_code == 404
    assert api("GET", "/api/v1/events?page=0").status_code == 422


def test_the_api_needs_a_login(client):
    assert client.get("/api/v1/networks").status_code == 401
    assert client.post("/api/v1/events/x/rsvp").status_code == 401
