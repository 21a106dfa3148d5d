"""Demo data: deterministic, realistic, structured; the seed command and the accounts it prints."""

import re
from collections import Counter

import pytest

from app.seed import load_reference, seed
from app.seed.generator import HOST_COUNTRIES, generate
from app.talent.source_input import SAMPLES
from graph import accounts as account_queries
from graph import connections as connection_queries
from graph import conversations as conversation_queries
from graph import directory
from graph import events as event_queries
from graph import members as member_queries
from graph import networks as network_queries
from graph import projects as project_queries
from graph import talent as talent_queries

from .conftest import Auth, seeded_demo


@pytest.fixture
def reference(store):
    return load_reference(store)


def test_same_seed_same_diaspora(reference):
    first = generate(300, 7, reference, now=1_700_000_000_000)
    again = generate(300, 7, reference, now=1_700_000_000_000)
    other = generate(300, 8, reference, now=1_700_000_000_000)
    assert first.members == again.members and first.connections == again.connections
    assert first.members != other.members


def test_the_diaspora_looks_real(reference):
    diaspora = generate(2000, 1, reference, now=1_700_000_000_000)
    people = diaspora.members
    countries = Counter(reference_country(reference, m["cities"][0]) for m in people)
    assert countries.most_common(1)[0][0] == "FR"
    assert set(countries) <= set(HOST_COUNTRIES)
    assert len({m["props"]["display_name"].split()[0] for m in people}) > 60  # many first names and spellings
    assert any(m["props"]["name_ar"] for m in people)
    assert all(3 <= len(m["skills"]) <= 9 for m in people)
    assert all(re.fullmatch(r"member\d+@example\.org", m["props"]["email"]) for m in people)
    # connections have structure: far more within a country than chance would give
    same_country = sum(
        1
        for a, b in diaspora.connections
        if reference_country(reference, people[a]["cities"][0]) == reference_country(reference, people[b]["cities"][0])
    )
    by_chance = sum((n / len(people)) ** 2 for n in countries.values())
    assert same_country / len(diaspora.connections) > by_chance + 0.3
    assert 6 < 2 * len(diaspora.connections) / len(people) < 14


def reference_country(reference, city_id):
    for country, cities in reference.cities_by_country.items():
        if any(c["id"] == city_id for c in cities):
            return country
    raise AssertionError(city_id)


def test_seed_writes_members_connections_and_demo_accounts(app, store):
    with app.app_context():
        report = seed(store, 200, seed_value=3)
    assert report.members == 200 and member_queries.member_count(store) == 206
    assert store.read("MATCH ()-[c:CONNECTED]->() RETURN count(c) AS n")[0]["n"] >= report.connections
    roles = {role for role, _email, _password in report.accounts}
    assert roles == {"member", "coordinator", "adviser", "institution", "analyst", "admin"}
    role, email, password = report.accounts[0]
    assert Auth(app.test_client()).login(email=email, password=password).status_code == 302
    found = directory.search(
        store,
        member_queries.profile(
            store, store.read("MATCH (m:Member {email_key: $e}) RETURN m.id AS id", e=email)[0]["id"]
        )["member"]["id"],
        directory.Query(),
    )
    assert found["total"] == 205  # 200 members and the five other demo accounts, not the one searching
    assert {s["id"] for s in talent_queries.sources(store)} == {row[0] for row in SAMPLES}  # the talent samples


def test_seed_command_prints_accounts_and_refuses_a_populated_graph(app, runner):
    first = runner.invoke(args=["seed", "--members", "50", "--seed", "2"])
    assert first.exit_code == 0, first.output
    assert "seeded 50 members" in first.output
    assert re.search(r"admin\s+demo\.admin@jisr\.example\s+\S{12,}", first.output)
    again = runner.invoke(args=["seed", "--members", "50"])
    assert again.exit_code != 0 and "already holds members" in again.output
    bad = runner.invoke(args=["seed", "--members", "-5"])
    assert bad.exit_code != 0


def test_seed_brings_the_programme_networks_with_coordinators_members_and_events(app, store):
    with app.app_context():
        report = seed(store, 600, seed_value=5)
    networks = {n["slug"]: n for n in network_queries.listing(store)}
    assert {"c3m", "amcn", "acoms", "dmk", "aeromac-experts", "competences-france"} <= set(networks)
    assert {n["kind"] for n in networks.values()} == {"geographic", "thematic"}
    for slug in ("c3m", "dmk", "competences-france"):
        assert network_queries.coordinators(store, networks[slug]["id"]), slug
        assert networks[slug]["member_count"] > 0, slug
    coordinator = next(email for role, email, _p in report.accounts if role == "coordinator")
    account = account_queries.member_by_email(store, coordinator)
    assert networks["dmk"]["id"] in account["coordinated_ids"]
    viewer = {
        "id": account["id"],
        "staff": False,
        "coordinated_ids": account["coordinated_ids"],
        "network_ids": account["network_ids"],
        "label_ids": account["label_ids"],
    }
    upcoming = event_queries.network_events(store, networks["dmk"]["id"], viewer, 0)
    assert upcoming and all(row["event"]["going_count"] <= row["event"]["capacity"] for row in upcoming)
    verified = directory.search(store, account["id"], directory.Query(filters={"label": "identity_verified"}))
    assert verified["total"] > 0


def test_the_demo_member_finds_conversations_a_group_and_the_network_channel(app, store):
    browser, member_id, _report = seeded_demo(app, store, 200, 4)
    inbox = browser.get("/messages").get_data(as_text=True)
    assert "Mission Agadir 2027" in inbox and "Canal de" in inbox  # the demo accounts speak French
    rows = conversation_queries.mine(store, member_id)
    kinds = sorted(row["conversation"]["kind"] for row in rows)
    assert kinds == ["channel"] * 3 + ["direct"] * 3 + ["group"]  # a channel for each of their three networks
    unread = [row["conversation"]["last_seq"] - row["read_seq"] for row in rows]
    assert sum(unread) > 0 and min(unread) >= 0
    channel = next(row for row in rows if row["conversation"]["kind"] == "channel" and row["conversation"]["last_seq"])
    page = browser.get(f"/messages/{channel['conversation']['id']}").get_data(as_text=True)
    assert "le canal du réseau est ouvert" in page


def test_the_demo_brings_projects_mentors_and_the_demo_members_request(app, store):
    browser, member_id, _report = seeded_demo(app, store, 400, 6)
    listing = browser.get("/projects").get_data(as_text=True)
    assert "Centre de télémédecine à Agadir" in listing and "Santé" in listing
    (project,) = project_queries.led_by(store, member_id)
    page = browser.get(f"/projects/{project['id']}").get_data(as_text=True)
    assert "Mentors suggérés" in page and "Travaille dans : <bdi>Santé</bdi>" in page
    mentors = store.read("MATCH (m:Member) WHERE m.mentor_open = true RETURN count(m) AS n")[0]["n"]
    assert 0 < mentors < 400


def test_the_demo_does_not_contradict_itself(app, store, reference):
    """Issue 14, defect 8: one name in both scripts, own connections, employers where members live, skills of
    their profession, a doctor coordinating the medical network, usual Arabic spellings of cities."""
    from app.seed import DEMO_ACCOUNTS, DEMO_NAMES_AR
    from app.seed.professions import DOCTOR_COMMON_SKILLS, DOCTOR_SPECIALTIES, EMPLOYER_COUNTRIES, PROFESSIONS

    diaspora = generate(1500, 3, reference, now=1_700_000_000_000)
    specialties = {s for group in DOCTOR_SPECIALTIES for s in group}
    for m in diaspora.members:
        assert m["country"] in EMPLOYER_COUNTRIES.get(m["props"]["employer"], {m["country"]}), m["props"]["employer"]
        if m["profession"] == "doctor":
            title = m["props"]["job_title"]
            doctor = next(p for p in PROFESSIONS if p.id == "doctor")
            which = doctor.titles_en.index(title) if title in doctor.titles_en else doctor.titles_fr.index(title)
            own = {s["id"] for s in m["skills"]} & specialties
            assert own == set(DOCTOR_SPECIALTIES[which]) & own and own, (title, own)
            assert {s["id"] for s in m["skills"]} - specialties <= set(DOCTOR_COMMON_SKILLS) | _leadership_skills(
                reference
            )
    with app.app_context():
        seed(store, 300, seed_value=2)
    friends = {}
    for role, _role, email, name in DEMO_ACCOUNTS:
        account = account_queries.member_by_email(store, email)
        profile = member_queries.profile(store, account["id"])
        assert profile["member"]["display_name"] == name and profile["member"]["name_ar"] == DEMO_NAMES_AR[role]
        friends[role] = {row["member"]["id"] for row in connection_rows(store, account["id"])}
    assert len({frozenset(ids) for ids in friends.values()}) == len(friends)  # each has their own connections
    c3m = network_queries.by_slug(store, "c3m")
    for row in network_queries.coordinators(store, c3m["id"]):
        assert {s["id"] for s in member_queries.profile(store, row["member"]["id"])["sectors"]} == {"health"}
    rows = store.read("MATCH (c:City) RETURN c.name AS name, c.country AS country, c.name_ar AS name_ar")
    arabic = {(r["country"], r["name"]): r["name_ar"] for r in rows}
    assert arabic["ES", "Madrid"] == "مدريد" and arabic["IT", "Rome"] == "روما"
    assert arabic["MA", "Casablanca"] == "الدار البيضاء"
    assert not [n for n in arabic.values() if n and (len(n) < 3 or re.search("ى\\S", n))]


def _leadership_skills(reference):
    return {s["id"] for s in reference.skills_by_field["leadership"]}


def connection_rows(store, member_id):
    return connection_queries.connections(store, member_id, 0, 1000)[0]


def test_the_demo_brings_eligibility_a_waiting_case_and_an_institutions_opportunities(app, store):
    browser, member_id, report = seeded_demo(app, store, 300, 5)
    (project,) = project_queries.led_by(store, member_id)
    page = browser.get(f"/projects/{project['id']}").get_data(as_text=True)
    assert "Plan de financement" in page and "Éligible" in page
    assert "Financer le centre de télémédecine" in browser.get("/guidance").get_data(as_text=True)
    _who, email, password = next(row for row in report.accounts if row[0] == "institution")
    representative = app.test_client()
    Auth(representative).login(email=email, password=password)
    board = representative.get("/institutions/usmba-fes").get_data(as_text=True)
    assert "Appui au service de cardiologie du CHU" in board and "Publier une opportunité" in board
    cases = store.read("MATCH (c:GuidanceCase) RETURN c.step AS step, c.adviser_id AS adviser")
    assert len(cases) == 9 and {c["step"] for c in cases} >= {"triage", "orientation", "closed"}
