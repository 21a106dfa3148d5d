"""The coordinators' cohort page: every waiting request of their networks matched at once, adjusted, and
the invitations sent (real app and graph)."""

from graph import members as member_queries
from graph import mentorships as mentorship_queries
from graph import networks as network_queries
from graph import projects as project_queries

from .builders import member, network
from .test_projects import _create, _notification_kinds


def _mentor(store, name, skills, years, employer=None):
    member_id = member(store, name, skills=skills, languages=("fr",), years_experience=years, employer=employer)
    member_queries.open_to_mentoring(store, [{"id": member_id, "capacity": 1}])
    return member_id


def _request(store, person, title, skill):
    project_id = _create(person, title=title).headers["Location"].rsplit("/", 1)[1]
    answer = person.post(
        f"/projects/{project_id}/mentoring",
        {"skills": skill, "languages": ["fr"], "format": "remote", "duration_weeks": "6"},
    )
    assert answer.status_code == 302
    return project_queries.requests(store, project_id)[0]["id"]


def _cohort(store, people):
    dmk = network(store, "dmk", join_policy="open")
    exporter, fundraiser, outsider, coordinator = (
        people("exporter"),
        people("fundraiser"),
        people("outsider"),
        people("coordinator"),
    )
    for leader in (exporter, fundraiser):
        network_queries.join_open(store, dmk["id"], leader.id, 1)
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    both = _mentor(
        store, "Mentor Both", ("international-trade", "fundraising"), years=20
    )  # the best for either request
    only_export = _mentor(store, "Mentor Export", ("international-trade",), years=5)
    colleague = _mentor(store, "Mentor Colleague", ("fundraising",), years=25, employer="OCP Group")
    employer_key = store.read("MATCH (m:Member {id: $id}) RETURN m.employer_key AS k", id=colleague)[0]["k"]
    store.write("MATCH (m:Member {id: $id}) SET m.employer_key = $k", id=fundraiser.id, k=employer_key)
    requests = {
        "export": _request(store, exporter, "Export d'huile", "International trade and export"),
        "fundraising": _request(store, fundraiser, "Levée de fonds", "fundraising"),
        "outsider": _request(store, outsider, "Hors réseau", "International trade and export"),
    }
    for age, request_id in enumerate(requests.values()):  # the export request is the oldest
        store.write("MATCH (r:MentoringRequest {id: $id}) SET r.created_at = $at", id=request_id, at=1000 + age)
    return coordinator, requests, {"both": both, "export": only_export, "colleague": colleague}, (exporter, fundraiser)


def test_a_coordinator_matches_every_waiting_request_at_once(store, people):
    coordinator, requests, mentors, leaders = _cohort(store, people)
    page = coordinator.get("/mentoring/cohort").get_data(as_text=True)
    assert "Export d&#39;huile" in page and "Levée de fonds" in page and "Hors réseau" not in page
    # one at a time, the export request takes the best mentor and the fundraising one is left without
    assert "2 of 2 requests" in page and "1 of 2 requests" in page
    assert f'<option value="{mentors["export"]}" selected>' in page
    assert f'<option value="{mentors["both"]}" selected>' in page
    assert f'value="{mentors["colleague"]}"' not in page  # the leader's employer: never offered
    assert "Skills asked: <bdi>Fundraising</bdi>" in page
    assert "Match every waiting request at once" in coordinator.get("/mentoring/pipeline").get_data(as_text=True)

    sent = coordinator.post(
        "/mentoring/cohort",
        {f"mentor-{requests['export']}": mentors["export"], f"mentor-{requests['fundraising']}": mentors["both"]},
    )
    assert sent.status_code == 302
    assert "2 invitations sent." in coordinator.get("/mentoring/cohort").get_data(as_text=True)
    invited = {
        row["request"]["id"]: [m["status"] for m in row["mentorships"] if m and m.get("status")]
        for row in mentorship_queries.pipeline(store, True, [])
    }
    assert invited[requests["export"]] == ["invited"] and invited[requests["fundraising"]] == ["invited"]
    assert invited[requests["outsider"]] == []
    for leader in leaders:
        assert _notification_kinds(store, leader.id) == ["mentor_matched"]
    assert "No request you may match is waiting" in coordinator.get("/mentoring/cohort").get_data(as_text=True)


def test_choices_the_page_did_not_offer_are_refused_and_said(store, people):
    coordinator, requests, mentors, _leaders = _cohort(store, people)
    answer = coordinator.post(
        "/mentoring/cohort",
        {
            f"mentor-{requests['fundraising']}": mentors["colleague"],  # a conflict of interest
            f"mentor-{requests['outsider']}": mentors["export"],  # not a request this coordinator may match
            "mentor-no-such-request": mentors["both"],
            f"mentor-{requests['export']}": "",  # nobody for now
        },
    )
    assert answer.status_code == 302
    page = coordinator.get("/mentoring/cohort").get_data(as_text=True)
    assert "3 choices could not be sent" in page and "invitation sent" not in page
    assert not [
        m for row in mentorship_queries.pipeline(store, True, []) for m in row["mentorships"] if m and m["status"]
    ]
    nothing = coordinator.post("/mentoring/cohort", {f"mentor-{requests['export']}": ""})
    assert nothing.status_code == 302
    assert "No mentor was chosen: nothing was sent." in coordinator.get("/mentoring/cohort").get_data(as_text=True)


def test_only_the_department_and_coordinators_open_the_cohort(store, people):
    _coordinator, requests, mentors, _leaders = _cohort(store, people)
    member_page = people("someone").get("/mentoring/cohort")
    assert member_page.status_code == 403
    choice = {f"mentor-{requests['export']}": mentors["export"]}
    assert people("someone").post("/mentoring/cohort", choice).status_code == 403
    analyst = people("analyst", role="analyst").get("/mentoring/cohort").get_data(as_text=True)
    assert "No request you may match is waiting" in analyst  # analysts see the pipeline, they do not match
    admin = people("admin", role="admin").get("/mentoring/cohort").get_data(as_text=True)
    assert "Hors réseau" in admin and "3 of 3 requests" not in admin  # two mentors with room for three requests
