"""Projects, mentoring, guidance cases and opportunities through the API: the same permissions, checks and
services as the pages (real app and graph)."""

from datetime import date, timedelta

from graph import cases as case_queries
from graph import opportunities as opportunity_queries

from .builders import bearer_headers, member, staff

PROJECT = {
    "title": "Clinique de rééducation",
    "summary": "Une clinique à Agadir.",
    "sector": "health",
    "region": "souss-massa",
    "stage": "creation",
    "kind": "creation",
    "investment_mad": 2_000_000,
    "own_funds_mad": 600_000,
    "foreign_funds_mad": 500_000,
    "mre_share_pct": 100,
    "residence": "abroad",
    "programmes": ["mdm_invest"],
}


def _callers(app, store):
    ids = {
        "leader": member(store, "Leila Leader"),
        "mentor": member(store, "Mona Mentor", skills=["cardiology"], sectors=["health"], languages=["fr"]),
        "other": member(store, "Omar Other"),
        "adviser": staff(store, "Adam Adviser", role="adviser"),
        "rep": member(store, "Rachid Rep"),
    }
    return ids, bearer_headers(app, store, ids)


def test_projects_mentoring_and_eligibility(app, store, client):
    ids, headers = _callers(app, store)
    made = client.post("/api/v1/projects", json=PROJECT, headers=headers["leader"])
    assert made.status_code == 201
    project = made.get_json()
    assert project["leader_id"] == ids["leader"] and project["investment_mad"] == 2_000_000
    assert (
        client.post("/api/v1/projects", json={**PROJECT, "sector": "space"}, headers=headers["leader"]).status_code
        == 404
    )
    contradiction = client.post(
        "/api/v1/projects", json={**PROJECT, "own_funds_mad": 3_000_000}, headers=headers["leader"]
    )
    assert contradiction.status_code == 409 and "Own funds cannot be more" in contradiction.get_json()["message"]
    assert client.post("/api/v1/projects", json={"title": "x"}, headers=headers["leader"]).status_code == 422
    listed = client.get("/api/v1/projects?q=reeducation", headers=headers["other"]).get_json()
    assert listed["total"] == 1 and listed["projects"][0]["id"] == project["id"]
    eligibility = client.get(f"/api/v1/projects/{project['id']}/eligibility", headers=headers["leader"]).get_json()
    mdm = next(a for a in eligibility["assessments"] if a["programme_id"] == "mdm_invest")
    assert mdm["verdict"] == "eligible" and mdm["plan"]["grant_mad"] == 200_000
    assert client.get(f"/api/v1/projects/{project['id']}/eligibility", headers=headers["other"]).status_code == 403
    changed = client.put(
        f"/api/v1/projects/{project['id']}",
        json={**PROJECT, "investment_mad": 900_000, "own_funds_mad": 300_000, "foreign_funds_mad": 300_000},
        headers=headers["leader"],
    )
    assert changed.status_code == 200 and changed.get_json()["investment_mad"] == 900_000
    assert client.put(f"/api/v1/projects/{project['id']}", json=PROJECT, headers=headers["other"]).status_code == 403
    store.write(
        "MATCH (m:Member {id: $id}) SET m.mentor_open = true, m.mentor_capacity = 2, "
        "m.mentor_skill_ids = ['cardiology'], m.mentor_sector_ids = ['health']",
        id=ids["mentor"],
    )
    asked = client.post(
        f"/api/v1/projects/{project['id']}/mentoring-requests",
        json={"skills": ["Cardiology"], "sectors": ["health"], "languages": ["fr"]},
        headers=headers["leader"],
    )
    assert asked.status_code == 201 and asked.get_json()["skill_ids"] == ["cardiology"]
    mentors = client.get(f"/api/v1/mentoring-requests/{asked.get_json()['id']}/mentors", headers=headers["leader"])
    assert [m["id"] for m in mentors.get_json()] == [ids["mentor"]]
    assert any(r["code"] == "skills" for r in mentors.get_json()[0]["reasons"])
    assert (
        client.get(f"/api/v1/mentoring-requests/{asked.get_json()['id']}/mentors", headers=headers["other"]).status_code
        == 403
    )
    assert client.get("/api/v1/mentorships", headers=headers["leader"]).get_json() == []
    assert client.get("/api/v1/mentorships/nope", headers=headers["leader"]).status_code == 404
    request_id = asked.get_json()["id"]
    invitation = {"mentor_id": ids["mentor"], "message": "Bonjour"}
    assert (
        client.post(
            f"/api/v1/mentoring-requests/{request_id}/invitations", json=invitation, headers=headers["other"]
        ).status_code
        == 403
    )
    invited = client.post(
        f"/api/v1/mentoring-requests/{request_id}/invitations", json=invitation, headers=headers["leader"]
    )
    assert invited.status_code == 201 and invited.get_json()["status"] == "invited"
    mentorship_id = invited.get_json()["id"]
    assert (
        client.post(
            f"/api/v1/mentoring-requests/{request_id}/invitations", json=invitation, headers=headers["leader"]
        ).status_code
        == 409
    )  # once
    assert (
        client.post(
            f"/api/v1/mentorships/{mentorship_id}/answer", json={"accept": True}, headers=headers["leader"]
        ).status_code
        == 403
    )  # the mentor answers
    accepted = client.post(
        f"/api/v1/mentorships/{mentorship_id}/answer", json={"accept": True}, headers=headers["mentor"]
    )
    assert accepted.get_json()["status"] == "active"
    closed = client.post(
        f"/api/v1/mentorships/{mentorship_id}/close", json={"outcome": "goals_met"}, headers=headers["leader"]
    )
    assert closed.get_json()["status"] == "closed" and closed.get_json()["outcome"] == "goals_met"
    rated = client.post(f"/api/v1/mentorships/{mentorship_id}/rating", json={"rating": 5}, headers=headers["mentor"])
    assert rated.get_json()["mentor_rating"] == 5
    assert (
        client.post(
            f"/api/v1/mentorships/{mentorship_id}/rating", json={"rating": 1}, headers=headers["mentor"]
        ).status_code
        == 409
    )
    mine = client.get("/api/v1/mentorships", headers=headers["mentor"]).get_json()
    assert [m["id"] for m in mine] == [mentorship_id] and mine[0]["project_title"] == "Clinique de rééducation"


def test_cases_through_the_api(app, store, client):
    ids, headers = _callers(app, store)
    body = {
        "title": "Séchage de figues",
        "description": "Unité solaire.",
        "sector": "agriculture-agrifood",
        "region": "fes-meknes",
        "stage": "idea",
        "help": ["orientation"],
    }
    opened = client.post("/api/v1/cases", json=body, headers=headers["leader"])
    assert opened.status_code == 201
    case_id = opened.get_json()["case"]["id"]
    assert client.post("/api/v1/cases", json={**body, "region": "mars"}, headers=headers["leader"]).status_code == 404
    assert client.post("/api/v1/cases", json={**body, "help": []}, headers=headers["leader"]).status_code == 422
    assert client.get(f"/api/v1/cases/{case_id}", headers=headers["other"]).status_code == 403
    early = client.post(f"/api/v1/cases/{case_id}/step", json={"step": "applications"}, headers=headers["adviser"])
    assert early.status_code == 409
    assert (
        client.post(
            f"/api/v1/cases/{case_id}/assign", json={"adviser_id": ids["other"]}, headers=headers["adviser"]
        ).status_code
        == 404
    )
    assigned = client.post(
        f"/api/v1/cases/{case_id}/assign", json={"adviser_id": ids["adviser"]}, headers=headers["adviser"]
    )
    assert assigned.get_json()["case"]["step"] == "orientation"
    client.post(
        f"/api/v1/cases/{case_id}/entries", json={"kind": "note", "text": "Interne"}, headers=headers["adviser"]
    )
    client.post(f"/api/v1/cases/{case_id}/entries", json={"kind": "note", "text": "Ma note"}, headers=headers["leader"])
    seen = client.get(f"/api/v1/cases/{case_id}", headers=headers["leader"]).get_json()
    texts = [e["text"] for e in seen["entries"]]
    assert "Interne" not in texts and "Ma note" in texts  # a leader's "note" is an update everyone reads
    queue = client.get("/api/v1/guidance/queue", headers=headers["adviser"]).get_json()
    assert queue["total"] == 1 and queue["cases"][0]["id"] == case_id
    assert client.get("/api/v1/guidance/queue", headers=headers["leader"]).status_code == 403
    closed = client.post(f"/api/v1/cases/{case_id}/step", json={"step": "closed"}, headers=headers["adviser"])
    assert closed.get_json()["case"]["step"] == "closed"
    assert (
        client.post(f"/api/v1/cases/{case_id}/step", json={"step": "closed"}, headers=headers["adviser"]).status_code
        == 409
    )
    assert [c["id"] for c in client.get("/api/v1/cases", headers=headers["leader"]).get_json()] == [case_id]
    assert case_queries.by_id(store, case_id)["case"]["first_answered_at"] is not None


def test_opportunities_through_the_api(app, store, client):
    ids, headers = _callers(app, store)
    opportunity_queries.grant(store, ids["rep"], "usmba-fes", ids["adviser"], 0)
    body = {
        "kind": "teaching",
        "title": "Cours de cardiologie",
        "description": "Un semestre.",
        "skills": ["Cardiology"],
        "sectors": ["health"],
        "languages": ["fr"],
        "remote": True,
        "deadline": (date.today() + timedelta(days=10)).isoformat(),
    }
    assert (
        client.post("/api/v1/institutions/usmba-fes/opportunities", json=body, headers=headers["other"]).status_code
        == 403
    )
    late = client.post(
        "/api/v1/institutions/usmba-fes/opportunities", json={**body, "deadline": "2020-01-01"}, headers=headers["rep"]
    )
    assert late.status_code == 409
    posted = client.post("/api/v1/institutions/usmba-fes/opportunities", json=body, headers=headers["rep"])
    assert posted.status_code == 201
    opportunity_id = posted.get_json()["id"]
    board = client.get("/api/v1/opportunities?kind=teaching", headers=headers["mentor"]).get_json()
    assert board["total"] == 1
    suggested = client.get(f"/api/v1/opportunities/{opportunity_id}/suggestions", headers=headers["rep"]).get_json()
    assert suggested[0]["id"] == ids["mentor"]
    assert (
        client.get(f"/api/v1/opportunities/{opportunity_id}/suggestions", headers=headers["mentor"]).status_code == 403
    )
    said = client.post(
        f"/api/v1/opportunities/{opportunity_id}/interest", json={"note": "Oui"}, headers=headers["other"]
    )
    assert said.get_json() == {"state": "interested"}
    chosen = client.post(
        f"/api/v1/opportunities/{opportunity_id}/choice", json={"member_id": ids["mentor"]}, headers=headers["rep"]
    )
    assert chosen.get_json()["status"] == "filled" and chosen.get_json()["chosen_id"] == ids["mentor"]
    assert (
        client.post(f"/api/v1/opportunities/{opportunity_id}/interest", json={}, headers=headers["leader"]).status_code
        == 409
    )
    institutions = client.get("/api/v1/institutions", headers=headers["leader"]).get_json()
    assert any(i["id"] == "usmba-fes" for i in institutions)
