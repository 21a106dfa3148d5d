"""Consent per purpose with its log, the record of processing, and the deletion of what is past its time."""

import pytest

from app import jobs
from graph import accounts as account_queries
from graph import consent as consent_queries

from .conftest import csrf_token
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
