"""Programme pages, eligibility on a project and without one, staff changing a rule without a release, and
the same through the API (real app and graph)."""

import json

from graph import programmes as programme_queries

from .builders import bearer_headers, member, staff

PROJECT = {
    "title": "Clinique de rééducation",
    "summary": "Une clinique de rééducation fonctionnelle à Agadir.",
    "sector": "health",
    "region": "souss-massa",
    "stage": "creation",
    "kind": "creation",
    "investment_mad": "2000000",
    "own_funds_mad": "600000",
    "foreign_funds_mad": "350000",
    "mre_share_pct": "100",
    "residence": "abroad",
}


def _project(person, **changes) -> str:
    made = person.post("/projects/new", {**PROJECT, **changes})
    assert made.status_code == 302, made.get_data(as_text=True)
    return made.headers["Location"].rsplit("/", 1)[1]


def _section(page: str, name: str) -> str:
    """The card of one programme in the eligibility results."""
    return page.split(f">{name}</a>")[1].split("</section>")[0]


def test_the_catalogue_lists_open_programmes_and_keeps_past_ones_as_history(people):
    reader = people("reader", locale="fr")
    page = reader.get("/programmes").get_data(as_text=True)
    open_part, past = page.split("Programmes passés")
    assert "MDM Invest" in open_part and "POMIRE" in open_part and "Maghrib Belgium Impulse" in past
    mdm = reader.get("/programmes/mdm_invest").get_data(as_text=True)
    assert "Tamwilcom" in mdm and "19 juillet 2024" in mdm
    assert "Investissement total : au moins" in mdm and "1\u202f000\u202f000" in mdm
    assert "Construction et immobilier" not in mdm  # real-estate development is not eligible
    assert "Changer ce programme" not in mdm  # members read, staff change
    assert reader.get("/programmes/nothing-here").status_code == 404
    assert reader.get("/programmes/mdm_invest/edit").status_code == 403


def test_a_leader_sees_eligibility_what_would_change_it_and_the_plan(people):
    leader = people("leader")
    project_id = _project(leader)
    page = leader.get(f"/projects/{project_id}").get_data(as_text=True)
    mdm = _section(page, "MDM Invest")
    assert "Not eligible" in mdm
    assert 'Bring <bdi dir="ltr">150,000</bdi> MAD more in foreign currency.' in mdm
    leader.post(f"/projects/{project_id}/edit", {**PROJECT, "foreign_funds_mad": "500000"})
    fixed = _section(leader.get(f"/projects/{project_id}").get_data(as_text=True), "MDM Invest")
    assert "Eligible" in fixed and "Financing plan" in fixed
    assert '<bdi dir="ltr">200,000</bdi> MAD' in fixed and '<bdi dir="ltr">1,200,000</bdi> MAD' in fixed
    arabic = people("leader_ar", locale="ar")
    arabic_id = _project(arabic, foreign_funds_mad="500000")
    in_arabic = arabic.get(f"/projects/{arabic_id}").get_data(as_text=True)
    assert 'dir="rtl"' in in_arabic and "200,000</bdi>" in in_arabic  # digit groups kept left to right
    stranger = people("stranger").get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Financing plan" not in stranger and "Not eligible" not in stranger


def test_a_project_without_its_figures_is_missing_information_never_refused(people):
    leader = people("leader")
    bare = {k: v for k, v in PROJECT.items() if k in ("title", "summary", "sector", "region", "stage")}
    project_id = leader.post("/projects/new", bare).headers["Location"].rsplit("/", 1)[1]
    mdm = _section(leader.get(f"/projects/{project_id}").get_data(as_text=True), "MDM Invest")
    assert "Missing information" in mdm and "Not eligible" not in mdm and "Total investment" in mdm


def test_the_check_without_a_project_keeps_what_was_typed_and_refuses_absurd_amounts(people):
    leader = people("leader")
    assert leader.get("/programmes/eligibility").status_code == 200
    absurd = leader.post(
        "/programmes/eligibility", {"investment_mad": "-5", "own_funds_mad": "900", "mre_share_pct": "140"}
    )
    text = absurd.get_data(as_text=True)
    assert absurd.status_code == 422
    assert "Enter an amount in dirhams, 0 or more." in text and "Enter a percentage between 0 and 100." in text
    assert 'value="900"' in text and "Your answer" not in text
    above = leader.post("/programmes/eligibility", {"investment_mad": "1000000", "own_funds_mad": "2000000"})
    assert above.status_code == 422 and "Own funds cannot be more than the total investment." in above.get_data(
        as_text=True
    )
    fits = leader.post(
        "/programmes/eligibility",
        {
            "kind": "extension",
            "sector": "tourism",
            "residence": "returned",
            "returned_months": "4",
            "investment_mad": "3000000",
            "own_funds_mad": "750000",
            "foreign_funds_mad": "750000",
            "mre_share_pct": "50",
        },
    )
    answer = fits.get_data(as_text=True)
    assert fits.status_code == 200 and "Your answer" in answer
    mdm = _section(answer, "MDM Invest")
    assert "Eligible" in mdm and '<bdi dir="ltr">150,000</bdi> MAD' in mdm  # 10 % of the half held abroad
    nothing = leader.post("/programmes/eligibility", {}).get_data(as_text=True)
    assert "Missing information" in _section(nothing, "MDM Invest")
    assert "Not eligible" not in _section(nothing, "MDM Invest")


def test_staff_change_a_rule_without_a_release_and_every_version_is_kept(store, people):
    admin, leader = people("boss", role="admin"), people("leader")
    project_id = _project(leader, investment_mad="800000", own_funds_mad="300000", foreign_funds_mad="300000")
    assert "Not eligible" in _section(leader.get(f"/projects/{project_id}").get_data(as_text=True), "MDM Invest")
    form = admin.get("/programmes/mdm_invest/edit").get_data(as_text=True)
    assert "&#34;investment_mad&#34;" in form or "&quot;investment_mad&quot;" in form
    current = programme_queries.by_id(store, "mdm_invest")
    fields = {**{k: v or "" for k, v in current.items() if isinstance(v, str)}, "version": str(current["version"])}
    fields["institution_ids"] = current["institution_ids"]
    broken = {"conditions": [{"field": "salary", "op": ">=", "value": 3}]}
    refused = admin.post("/programmes/mdm_invest/edit", {**fields, "rules": json.dumps(broken), "note": "test"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Unknown field “salary”" in text and "salary" in text
    not_json = admin.post("/programmes/mdm_invest/edit", {**fields, "rules": "{conditions: [", "note": "x"})
    assert not_json.status_code == 422 and "This is not valid JSON (line 1, column 2)" in not_json.get_data(
        as_text=True
    )
    lowered = current["rules"]
    lowered["conditions"][1]["value"] = 500000
    saved = admin.post("/programmes/mdm_invest/edit", {**fields, "rules": json.dumps(lowered), "note": "Seuil abaissé"})
    assert saved.status_code == 302
    assert "Eligible" in _section(leader.get(f"/projects/{project_id}").get_data(as_text=True), "MDM Invest")
    stale = admin.post("/programmes/mdm_invest/edit", {**fields, "rules": json.dumps(lowered), "note": "again"})
    assert stale.status_code == 422 and "Someone changed this programme" in stale.get_data(as_text=True)
    page = admin.get("/programmes/mdm_invest").get_data(as_text=True)
    assert "Version 2" in page and "Seuil abaissé" in page and "Boss" in page
    first = admin.get("/programmes/mdm_invest/versions/1").get_data(as_text=True)
    assert "1,000,000" in first and "the programme as it was then" in first
    assert admin.get("/programmes/mdm_invest/versions/9").status_code == 404
    assert leader.post("/programmes/mdm_invest/edit", {**fields, "rules": "{}"}).status_code == 403


def test_staff_add_a_programme_and_its_identifier_is_unique(people):
    admin = people("boss", role="admin")
    new = {
        "programme_id": "diaspora_export",
        "name": "Diaspora Export",
        "kind": "support",
        "opens_on": "2027-01-01",
        "closes_on": "2026-01-01",
        "rules": json.dumps({"conditions": [{"field": "residence", "op": "in", "value": ["abroad"]}]}),
    }
    backwards = admin.post("/programmes/new", new)
    assert backwards.status_code == 422 and "The closing day comes before the opening day." in backwards.get_data(
        as_text=True
    )
    assert admin.post("/programmes/new", {**new, "closes_on": ""}).status_code == 302
    page = admin.get("/programmes").get_data(as_text=True)
    assert "Diaspora Export" in page.split("Not open yet")[1]
    again = admin.post("/programmes/new", {**new, "closes_on": ""})
    assert again.status_code == 422 and "A programme already has this identifier." in again.get_data(as_text=True)


def test_the_api_lists_programmes_and_answers_eligibility_without_saving(app, store, client):
    amina = member(store, "Amina Benali")
    analyst = staff(store, "Ana Lyst")
    headers = bearer_headers(app, store, {"member": amina, "analyst": analyst})
    listed = client.get("/api/v1/programmes", headers=headers["member"]).get_json()
    mdm = next(p for p in listed if p["id"] == "mdm_invest")
    assert mdm["status"] == "open" and mdm["rules"]["financing"]["grant_cap_mad"] == 5_000_000
    assert any("Total investment: at least" in text for text in mdm["conditions"])
    assert client.get("/api/v1/programmes/nope", headers=headers["member"]).status_code == 404
    assert client.get("/api/v1/programmes").status_code == 401
    body = {
        "kind": "creation",
        "sector": "health",
        "residence": "abroad",
        "investment_mad": 2_000_000,
        "own_funds_mad": 600_000,
        "foreign_funds_mad": 350_000,
        "mre_share_pct": 100,
    }
    answer = client.post("/api/v1/eligibility", json=body, headers=headers["member"]).get_json()
    found = next(a for a in answer["assessments"] if a["programme_id"] == "mdm_invest")
    assert found["verdict"] == "not_eligible" and found["plan"] is None
    failed = [c for c in found["conditions"] if c["status"] == "failed"]
    assert failed[0]["change"] == "Bring 150,000 MAD more in foreign currency."
    assert set(answer["without_conditions"]) == {"intelaka", "forsa"}
    odd = client.post(
        "/api/v1/eligibility",
        json={**body, "foreign_funds_mad": 500_000, "sector": "space", "own_funds_mad": 5_000_000},
        headers=headers["member"],
    ).get_json()
    assert {p["field"] for p in odd["problems"]} == {"sector", "own_funds_mad"}
    kept = next(a for a in odd["assessments"] if a["programme_id"] == "mdm_invest")
    assert kept["verdict"] == "missing" and "sector" in kept["missing"]  # what was valid is still used
    refused = client.post("/api/v1/eligibility", json={"investment_mad": -1}, headers=headers["member"])
    assert refused.status_code == 422
    assert programme_queries.by_id(store, "mdm_invest")["version"] == 1  # nothing was saved
