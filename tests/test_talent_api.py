"""The talent watch through the API (staff only) and the pages it shares services with: a source refused with
the reason, tested without keeping anything, read; leads filtered by country with their sector and skills; an
alert on the priorities gives a notice after the run; two leads merged; decisions, a second one refused; the
department console counts leads per sector and country."""

import pytest

from app import talent
from app.accounts import deletion
from graph import imports as import_queries
from graph import notifications as notification_queries
from graph import segments as segment_queries
from graph import talent as talent_queries
from recommend.talent.pipeline import fingerprint
from tests import builders


@pytest.fixture
def callers(app, store):
    """Bearer headers of an analyst (with their second factor) and of a member, and the analyst's id."""
    for name in ("Youssef El Amrani", "Salma Bennani", "Karima Tazi"):
        builders.member(store, name)
    analyst = builders.staff(store, "Ana Lyst")
    member = builders.member(store, "Mona Member")
    return {"analyst": analyst, **builders.bearer_headers(app, store, {"staff": analyst, "member": member})}


def test_members_are_refused_the_talent_watch(client, callers):
    member = callers["member"]
    assert client.get("/api/v1/talent/leads", headers=member).status_code == 403
    assert client.get("/api/v1/talent/sources", headers=member).status_code == 403
    assert client.post("/api/v1/talent/alerts", json={"kind": "priorities"}, headers=member).status_code == 403
    assert client.get("/api/v1/talent/leads").status_code == 401


def test_staff_add_test_read_filter_merge_and_decide(app, store, client, callers):
    staff = callers["staff"]
    refused = client.post(
        "/api/v1/talent/sources", json={"name": "Le Desk", "kind": "feed", "location": "ftp://nowhere"}, headers=staff
    )
    assert refused.status_code == 422 and "location" in refused.get_json()["errors"]["json"]
    missing = {"name": " ", "kind": "csv", "location": "no-such-sample.csv"}
    assert client.post("/api/v1/talent/sources", json=missing, headers=staff).status_code == 404
    assert (
        client.post("/api/v1/talent/sources", json={"name": "x", "kind": "podcast"}, headers=staff).status_code == 422
    )
    created = client.post(
        "/api/v1/talent/sources", json={"name": "News FR", "kind": "feed", "location": "news_fr.xml"}, headers=staff
    )
    assert created.status_code == 201 and created.get_json()["last_run_at"] is None
    source_id = created.get_json()["id"]
    tried = client.post(f"/api/v1/talent/sources/{source_id}/test", headers=staff).get_json()
    assert tried["items"] == 24 and tried["leads"] and tried["error"] is None
    assert talent_queries.leads(store, ["new"])[1] == 0  # a test keeps nothing
    assert talent_queries.source(store, source_id)["last_run_at"] is None

    assert client.post("/api/v1/talent/alerts", json={"kind": "priorities"}, headers=staff).status_code == 201
    again = client.post("/api/v1/talent/alerts", json={"kind": "priorities"}, headers=staff)
    assert again.status_code == 409 and "already" in again.get_json()["message"]
    unseen = client.post("/api/v1/talent/alerts", json={"kind": "segment", "segment_id": "nope"}, headers=staff)
    assert unseen.status_code == 404
    segment_queries.add_priorities(store, {"countries": {"FR": 50, "CA": 50, "DE": 50}}, "x", "X", "", 1)
    with app.app_context():
        outcome = talent.run_all(store)[source_id]
    assert outcome["new"] > 0 and outcome["new"] == outcome["leads"]
    notices = [n for n in notification_queries.latest(store, callers["analyst"]) if n["notification"]["kind"]]
    alert = [n["notification"] for n in notices if n["notification"]["kind"] == "talent_alert"]
    assert len(alert) == 1 and alert[0]["count"] > 0  # one notice for the run, counting the matching leads

    page = client.get("/api/v1/talent/leads", headers=staff).get_json()
    assert page["total"] == outcome["leads"] and all(len(lead["skills"]) == 3 for lead in page["leads"])
    assert all(lead["evidence"] and lead["topics"] for lead in page["leads"])
    assert all(lead["country"] for lead in page["leads"])  # each text names a city abroad
    country = page["leads"][0]["country"]
    there = client.get(f"/api/v1/talent/leads?country={country}", headers=staff).get_json()
    assert {lead["country"] for lead in there["leads"]} == {country} and 0 < there["total"] < page["total"]
    assert client.get("/api/v1/talent/leads?status=whatever", headers=staff).status_code == 422

    keep, other = page["leads"][0]["id"], page["leads"][1]["id"]
    merged = client.post(f"/api/v1/talent/leads/{keep}/merge", json={"other": other}, headers=staff)
    assert merged.status_code == 200 and [lead["id"] for lead in merged.get_json()["merged"]] == [other]
    assert client.get(f"/api/v1/talent/leads/{other}", headers=staff).status_code == 404
    assert client.get("/api/v1/talent/leads", headers=staff).get_json()["total"] == page["total"] - 1
    assert client.post(f"/api/v1/talent/leads/{keep}/merge", json={"other": keep}, headers=staff).status_code == 409
    with app.app_context():
        talent_queries.save_source(store, {**talent_queries.source(store, source_id), "location": "news_fr.xml"}, 2)
        talent.run_all(store)  # read again (a new ETag-less file: read in full): the merged lead stays merged
    assert talent_queries.lead(store, other)["status"] == "merged"

    follow = client.post(f"/api/v1/talent/leads/{keep}/decision", json={"decision": "follow"}, headers=staff)
    assert follow.status_code == 200 and follow.get_json()["status"] == "follow"
    accepting = {"decision": "accept", "email": "found.in.public@example.org"}
    accept = client.post(f"/api/v1/talent/leads/{keep}/decision", json=accepting, headers=staff)
    assert accept.status_code == 200 and accept.get_json()["status"] == "accepted"
    contact = import_queries.contact(store, accept.get_json()["person_id"])  # a contact that can be invited
    assert contact["emails"] == ["found.in.public@example.org"]
    assert talent_queries.lead(store, keep)["person_id"] == contact["id"]
    twice = client.post(f"/api/v1/talent/leads/{keep}/decision", json={"decision": "reject"}, headers=staff)
    assert twice.status_code == 409 and talent_queries.lead(store, keep)["status"] == "accepted"
    wrong = client.post(f"/api/v1/talent/leads/{keep}/decision", json={"decision": "adopt"}, headers=staff)
    assert wrong.status_code == 422

    (mine,) = client.get("/api/v1/talent/alerts", headers=staff).get_json()
    assert client.delete(f"/api/v1/talent/alerts/{mine['id']}", headers=staff).status_code == 204
    assert client.delete(f"/api/v1/talent/alerts/{mine['id']}", headers=staff).status_code == 404


def test_an_erased_person_is_not_proposed_again(app, store, callers):
    member = builders.member(store, "Houda Berrada")
    talent_queries.save_source(store, {"id": "page", "name": "page", "kind": "page", "location": "portrait_fr.html"}, 1)
    with app.app_context():
        talent.run_all(store)
    (lead,) = [lead for lead in talent_queries.leads(store, ["new"])[0] if lead["name"] == "Houda Berrada"]
    talent_queries.accepted(store, lead["id"], member, 2)  # the imports' review said: this member
    with app.app_context():
        assert deletion.erase_member(store, member)
    assert talent_queries.lead(store, lead["id"]) is None
    assert talent_queries.rejected(store, [fingerprint(lead["name"], lead["url"])])
    with app.app_context():
        talent.run_all(store)  # sample files are read in full each time: the erased person is not proposed again
    assert "Houda Berrada" not in {lead["name"] for lead in talent_queries.leads(store, ["new", "follow"])[0]}
