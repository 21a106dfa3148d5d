"""Projects, the project directory, mentoring requests and the mentors suggested for them (real app and graph)."""

import re

import pytest

from graph import connections as connection_queries
from graph import members as member_queries
from graph import mentorships as mentorship_queries
from graph import networks as network_queries
from graph import projects as project_queries
from graph.cypher import Cypher
from recommend import mentors

from .builders import member, network

AGRI, SOUSS = "agriculture-agrifood", "souss-massa"
PROJECT = {
    "title": "Coopérative d'huile d'argan",
    "summary": "Transformer et exporter l'huile d'argan des coopératives féminines de Taroudant.",
    "sector": AGRI,
    "region": SOUSS,
    "stage": "creation",
    "amount_mad": "2500000",
    "jobs_planned": "25",
    "programmes": ["mdm_invest", "tremplin_maroc"],
}


def _create(person, **changes):
    return person.post("/projects/new", {**PROJECT, **changes})


def _mentor(store, name, skills=(), sectors=(), languages=("fr",), capacity=2, mentees=0, years=10, **extra):
    member_id = member(
        store, name, skills=skills, sectors=sectors, languages=languages, years_experience=years, **extra
    )
    member_queries.open_to_mentoring(store, [{"id": member_id, "capacity": capacity}])
    store.write("MATCH (m:Member {id: $id}) SET m.mentee_count = $n", id=member_id, n=mentees)
    return member_id


def test_a_leader_describes_a_project_and_members_find_it(app, store, people):
    leader, reader = people("leader", locale="fr"), people("reader")
    made = _create(leader)
    assert made.status_code == 302
    project_id = made.headers["Location"].rsplit("/", 1)[1]
    page = reader.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Coopérative d&#39;huile d&#39;argan" in page and "Souss-Massa" in page and "MDM Invest" in page
    assert '<bdi dir="ltr">2,500,000</bdi>' in page  # the reader's English; isolated, so it keeps its order in Arabic
    assert "Ask for mentoring" not in page and "Edit the project" not in page
    in_arabic = people("qari", locale="ar").get(f"/projects/{project_id}").get_data(as_text=True)
    assert '<bdi dir="ltr">2,500,000</bdi>' in in_arabic and 'dir="rtl"' in in_arabic
    assert '<bdi dir="ltr">2\u202f500\u202f000</bdi>' in leader.get(f"/projects/{project_id}").get_data(as_text=True)
    listing = reader.get("/projects?q=cooperative ARGAN").get_data(as_text=True)  # accents and case forgiven
    assert "Coopérative d&#39;huile" in listing and "1 project" in listing
    assert "No project matches" in reader.get("/projects?q=aéronautique").get_data(as_text=True)
    by_stage = reader.get("/projects?stage=creation&programme=mdm_invest").get_data(as_text=True)
    assert "1 project" in by_stage and "Company being created" in by_stage
    assert "No project matches" in reader.get("/projects?stage=idea").get_data(as_text=True)


def test_the_project_form_keeps_what_was_typed_and_names_each_problem(store, people):
    leader = people("leader")
    bad = _create(leader, title="  ", sector="", stage="", amount_mad="-5")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422
    for message in ("Give the project a title.", "Choose a sector.", "Choose a stage.", "Enter an amount in dirhams."):
        assert message in text
    assert "Transformer et exporter" in text  # the summary typed is still there
    unknown = _create(leader, city="Atlantis")
    assert unknown.status_code == 422 and "We do not know this city" in unknown.get_data(as_text=True)
    assert project_queries.led_by(store, leader.id) == []


def test_only_the_leader_and_the_department_edit_a_project(store, people):
    leader, other, admin = people("leader"), people("other"), people("admin", role="admin")
    project_id = _create(leader).headers["Location"].rsplit("/", 1)[1]
    assert other.get(f"/projects/{project_id}/edit").status_code == 403
    assert other.get(f"/projects/{project_id}/mentoring").status_code == 403
    assert admin.get(f"/projects/{project_id}/mentoring").status_code == 403  # only the leader asks in their name
    form = leader.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert "Transformer et exporter" in form
    assert leader.post(f"/projects/{project_id}/edit", {**PROJECT, "stage": "growth"}).status_code == 302
    assert (
        admin.post(
            f"/projects/{project_id}/edit", {**PROJECT, "stage": "growth", "title": "Argan Taroudant"}
        ).status_code
        == 302
    )
    found = project_queries.by_id(store, project_id)
    assert found["project"]["stage"] == "growth" and found["project"]["title"] == "Argan Taroudant"
    assert found["leader"]["id"] == leader.id
    assert other.get("/projects/not-a-project").status_code == 404


def test_a_mentoring_request_brings_ranked_mentors_with_their_reasons(store, people):
    leader = people("leader")
    project_id = _create(leader).headers["Location"].rsplit("/", 1)[1]
    best = _mentor(
        store, "Best Fit", skills=("fundraising", "food-safety"), sectors=(AGRI,), years=15, availability="remote"
    )
    partial = _mentor(store, "Partial Fit", skills=("fundraising",), years=3)
    full = _mentor(store, "Already Full", skills=("fundraising", "food-safety"), sectors=(AGRI,), capacity=1, mentees=1)
    closed = member(store, "Not Mentoring", skills=("fundraising", "food-safety"), sectors=(AGRI,))
    blocked = _mentor(store, "Blocked Mentor", skills=("fundraising", "food-safety"), sectors=(AGRI,))
    connection_queries.block(store, leader.id, blocked, 1)
    connection_queries.connect_pairs(store, [{"a": leader.id, "b": partial, "since": 1}])
    blank = leader.get(f"/projects/{project_id}/mentoring").get_data(as_text=True)  # starts from the project's sector
    assert re.search(f'<input checked id="sectors-\\d+" name="sectors" type="checkbox" value="{AGRI}">', blank)
    bad = leader.post(
        f"/projects/{project_id}/mentoring",
        {"skills": ", ".join(f"s{n}" for n in range(11)), "format": "remote", "duration_weeks": "0"},
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Name at most 10 skills." in text and "Choose at least one language." in text
    assert "Enter a number between 1 and 104." in text and "s10" in text
    asked = leader.post(
        f"/projects/{project_id}/mentoring",
        {
            "skills": "Levée de fonds, food safety",
            "sectors": [AGRI],
            "languages": ["fr"],
            "format": "remote",
            "duration_weeks": "12",
            "note": "Surtout la levée de fonds.",
        },
    )
    assert asked.status_code == 302
    page = leader.get(f"/projects/{project_id}").get_data(as_text=True)
    suggested = page.split("Suggested mentors")[1]
    assert suggested.index("Best Fit") < suggested.index("Partial Fit")
    for absent in ("Already Full", "Not Mentoring", "Blocked Mentor"):
        assert absent not in suggested
    best_line = suggested.split("Best Fit")[1].split("</li>")[0]
    assert (
        "Skills asked: <bdi>Fundraising</bdi> and <bdi>Food safety</bdi>" in best_line
        and "Works in <bdi>Agriculture and agri-food</bdi>" in best_line
    )
    assert "15 years of experience" in best_line and "Available remotely" in best_line
    assert "Already one of your connections" in suggested.split("Partial Fit")[1].split("</li>")[0]
    for absent_id in (full, closed, blocked):
        assert f"/members/{absent_id}" not in suggested
    assert f"/members/{best}" in suggested and f"/members/{partial}" in suggested
    assert "Suggested mentors" not in people("reader").get(f"/projects/{project_id}").get_data(as_text=True)


@pytest.mark.graph_free
def test_ranking_spreads_requests_over_mentors_and_prefers_a_shared_language():
    request = {"skill_ids": ["a", "b"], "sector_ids": ["s"], "language_ids": ["ar"], "format": "remote"}
    base = {
        "skill_ids": ["a", "b"],
        "sector_ids": ["s"],
        "years_experience": 10,
        "availability": "remote",
        "mentor_capacity": 4,
    }
    free = {**base, "id": "free", "display_name": "Free", "language_ids": ["ar"], "mentee_count": 0}
    busy = {**base, "id": "busy", "display_name": "Busy", "language_ids": ["ar"], "mentee_count": 3}
    foreign = {**base, "id": "foreign", "display_name": "Foreign", "language_ids": ["de"], "mentee_count": 0}
    full = {**base, "id": "full", "display_name": "Full", "language_ids": ["ar"], "mentee_count": 4}
    ranked = mentors.rank(request, [busy, foreign, full, free], {}, [])
    assert [s.member["id"] for s in ranked] == ["free", "busy", "foreign"]
    assert ("load", {"load": 3, "capacity": 4}) in ranked[1].reasons
    assert not any(code == "languages" for code, _ in ranked[2].reasons)


def test_the_profile_says_whether_a_member_mentors_and_how_many(store, people):
    from .test_profiles import _form

    amina = people("amina")
    assert 'name="mentor_open"' in amina.get("/profile/edit").get_data(as_text=True)
    assert not member_queries.profile(store, amina.id)["member"].get("mentor_open")
    too_many = amina.client.post("/profile/edit", data=_form(amina.client, mentor_open="y", mentor_capacity="40"))
    assert too_many.status_code == 422 and "Enter a number between 1 and 10." in too_many.get_data(as_text=True)
    skill = {"skills-0-name": "Fundraising"}
    saved = amina.client.post("/profile/edit", data=_form(amina.client, mentor_open="y", mentor_capacity="3", **skill))
    assert saved.status_code == 302
    profile = member_queries.profile(store, amina.id)["member"]
    assert profile["mentor_open"] is True and profile["mentor_capacity"] == 3
    assert [m["id"] for m in project_queries.mentor_candidates(store, "someone", ["fundraising"], [])] == [amina.id]
    assert amina.client.post("/profile/edit", data=_form(amina.client, mentor_capacity="3", **skill)).status_code == 302
    assert project_queries.mentor_candidates(store, "someone", ["fundraising"], []) == []  # no longer mentoring


def _notification_kinds(store, member_id):
    """The kinds of the member's notifications, newest first."""
    from graph import notifications as notification_queries

    return [row["notification"]["kind"] for row in notification_queries.latest(store, member_id)]


def test_a_mentorship_from_invitation_to_ratings(app, store, people):
    leader, mentor, other = people("leader"), people("mentor"), people("other")
    store.write("MATCH (m:Member {id: $id}) SET m.skill_ids = ['fundraising'], m.language_ids = ['fr']", id=mentor.id)
    member_queries.open_to_mentoring(store, [{"id": mentor.id, "capacity": 1}])
    project_id = _create(leader).headers["Location"].rsplit("/", 1)[1]
    leader.post(
        f"/projects/{project_id}/mentoring",
        {"skills": "fundraising", "languages": ["fr"], "format": "remote", "duration_weeks": "8"},
    )
    (asked,) = project_queries.requests(store, project_id)
    page = leader.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f"/mentoring-requests/{asked['id']}/invite/{mentor.id}" in page
    assert other.post(f"/mentoring-requests/{asked['id']}/invite/{mentor.id}").status_code == 403
    sent = leader.post(f"/mentoring-requests/{asked['id']}/invite/{mentor.id}", {"message": "Votre aide ?"})
    assert sent.status_code == 302
    again = leader.post(f"/mentoring-requests/{asked['id']}/invite/{mentor.id}", follow_redirects=True)
    assert "already invited" in again.get_data(as_text=True)
    assert _notification_kinds(store, mentor.id) == ["mentor_invited"]
    # invited, the mentor is listed as such and no longer suggested (issue 14, defect 9)
    page = leader.get(f"/projects/{project_id}").get_data(as_text=True)
    suggested = page.split("Suggested mentors")[1].split("</ol>")[0]
    assert f"/members/{mentor.id}" not in suggested and "Mentor</a> · Invited" in page
    mentorship_id = mentorship_queries.mine(store, mentor.id)[0]["mentorship"]["id"]
    assert other.get(f"/mentorships/{mentorship_id}").status_code == 403
    assert leader.post(f"/mentorships/{mentorship_id}/answer", {"decision": "accept"}).status_code == 403
    view = mentor.get(f"/mentorships/{mentorship_id}").get_data(as_text=True)
    assert "Votre aide ?" in view and "Send my answer" in view
    assert mentor.post(f"/mentorships/{mentorship_id}/answer", {"decision": "accept", "message": "Avec plaisir"})
    assert _notification_kinds(store, leader.id) == ["mentorship_active"]
    assert (
        member_queries.profile(store, mentor.id)["member"]
        and store.read("MATCH (m:Member {id: $id}) RETURN m.mentee_count AS n", id=mentor.id)[0]["n"] == 1
    )
    suggested = leader.get(f"/projects/{project_id}").get_data(as_text=True).split("Suggested mentors")[1]
    assert f"/members/{mentor.id}" not in suggested  # at capacity: no longer suggested
    bad = leader.post(f"/mentorships/{mentorship_id}/sessions", {"on": "", "notes": ""}, follow_redirects=True)
    assert "Give the date of the session." in bad.get_data(as_text=True)
    assert leader.post(f"/mentorships/{mentorship_id}/sessions", {"on": "2026-11-20", "notes": "Plan de levée"})
    assert mentor.post(f"/mentorships/{mentorship_id}/sessions", {"on": "2026-11-27", "notes": "Pitch revu"})
    view = leader.get(f"/mentorships/{mentorship_id}").get_data(as_text=True)
    assert view.index("Plan de levée") < view.index("Pitch revu") and "November 20, 2026" in view
    assert leader.post(f"/mentorships/{mentorship_id}/rate", {"rating": "5"}).status_code == 403  # not closed yet
    assert mentor.post(f"/mentorships/{mentorship_id}/close", {"outcome": "goals_met"}).status_code == 302
    assert store.read("MATCH (m:Member {id: $id}) RETURN m.mentee_count AS n", id=mentor.id)[0]["n"] == 0
    assert "mentorship_closed" in _notification_kinds(store, leader.id)
    assert leader.post(f"/mentorships/{mentorship_id}/rate", {"rating": "9"}, follow_redirects=True).status_code == 200
    assert leader.post(f"/mentorships/{mentorship_id}/rate", {"rating": "5", "comment": "Merci !"}).status_code == 302
    assert mentor.post(f"/mentorships/{mentorship_id}/rate", {"rating": "4"}).status_code == 302
    final = mentorship_queries.by_id(store, mentorship_id)["mentorship"]
    assert (final["status"], final["outcome"], final["leader_rating"], final["mentor_rating"]) == (
        "closed",
        "goals_met",
        5,
        4,
    )
    assert "already rated" in leader.post(
        f"/mentorships/{mentorship_id}/rate", {"rating": "1"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "You mentor Leader" in mentor.get("/mentoring").get_data(as_text=True)


def test_the_leader_sees_institutions_and_other_projects_as_partners(store, people):
    leader, peer, stranger = people("leader"), people("peer"), people("stranger")
    project_id = _create(leader).headers["Location"].rsplit("/", 1)[1]
    _create(peer, title="Séchoir solaire de figues", stage="growth")  # same sector and region, a step ahead
    _create(stranger, title="Studio d'animation", sector="digital-offshoring", region="oriental", stage="idea")
    page = leader.get(f"/projects/{project_id}").get_data(as_text=True)
    partners = page.split("Partners for this project")[1]
    assert "Tamwilcom" in partners and "Institut Agronomique et Vétérinaire Hassan II" in partners
    assert "Séchoir solaire de figues" in partners and "A step ahead: Growth" in partners
    assert "Studio d&#39;animation" not in partners
    assert "Partners for this project" not in peer.get(f"/projects/{project_id}").get_data(as_text=True)


def test_coordinators_see_the_pipeline_of_their_networks_and_match_by_hand(store, people):

    dmk = network(store, "dmk", join_policy="open")
    leader, outsider_leader, coordinator, analyst, member = (
        people("leader"),
        people("outsider"),
        people("coordinator"),
        people("analyst", role="analyst"),
        people("member"),
    )
    network_queries.join_open(store, dmk["id"], leader.id, 1)
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    mentor = _mentor(store, "Mentor Fit", skills=("fundraising",), sectors=(AGRI,))
    for who, title in ((leader, "Projet du réseau"), (outsider_leader, "Projet hors réseau")):
        project_id = _create(who, title=title).headers["Location"].rsplit("/", 1)[1]
        who.post(
            f"/projects/{project_id}/mentoring",
            {"skills": "fundraising", "languages": ["fr"], "format": "remote", "duration_weeks": "6"},
        )
    assert member.get("/mentoring/pipeline").status_code == 403
    mine = coordinator.get("/mentoring/pipeline").get_data(as_text=True)
    assert "Projet du réseau" in mine and "Projet hors réseau" not in mine and "Invite Mentor Fit" in mine
    everything = analyst.get("/mentoring/pipeline").get_data(as_text=True)
    assert "Projet du réseau" in everything and "Projet hors réseau" in everything
    assert "Invite Mentor Fit" not in everything  # analysts see, they do not match
    request_id = project_queries.requests(store, project_queries.led_by(store, leader.id)[0]["id"])[0]["id"]
    other_request = project_queries.requests(store, project_queries.led_by(store, outsider_leader.id)[0]["id"])[0]["id"]
    assert coordinator.post(f"/mentoring-requests/{other_request}/match/{mentor}").status_code == 403
    assert coordinator.post(f"/mentoring-requests/{request_id}/match/{mentor}").status_code == 302
    after = coordinator.get("/mentoring/pipeline").get_data(as_text=True)
    assert "Invitation sent" in after and "Invite Mentor Fit" not in after
    assert _notification_kinds(store, leader.id) == ["mentor_matched"]


def test_closeness_counts_shared_contacts_and_says_who_is_connected(store):
    leader, friend, mentor, contact, stranger = (member(store, name) for name in ("L", "F", "M", "C", "S"))
    connection_queries.connect_pairs(
        store,
        [
            {"a": leader, "b": friend, "since": 1},
            {"a": friend, "b": mentor, "since": 1},
            {"a": leader, "b": contact, "since": 1},
            {"a": contact, "b": mentor, "since": 1},
            {"a": friend, "b": contact, "since": 1},
        ],
    )
    near = project_queries.closeness(store, leader, [mentor, contact, stranger])
    assert near[mentor] == {"id": mentor, "mutual": 2, "connected": False}
    assert near[contact] == {"id": contact, "mutual": 1, "connected": True}  # the friend links them too
    assert near[stranger] == {"id": stranger, "mutual": 0, "connected": False}


def test_every_mentor_with_a_skill_asked_and_a_shortlist_of_those_only_in_the_sector(store):
    skilled = _mentor(store, "Skilled", skills=("fundraising",), sectors=(AGRI,), languages=("de",), years=1)
    speaks = _mentor(store, "Speaks", sectors=(AGRI,), languages=("fr",), years=2)
    senior = _mentor(store, "Senior", sectors=(AGRI,), languages=("de",), years=30)
    _mentor(store, "Full", sectors=(AGRI,), languages=("fr",), years=40, capacity=1, mentees=1)

    def found(shortlist):
        rows = project_queries.mentor_candidates(store, "x", ["fundraising"], [AGRI], ["fr"], shortlist=shortlist)
        return [row["id"] for row in rows]

    assert found(1) == [skilled, speaks]  # the skill always counts; then who speaks French, before seniority
    assert found(5) == [skilled, speaks, senior]  # never someone without room for a mentee


def _city_of(store, response):
    project_id = response.headers["Location"].rsplit("/", 1)[1]
    found = project_queries.by_id(store, project_id)
    return found["city"]["name"], store.read(CITY_COUNTRY, id=found["project"]["city_id"])[0]["country"]


def test_project_cities_are_moroccan_first_and_a_beginning_is_refused_not_guessed(store, people):
    """Issue 14, defect 6: "Ouj" was saved in Fuzhou, "Oujda" found Jeddah first, "Tanger" Tangerang."""
    leader = people("leader")
    refused = _create(leader, city="Ouj")
    assert refused.status_code == 422
    assert "We do not know this city. Did you mean Oujda" in refused.get_data(as_text=True)
    assert _city_of(store, _create(leader, city="Oujda")) == ("Oujda", "MA")
    assert _city_of(store, _create(leader, city="Tanger")) == ("Tangier", "MA")
    assert _city_of(store, _create(leader, city="وجدة")) == ("Oujda", "MA")
    suggested = leader.get("/api/v1/reference/cities?q=Tanger&prefer=MA").get_json()
    assert suggested[0]["name"] == "Tangier" and suggested[0]["country"] == "MA"
    assert leader.get("/api/v1/reference/cities?q=Ouj&prefer=MAR").status_code == 422


CITY_COUNTRY = Cypher("MATCH (c:City {id: $id}) RETURN c.country AS country")
