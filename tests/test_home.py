"""The logged-in home page of each role, the staff tools in the navigation, and the accounts page."""

from graph import connections as connection_queries
from graph import events as event_queries
from graph import networks as network_queries

from .builders import event, network
from .conftest import csrf_token
from .sockets import connect, send


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_new_member_is_welcomed_once_and_led_to_their_profile(app, people):
    amina = people("amina")
    home = _text(amina.get("/"))
    assert home.count("Welcome") == 1  # the flash of registration, not also "Welcome back"
    assert "Start with your profile" in home
    assert "Still to add: <bdi>a headline</bdi>, <bdi>your city</bdi>, <bdi>your skills</bdi>" in home
    assert 'href="/profile/edit"' in home
    assert "Complete your profile" in _text(amina.get("/"))  # the next visit: no longer the first


def test_the_member_home_shows_what_needs_them(app, store, people):
    amina, karim, driss = people("amina"), people("karim"), people("driss")
    dmk = network(store, "dmk", join_policy="open")
    amina.post("/networks/dmk/join")
    soon = event(store, dmk["id"], title_en="Stuttgart meetup")
    assert event_queries.rsvp(store, soon["id"], amina.id, 1) == "going"
    karim.post(f"/members/{amina.id}/connection", {"action": "request"})
    connection_queries.connect_pairs(store, [{"a": amina.id, "b": driss.id, "since": 1}])
    started = driss.client.post(
        "/api/v1/conversations",
        json={"with": amina.id},
        headers={"X-CSRFToken": csrf_token(driss.client)},
    )
    send(connect(app, driss), started.get_json()["id"], "Salam Amina")
    home = _text(amina.get("/"))
    assert "1 connection request" in home and f'href="/members/{karim.id}"><bdi>Karim</bdi>' in home
    assert "1 conversation with unread messages" in home and "<bdi>Driss</bdi>" in home
    assert "Events I go to" in home and "Stuttgart meetup" in home
    assert "Nothing waits for you." not in home
    # Karim has nothing waiting, and his home says so
    assert "Nothing waits for you." in _text(karim.get("/"))


def test_staff_find_their_tools_in_the_navigation_and_on_their_home(app, store, people):
    network(store, "dmk")
    analyst, admin, member = people("karima", role="analyst"), people("hicham", role="admin"), people("salma")
    analyst_home = _text(analyst.get("/"))
    for link in ('href="/recommendations"', 'href="/mentoring/pipeline"', 'href="/#network-figures"'):
        assert link in analyst_home
    assert 'href="/networks/dmk/stats"' in analyst_home and "Department tools" in analyst_home
    assert 'href="/admin/accounts"' not in analyst_home and 'href="/reports"' not in analyst_home
    admin_page = _text(admin.get("/events"))  # the navigation is on every page
    for link in ('href="/recommendations"', 'href="/mentoring/pipeline"', 'href="/reports"', 'href="/admin/accounts"'):
        assert link in admin_page
    member_home = _text(member.get("/"))
    assert "Staff tools" not in member_home and 'href="/recommendations"' not in member_home
    # the analyst sees the job's page without a button she may not press
    status = _text(analyst.get("/recommendations"))
    assert "Recompute now" not in status and "An administrator can ask for a run now" in status
    assert "Recompute now" in _text(admin.get("/recommendations"))


def test_a_coordinator_home_shows_their_networks(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator, amina = people("youssef"), people("amina")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    amina.post("/networks/dmk/join")
    event(store, dmk["id"], title_en="DMK general assembly")
    home = _text(coordinator.get("/"))
    assert "0 requests waiting" in home and 'href="/networks/dmk/manage"' in home
    assert "DMK general assembly" in home
    assert "Newest members" in home and "<bdi>Amina</bdi>" in home
    assert 'href="/networks/dmk/channel"' in home


def test_an_administrator_suspends_and_restores_an_account_from_a_page(app, store, people):
    admin, amina, analyst = people("hicham", role="admin"), people("amina"), people("karima", role="analyst")
    found = _text(admin.get("/admin/accounts?q=AMI"))
    assert "1 account" in found and "amina@example.org" in found and "hicham@example.org" not in found
    suspended = admin.post(f"/admin/accounts/{amina.id}/status", {"action": "suspend"}, follow_redirects=True)
    assert "Amina is suspended: they can no longer log in." in _text(suspended)
    assert amina.get("/connections").status_code == 302  # her session ended
    listed = _text(admin.get("/admin/accounts?status=suspended"))
    assert "amina@example.org" in listed and "1 account" in listed and "Restore" in listed
    restored = admin.post(f"/admin/accounts/{amina.id}/status", {"action": "restore"}, follow_redirects=True)
    assert "Amina can log in again." in _text(restored)
    assert "0 accounts" in _text(admin.get("/admin/accounts?status=suspended"))
    # bad input and the wrong person
    assert admin.post(f"/admin/accounts/{amina.id}/status", {"action": "delete"}).status_code == 400
    assert admin.post("/admin/accounts/nobody/status", {"action": "suspend"}).status_code == 404
    oneself = admin.post(f"/admin/accounts/{admin.id}/status", {"action": "suspend"}, follow_redirects=True)
    assert "You cannot suspend your own account." in _text(oneself)
    assert analyst.get("/admin/accounts").status_code == 403
    assert analyst.post(f"/admin/accounts/{amina.id}/status", {"action": "suspend"}).status_code == 403
    assert _text(admin.get("/admin/accounts?page=x&status=bogus")).count("amina@example.org") == 1
