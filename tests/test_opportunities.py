"""The opportunity board: staff add an institution and its representative, who posts an opportunity and gets
experts suggested with reasons; members see what fits them and say they are interested; the representative
shortlists and chooses; an expired opportunity takes no answer; the outcome is counted (real app and graph)."""

from datetime import date, timedelta

from graph import notifications as notification_queries
from graph import opportunities as opportunity_queries

from .builders import member

NEXT_MONTH = (date.today() + timedelta(days=30)).isoformat()
OPPORTUNITY = {
    "kind": "mission",
    "title": "Mission d'appui au service de cardiologie",
    "description": "Deux semaines pour former l'équipe aux nouvelles techniques de rythmologie.",
    "skills": "Cardiology, Hospital management",
    "sectors": ["health"],
    "languages": ["fr"],
    "place": "CHU de Fès",
    "remote": "no",
    "duration_weeks": "2",
    "deadline": NEXT_MONTH,
}


def _post(representative, institution="usmba-fes", **changes):
    return representative.post(f"/institutions/{institution}/opportunities/new", {**OPPORTUNITY, **changes})


def _kinds(store, member_id):
    return [row["notification"]["kind"] for row in notification_queries.latest(store, member_id)]


def _board(store, people):
    """An administrator, a representative of the University of Fès, and experts of several fits."""
    admin, rep = people("boss", role="admin"), people("rachid")
    admin.post("/institutions/usmba-fes/representatives", {"email": rep.email})
    experts = {
        "cardiologist": member(
            store,
            "Dr Amal Cardio",
            skills=["cardiology", "hospital-management"],
            sectors=["health"],
            languages=["fr"],
            availability="short_mission",
            years_experience=15,
        ),
        "junior": member(store, "Jamal Junior", skills=["cardiology"], languages=["en"], years_experience=2),
        "unavailable": member(store, "Nora Busy", skills=["cardiology"], availability="none"),
        "hidden": member(store, "Hind Hidden", skills=["cardiology"], visibility="connections"),
        "engineer": member(store, "Omar Engineer", skills=["python"], sectors=["digital-offshoring"]),
    }
    return admin, rep, experts


def test_staff_add_an_institution_and_make_a_member_its_representative(store, people):
    admin, rep = people("boss", role="admin"), people("rachid")
    assert rep.get("/institutions/new").status_code == 403
    missing = admin.post("/institutions/new", {"name": "", "kind": "regional-investment-centre", "country": "MA"})
    assert missing.status_code == 422 and "Give the institution" in missing.get_data(as_text=True)
    made = admin.post(
        "/institutions/new",
        {"name": "CRI Souss-Massa", "name_ar": "", "kind": "regional-investment-centre", "country": "MA"},
    )
    assert made.status_code == 302 and made.headers["Location"].endswith("/institutions/cri-souss-massa")
    again = admin.post("/institutions/new", {"name": "CRI  Souss Massa", "kind": "ministry", "country": "MA"})
    assert again.status_code == 422 and "exists already" in again.get_data(as_text=True)
    unknown = admin.post(
        "/institutions/cri-souss-massa/representatives", {"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "No active member has this e-mail address." in unknown.get_data(as_text=True)
    admin.post("/institutions/cri-souss-massa/representatives", {"email": rep.email})
    page = rep.get("/institutions/cri-souss-massa").get_data(as_text=True)
    assert "Rachid" in page and "Post an opportunity" in page
    found = rep.get("/institutions?q=cri souss").get_data(as_text=True)
    assert "1 institution" in found and "CRI Souss-Massa" in found
    assert "Université Sidi Mohamed Ben Abdellah" in rep.get("/institutions?q=universite sidi").get_data(as_text=True)
    admin.post(f"/institutions/cri-souss-massa/representatives/{rep.id}/revoke")
    assert rep.get("/institutions/cri-souss-massa/opportunities/new").status_code == 403


def test_a_representative_posts_and_picks_an_expert_from_the_suggestions(store, people):
    admin, rep, experts = _board(store, people)
    assert people("stranger").get("/institutions/usmba-fes/opportunities/new").status_code == 403
    late = _post(rep, deadline="2020-01-01", skills="a, b, c, d, e, f, g, h, i, j, k")
    text = late.get_data(as_text=True)
    assert late.status_code == 422 and "The last day to answer has passed" in text and "Name at most 10 skills." in text
    assert "Mission d&#39;appui au service de cardiologie" in text  # what was typed stays
    made = _post(rep)
    assert made.status_code == 302
    opportunity_id = made.headers["Location"].rsplit("/", 1)[1]
    page = rep.get(f"/opportunities/{opportunity_id}").get_data(as_text=True)
    suggested = page.split("Suggested experts")[1]
    assert suggested.index("Dr Amal Cardio") < suggested.index("Jamal Junior")
    assert "Skills asked: <bdi>Cardiology</bdi> and <bdi>Hospital management</bdi>" in suggested
    assert "15 years of experience" in suggested and "Available in person" in suggested
    for absent in ("Nora Busy", "Hind Hidden", "Omar Engineer", "Rachid"):
        assert absent not in suggested
    cardiologist = experts["cardiologist"]
    assert rep.post(f"/opportunities/{opportunity_id}/people/{cardiologist}/choose").status_code == 302
    chosen = opportunity_queries.by_id(store, opportunity_id)
    assert chosen["opportunity"]["status"] == "filled" and chosen["chosen"]["id"] == cardiologist
    assert "opportunity_chosen" in _kinds(store, cardiologist)
    assert rep.post(f"/opportunities/{opportunity_id}/outcome", {"outcome": "done"}).status_code == 302
    assert opportunity_queries.by_id(store, opportunity_id)["opportunity"]["outcome"] == "done"
    figures = admin.get("/opportunities/figures").get_data(as_text=True)
    assert "1 opportunity posted." in figures and "Done as planned: <bdi" in figures
    assert rep.get("/opportunities/figures").status_code == 403


def test_members_see_what_fits_them_say_so_and_are_shortlisted_or_declined(store, people):
    _admin, rep, _experts = _board(store, people)
    opportunity_id = _post(rep).headers["Location"].rsplit("/", 1)[1]
    amal, karim = people("salma"), people("karim")
    store.write("MATCH (m:Member) WHERE m.id IN $ids SET m.skill_ids = ['cardiology']", ids=[amal.id, karim.id])
    board = amal.get("/opportunities").get_data(as_text=True)
    assert "For you" in board and "Mission d&#39;appui au service de cardiologie" in board.split("All open")[0]
    assert "For you" not in people("outsider").get("/opportunities").get_data(as_text=True)
    for person in (amal, karim):
        person.post(f"/opportunities/{opportunity_id}/interest", {"note": "Disponible en mars."})
    assert "opportunity_interest" in _kinds(store, rep.id)
    assert rep.post(f"/opportunities/{opportunity_id}/interest", {}).status_code == 403  # its own representative
    page = rep.get(f"/opportunities/{opportunity_id}").get_data(as_text=True)
    assert "Disponible en mars." in page.split("Interested members")[1]
    rep.post(f"/opportunities/{opportunity_id}/people/{amal.id}/shortlist")
    states = {row["member"]["id"]: row["state"] for row in opportunity_queries.interested(store, opportunity_id)}
    assert states == {amal.id: "shortlisted", karim.id: "interested"}
    assert ">Salma<" not in page.split("Suggested experts")[1]  # the interested are not suggested again
    rep.post(f"/opportunities/{opportunity_id}/people/{amal.id}/choose")
    assert "opportunity_declined" in _kinds(store, karim.id)
    assert "The institution chose another expert." in karim.get(f"/opportunities/{opportunity_id}").get_data(
        as_text=True
    )
    too_late = people("late").post(f"/opportunities/{opportunity_id}/interest", {}, follow_redirects=True)
    assert "no longer takes answers" in too_late.get_data(as_text=True)
    assert rep.post(f"/opportunities/{opportunity_id}/people/{karim.id}/elect").status_code == 404


def test_an_expired_opportunity_takes_no_answer_and_leaves_the_board(store, people):
    _admin, rep, _experts = _board(store, people)
    opportunity_id = _post(rep).headers["Location"].rsplit("/", 1)[1]
    store.write("MATCH (o:Opportunity {id: $id}) SET o.deadline = '2021-05-01'", id=opportunity_id)
    member_ = people("amal")
    page = member_.get(f"/opportunities/{opportunity_id}").get_data(as_text=True)
    assert "The last day to answer has passed." in page and "I am interested" not in page
    refused = member_.post(f"/opportunities/{opportunity_id}/interest", {}, follow_redirects=True)
    assert "no longer takes answers" in refused.get_data(as_text=True)
    assert "Mission d&#39;appui" not in member_.get("/opportunities").get_data(as_text=True)
    assert member_.get("/opportunities/nope").status_code == 404
