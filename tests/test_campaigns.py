"""Campaigns through a real SMTP server (aiosmtpd): written in three languages, each person receives their own,
once; bounces and refusals recorded, retries after a temporary refusal; one-click unsubscribe (RFC 8058);
reads, clicks, answers and relays tracked; refused when nobody can be reached; the monthly cap; a worker killed
mid-campaign resumes without sending anyone a second copy."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.campaigns import results as sending_results
from graph import accounts as account_queries
from graph import campaigns as campaign_queries
from graph import connections as connection_queries
from graph import consent as consent_queries
from graph import notifications as notification_queries
from tests import builders
from tests.smtp_server import SmtpServer
from tests.worker import run_jobs

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "subject_ar": "دعوة إلى برنامج الخبراء",
    "body_ar": "نبحث عن مهندسين في الطيران.",
    "subject_fr": "Invitation au programme d'experts",
    "body_fr": "Nous cherchons des ingénieurs en aéronautique.",
    "subject_en": "Invitation to the experts programme",
    "body_en": "We are looking for aeronautics engineers.",
}
SUBJECTS = {"ar": TEXTS["subject_ar"], "fr": TEXTS["subject_fr"], "en": TEXTS["subject_en"]}


@pytest.fixture
def smtp():
    """A real SMTP server for this test."""
    with SmtpServer() as server:
        yield server


@pytest.fixture
def app_overrides():
    """No throttling in the tests."""
    return {"CAMPAIGN_RATE": 0}


@pytest.fixture
def team(app, smtp, people):
    """An analyst and a member, registered (their confirmation mail read from the outbox); from then on the
    app sends through the test's SMTP server."""
    made = {"analyst": people("ana", role="analyst"), "friend": people("farid")}
    app.config["SMTP_URL"] = smtp.url
    return made


@pytest.fixture
def audience(store):
    """Eight engineers in Germany in a chain of connections: three read Arabic, three French, two English; one
    address bounces, one is refused for now the first time, one person refused the department's outreach."""
    people = []
    for n in range(8):
        member_id = builders.member(store, f"Engineer {n}", sectors=["aeronautics"], city=builders.STUTTGART)
        account_queries.set_locale(store, member_id, ("ar", "fr", "en")[n % 3] if n < 6 else "en")
        people.append(member_id)
    account_queries.set_email(store, people[1], "bounce1@example.org", "bounce1@example.org", 1)
    account_queries.set_email(store, people[2], "later2@example.org", "later2@example.org", 1)
    consent_queries.set_choices(store, people[7], {"suggestions": True, "campaigns": False, "analytics": True})
    pairs = [{"a": a, "b": b, "since": 1} for a, b in zip(people, people[1:])]
    connection_queries.connect_pairs(store, pairs)
    return people


def _email(store, member_id: str) -> str:
    return account_queries.member_by_id(store, member_id)["email"]


def _segment(analyst, name="Engineers", **criteria) -> str:
    saved = analyst.post("/segments/save", {"name": name, "shared": "on", **(criteria or {"sectors": "aeronautics"})})
    return saved.headers["Location"].rsplit("/", 1)[1]


def _campaign(analyst, segment_id: str, **extra) -> str:
    form = {"name": "Experts", "segment": segment_id, "via": "direct", "channels": ["email", "app"], **TEXTS}
    created = analyst.post("/campaigns/new", {**form, **extra})
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    return created.headers["Location"].rsplit("/", 1)[1]


def _links(message, path: str) -> list[str]:
    return re.findall(r"https?://[^/\s]+(/" + path + r"/[A-Za-z0-9_-]+)", message.get_content())


def _text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True))


def test_a_campaign_reaches_each_person_once_in_their_language_and_is_tracked(app, store, smtp, team, audience):
    analyst = team["analyst"]
    segment_id = _segment(analyst)
    missing = analyst.post("/campaigns/new", {"name": "Experts", "segment": segment_id, **TEXTS, "subject_ar": ""})
    assert missing.status_code == 422 and TEXTS["body_fr"] in missing.get_data(as_text=True)  # typed text kept
    campaign_id = _campaign(analyst, segment_id, link="/networks")
    preview = analyst.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert all(TEXTS[f"body_{code}"] in preview for code in ("ar", "fr", "en")) and 'dir="rtl"' in preview
    assert analyst.post(f"/campaigns/{campaign_id}/schedule", {"send_at": ""}).status_code == 302
    run_jobs(app)

    campaign = campaign_queries.get(store, campaign_id)
    assert campaign["status"] == "sent"
    for n, member_id in enumerate(audience):
        received = smtp.collector.to(_email(store, member_id))
        if n in (1, 7):  # bounced, or opted out
            assert received == []
            continue
        assert len(received) == 1, n  # the temporary refusal was retried, once accepted
        message = received[0]
        assert message["Subject"] == SUBJECTS[("ar", "fr", "en")[n % 3] if n < 6 else "en"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.match(r"<https?://[^>]+/u/[A-Za-z0-9_-]+>", message["List-Unsubscribe"])
    notices = notification_queries.latest(store, audience[0])
    assert notices[0]["notification"]["kind"] == "campaign"
    assert notices[0]["notification"]["subject"] == SUBJECTS["ar"]

    # the first engineer reads, follows the link and answers
    message = smtp.collector.to(_email(store, audience[0]))[0]
    (landing,) = _links(message, "c")
    reader = app.test_client()
    assert TEXTS["body_ar"] in reader.get(landing).get_data(as_text=True)
    assert reader.get(landing + "/go").headers["Location"].endswith("/networks")
    token = re.search(r'name="csrf_token" value="([^"]+)"', reader.get(landing).get_data(as_text=True)).group(1)
    unanswered = reader.post(landing + "/answer", data={"csrf_token": token, "text": "Call me on Monday"})
    assert unanswered.status_code == 422 and "Call me on Monday" in unanswered.get_data(as_text=True)
    answered = reader.post(landing + "/answer", data={"csrf_token": token, "answer": "interested", "text": "Monday"})
    assert answered.status_code == 200

    results = _text(analyst.get(f"/campaigns/{campaign_id}"))
    for name, value in (("Sent", 6), ("Bounced", 1), ("Read", 1), ("Clicked", 1), ("Answered", 1)):
        assert re.search(name + r"\s*" + str(value) + r"\b", results), name
    assert "Monday" in results

    # one click from the mail program: no cookie, no CSRF token
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    path = "/" + unsubscribe.split("/", 3)[3]
    done = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert consent_queries.current(store, audience[0])["campaigns"] is False
    assert consent_queries.history(store, audience[0])[0]["how"] == "unsubscribe"

    # unknown links say nothing about anyone
    for unknown in ("/c/" + "x" * 24, "/u/" + "x" * 24, "/r/" + "x" * 24, "/c/short", landing + "zz"):
        page = app.test_client().get(unknown)
        assert page.status_code == 404 and "This link is not valid" in page.get_data(as_text=True)


@pytest.mark.falkordb_only  # the sending statements run on Neo4j in the first test and tests/test_outreach_api.py
def test_the_monthly_cap_and_opted_out_segments_are_refused_with_the_reason(app, store, smtp, team, audience):
    analyst = team["analyst"]
    app.config["CAMPAIGN_MONTHLY_CAP"] = 1
    everyone = _segment(analyst)
    first = _campaign(analyst, everyone)
    analyst.post(f"/campaigns/{first}/schedule", {"send_at": ""})
    run_jobs(app)
    second = _campaign(analyst, everyone)
    analyst.post(f"/campaigns/{second}/schedule", {"send_at": ""})
    run_jobs(app)
    refused = campaign_queries.get(store, second)
    assert refused["status"] == "refused" and refused["error"] == "capped"
    assert "already received this month" in _text(analyst.get(f"/campaigns/{second}"))
    assert all(len(smtp.collector.to(_email(store, m))) <= 1 for m in audience)

    # a segment whose only member refused outreach cannot be scheduled; the campaign stays a draft
    consent_queries.set_choices(store, audience[0], {"suggestions": True, "campaigns": False, "analytics": True})
    only = builders.member(store, "Lonely", sectors=["legal-services"], city=builders.PARIS)
    consent_queries.set_choices(store, only, {"suggestions": True, "campaigns": False, "analytics": True})
    lawyers = _segment(analyst, "Lawyers", sectors="legal-services")
    draft = _campaign(analyst, lawyers)
    page = analyst.post(f"/campaigns/{draft}/schedule", {"send_at": ""}, follow_redirects=True)
    assert "opted out" in page.get_data(as_text=True)
    assert campaign_queries.get(store, draft)["status"] == "draft"
    nobody = _segment(analyst, "Nobody", sectors="legal-services", years_min="30", years_max="2")
    empty = _campaign(analyst, nobody)
    page = analyst.post(f"/campaigns/{empty}/schedule", {"send_at": ""}, follow_redirects=True)
    assert "Nobody matches" in page.get_data(as_text=True)


def test_relays_pass_the_campaign_on_and_arrivals_are_counted(app, store, smtp, team, audience):
    analyst = team["analyst"]
    segment_id = _segment(analyst)
    campaign_id = _campaign(analyst, segment_id, via="relays", relays_k="2")
    analyst.post(f"/campaigns/{campaign_id}/schedule", {"send_at": ""})
    run_jobs(app)
    results = campaign_queries.results(store, campaign_id)
    assert {row["role"] for row in results} == {"relay"} and sum(row["n"] for row in results) == 2
    relay_mail = next(m["message"] for m in smtp.collector.messages)
    (relay_link,) = _links(relay_mail, "r")
    content = relay_mail.get_content()  # in the relay's language
    assert any(words in content for words in ("Please pass it on", "Merci de le transmettre", "يُرجى نقلها"))
    stranger = app.test_client()
    assert "Log in to answer" in stranger.get(relay_link).get_data(as_text=True)
    friend = team["friend"]
    arrived = friend.get(relay_link)
    assert arrived.status_code == 302 and "/c/" in arrived.headers["Location"]
    assert friend.get(relay_link).headers["Location"] == arrived.headers["Location"]  # one arrival per person
    page = _text(analyst.get(f"/campaigns/{campaign_id}"))
    assert re.search(r"Came through a relay\s*1\b", page)


def _sender(app, campaign_id: str) -> subprocess.Popen:
    """A separate process sending the campaign (the worker's code), to be killed."""
    keys = ("GRAPH_URL", "REDIS_URL", "REDIS_PREFIX", "INSTANCE_PATH", "SECRET_KEY", "SMTP_URL", "DEFAULT_LOCALE")
    config = {key: app.config[key] for key in keys if app.config.get(key) is not None}
    config.update(TESTING=True, CAMPAIGN_RATE=40, SOCKETIO_MESSAGE_QUEUE=False)
    script = (
        "import json, os, sys; from app import create_app; from app.campaigns import sending; "
        "from app.extensions import store; a = create_app(json.loads(os.environ['CONFIG'])); "
        "c = a.test_request_context(base_url='http://localhost'); c.push(); "
        "sending.send(store(), sys.argv[1])"
    )
    env = {**os.environ, "CONFIG": json.dumps(config)}
    return subprocess.Popen([sys.executable, "-c", script, campaign_id], cwd=ROOT, env=env)


@pytest.mark.falkordb_only  # process and Redis behaviour; the statements run on Neo4j in the first test
def test_a_sender_killed_mid_campaign_resumes_without_a_second_copy(app, store, smtp, team):
    analyst = team["analyst"]
    members = [builders.member(store, f"Pilot {n}", sectors=["aeronautics"]) for n in range(60)]
    campaign_id = _campaign(analyst, _segment(analyst), channels=["email"])
    campaign_queries.update(store, campaign_id, {"status": "queued"})
    sender = _sender(app, campaign_id)
    deadline = time.monotonic() + 300
    while len(smtp.collector.messages) < 15 and time.monotonic() < deadline and sender.poll() is None:
        time.sleep(0.02)
    os.kill(sender.pid, signal.SIGKILL)
    sender.wait(timeout=30)
    accepted_before = len(smtp.collector.messages)
    assert 0 < accepted_before < 60  # killed mid-campaign
    with app.test_request_context(base_url="http://localhost"):
        from app.campaigns import sending

        assert sending.send(store, campaign_id)["state"] == "sent"
    counts = {}
    for item in smtp.collector.messages:
        counts[item["message"]["Message-ID"]] = counts.get(item["message"]["Message-ID"], 0) + 1
    assert set(counts.values()) == {1}  # nobody twice
    states = sending_results.summary(store, campaign_queries.get(store, campaign_id))["states"]
    # the kill may land while the server is taking one message: that one is unconfirmed, not sent again
    assert states["sent"] + states["unconfirmed"] == 60 and states["unconfirmed"] <= 1
    received = [len(smtp.collector.to(_email(store, m))) for m in members]
    assert set(received) <= {0, 1} and received.count(1) >= states["sent"]


def test_a_message_handed_to_the_server_without_a_recorded_answer_is_not_sent_again(app, store, smtp, team):
    analyst = team["analyst"]
    for n in range(3):
        builders.member(store, f"Navigator {n}", sectors=["aeronautics"])
    campaign_id = _campaign(analyst, _segment(analyst), channels=["email"])
    campaign_queries.update(store, campaign_id, {"status": "queued"})
    with app.test_request_context(base_url="http://localhost"):
        from app.campaigns import sending

        rows, _refusal = sending.recipients(store, campaign_queries.get(store, campaign_id))
        campaign_queries.add_deliveries(store, campaign_id, rows, 1)
        tokens = [row["token"] for row in rows]
        # as a worker killed mid-batch leaves it: three "sending"; one accepted, one handed over, one not yet
        campaign_queries.set_states(store, [{"token": t, "state": "sending", "detail": None} for t in tokens], 1)
        redis = app.extensions["redis"]
        redis.client.sadd(redis.key("campaign", campaign_id, "attempted"), tokens[0], tokens[1])
        redis.client.sadd(redis.key("campaign", campaign_id, "sent"), tokens[0])
        assert sending.send(store, campaign_id)["state"] == "sent"
    states = sending_results.summary(store, campaign_queries.get(store, campaign_id))["states"]
    assert (states["sent"], states["unconfirmed"], states["queued"]) == (2, 1, 0)
    assert len(smtp.collector.messages) == 1  # only the one never handed over
    assert smtp.collector.messages[0]["message"]["Message-ID"].startswith(f"<{tokens[2]}")
    page = _text(analyst.get(f"/campaigns/{campaign_id}"))
    assert re.search(r"Interrupted while the mail server was taking them.*\s*1\b", page)
