"""Running a network through the real pages: creation, requests, invitations, removal, bans, console."""

import csv
import io
import time

import openpyxl
import pytest

from app.accounts.service import now_ms
from app.networks.service import new_invitation
from graph import accounts as account_queries
from graph import labels as label_queries
from graph import networks as network_queries
from graph import notifications as notification_queries

from .builders import STUTTGART, member, network
from .conftest import csrf_token
from .mailbox import latest_link, outbox
from .worker import run_jobs


def _text(response) -> str:
    return response.get_data(as_text=True)


def _outbox(app) -> list:
    """The e-mails written, once the worker has run what the views queued."""
    run_jobs(app)
    return outbox(app)


def _refresh(store, slug):
    return network_queries.by_slug(store, slug)


def test_the_department_creates_a_network_and_appoints_a_coordinator(app, store, people):
    admin, youssef = people("admin", role="admin"), people("youssef")
    form = {
        "slug": "dmk",
        "kind": "geographic",
        "name_en": "Moroccan Competencies in Germany",
        "name_fr": "Compétences marocaines en Allemagne",
        "name_ar": "الكفاءات المغربية بألمانيا",
        "countries": ["DE"],
        "visibility": "public",
        "join_policy": "request",
    }
    blank = _text(admin.get("/networks/new"))  # 250 countries: checkboxes to filter, not a Ctrl-click list
    assert 'type="checkbox" value="DE"' in blank and 'data-filter="country-list"' in blank and "Ctrl" not in blank
    created = admin.post("/networks/new", form, follow_redirects=True)
    assert created.status_code == 200
    assert "The network is created" in _text(created)
    dmk = _refresh(store, "dmk")
    assert dmk["countries"] == ["DE"] and dmk["join_policy"] == "request"

    appointed = admin.post("/networks/dmk/coordinators", {"email": "YOUSSEF@example.org"}, follow_redirects=True)
    assert "now coordinates this network" in _text(appointed)
    account = account_queries.member_by_id(store, youssef.id)
    assert account["coordinated_ids"] == [dmk["id"]] and dmk["id"] in account["network_ids"]
    assert account["role"] == "coordinator"
    assert youssef.get("/networks/dmk/manage").status_code == 200

    dismissed = admin.post(f"/networks/dmk/coordinators/{youssef.id}/dismiss", follow_redirects=True)
    assert "The appointment has ended" in _text(dismissed)
    assert account_queries.member_by_id(store, youssef.id)["role"] == "member"
    assert youssef.get("/networks/dmk/manage").status_code == 403


def test_network_form_keeps_what_was_typed_and_names_the_problems(app, store, people):
    admin = people("admin", role="admin")
    network(store, "dmk")
    refused = admin.post(
        "/networks/new", {"slug": "DMK!", "kind": "geographic", "description_fr": "Garde-moi", "join_policy": "open"}
    )
    page = _text(refused)
    assert refused.status_code == 422
    assert "Use lowercase letters, digits and hyphens only." in page
    assert "Give the network a name in at least one language." in page
    assert "Garde-moi" in page
    taken = admin.post("/networks/new", {"slug": "dmk", "kind": "thematic", "name_en": "Again"})
    assert taken.status_code == 422 and "Another network already uses this address." in _text(taken)
    assert people("karim").post("/networks/new", {"slug": "x", "name_en": "X"}).status_code == 403


def test_request_approve_and_the_member_list(app, store, people):
    dmk = network(store, "dmk")
    coordinator, amina = people("coordinator"), people("amina")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)

    asked = amina.post("/networks/dmk/join", {"motivation": "Engineer in Stuttgart"}, follow_redirects=True)
    assert "Your request is sent" in _text(asked)
    again = amina.post("/networks/dmk/join", {"motivation": "Again"}, follow_redirects=True)
    assert "You already asked to join this network" in _text(again)
    assert len(network_queries.pending_requests(store, dmk["id"])) == 1
    assert notification_queries.unread_counts(store, [coordinator.id])[coordinator.id]["notifications"] == 1
    # the notice names who asked (issue 14, defect 4), and the coordinator's home lists the request
    assert "<bdi>Amina</bdi> asked to join" in _text(coordinator.get("/notifications"))
    home = _text(coordinator.get("/"))
    assert "1 request waiting" in home and f'href="/members/{amina.id}"><bdi>Amina</bdi>' in home

    console = _text(coordinator.get("/networks/dmk/manage"))
    assert "Engineer in Stuttgart" in console
    approved = coordinator.post(f"/networks/dmk/requests/{amina.id}", {"action": "approve"}, follow_redirects=True)
    assert "The request is approved" in _text(approved)
    twice = coordinator.post(f"/networks/dmk/requests/{amina.id}", {"action": "approve"}, follow_redirects=True)
    assert "already answered" in _text(twice)
    assert _refresh(store, "dmk")["member_count"] == 2  # the coordinator and Amina
    assert "Your request to join" in _text(amina.get("/notifications"))

    member(store, "Outsider Person", city=STUTTGART)
    listed = _text(amina.get("/networks/dmk/members"))
    assert "Amina" in listed and "Outsider Person" not in listed
    searched = _text(amina.get("/networks/dmk/members?q=amina"))
    assert "1 member found" in searched


def test_a_declined_request_shows_its_reason_and_may_be_renewed(app, store, people):
    dmk = network(store, "dmk")
    coordinator, karim = people("coordinator"), people("karim")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    karim.post("/networks/dmk/join", {"motivation": "Hello"})
    without_reason = coordinator.post(
        f"/networks/dmk/requests/{karim.id}", {"action": "decline"}, follow_redirects=True
    )
    assert "Say why the request is declined" in _text(without_reason)
    assert network_queries.pending_requests(store, dmk["id"])  # nothing half-done
    coordinator.post(f"/networks/dmk/requests/{karim.id}", {"action": "decline", "reason": "Residents of Germany only"})
    page = _text(karim.get("/networks/dmk"))
    assert "Your last request was declined." in page and "Residents of Germany only" in page
    renewed = karim.post("/networks/dmk/join", {"motivation": "I moved to Köln"}, follow_redirects=True)
    assert "Your request is sent" in _text(renewed)


def test_open_networks_and_leaving(app, store, people):
    network(store, "france", join_policy="open")
    amina = people("amina")
    joined = amina.post("/networks/france/join", follow_redirects=True)
    assert "Welcome to" in _text(joined)
    assert "You are a member" in _text(amina.get("/networks/france"))
    left = amina.post("/networks/france/leave", follow_redirects=True)
    assert "You left" in _text(left)
    assert _refresh(store, "france")["member_count"] == 0
    assert account_queries.member_by_id(store, amina.id)["network_ids"] == []


def test_invitations_by_email_work_once_for_that_address(app, store, people):
    dmk = network(store, "dmk", join_policy="invite")
    coordinator = people("coordinator")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    bad = coordinator.post(
        "/networks/dmk/invitations", {"kind": "email", "emails": "sara@example.org\nnot-an-address", "days": 7}
    )
    assert bad.status_code == 422 and "not-an-address" in _text(bad) and "sara@example.org" in _text(bad)
    sent = coordinator.post(
        "/networks/dmk/invitations",
        {"kind": "email", "emails": "sara@example.org\nSARA@example.org", "days": 7},
        follow_redirects=True,
    )
    assert "Invitations sent: 1." in _text(sent)
    (mail,) = _outbox(app)
    assert mail["To"] == "sara@example.org"
    link = next(line for line in mail.get_content().splitlines() if "/invitations/" in line).strip()
    path = link[link.index("/invitations/") :]

    assert people("karim").post(path).status_code == 409  # another address
    sara = people("sara")
    assert "Accept and join" in _text(sara.get(path))
    accepted = sara.post(path, follow_redirects=True)
    assert "Welcome to" in _text(accepted)
    assert dmk["id"] in account_queries.member_by_id(store, sara.id)["network_ids"]
    sara.post("/networks/dmk/leave")
    reused = sara.post(path)
    assert reused.status_code == 409 and "already used" in _text(reused)
    assert people("nobody").get("/invitations/not-a-real-token").status_code == 404


def test_link_invitations_expire_and_do_not_readmit_removed_members(app, store, people):
    dmk = network(store, "dmk", join_policy="invite")
    coordinator, amina, karim = people("coordinator"), people("amina"), people("karim")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    made = _text(coordinator.post("/networks/dmk/invitations", {"kind": "link", "days": 3}))
    path = made[made.index("/invitations/") :].split("<")[0].strip()
    assert "Welcome to" in _text(amina.post(path, follow_redirects=True))

    removed = coordinator.post(f"/networks/dmk/members/{amina.id}", {"action": "remove", "reason": "Inactive"})
    assert removed.status_code == 302
    back = amina.post(path)
    assert back.status_code == 409 and "You were removed from this network" in _text(back)
    assert "Inactive" in _text(amina.get("/notifications"))

    with app.test_request_context():
        token = new_invitation(store, dmk["id"], kind="link", email=None, days=-1, by=coordinator.id, now=now_ms())
    expired = karim.post(f"/invitations/{token}")
    assert expired.status_code == 409 and "expired" in _text(expired)
    assert dmk["id"] not in account_queries.member_by_id(store, karim.id)["network_ids"]


def test_bans_close_every_door_until_lifted(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator, amina = people("coordinator"), people("amina")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    amina.post("/networks/dmk/join")
    no_reason = coordinator.post(f"/networks/dmk/members/{amina.id}", {"action": "ban"}, follow_redirects=True)
    assert "Say why" in _text(no_reason)
    assert dmk["id"] in account_queries.member_by_id(store, amina.id)["network_ids"]
    coordinator.post(f"/networks/dmk/members/{amina.id}", {"action": "ban", "reason": "Spam"})
    assert dmk["id"] not in account_queries.member_by_id(store, amina.id)["network_ids"]
    refused = amina.post("/networks/dmk/join", follow_redirects=True)
    assert "closed it to you" in _text(refused)
    assert "Spam" in _text(coordinator.get("/networks/dmk/manage"))
    coordinator.post(f"/networks/dmk/members/{amina.id}", {"action": "lift_ban"})
    assert "Welcome to" in _text(amina.post("/networks/dmk/join", follow_redirects=True))
    assert amina.post(f"/networks/dmk/members/{coordinator.id}", {"action": "ban", "reason": "x"}).status_code == 403


def test_members_only_networks_hide_their_content(app, store, people):
    network(store, "journalists", visibility="members")
    outsider = people("outsider")
    page = _text(outsider.get("/networks/journalists"))
    assert "are for its members" in page
    assert outsider.get("/networks/journalists/members").status_code == 403
    assert app.test_client().get("/networks/journalists").status_code == 401
    assert app.test_client().get("/networks/unknown").status_code == 404


def test_announcements_reach_members_in_the_app_and_by_email(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator = people("coordinator")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    readers = [people(f"reader_{n}", locale=locale) for n, locale in enumerate(("ar", "fr", "en"))]
    for reader in readers:
        reader.post("/networks/dmk/join")
    empty = coordinator.post("/networks/dmk/announcements", {"title": "", "body": "Kept body"})
    assert empty.status_code == 422 and "Kept body" in _text(empty)
    published = coordinator.post(
        "/networks/dmk/announcements",
        {"title": "Forum in Rabat", "body": "Join us on 12 December.", "email": "y"},
        follow_redirects=True,
    )
    assert "sent by e-mail" in _text(published)
    assert "Forum in Rabat" in _text(readers[0].get("/notifications"))
    mails = _outbox(app)
    assert len(mails) == 3  # one per language
    recipients = sorted(address.strip() for mail in mails for address in mail["Bcc"].split(","))
    assert recipients == sorted([coordinator.email] + [r.email for r in readers])
    assert all("Forum in Rabat" in mail["Subject"] for mail in mails)
    frames = {mail.get_content().splitlines()[0] for mail in mails}
    assert len(frames) == 3  # the words around the announcement are in each reader's language


def test_exports_keep_arabic_and_hide_contact_details(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator, member_person = people("coordinator"), people("amina")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    amina = member(store, "Amina Benali", name_ar="أمينة", headline="=HYPERLINK(1)", city=STUTTGART)
    network_queries.join_open(store, dmk["id"], amina, now_ms())

    exported = coordinator.get("/networks/dmk/export.csv")
    assert exported.status_code == 200 and exported.headers["Content-Type"] == "text/csv; charset=utf-8"
    raw = exported.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3 and any("أمينة" in row for row in rows[1:])
    assert "'=HYPERLINK(1)" in [cell for row in rows for cell in row]
    assert "@example.org" not in raw.decode("utf-8-sig")
    coordinator_column = rows[0].index("Coordinator")
    marked = {row[0]: row[coordinator_column] for row in rows[1:]}
    assert marked == {coordinator.id: "yes", amina: ""}  # only the coordinator is marked

    workbook = openpyxl.load_workbook(io.BytesIO(coordinator.get("/networks/dmk/export.xlsx").get_data()))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "أمينة" in values
    table = list(workbook.active.iter_rows(values_only=True))
    coordinator_column = table[0].index("Coordinator")
    assert {row[0]: row[coordinator_column] for row in table[1:]} == {coordinator.id: "yes", amina: None}
    assert member_person.get("/networks/dmk/export.csv").status_code == 403
    assert coordinator.get("/networks/dmk/export.pdf").status_code == 404


def test_statistics_count_members_by_country_sector_and_label(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator, analyst = people("coordinator"), people("analyst", role="analyst")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    for n in range(3):
        someone = member(store, f"Member {n}", city=STUTTGART, sectors=["automotive"])
        network_queries.join_open(store, dmk["id"], someone, int(time.time() * 1000))
        label_queries.grant(
            store,
            id=f"grant-{n}",
            member=someone,
            label="identity_verified",
            network_id=None,
            by="admin",
            reason="card",
            now=1,
        )
    page = _text(coordinator.get("/networks/dmk/stats"))
    assert "Germany" in page and "Automotive" in page and "Identity verified" in page
    figures = network_queries.statistics(store, dmk["id"], 0)
    assert {row["item"]["id"]: row["n"] for row in figures["by_country"]} == {"DE": 3}
    assert figures["activity"]["members"] == 4
    assert analyst.get("/networks/dmk/stats").status_code == 200
    assert people("karim").get("/networks/dmk/stats").status_code == 403


def test_network_pages_in_arabic_are_right_to_left(app, store, people):
    network(store, "dmk")
    reader = people("reader", locale="ar")
    page = _text(reader.get("/networks/dmk"))
    assert 'dir="rtl"' in page and "شبكة dmk" in page
    assert "طلب الانضمام" in page or "الانضمام" in page


def test_announcements_for_label_holders_reach_only_them(app, store, people):
    dmk = network(store, "dmk", join_policy="open")
    coordinator, expert, other = people("coordinator"), people("expert"), people("other")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    for person in (expert, other):
        person.post("/networks/dmk/join")
    label_queries.grant(
        store, id="g", member=expert.id, label="network_expert", network_id=dmk["id"], by="x", reason="r", now=1
    )
    coordinator.post(
        "/networks/dmk/announcements",
        {"title": "Experts' workshop", "body": "For endorsed experts.", "labels": ["network_expert"], "email": "y"},
    )
    assert "Experts&#39; workshop" in _text(expert.get("/networks/dmk"))
    assert "Experts&#39; workshop" in _text(expert.get("/notifications"))
    assert "Experts&#39; workshop" not in _text(other.get("/networks/dmk"))
    assert "Experts&#39; workshop" not in _text(other.get("/notifications"))
    console = _text(coordinator.get("/networks/dmk/manage"))
    assert "for holders of: <bdi>Endorsed expert</bdi>" in console
    (mail,) = _outbox(app)
    assert mail["Bcc"].strip() == expert.email


def test_an_invited_newcomer_registers_and_comes_back_to_the_invitation(app, store, people):
    dmk = network(store, "dmk", join_policy="invite")
    coordinator = people("coordinator")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    coordinator.post("/networks/dmk/invitations", {"kind": "email", "emails": "newcomer@example.org", "days": 7})
    (mail,) = _outbox(app)
    link = next(line for line in mail.get_content().splitlines() if "/invitations/" in line).strip()
    path = link[link.index("/invitations/") :]
    browser = app.test_client()
    landing = _text(browser.get(path))
    assert "Log in, or create your account" in landing
    register_url = f"/register?next={path}"
    assert register_url in landing.replace("%2F", "/")
    token = csrf_token(browser, register_url)
    registered = browser.post(
        register_url,
        data={
            "csrf_token": token,
            "email": "newcomer@example.org",
            "display_name": "New Comer",
            "password": "a long enough passphrase 42",
            "confirm": "a long enough passphrase 42",
            "locale": "en",
            "consent": "y",
        },
    )
    assert registered.status_code == 200 and "Look in your inbox" in _text(registered)
    confirm = latest_link(app, "newcomer@example.org", "/register/confirm/")
    confirmed = browser.post(confirm, data={"csrf_token": csrf_token(browser, confirm)})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(path)  # back to the invitation
    accepted = browser.post(path, data={"csrf_token": csrf_token(browser, path)}, follow_redirects=True)
    assert "Welcome to" in _text(accepted)


@pytest.mark.falkordb_only  # a permission over the directory's statements, which run on both engines elsewhere
def test_the_directory_and_the_api_list_a_members_only_network_to_its_members_alone(app, store, people):
    journalists = network(store, "journalists", visibility="members", join_policy="open")
    insider, colleague, outsider = people("insider"), people("colleague"), people("outsider")
    for who in (insider, colleague):
        assert who.post("/networks/journalists/join").status_code == 302
    query = f"?network={journalists['id']}"
    assert outsider.get("/directory" + query).status_code == 403
    assert outsider.get("/api/v1/members" + query).status_code == 403
    assert insider.get("/directory" + query).status_code == 200
    listed = insider.get("/api/v1/members" + query).get_json()
    assert colleague.id in {item["id"] for item in listed["items"]}
    # the network facet does not count it for people who may not see its members
    outsider_facets = outsider.get("/api/v1/members").get_json()["facets"].get("network", [])
    insider_facets = insider.get("/api/v1/members").get_json()["facets"].get("network", [])
    assert journalists["id"] not in {f["id"] for f in outsider_facets}
    assert journalists["id"] in {f["id"] for f in insider_facets}
