"""Members who are away: message notices, the /notify count, the e-mail digest; reports to coordinators;
a password change or a suspension closing live connections; ad hoc network rooms."""

import pytest

from graph import connections as connection_queries
from graph import networks as network_queries
from graph import notifications as notification_queries

from .builders import network
from .conftest import Auth, csrf_token
from .mailbox import outbox
from .sockets import connect, received, send

PASSWORD = Auth.PASSWORD


@pytest.fixture
def talk(app, store, people):
    """Amina (French) and Karim, connected, and their conversation; nobody connected to /chat yet."""
    amina, karim = people("amina", locale="fr"), people("karim")
    connection_queries.connect_pairs(store, [{"a": amina.id, "b": karim.id, "since": 1}])
    started = karim.client.post(
        "/api/v1/conversations", json={"with": amina.id}, headers={"X-CSRFToken": csrf_token(karim.client)}
    )
    return amina, karim, started.get_json()["id"]


def _message_notices(store, member_id):
    return [r for r in notification_queries.latest(store, member_id) if r["notification"]["kind"] == "message"]


def test_a_member_who_is_away_finds_one_notice_per_conversation_and_it_goes_when_read(app, store, talk):
    amina, karim, conversation = talk
    sender = connect(app, karim)
    send(sender, conversation, "Salam")
    send(sender, conversation, "Tu es là ?")
    (notice,) = _message_notices(store, amina.id)
    assert notice["notification"]["count"] == 2 and notice["sender"] == "Karim"
    assert _message_notices(store, karim.id) == []  # not for the sender
    page = amina.get("/notifications").get_data(as_text=True)
    assert "2 nouveaux messages, le dernier de Karim." in page
    bell = connect(app, amina, "/notify")
    counts = bell.emit("count", None, namespace="/notify", callback=True)
    assert counts == {"ok": True, "notifications": 1, "messages": 1}
    assert amina.get(f"/messages/{conversation}").status_code == 200
    assert notification_queries.unread_counts(store, [amina.id])[amina.id]["notifications"] == 0
    # the page read the notice; the messages count with their read marker, which the page's socket moves
    assert received(bell, "unread", "/notify")[-1] == {"notifications": 0, "messages": 1}


def test_no_notice_for_members_online_or_who_muted_the_conversation(app, store, talk):
    amina, karim, conversation = talk
    sender = connect(app, karim)
    online = connect(app, amina)
    send(sender, conversation, "Tu me vois en direct")
    assert _message_notices(store, amina.id) == []
    online.disconnect(namespace="/chat")
    assert amina.post(f"/messages/{conversation}/mute", {"muted": "1"}).status_code == 302
    assert "Réactiver les notifications" in amina.get(f"/messages/{conversation}").get_data(as_text=True)
    send(sender, conversation, "Muet")
    assert _message_notices(store, amina.id) == []
    amina.post(f"/messages/{conversation}/mute", {"muted": "0"})
    send(sender, conversation, "Plus muet")
    assert len(_message_notices(store, amina.id)) == 1


def test_the_digest_mails_each_waiting_conversation_once_in_the_members_language(app, store, runner, talk):
    amina, karim, conversation = talk
    send(connect(app, karim), conversation, "Salam")
    assert runner.invoke(args=["messages", "digest"]).output.strip() == "0 digest(s) sent"  # not waited enough
    assert runner.invoke(args=["messages", "digest", "--delay", "0"]).output.strip() == "1 digest(s) sent"
    (mail,) = outbox(app)
    assert mail["To"] == amina.email and mail["Subject"] == "Des messages vous attendent sur Jisr"
    assert "1 nouveau message de Karim" in mail.get_content() and "/messages" in mail.get_content()
    assert runner.invoke(args=["messages", "digest", "--delay", "0"]).output.strip() == "0 digest(s) sent"
    assert runner.invoke(args=["messages", "digest", "--delay", "-3"]).exit_code != 0


def test_a_reported_message_reaches_the_coordinators_of_a_shared_network(app, store, people, talk):
    amina, karim, conversation = talk
    dmk = network(store, "dmk", join_policy="open")
    coordinator, other_coordinator = people("coordinator"), people("other")
    for who in (amina, karim):
        network_queries.join_open(store, dmk["id"], who.id, 1)
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    network_queries.appoint(store, network(store, "c3m")["id"], other_coordinator.id, "admin", 1)
    send(connect(app, karim), conversation, "Un message déplacé")
    empty = amina.post(f"/messages/{conversation}/report/1", {"reason": " "})
    assert empty.status_code == 422 and "Dites ce qui ne va pas." in empty.get_data(as_text=True)
    assert amina.post(f"/messages/{conversation}/report/99", {"reason": "x"}).status_code == 404
    assert karim.post(f"/messages/{conversation}/report/1", {"reason": "moi"}).status_code == 302  # own: refused
    assert amina.post(f"/messages/{conversation}/report/1", {"reason": "Insultant"}).status_code == 302
    assert "Vous avez déjà signalé" in amina.post(
        f"/messages/{conversation}/report/1", {"reason": "Encore"}, follow_redirects=True
    ).get_data(as_text=True)
    kinds = [r["notification"]["kind"] for r in notification_queries.latest(store, coordinator.id)]
    assert kinds == ["message_reported"]
    assert notification_queries.latest(store, other_coordinator.id) == []
    listing = coordinator.get("/reports").get_data(as_text=True)
    assert "Un message déplacé" in listing and "Insultant" in listing and "Tu es là" not in listing
    assert "Un message déplacé" not in other_coordinator.get("/reports").get_data(as_text=True)
    assert karim.get("/reports").status_code == 403
    report_id = listing.split("/reports/")[1].split("/close")[0]
    assert other_coordinator.post(f"/reports/{report_id}/close").status_code == 403
    assert coordinator.post(f"/reports/{report_id}/close").status_code == 302
    assert "Un message déplacé" not in coordinator.get("/reports").get_data(as_text=True)


def test_a_report_with_no_shared_network_goes_to_the_department(app, store, people, talk):
    amina, karim, conversation = talk
    admin = people("admin", role="admin")
    send(connect(app, karim), conversation, "Hors réseau")
    assert amina.post(f"/messages/{conversation}/report/1", {"reason": "Spam"}).status_code == 302
    assert [r["notification"]["kind"] for r in notification_queries.latest(store, admin.id)] == ["message_reported"]
    assert "Hors réseau" in admin.get("/reports").get_data(as_text=True)


def test_a_password_change_closes_the_other_sessions_and_live_connections(app, store, talk):
    amina, karim, conversation = talk
    other_browser = app.test_client()
    other_browser.post(
        "/login", data={"csrf_token": csrf_token(other_browser, "/login"), "email": amina.email, "password": PASSWORD}
    )
    elsewhere = app.extensions["socketio"].test_client(app, namespace="/chat", flask_test_client=other_browser)
    assert elsewhere.is_connected("/chat")
    wrong = amina.post("/account/password", {"current": "not it at all", "password": "x", "confirm": "y"})
    assert wrong.status_code == 422 and "Les deux mots de passe sont différents." in wrong.get_data(as_text=True)
    wrong = amina.post(
        "/account/password",
        {"current": "not it at all", "password": "un tout nouveau secret", "confirm": "un tout nouveau secret"},
    )
    assert wrong.status_code == 422 and "pas votre mot de passe actuel." in wrong.get_data(as_text=True)
    changed = amina.post(
        "/account/password",
        {"current": PASSWORD, "password": "un tout nouveau secret", "confirm": "un tout nouveau secret"},
    )
    assert changed.status_code == 302
    assert not elsewhere.is_connected("/chat")
    assert other_browser.get("/messages").status_code == 302  # logged out there
    assert amina.get("/messages").status_code == 200  # still in here
    assert connect(app, amina).is_connected("/chat")


def test_a_suspension_closes_live_connections_and_sessions(app, store, runner, talk):
    amina, karim, conversation = talk
    socket = connect(app, amina)
    assert socket.is_connected("/chat")
    assert runner.invoke(args=["users", "suspend", amina.email]).exit_code == 0
    assert not socket.is_connected("/chat")
    assert amina.get("/messages").status_code == 302
    assert not connect(app, amina).is_connected("/chat")
    assert runner.invoke(args=["users", "reactivate", amina.email]).exit_code == 0
    assert amina.get("/messages").status_code == 302  # the suspension ended that session for good
    assert Auth(amina.client).login(email=amina.email).status_code == 302
    assert amina.get("/messages").status_code == 200


def test_coordinators_open_an_ad_hoc_room_for_their_network(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator, amina, outsider = people("coordinator"), people("amina"), people("outsider")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    network_queries.join_open(store, dmk["id"], amina.id, 1)
    assert "Open a live room now" in coordinator.get("/networks/dmk").get_data(as_text=True)
    assert "Open a live room now" not in amina.get("/networks/dmk").get_data(as_text=True)
    assert amina.post("/networks/dmk/room").status_code == 403
    opened = coordinator.post("/networks/dmk/room")
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/room")
    event_id = opened.headers["Location"].split("/")[-2]
    assert "Live room of Network dmk" in coordinator.get(opened.headers["Location"]).get_data(as_text=True)
    member = connect(app, amina, "/rooms")
    assert member.emit("join", {"room": event_id}, namespace="/rooms", callback=True)["ok"]
    stranger = connect(app, outsider, "/rooms")
    assert stranger.emit("join", {"room": event_id}, namespace="/rooms", callback=True)["error"] == "forbidden"


def test_every_notification_updates_the_header_count_live(app, store, people):
    dmk = network(store, "dmk")  # on request: coordinators hear of each request
    coordinator, amina = people("coordinator"), people("amina")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    bell = connect(app, coordinator, "/notify")
    assert amina.post("/networks/dmk/join", {"motivation": "Je souhaite contribuer."}).status_code == 302
    assert received(bell, "unread", "/notify") == [{"notifications": 1, "messages": 0}]


def test_a_message_reaching_a_member_on_another_page_counts_in_their_header_at_once(app, store, talk):
    """Issue 14, defect 4: Amina reads her profile (only /notify open, no chat socket); Karim writes."""
    amina, karim, conversation = talk
    bell = connect(app, amina, "/notify")
    assert 'id="messages-link"' in amina.get("/").get_data(as_text=True)
    sender = connect(app, karim)
    send(sender, conversation, "Salam")
    assert received(bell, "unread", "/notify")[-1] == {"notifications": 0, "messages": 1}
    page = amina.get("/connections").get_data(as_text=True)
    assert 'aria-label="Conversations avec des messages non lus : 1">1</span>' in page
    reader = connect(app, amina)
    answer = reader.emit("read", {"conversation": conversation, "seq": 1}, namespace="/chat", callback=True)
    assert answer["ok"] is True
    assert received(bell, "unread", "/notify")[-1] == {"notifications": 0, "messages": 0}


def test_connection_requests_and_acceptances_notify_the_other_member_by_name(app, store, people):
    amina, karim = people("amina", locale="fr"), people("karim")
    bell = connect(app, karim, "/notify")
    asked = amina.post(f"/members/{karim.id}/connection", {"action": "request"})
    assert asked.status_code == 302
    assert received(bell, "unread", "/notify")[-1]["notifications"] == 1
    page = karim.get("/notifications").get_data(as_text=True)
    assert "<bdi>Amina</bdi> asked to connect with you." in page
    karim.post(f"/members/{amina.id}/connection", {"action": "accept"})
    page = amina.get("/notifications").get_data(as_text=True)
    assert "<bdi>Karim</bdi> a accepté votre demande de mise en relation." in page
    assert f'href="/members/{karim.id}"' in page
    # nothing changed, nobody told: a second request between connected people
    karim.post(f"/members/{amina.id}/connection", {"action": "request"})
    kinds = [row["notification"]["kind"] for row in notification_queries.latest(store, amina.id)]
    assert kinds == ["connection_accepted"]
