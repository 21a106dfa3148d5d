"""The talent watch's pages on the shipped sample sources: staff add them, the worker reads them, leads show
with their evidence in Arabic, French and English; one is accepted (a contact with the source as provenance),
one rejected for good, one followed; a wrong source form keeps what was typed; members are refused."""

import re

import pytest

from app import talent
from app.talent.source_input import SAMPLES
from graph import imports as import_queries
from graph import segments as segment_queries
from graph import talent as talent_queries
from tests import builders
from tests.worker import run_jobs

SECTORS = ("health", "digital-offshoring", "research", "finance", "automotive", "aeronautics", "renewable-energy")


def _leads(person, **query) -> str:
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return person.get("/talent?" + args).get_data(as_text=True)


@pytest.mark.falkordb_only  # pages; tests/test_talent_sources.py runs the talent statements on Neo4j
def test_staff_read_the_samples_and_decide_leads(app, store, people):
    for name in ("Youssef El Amrani", "Salma Bennani", "Karima Tazi"):
        builders.member(store, name)
    analyst = people("ana", role="analyst")
    assert analyst.post("/talent/sources/samples").status_code == 302
    assert analyst.post("/talent/sources/run").status_code == 302
    run_jobs(app)
    sources = analyst.get("/talent/sources").get_data(as_text=True)
    table = sources.split("</tbody>")[0]
    assert table.count('data-source="sample-') == len(SAMPLES) and 'class="error"' not in table  # every source read
    read = {source["id"]: source for source in talent_queries.sources(store)}
    assert all(read[s]["last_leads"] > 0 for s in read), {
        s: (v["last_items"], v["last_leads"]) for s, v in read.items()
    }
    for code in ("ar", "fr", "en"):
        assert "data-lead=" in _leads(analyst, language=code), code
    found, total = talent_queries.leads(store, ["new"], per_page=200)
    assert total >= 10 and all(lead["evidence"] for lead in found)
    assert all("said_other_maghreb" not in lead["signals"] for lead in found)

    first, second, third = found[:3]
    assert analyst.post(f"/talent/leads/{first['id']}/accept").status_code == 302
    assert talent_queries.lead(store, first["id"])["status"] == "accepted"
    batches, _n = import_queries.batches(store, 1, 10)
    assert batches[0]["source_id"] == "talent-watch" and batches[0]["status"] == "done"
    assert batches[0]["filename"] == (first["url"] or first["title"])[:200]  # the address as provenance
    analyst.post(f"/talent/leads/{second['id']}/reject")
    assert talent_queries.lead(store, second["id"]) is None
    analyst.post(f"/talent/leads/{third['id']}/follow")
    assert 'data-lead="' + third["id"] in _leads(analyst, status="follow")
    analyst.post("/talent/sources/run")
    run_jobs(app)
    keys = {lead["key"] for lead in talent_queries.leads(store, ["new", "follow", "accepted"], per_page=500)[0]}
    assert second["key"] not in keys and first["key"] in keys  # the rejected lead is not proposed again


def test_a_wrong_source_keeps_what_was_typed(people):
    analyst = people("ana", role="analyst")
    page = analyst.post("/talent/sources", {"name": "Le Desk", "kind": "feed", "location": "ftp://nowhere"})
    assert page.status_code == 422 and 'value="Le Desk"' in page.get_data(as_text=True)
    assert "http(s) address" in page.get_data(as_text=True)
    added = analyst.post(
        "/talent/sources", {"name": "Le Desk", "kind": "feed", "location": "https://ledesk.example/rss"}
    )
    assert added.status_code == 302
    assert re.search(r"Le Desk", analyst.get("/talent/sources").get_data(as_text=True))


@pytest.mark.falkordb_only  # pages
def test_a_lead_page_merges_namesakes_and_alerts_reach_the_notices(app, store, people):
    analyst = people("ana", role="analyst")
    page = analyst.post("/talent/alerts", {"alert": "segment:nope"})
    assert page.status_code == 422 and "segments you see" in page.get_data(as_text=True)
    assert analyst.post("/talent/alerts", {"alert": "priorities"}).status_code == 302
    assert "The department's priorities" in analyst.get("/talent/alerts").get_data(as_text=True)
    segment_queries.add_priorities(store, {"sectors": {sector: 10 for sector in SECTORS}}, "x", "X", "", 1)
    for source_id, name, kind, location in SAMPLES[:2]:
        talent_queries.save_source(store, {"id": source_id, "name": name, "kind": kind, "location": location}, 1)
    with app.app_context():
        talent.run_all(store)
    assert "new talent leads match the department" in analyst.get("/notifications").get_data(as_text=True)

    keep = talent_queries.leads(store, ["new"], per_page=1)[0][0]
    seen_again = {**keep, "id": "again", "key": "elsewhere#1", "url": "https://prizes.example/9", "title": "Prize"}
    talent_queries.upsert_leads(store, [seen_again], 2)  # the same name in another source
    other = talent_queries.lead(store, "again")
    shown = analyst.get(f"/talent/leads/{keep['id']}").get_data(as_text=True)
    assert "Leads bearing the same name" in shown and f'data-lead="{other["id"]}"' in shown
    assert "Why this sector and these skills" in shown
    assert analyst.post(f"/talent/leads/{keep['id']}/merge", {"other": other["id"]}).status_code == 302
    shown = analyst.get(f"/talent/leads/{keep['id']}").get_data(as_text=True)
    assert "Also seen in" in shown and other["title"][:30] in shown
    assert analyst.get(f"/talent/leads/{other['id']}").status_code == 302  # a merged lead leads to the other
    assert analyst.post(f"/talent/leads/{keep['id']}/merge", {"other": "nope"}).status_code == 404

    wrong = analyst.post(f"/talent/leads/{keep['id']}/accept", {"email": "not an address"})
    assert wrong.status_code == 422 and 'value="not an address"' in wrong.get_data(as_text=True)
    assert talent_queries.lead(store, keep["id"])["status"] == "new"  # nothing decided on a wrong address
    analyst.post(f"/talent/leads/{keep['id']}/accept", {"email": "houda@example.org"})
    accepted = talent_queries.lead(store, keep["id"])
    assert accepted["status"] == "accepted" and accepted["person_id"]
    shown = analyst.get(f"/talent/leads/{keep['id']}").get_data(as_text=True)
    assert f"/imports/contacts/{accepted['person_id']}" in shown  # where the contact can be invited

    sector = keep["sector"]
    listed = analyst.get(f"/talent?status=accepted&sector={sector}&country=ZZZ").get_data(as_text=True)
    assert "not understood" in listed and f'data-lead="{keep["id"]}"' in listed  # the unknown country is ignored
    console = analyst.get("/insights").get_data(as_text=True)
    assert "Talent leads per sector and country" in console and f"/talent?sector={sector}" in console


def test_members_cannot_open_the_talent_watch(people):
    member = people("mona")
    assert member.get("/talent").status_code == 403 and member.get("/talent/sources").status_code == 403
    assert member.post("/talent/sources/samples").status_code == 403
    assert member.get("/talent/alerts").status_code == 403 and member.get("/insights").status_code in (200, 403)
    assert "Talent leads" not in member.get("/insights").get_data(as_text=True)
