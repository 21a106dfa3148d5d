"""Deleting an account: asked with the password, cancelled by logging in during the grace period, then
carried out by the retention job, after which nothing about the person is left: not in the graph, not in
Redis, not in the app's files; their messages stay in others' conversations as "deleted member"."""

import io
import json
import os
import zipfile

from PIL import Image

from app import jobs
from app.members import photos
from graph import accounts as account_queries
from graph import conversations as conversation_queries
from graph import events as event_queries
from graph import members as member_queries
from graph import networks as network_queries
from graph import notifications as notification_queries

from .builders import event, network
from .conftest import Auth, csrf_token
from .worker import run_jobs

SECRET_WORDS = "mon message très personnel"


def _ask_deletion(person, password=Auth.PASSWORD):
    return person.post("/account/delete", {"current": password, "understood": "y"})


def _run_retention(app):
    with app.app_context():
        job_id = jobs.enqueue("accounts.retention")
        run_jobs(app)
        return jobs.state(job_id)


def _a_picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _busy_member(app, store, people):
    """Amina, with something in every corner of the platform; and the people around her."""
    amina, karim, salma = people("amina"), people("karim"), people("salma")
    admin = people("admin", role="admin")
    dmk = network(store, "dmk", join_policy="open")
    for person in (amina, karim, salma):
        assert person.post("/networks/dmk/join").status_code == 302
    meetup = event(store, dmk["id"], capacity=1)
    assert amina.post(f"/events/{meetup['id']}/rsvp", {"action": "going"}).status_code == 302
    assert salma.post(f"/events/{meetup['id']}/rsvp", {"action": "going"}).status_code == 302  # waitlisted
    amina.post(f"/members/{karim.id}/connection", {"action": "request"})
    karim.post(f"/members/{amina.id}/connection", {"action": "accept"})
    started = amina.client.post(
        "/api/v1/conversations", json={"with": karim.id}, headers={"X-CSRFToken": csrf_token(amina.client)}
    )
    conversation = started.get_json()["id"]
    conversation_queries.send(store, conversation, karim.id, "k1", "Bonjour", 1)
    conversation_queries.send(store, conversation, amina.id, "a1", SECRET_WORDS, 2)
    conversation_queries.send(store, conversation, karim.id, "k2", "À bientôt", 3)
    project = {
        "title": "Tislitargan export",
        "summary": "Transformer et exporter l'huile d'argan des coopératives féminines de Taroudant.",
        "sector": "agriculture-agrifood",
        "region": "souss-massa",
        "stage": "creation",
        "amount_mad": "2500000",
        "jobs_planned": "25",
        "programmes": ["mdm_invest"],
    }
    assert amina.post("/projects/new", project).status_code == 302
    adviser = people("adviser", role="adviser")
    case = {
        "title": "Tislitargan financement",
        "description": SECRET_WORDS,
        "sector": "agriculture-agrifood",
        "region": "souss-massa",
        "stage": "idea",
        "help": ["programmes"],
    }
    case_id = amina.post("/guidance/new", case).headers["Location"].rsplit("/", 1)[1]
    amina.post(
        f"/guidance/cases/{case_id}/documents",
        {"document": (io.BytesIO(b"%PDF-1.4 " + amina.id.encode()), "plan.pdf")},
        content_type="multipart/form-data",
    )
    adviser.post(f"/guidance/cases/{case_id}/assign", {"adviser": adviser.id})
    adviser.post(f"/guidance/cases/{case_id}/write", {"text": "Dossier solide", "kind": "note"})
    adviser.post(f"/guidance/cases/{case_id}/conversation")
    assert adviser.get(f"/guidance/cases/{case_id}").status_code == 200  # an audited view of her case
    label = {"label-label": "identity_verified", "label-network": "department", "label-reason": "Card 1"}
    assert admin.post(f"/members/{amina.id}/labels", label).status_code == 302
    with app.app_context():
        member_queries.set_photo(store, amina.id, photos.store_photo(amina.id, photos.squared_jpeg(_a_picture())))
    amina.post("/account/privacy", {"suggestions": "y"})
    amina.post("/account/tokens", {"name": "my script"})
    assert admin.get("/admin/accounts?q=amina").status_code == 200
    Auth(app.test_client()).login(email=amina.email, password="a wrong password here")  # rate-limit keys
    amina.post("/account/data")
    run_jobs(app)  # her data download is prepared
    return amina, karim, salma, dmk, meetup, conversation


def test_a_member_downloads_everything_held_about_them(app, store, people):
    amina, karim, _salma, _dmk, _meetup, _conversation = _busy_member(app, store, people)
    page = amina.get("/account/data").get_data(as_text=True)
    token = page.split("/account/data/")[1].split('"')[0]
    download = amina.get(f"/account/data/{token}")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    held = json.loads(archive.read("jisr-data.json"))
    assert held["account"]["email"] == amina.email and "password_hash" not in held["account"]
    assert "session_ids" not in held["account"] and "tickets" not in json.dumps(held)
    kinds = {(r["type"], r["with"]["kind"]) for r in held["relationships"]}
    assert {("CONNECTED", "Member"), ("MEMBER_OF", "Network"), ("RSVP", "Event")} <= kinds
    assert [m["body"] for m in held["messages_written"]] == [SECRET_WORDS]  # hers, not Karim's
    assert {e["purpose"] for e in held["owned"]["ConsentEvent"]} >= {"privacy_notice", "campaigns"}
    assert held["owned"]["ApiToken"][0]["name"] == "my script" and "secret_hash" not in held["owned"]["ApiToken"][0]
    assert held["owned"]["GuidanceCase"][0]["title"] == "Tislitargan financement"
    assert "Dossier solide" in [e.get("text") for e in held["owned"]["CaseEntry"]]  # the unit's notes too
    assert held["owned"]["CaseDocument"][0]["name"] == "plan.pdf"
    assert any(a["action"] == "case.view" for a in held["staff_accesses"])
    readable = archive.read("jisr-data.html").decode()
    assert SECRET_WORDS in readable and "Karim" in readable
    assert karim.get(f"/account/data/{token}").status_code == 404  # hers alone
    assert amina.get("/account/data/" + "0" * 32).status_code == 404


def test_deletion_waits_for_the_grace_period_and_logging_in_cancels_it(app, store, people):
    amina = people("amina")
    wrong = _ask_deletion(amina, "not my password at all")
    assert wrong.status_code == 422 and "not your current password" in wrong.get_data(as_text=True)
    unticked = amina.post("/account/delete", {"current": Auth.PASSWORD})
    assert unticked.status_code == 422
    asked = _ask_deletion(amina)
    assert asked.status_code == 200 and "will be deleted on" in asked.get_data(as_text=True)
    assert amina.get("/account").status_code == 302  # logged out everywhere
    assert account_queries.member_by_id(store, amina.id)["status"] == "deleting"
    assert _run_retention(app)["status"] == "finished"
    assert account_queries.member_by_id(store, amina.id) is not None  # 14 days are not over
    back = Auth(amina.client).login(email=amina.email)
    assert back.status_code == 302
    assert "no longer to be deleted" in amina.get("/").get_data(as_text=True)
    assert account_queries.member_by_id(store, amina.id)["status"] == "active"


def _answer_a_campaign(app, store, people, amina) -> None:
    """The department sends a campaign to everyone (e-mail and notice); Amina, having allowed campaigns again,
    answers it in her own words."""
    amina.post("/account/privacy", {"suggestions": "y", "campaigns": "y"})
    analyst = people("omar", role="analyst")
    saved = analyst.post("/segments/save", {"name": "Everyone", "shared": "on"})
    texts = {f"{part}_{code}": f"{part} {code}" for part in ("subject", "body") for code in ("ar", "fr", "en")}
    created = analyst.post(
        "/campaigns/new",
        {
            "name": "Call",
            "segment": saved.headers["Location"].rsplit("/", 1)[1],
            "via": "direct",
            "channels": ["email", "app"],
            **texts,
        },
    )
    analyst.post(created.headers["Location"] + "/schedule", {"send_at": ""})
    run_jobs(app)
    notices = [row["notification"] for row in notification_queries.latest(store, amina.id)]
    token = next(notice["token"] for notice in notices if notice["kind"] == "campaign")
    reader = app.test_client()
    form = csrf_token(reader, f"/c/{token}")
    answered = reader.post(f"/c/{token}/answer", data={"csrf_token": form, "answer": "question", "text": SECRET_WORDS})
    assert answered.status_code == 200


def test_after_deletion_nothing_about_the_person_is_left_anywhere(app, store, people):
    amina, karim, salma, dmk, meetup, conversation = _busy_member(app, store, people)
    needles = [amina.id, amina.email, "Amina", SECRET_WORDS, "Tislitargan", "Card 1"]
    held = "MATCH (m:Member {id: $id}) RETURN size([(m)-[:LEADS]->(p) | p]) + size([(m)-[:HOLDS]->(g) | g]) AS n"
    assert store.read(held, id=amina.id) == [{"n": 2}] and os.listdir(os.path.join(app.instance_path, "photos"))
    _answer_a_campaign(app, store, people, amina)
    assert _ask_deletion(amina).status_code == 200
    store.write("MATCH (m:Member {id: $id}) SET m.deletion_due_at = 1", id=amina.id)  # 14 days later
    state = _run_retention(app)
    assert state["status"] == "finished"

    for row in store.read("MATCH (n) RETURN labels(n) AS labels, n AS props"):
        for key, value in row["props"].items():
            if "AuditEntry" in row["labels"] and key == "target":
                continue  # the append-only log keeps the bare id next to staff actions
            assert not any(needle in str(value) for needle in needles), (row["labels"], key, value)
    for row in store.read("MATCH ()-[r]->() RETURN type(r) AS type, r AS props"):
        assert not any(needle in str(row["props"]) for needle in needles), row
    handle = app.extensions["redis"]
    for key in handle.client.scan_iter(match=handle.prefix + "*"):
        assert not any(needle.encode() in key for needle in needles[:2]), key
        kind = handle.client.type(key).decode()
        content = {
            "string": lambda: handle.client.get(key),
            "set": lambda: b" ".join(handle.client.smembers(key)),
            "hash": lambda: b" ".join(k + b"=" + v for k, v in handle.client.hgetall(key).items()),
        }.get(kind, lambda: b"")()
        assert not any(needle.encode() in (content or b"") for needle in needles[:2]), key
    for folder, _dirs, files in os.walk(app.instance_path):
        for name in files:
            data = open(os.path.join(folder, name), "rb").read()
            assert not any(n.encode() in data for n in needles[:2]), os.path.join(folder, name)
    assert not os.listdir(os.path.join(app.instance_path, "photos"))

    messages = conversation_queries.latest(store, conversation, 50, [])
    assert [m["seq"] for m in messages] == [1, 2, 3]  # contiguous
    assert messages[1] == {"seq": 2, "at": 2, "sender_deleted": True}  # no text, no sender
    page = karim.get(f"/messages/{conversation}").get_data(as_text=True)
    assert "Deleted member" in page and SECRET_WORDS not in page
    assert event_queries.my_rsvp(store, meetup["id"], salma.id)["status"] == "going"  # moved up
    assert network_queries.by_id(store, dmk["id"])["member_count"] == 2
    assert karim.get(f"/members/{amina.id}").status_code == 404
