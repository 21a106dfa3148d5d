"""The outreach API (staff only): counts with problems explained, segments, ranked members and relays under
the small-cell rule, versioned priorities, campaigns drafted and scheduled or refused with the reason."""

import pytest

from graph import connections as connection_queries
from graph import consent as consent_queries
from tests import builders

TEXTS = {code: {"subject": f"Subject {code}", "body": f"Body {code}"} for code in ("ar", "fr", "en")}


@pytest.fixture
def callers(app, store):
    """Bearer headers of an analyst (with their second factor) and of a member; ten engineers in a chain."""
    engineers = [
        builders.member(store, f"Engineer {n}", sectors=["aeronautics"], city=builders.STUTTGART, years_experience=n)
        for n in range(10)
    ]
    connection_queries.connect_pairs(store, [{"a": a, "b": b, "since": 1} for a, b in zip(engineers, engineers[1:])])
    analyst = builders.staff(store, "Ana Lyst")
    member = builders.member(store, "Mona Member")
    return builders.bearer_headers(app, store, {"staff": analyst, "member": member})


def test_members_are_refused_every_outreach_resource(client, callers):
    member = callers["member"]
    assert client.get("/api/v1/segments", headers=member).status_code == 403
    assert client.post("/api/v1/segments/count", json={}, headers=member).status_code == 403
    assert client.get("/api/v1/priorities", headers=member).status_code == 403
    valid = {"name": "Call", "segment_id": "any", "texts": TEXTS}
    assert client.post("/api/v1/campaigns", json=valid, headers=member).status_code == 403
    assert client.get("/api/v1/campaigns", headers=member).status_code == 403


def test_segments_count_list_rank_and_choose_relays(client, callers):
    staff = callers["staff"]
    counted = client.post("/api/v1/segments/count", json={"sectors": ["aeronautics"]}, headers=staff).get_json()
    assert counted["counts"]["total"] == 10 and counted["problems"] == []
    contradiction = client.post(
        "/api/v1/segments/count", json={"sectors": ["aeronautics"], "years_min": 8, "years_max": 2}, headers=staff
    ).get_json()
    assert contradiction["counts"]["total"] == 0 and "nobody can match" in contradiction["problems"][0]
    bad = client.post("/api/v1/segments/count", json={"years_min": "many"}, headers=staff)
    assert bad.status_code == 422
    created = client.post(
        "/api/v1/segments",
        json={"name": "Engineers", "criteria": {"sectors": ["aeronautics"], "skills": ["no-such-skill"]}},
        headers=staff,
    )
    assert created.status_code == 201 and "no-such-skill" in created.get_json()["problems"][0]
    segment_id = created.get_json()["id"]
    assert created.get_json()["criteria"] == {"sectors": ["aeronautics"]}
    assert [s["id"] for s in client.get("/api/v1/segments", headers=staff).get_json()] == [segment_id]
    assert client.get(f"/api/v1/segments/{segment_id}", headers=staff).get_json()["counts"]["total"] == 10
    ranked = client.get(f"/api/v1/segments/{segment_id}/members", headers=staff).get_json()
    assert ranked["total"] == 10 and all(item["reasons"] is not None for item in ranked["items"])
    chosen = client.get(f"/api/v1/segments/{segment_id}/relays?k=2&steps=2", headers=staff).get_json()
    assert chosen["covered"] == 10 and chosen["unreached"] == 0 and len(chosen["relays"]) == 2
    assert chosen["connected_coverage"] <= chosen["covered"]
    small = client.post("/api/v1/segments", json={"name": "Few", "criteria": {"years_min": 8}}, headers=staff)
    assert client.get(f"/api/v1/segments/{small.get_json()['id']}/members", headers=staff).status_code == 409
    assert client.get("/api/v1/segments/nope", headers=staff).status_code == 404


def test_priorities_are_checked_and_versioned(client, callers):
    staff = callers["staff"]
    assert client.get("/api/v1/priorities", headers=staff).get_json()["version"] is None
    unknown = client.put(
        "/api/v1/priorities",
        json={"weights": [{"dimension": "sectors", "value": "nowhere", "weight": 2}]},
        headers=staff,
    )
    assert unknown.status_code == 200 and "nowhere" in unknown.get_json()["problems"][0]
    assert unknown.get_json()["weights"] == {} and unknown.get_json()["version"] == 1
    saved = client.put(
        "/api/v1/priorities",
        json={
            "weights": [
                {"dimension": "sectors", "value": "aeronautics", "weight": 2},
                {"dimension": "sectors", "value": "health", "weight": 0},
            ],
            "note": "n",
        },
        headers=staff,
    )
    assert saved.status_code == 200 and saved.get_json()["version"] == 2
    assert saved.get_json()["weights"] == {"sectors": {"aeronautics": 2.0}}


def test_campaigns_are_drafted_scheduled_or_refused_with_the_reason(client, callers, store):
    staff = callers["staff"]
    segment_id = client.post(
        "/api/v1/segments", json={"name": "Engineers", "criteria": {"sectors": ["aeronautics"]}}, headers=staff
    ).get_json()["id"]
    two_languages = {"name": "Call", "segment_id": segment_id, "texts": {k: TEXTS[k] for k in ("ar", "fr")}}
    assert client.post("/api/v1/campaigns", json=two_languages, headers=staff).status_code == 422
    outside = {"name": "Call", "segment_id": segment_id, "texts": TEXTS, "link": "//evil.example"}
    assert client.post("/api/v1/campaigns", json=outside, headers=staff).status_code == 422
    created = client.post(
        "/api/v1/campaigns", json={"name": "Call", "segment_id": segment_id, "texts": TEXTS}, headers=staff
    )
    assert created.status_code == 201 and created.get_json()["status"] == "draft"
    campaign_id = created.get_json()["id"]
    scheduled = client.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={}, headers=staff)
    assert scheduled.status_code == 200 and scheduled.get_json()["status"] in ("queued", "sending", "sent")
    again = client.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={}, headers=staff)
    assert again.status_code == 409

    lawyer = builders.member(store, "Lonely Lawyer", sectors=["legal-services"])
    consent_queries.set_choices(store, lawyer, {"suggestions": True, "campaigns": False, "analytics": True})
    lawyers = client.post(
        "/api/v1/segments", json={"name": "Lawyers", "criteria": {"sectors": ["legal-services"]}}, headers=staff
    ).get_json()["id"]
    draft = client.post("/api/v1/campaigns", json={"name": "L", "segment_id": lawyers, "texts": TEXTS}, headers=staff)
    refused = client.post(f"/api/v1/campaigns/{draft.get_json()['id']}/schedule", json={}, headers=staff)
    assert refused.status_code == 409 and refused.get_json()["errors"]["reason"] == "opted_out"


def test_a_campaign_scheduled_for_later_is_sent_by_the_dispatcher_when_due(app, client, callers, store):
    from app.campaigns import sending
    from graph import campaigns as campaign_queries
    from tests.worker import run_jobs

    staff = callers["staff"]
    segment_id = client.post(
        "/api/v1/segments", json={"name": "Engineers", "criteria": {"sectors": ["aeronautics"]}}, headers=staff
    ).get_json()["id"]
    body = {"name": "Later", "segment_id": segment_id, "texts": TEXTS, "channels": ["app"]}
    campaign_id = client.post("/api/v1/campaigns", json=body, headers=staff).get_json()["id"]
    later = sending.now_ms() + 3_600_000
    scheduled = client.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={"send_at": later}, headers=staff)
    assert scheduled.get_json()["status"] == "scheduled" and scheduled.get_json()["send_at"] == later
    with app.test_request_context():
        assert sending.dispatch(store) == []  # not due yet
        campaign_queries.update(store, campaign_id, {"send_at": sending.now_ms() - 1})  # an hour later
        assert sending.dispatch(store) == [campaign_id]
        assert sending.dispatch(store) == []  # taken once
    run_jobs(app)
    done = client.get(f"/api/v1/campaigns/{campaign_id}", headers=staff).get_json()
    assert done["status"] == "sent" and done["results"]["states"]["sent"] == 10
