"""Consent per purpose with its log, the record of processing, and the deletion of what is past its time."""

import time

import pytest

from app import jobs
from graph import accounts as account_queries
from graph import consent as consent_queries

from .conftest import Auth, csrf_token
from .mailbox import outbox
from .worker import run_jobs


def test_the_consent_log_shows_registration_and_every_change_of_choice(app, people, store):
    amina = people("amina")
    page = amina.get("/account/privacy").get_data(as_text=True)
    assert "registration form" in page and app.config["PRIVACY_NOTICE_VERSION"] in page
    assert page.count("checked") == 3  # everything optional is on until withdrawn
    token = csrf_token(amina.client, "/account/privacy")
    saved = amina.client.post("/account/privacy", data={"csrf_token": token, "suggestions": "y"})
    assert saved.status_code == 302
    assert consent_queries.current(store, amina.id) == {"suggestions": True, "campaigns": False, "analytics": False}
    log = consent_queries.history(store, amina.id)
    assert [(e["purpose"], e["given"], e["how"]) for e in log[:2]] == [
        ("campaigns", False, "settings"),
        ("analytics", False, "settings"),
    ] or [(e["purpose"], e["given"]) for e in log[:2]] == [("analytics", False), ("campaigns", False)]
    assert (log[-1]["purpose"], log[-1]["given"], log[-1]["how"]) == ("privacy_notice", True, "registration")
    again = amina.client.post("/account/privacy", data={"csrf_token": token, "suggestions": "y"})
    assert again.status_code == 302 and len(consent_queries.history(store, amina.id)) == 3  # nothing changed
    shown = amina.get("/account/privacy").get_data(as_text=True)
    assert shown.count("withdrawn") == 2 and shown.count("checked") == 1


@pytest.mark.parametrize("locale", ["ar", "fr", "en"])
def test_the_record_of_processing_is_public_in_three_languages(client, locale):
    page = client.get("/privacy/record", headers={"Accept-Language": locale})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and ('dir="rtl"' in text) == (locale == "ar")
    marker = {"ar": "سجل المعالجة", "fr": "Registre des traitements", "en": "Record of processing"}[locale]
    assert marker in text and "donnees-personnelles@jisr.example" in text


def test_unconfirmed_registrations_are_deleted_after_a_week_by_the_retention_job(app, client, auth, store):
    auth.register(email="late@example.org", follow_mail=False)
    auth.register(email="recent@example.org", follow_mail=False)
    late = account_queries.member_by_email(store, "late@example.org")
    store.write("MATCH (m:Member {id: $id}) SET m.created_at = 1", id=late["id"])
    with app.app_context():
        job_id = jobs.enqueue("accounts.retention")
        run_jobs(app)
        assert jobs.state(job_id)["status"] == "finished"
    assert account_queries.member_by_email(store, "late@example.org") is None
    assert consent_queries.history(store, late["id"]) == []
    assert account_queries.member_by_email(store, "recent@example.org")["status"] == "pending"


def test_unused_accounts_are_warned_then_deleted_unless_their_owner_comes_back(app, store, people):
    sleeper, returner, active = people("sleeper"), people("returner"), people("active")
    four_years_ago = 1_700_000_000_000 - 4 * 365 * 86_400_000
    for person in (sleeper, returner):
        store.write("MATCH (m:Member {id: $id}) SET m.last_active_at = $at", id=person.id, at=four_years_ago)
    before = len(outbox(app))
    assert _run(app)["warned"] == 2
    warned = [m for m in outbox(app)[before:] if "will be deleted" in m["Subject"]]
    assert sorted(m["To"] for m in warned) == sorted([sleeper.email, returner.email])
    assert _run(app)["warned"] == 0  # warned once
    Auth(returner.client).logout()
    assert Auth(returner.client).login(email=returner.email).status_code == 302  # comes back in time
    month_ago = "MATCH (m:Member) WHERE m.inactivity_warned_at IS NOT NULL SET m.inactivity_warned_at = $at"
    store.write(month_ago, at=int(time.time() * 1000) - 31 * 86_400_000)
    counts = _run(app)
    assert counts["unused_deleted"] == 1
    assert account_queries.member_by_id(store, sleeper.id) is None
    assert store.read("MATCH (m:Member {id: $id}) RETURN m.inactivity_warned_at AS w", id=returner.id) == [{"w": None}]
    assert account_queries.member_by_id(store, active.id) is not None


def test_imported_contacts_are_deleted_when_their_imports_retention_ends(app, store):
    now = int(time.time() * 1000)
    store.write(
        "CREATE (:ImportBatch {id: 'old', retention_days: 30}), (:ImportBatch {id: 'new', retention_days: 3650}), "
        "(:Contact {id: 'c-old', status: 'contact', name: 'Old Contact'}), "
        "(:Contact {id: 'c-both', status: 'contact', name: 'Kept By Newer'}), "
        "(:ImportRecord {id: 'old:1', batch_id: 'old', person_id: 'c-old', values: '{\"n\": 1}', at: $long_ago}), "
        "(:ImportRecord {id: 'old:2', batch_id: 'old', person_id: 'c-both', values: '{}', at: $long_ago}), "
        "(:ImportRecord {id: 'new:1', batch_id: 'new', person_id: 'c-both', values: '{}', at: $now})",
        long_ago=now - 40 * 86_400_000,
        now=now,
    )
    assert _run(app)["contacts"] == 1
    left = [row["id"] for row in store.read("MATCH (c:Contact) RETURN c.id AS id ORDER BY id")]
    assert left == ["c-both"]
    record = store.read("MATCH (x:ImportRecord {id: 'old:1'}) RETURN x.values AS v, x.person_id AS p")[0]
    assert record == {"v": "{}", "p": None}  # the row still counts in its import, without its values


def _run(app) -> dict:
    with app.app_context():
        job_id = jobs.enqueue("accounts.retention")
        run_jobs(app)
        state = jobs.state(job_id)
    assert state["status"] == "finished", state
    return state["result"]
