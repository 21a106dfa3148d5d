"""Editing and seeing profiles through the real pages."""

import re

import pytest

from graph import accounts as account_queries
from graph import members as member_queries

from .builders import MONTREAL, STUTTGART, member
from .conftest import csrf_token


def _me(store, email="amina@example.org"):
    return account_queries.member_by_email(store, email)["id"]


def _form(client, **changes):
    """The profile form as the page renders it, with some fields changed."""
    page = client.get("/profile/edit").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(client, "/profile/edit"),
        "display_name": "Amina Benali",
        "availability": "remote",
        "visibility": "members",
        "skills-0-name": "",
        "skills-0-level": "2",
    }
    data.update(changes)
    assert "skills-0-name" in page
    return data


@pytest.fixture
def logged_in(client, auth):
    auth.register(locale="en")
    return client


def test_fill_a_profile_in_french_and_see_it(client, auth, store):
    auth.register(locale="fr")
    response = client.post(
        "/profile/edit",
        data=_form(
            client,
            headline="Ingénieure batteries",
            bio="Dix ans chez Bosch.",
            employer="Bosch",
            job_title="Ingénieure",
            years_experience="10",
            degree="engineer",
            city="Stuttgart",
            phone="+49 711 1234567",
            **{
                "skills-0-name": "Fabrication de batteries",
                "skills-0-level": "3",
                "skills-1-name": "Python",
                "skills-1-level": "2",
                "sectors": ["automotive"],
                "languages": ["fr", "ar", "de"],
                "institutions": ["emi"],
                "contribute_sectors": ["renewable-energy"],
                "contribute_regions": ["souss-massa"],
            },
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    profile = member_queries.profile(store, _me(store))
    assert profile["member"]["phone"] == "+497111234567"
    assert profile["city"]["name"] == "Stuttgart" and profile["country"]["id"] == "DE"
    assert {(s["id"], s["level"]) for s in profile["skills"]} == {("battery-manufacturing", 3), ("python", 2)}
    assert [r["id"] for r in profile["contribute_regions"]] == ["souss-massa"]
    page = client.get(response.headers["Location"], headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Fabrication de batteries" in page and "Ingénieure batteries" in page and "+497111234567" in page


def test_fill_a_profile_in_arabic(logged_in, store):
    client = logged_in
    response = client.post(
        "/profile/edit",
        data=_form(
            client,
            display_name="أمينة بنعلي",
            name_ar="أمينة بنعلي",
            headline="طبيبة قلب",
            city="مونتريال",
            **{"skills-0-name": "أمراض القلب", "languages": ["ar"]},
        ),
    )
    assert response.status_code == 302
    profile = member_queries.profile(store, _me(store))
    assert profile["skills"][0]["id"] == "cardiology"
    assert profile["city"]["id"] == MONTREAL


def test_errors_keep_everything_typed(logged_in, store):
    client = logged_in
    response = client.post(
        "/profile/edit",
        data=_form(
            client,
            headline="x" * 141,
            bio="<script>alert(1)</script>",
            phone="12 not a phone",
            city="Atlantis",
            employer="Bosch",
            years_experience="-3",
            **{"skills-0-name": "Python", "sectors": ["automotive", "not-a-sector"]},
        ),
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at most 140 characters" in body
    assert "country code" in body
    assert "between 0 and 70" in body
    assert "not-a-sector" in body and "not a valid choice" in body
    assert 'value="Bosch"' in body and 'value="Python"' in body and "&lt;script&gt;" in body
    assert member_queries.profile(store, _me(store))["member"]["employer"] is None  # nothing half-written


def test_unknown_city_is_explained(logged_in, store):
    response = logged_in.post("/profile/edit", data=_form(logged_in, city="Atlantis", employer="Kept"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "do not know this city" in body and 'value="Kept"' in body


def test_script_in_text_is_stored_as_text_and_rendered_escaped(logged_in, store):
    client = logged_in
    client.post("/profile/edit", data=_form(client, bio="<img src=x onerror=alert(1)>", headline="<b>bold</b>"))
    member = member_queries.profile(store, _me(store))["member"]
    assert member["bio"] == "<img src=x onerror=alert(1)>"
    page = client.get(f"/members/{member['id']}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_free_skills_are_normalised_and_merged(client, auth, store):
    auth.register()
    client.post("/profile/edit", data=_form(client, **{"skills-0-name": "  Pâtisserie   fine "}))
    auth.logout()
    auth.register(email="other@example.org", name="Other Person")
    client.post(
        "/profile/edit", data=_form(client, display_name="Other Person", **{"skills-0-name": "PATISSERIE FINE"})
    )
    rows = store.read(
        "MATCH (s:Skill {curated: false})<-[:HAS_SKILL]-(m) RETURN s.id AS id, s.name_en AS name, count(m) AS n"
    )
    assert rows == [{"id": rows[0]["id"], "name": "Pâtisserie fine", "n": 2}]


def test_private_fields_only_to_the_owner(client, auth, store):
    auth.register()
    client.post("/profile/edit", data=_form(client, phone="+212612345678"))
    me = _me(store)
    auth.logout()
    auth.register(email="other@example.org", name="Other Person")
    page = client.get(f"/members/{me}").get_data(as_text=True)
    assert "Amina Benali" in page
    assert "+212612345678" not in page and "amina@example.org" not in page


def test_connections_only_visibility(client, auth, store):
    hidden = member(
        store, "Hidden Person", visibility="connections", employer="Secret Corp", headline="Visible headline"
    )
    auth.register()
    page = client.get(f"/members/{hidden}").get_data(as_text=True)
    assert "Visible headline" in page and "Secret Corp" not in page
    assert "connections only" in page
    store.write(
        "MATCH (a:Member {id: $a}), (b:Member {id: $b}) CREATE (a)-[:CONNECTED {since: 1}]->(b)", a=_me(store), b=hidden
    )
    assert "Secret Corp" in client.get(f"/members/{hidden}").get_data(as_text=True)


def test_mutual_connections_and_shared_skills_are_shown(client, auth, store):
    auth.register()
    me = _me(store)
    client.post("/profile/edit", data=_form(client, **{"skills-0-name": "Python"}))
    other = member(store, "Karim Other", skills=["python", "cardiology"], city=STUTTGART)
    friends = [member(store, f"Friend {n}") for n in range(3)]
    for friend in friends:
        store.write(
            "MATCH (a:Member {id: $a}), (b:Member {id: $b}), (c:Member {id: $c}) "
            "CREATE (a)-[:CONNECTED {since: 1}]->(b), (b)-[:CONNECTED {since: 1}]->(c)",
            a=me,
            b=friend,
            c=other,
        )
    page = client.get(f"/members/{other}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "3 shared contacts" in page and "1 skill in common" in page
    assert re.search(r'class="shared">Python', page)


def test_unknown_member_is_404(client, auth):
    auth.register()
    assert client.get("/members/does-not-exist").status_code == 404


def test_profile_pages_need_login(client, store):
    someone = member(store, "Someone")
    assert client.get(f"/members/{someone}").status_code == 302
    assert client.get("/profile/edit").status_code == 302


def test_profile_form_without_csrf_is_refused(logged_in, store):
    response = logged_in.post(
        "/profile/edit", data={"display_name": "Changed", "availability": "remote", "visibility": "members"}
    )
    assert response.status_code == 400
    assert member_queries.profile(store, _me(store))["member"]["display_name"] == "Amina Benali"


def test_too_many_skills_are_refused_without_losing_them(logged_in, store):
    skills = {f"skills-{n}-name": f"Free skill {n}" for n in range(34)}
    response = logged_in.post("/profile/edit", data=_form(logged_in, **skills, **{"skills-40-name": "ignored"}))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "at most 30 skills" in body
    assert 'value="Free skill 33"' in body
    assert member_queries.profile(store, _me(store))["skills"] == []


@pytest.mark.parametrize(
    "locale,sector,language,region",
    [
        ("fr", "Automobile", "arabe marocain", "Souss-Massa"),
        ("ar", "صناعة السيارات", "الدارجة المغربية", "سوس ماسة"),
        ("en", "Automotive", "Moroccan Arabic", "Souss-Massa"),
    ],
)
def test_the_form_names_reference_data_in_the_readers_language(client, auth, locale, sector, language, region):
    auth.register(locale=locale)
    page = client.get("/profile/edit").get_data(as_text=True)
    assert sector in page and language in page and region in page
    assert ">automotive<" not in page
