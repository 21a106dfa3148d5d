"""Segments, priorities, ranked targets and relays: the pure selection over a member table, then the staff
pages on a real graph (live counts, bad criteria, small cells, saving and sharing, comparing, exporting)."""

import csv
import io
import re

import numpy as np
import pytest
from scipy import sparse

from graph import audit as audit_queries
from graph import connections as connection_queries
from graph import consent as consent_queries
from graph import projects as project_queries
from graph import segments as segment_queries
from recommend import segments
from tests import builders

NOW = 10_000 * segments.DAY_MS


def _table(rows, projects=(), edges=(), influence=None):
    n = len(rows)
    a = [x for x, y in edges] + [y for x, y in edges]
    b = [y for x, y in edges] + [x for x, y in edges]
    ties = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return segments.build(rows, list(projects), ties, influence or {}, NOW)


PEOPLE = [
    {
        "id": "a",
        "country": "DE",
        "sectors": ["aeronautics"],
        "skills": ["python"],
        "years": 12,
        "networks": ["n1"],
        "contribute_regions": ["oriental"],
        "last_active": NOW - 2 * segments.DAY_MS,
        "mentor": True,
        "events": 2,
    },
    {
        "id": "b",
        "country": "FR",
        "sectors": ["aeronautics", "health"],
        "years": 3,
        "networks": ["n1"],
        "last_active": NOW - 40 * segments.DAY_MS,
        "reachable": False,
    },
    {"id": "c", "country": "DE", "sectors": ["health"], "skills": ["python"], "years": 20, "networks": ["n2"]},
    {"id": "d", "country": "CA", "sectors": ["digital"], "years": None, "listable": False},
]


@pytest.mark.graph_free
def test_criteria_combine_any_value_within_and_every_criterion_across():
    table = _table(PEOPLE)

    def who(**criteria):
        mask = segments.select(table, segments.Criteria(**criteria), NOW)
        return [table.ids[row] for row in np.flatnonzero(mask)]

    assert who() == ["a", "b", "c", "d"]
    assert who(sectors=["aeronautics", "digital"]) == ["a", "b", "d"]
    assert who(sectors=["aeronautics"], countries=["DE"]) == ["a"]
    assert who(years_min=10) == ["a", "c"] and who(years_max=5) == ["b"]  # unknown years match no bound
    assert who(active_days=7) == ["a"] and who(mentors=True) == ["a"] and who(attended_events=True) == ["a"]
    assert who(contribute_regions=["oriental"]) == ["a"]
    assert who(skills=["no-such-skill"]) == []
    assert who(years_min=10, years_max=5) == []  # a contradiction matches nobody
    assert segments.Criteria(years_min=10, years_max=5).contradictions() == ["years_min"]


@pytest.mark.graph_free
def test_projects_graph_steps_and_influence_select_members():
    projects = [
        {"id": "p1", "leader": "b", "stage": "growth", "sector": "health", "region": "oriental", "amount": 2_000_000},
        {"id": "p2", "leader": "c", "stage": "idea", "sector": "digital", "region": "souss-massa", "amount": 50_000},
    ]
    table = _table(PEOPLE, projects, edges=[(0, 1), (1, 2)], influence={"a": 0.1, "b": 0.3, "c": 0.2})

    def who(**criteria):
        return [table.ids[r] for r in np.flatnonzero(segments.select(table, segments.Criteria(**criteria), NOW))]

    assert who(project_stages=["growth"]) == ["b"]
    assert who(project_sectors=["health", "digital"], amount_min=1_000_000) == ["b"]
    assert who(amount_max=100_000) == ["c"]
    assert who(near_member="a", near_steps=1) == ["b"] and who(near_member="a", near_steps=2) == ["b", "c"]
    assert who(near_network="n2", near_steps=1) == ["c"] and who(near_network="n2", near_steps=2) == ["b", "c"]
    assert who(influence_top=34) == ["b"]  # the top third of the three ranked
    criteria = segments.Criteria(sectors=["health"], near_member="a")
    assert segments.Criteria.from_dict(criteria.as_dict()) == criteria


@pytest.mark.graph_free
def test_priorities_score_rank_and_explain():
    table = _table(PEOPLE, [{"id": "p1", "leader": "c", "stage": "growth", "sector": "health", "region": "oriental"}])
    weights = {"sectors": {"aeronautics": 3, "health": 1}, "regions": {"oriental": 2}, "stages": {"growth": 5}}
    assert segments.score(table, weights).tolist() == [5.0, 4.0, 6.0, 0.0]
    everyone = np.ones(table.size, dtype=bool)
    assert [table.ids[r] for r in segments.ranked(table, everyone, weights)] == ["c", "a", "b", "d"]
    assert segments.matches(table, 0, weights) == [("sectors", "aeronautics", 3.0), ("regions", "oriental", 2.0)]
    ((position, score, met),) = segments.ranked_projects(table, everyone, weights)
    assert score == 8.0 and met[0] == ("stages", "growth", 5.0)
    assert segments.overlap(np.array([1, 1, 0, 0], bool), np.array([0, 1, 1, 0], bool)) == {
        "both": 1,
        "first_only": 1,
        "second_only": 1,
    }


# --- pages on a real graph -------------------------------------------------------------------------------


@pytest.fixture
def directory(store):
    """Twelve engineers in Germany (three of whom refuse the department's outreach), four doctors in France,
    connected in two chains, and a project."""
    ids = {}
    for n in range(12):
        ids[f"eng{n}"] = builders.member(
            store,
            f"Engineer {n}",
            sectors=["aeronautics"],
            skills=["python"],
            city=builders.STUTTGART,
            years_experience=5 + n,
            contribute_regions=["oriental"] if n % 2 else [],
            job_title="Aeronautics engineer",
            availability="short_mission",
        )
    for n in range(4):
        ids[f"doc{n}"] = builders.member(store, f"Doctor {n}", sectors=["health"], city=builders.PARIS)
    for n in range(3):
        consent_queries.set_choices(store, ids[f"eng{n}"], {"suggestions": True, "campaigns": False, "analytics": True})
    chain = [ids[f"eng{n}"] for n in range(12)]
    pairs = [{"a": x, "b": y, "since": 1} for x, y in zip(chain, chain[1:])]
    pairs.append({"a": ids["doc0"], "b": ids["doc1"], "since": 1})
    connection_queries.connect_pairs(store, pairs)
    project_queries.save(
        store,
        "proj1",
        ids["doc0"],
        {
            "title": "Clinic in Oujda",
            "stage": "growth",
            "sector_id": "health",
            "region_id": "oriental",
            "amount_mad": 3_000_000,
        },
        1,
    )
    return ids


def _figure(page: str, attribute: str, name: str) -> str:
    """The text of the element ``attribute="name"``, tags left out."""
    match = re.search(attribute + '="' + name + r'">(.*?)</(?:strong|td)>', page, re.S)
    assert match, f"no {attribute}={name}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _count(person, query: str) -> dict:
    response = person.get("/segments/count?" + query)
    assert response.status_code == 200
    return response.get_json()


def test_members_and_coordinators_cannot_open_the_outreach_pages(people):
    member = people("mona")
    for path in ("/segments", "/segments/new", "/segments/count", "/priorities", "/campaigns", "/campaigns/new"):
        assert member.get(path).status_code == 403, path


def test_live_counts_follow_the_criteria_and_show_who_accepts_outreach(people, directory):
    analyst = people("ana", role="analyst")
    found = _count(analyst, "sectors=aeronautics&countries=DE")
    assert found["counts"]["total"] == 12 and found["counts"]["reachable"] == 9 and found["problems"] == []
    assert _count(analyst, "sectors=aeronautics&years_min=10")["counts"]["total"] == 7
    assert _count(analyst, "sectors=aeronautics,health")["counts"]["total"] == 16
    page = analyst.get("/segments/new?sectors=aeronautics&contribute_regions=oriental").get_data(as_text=True)
    assert _figure(page, "data-count", "total") == "6" and _figure(page, "data-count", "reachable") == "5"
    assert 'value="aeronautics" checked' in page  # the form keeps the criteria


def test_bad_or_contradictory_criteria_explain_and_count_zero(people, directory):
    analyst = people("ana", role="analyst")
    found = _count(analyst, "sectors=aeronautics&years_min=ten&skills=no-such-skill")
    assert found["counts"]["total"] == 12  # what was valid still counts
    assert any("whole number" in p for p in found["problems"]) and any("no-such-skill" in p for p in found["problems"])
    found = _count(analyst, "years_min=20&years_max=3")
    assert found["counts"]["total"] == 0 and any("nobody can match" in p for p in found["problems"])
    assert analyst.get("/segments/new?years_min=%00").status_code == 422  # NUL refused at the edge


def test_a_small_segment_is_counted_as_fewer_than_five_and_never_listed(people, directory):
    analyst = people("ana", role="analyst")
    found = _count(analyst, "sectors=health")
    assert found["counts"]["total"] is None and found["counts"]["fewer_than"] == 5
    saved = analyst.post("/segments/save", {"name": "Doctors", "sectors": "health", "shared": "on"})
    segment_id = saved.headers["Location"].rsplit("/", 1)[1]
    page = analyst.get(f"/segments/{segment_id}/targets").get_data(as_text=True)
    assert "Fewer than 5 members" in page and "Doctor 0" not in page
    refused = analyst.get(f"/segments/{segment_id}/export.csv").get_data(as_text=True)
    assert "Fewer than 5 members" in refused and "Doctor 0" not in refused


def test_segments_are_saved_shared_compared_and_deleted(people, directory, store):
    ana, omar = people("ana", role="analyst"), people("omar", role="analyst")
    missing = ana.post("/segments/save", {"name": "", "sectors": "aeronautics"})
    assert "sectors=aeronautics" in missing.headers["Location"]  # back to the builder with the criteria
    shared = ana.post("/segments/save", {"name": "Engineers", "sectors": "aeronautics", "shared": "on"})
    shared_id = shared.headers["Location"].rsplit("/", 1)[1]
    mine = ana.post("/segments/save", {"name": "Senior engineers", "sectors": "aeronautics", "years_min": "10"})
    mine_id = mine.headers["Location"].rsplit("/", 1)[1]
    assert segment_queries.get(store, mine_id)["criteria"] == {"sectors": ["aeronautics"], "years_min": 10}
    assert "Engineers" in omar.get("/segments").get_data(as_text=True)
    assert omar.get(f"/segments/{mine_id}").status_code == 404  # not shared
    page = ana.get(f"/segments/{mine_id}").get_data(as_text=True)
    assert 'value="10"' in page and _figure(page, "data-count", "total") == "7"
    compared = ana.get(f"/segments/compare?a={shared_id}&b={mine_id}").get_data(as_text=True)
    assert _figure(compared, "data-overlap", "both") == "7" and _figure(compared, "data-overlap", "first_only") == "5"
    assert ana.post(f"/segments/{mine_id}/delete").status_code == 302
    assert segment_queries.get(store, mine_id) is None


def test_priorities_are_versioned_and_rank_targets_with_reasons(people, directory, store):
    ana = people("ana", role="analyst")
    wrong = ana.post("/priorities", {"w.sectors.aeronautics": "3", "w.regions.oriental": "lots"})
    assert wrong.status_code == 422 and segment_queries.current_priorities(store) is None
    page = wrong.get_data(as_text=True)
    assert 'value="lots"' in page and 'value="3"' in page  # what was typed stays
    assert ana.post("/priorities", {"w.sectors.aeronautics": "3", "w.regions.oriental": "2"}).status_code == 302
    assert ana.post("/priorities", {"w.sectors.aeronautics": "1", "w.regions.oriental": "2", "note": "less"})
    history = segment_queries.priority_history(store)
    assert [v["version"] for v in history] == [2, 1] and history[0]["weights"]["sectors"] == {"aeronautics": 1.0}
    assert "less" in ana.get("/priorities").get_data(as_text=True)
    saved = ana.post("/segments/save", {"name": "Engineers", "sectors": "aeronautics", "shared": "on"})
    segment_id = saved.headers["Location"].rsplit("/", 1)[1]
    page = ana.get(f"/segments/{segment_id}/targets").get_data(as_text=True)
    first = page.index("Aeronautics engineer")
    assert "years of experience" in page and "wants to contribute in Oriental" in page
    assert "priority Oriental" in page[first : first + 400]  # those who want the Oriental region come first
    exported = ana.get(f"/segments/{segment_id}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 13 and rows[1][5] == "3.0"
    actions = [entry["action"] for entry in audit_queries.in_order(store)]
    assert "segments.targets" in actions and "segments.export" in actions and "priorities.save" in actions


def test_relays_reach_the_segment_and_beat_the_most_connected(people, directory):
    ana = people("ana", role="analyst")
    saved = ana.post("/segments/save", {"name": "Engineers", "sectors": "aeronautics", "shared": "on"})
    segment_id = saved.headers["Location"].rsplit("/", 1)[1]
    page = re.sub(r"<[^>]+>", "", ana.get(f"/segments/{segment_id}/relays?k=2&steps=2").get_data(as_text=True))
    # a chain of 12: two relays reach at most 10 within two steps; relays are among those who accept outreach
    assert "These 2 relays reach 10 of the segment" in page
    assert "Reached by no relay: 2." in page
    unreached = page[page.index("The first 2 of them who may be named") :].split("Networks")[0]
    assert len(re.findall(r"Engineer \d+", unreached)) == 2 and "Engineer 0" in unreached  # the chain's end
    assert ana.get(f"/segments/{segment_id}/relays?k=abc").status_code == 200


@pytest.mark.falkordb_only  # templates and translations; the other tests run the statements on Neo4j
@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_the_outreach_pages_speak_the_staff_members_language(people, directory, store, app, locale):
    from graph import accounts as account_queries
    from graph import notifications as notification_queries
    from tests.worker import run_jobs

    staff = people("nadia", role="analyst")
    account_queries.set_locale(store, staff.id, locale)  # after enrolling the second factor in English
    saved = staff.post("/segments/save", {"name": "Ingénieurs", "sectors": "aeronautics", "shared": "on"})
    segment_id = saved.headers["Location"].rsplit("/", 1)[1]
    staff.post("/priorities", {"w.sectors.aeronautics": "3"})
    texts = {f"{part}_{code}": f"{part} {code}" for part in ("subject", "body") for code in ("ar", "fr", "en")}
    created = staff.post(
        "/campaigns/new", {"name": "Appel", "segment": segment_id, "via": "direct", "channels": ["app"], **texts}
    )
    campaign_id = created.headers["Location"].rsplit("/", 1)[1]
    expected = {"ar": ('dir="rtl"', "الشرائح"), "fr": ('dir="ltr"', "Segments")}[locale]
    for path in (
        "/segments",
        f"/segments/{segment_id}",
        f"/segments/{segment_id}/targets",
        f"/segments/{segment_id}/relays",
        "/segments/compare",
        "/priorities",
        "/campaigns",
        "/campaigns/new",
        f"/campaigns/{campaign_id}",
    ):
        page = staff.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and expected[0] in html[:200] and expected[1] in html, path
    staff.post(f"/campaigns/{campaign_id}/schedule", {"send_at": ""})
    run_jobs(app)
    notice = notification_queries.latest(store, directory["eng5"])[0]["notification"]
    landing = app.test_client().get(f"/c/{notice['token']}")
    assert landing.status_code == 200 and "body en" in landing.get_data(as_text=True)
