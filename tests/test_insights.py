"""The department's console on a seeded graph: the job, the pages, exports, permissions, the audit log,
bad input and a failed run (real app, real graph, real CLI)."""

import csv
import io
import re

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph import consent as consent_queries
from graph import insights as insight_queries
from recommend import insights_job

from .conftest import Auth, seeded_demo


@pytest.fixture
def analysed(app, store, runner):
    """A seeded diaspora, its communities computed, then one analytics run; ``{role: logged-in client}``."""
    _browser, _member_id, report = seeded_demo(app, store, 160, 4)
    assert runner.invoke(args=["recommend", "recompute", "--engine", "igraph"]).exit_code == 0
    done = runner.invoke(args=["insights", "compute"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("run ") and " members, " in done.output
    store.write("MATCH (m:Member) WHERE m.email ENDS WITH '@jisr.example' SET m.locale = 'en'")  # read in English
    clients = {}
    for role, email, password in report.accounts:
        clients[role] = app.test_client()
        Auth(clients[role]).login(email=email, password=password)
    return clients


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_an_analyst_finds_the_console_and_the_influence_list_with_reasons(analysed):
    analyst = analysed["analyst"]
    home = _text(analyst.get("/"))
    assert 'href="/insights"' in home

    overview = analyst.get("/insights")
    assert overview.status_code == 200 and "members" in _text(overview)

    page = analyst.get("/insights/influence?measure=betweenness")
    body = _text(page)
    assert page.status_code == 200
    assert body.count('href="/insights/members/') >= 10
    assert "Connects contacts in" in body or "Ties into several communities" in body

    rows, total = insight_queries.top(analyst.application.extensions["graph"].store, "betweenness", {}, 1, 50)
    values = [row["measures"]["betweenness"] for row in rows]
    assert total > 50 and values == sorted(values, reverse=True) and values[0] > 0


def test_a_member_who_opts_out_of_analytics_is_no_longer_named_at_once(analysed, store):
    analyst = analysed["analyst"]
    rows, _total = insight_queries.top(store, "betweenness", {}, 1, 1)
    first = rows[0]["id"]
    assert analyst.get(f"/insights/members/{first}").status_code == 200
    consent_queries.set_choices(store, first, {"suggestions": True, "campaigns": True, "analytics": False})
    assert analyst.get(f"/insights/members/{first}").status_code == 404  # before the next run
    assert f"/insights/members/{first}" not in _text(analyst.get("/insights/influence?measure=betweenness"))
    listed = [row["id"] for row in insight_queries.top(store, "betweenness", {}, 1, 5)[0]]
    assert first not in listed and len(listed) == 4  # ranks are the run's: the page is one short until the next


def test_the_influence_list_filters_by_country_and_downloads(analysed, store):
    analyst = analysed["analyst"]
    rows, _total = insight_queries.top(store, "degree", {}, 1, 1)
    country = rows[0]["measures"]["country"]

    shown = analyst.get(f"/insights/influence?measure=degree&country={country}")
    assert shown.status_code == 200

    exported = analyst.get(f"/insights/influence.csv?measure=degree&country={country}")
    table = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    _listed, total = insight_queries.top(store, "degree", {"country": country}, 1, 1)
    assert exported.status_code == 200 and table[0][:3] == ["Rank", "Member id", "Name"]
    assert len(table) - 1 == total
    degrees = [float(line[3]) for line in table[1:]]
    assert degrees == sorted(degrees, reverse=True) and degrees[0] == rows[0]["measures"]["degree"]

    workbook = analyst.get("/insights/influence.xlsx?measure=pagerank")
    sheet = load_workbook(io.BytesIO(workbook.get_data())).active
    assert workbook.status_code == 200 and sheet.cell(row=1, column=4).value == "PageRank"


def test_tables_hide_small_cells_and_download(analysed):
    analyst = analysed["analyst"]
    for kind in ("countries", "networks", "communities", "growth"):
        page = analyst.get(f"/insights/{kind}")
        assert page.status_code == 200, kind
        exported = analyst.get(f"/insights/{kind}.csv")
        assert exported.status_code == 200 and len(exported.get_data().decode("utf-8-sig").splitlines()) > 1

    countries = list(csv.reader(io.StringIO(analyst.get("/insights/countries.csv").get_data().decode("utf-8-sig"))))
    counts = [row[1] for row in countries[1:]]
    assert all(value == "<5" or int(value) >= 5 for value in counts)
    assert "<5" in counts  # the seed places a few members in small countries
    assert "Between networks" in _text(analyst.get("/insights/networks"))


def test_views_of_individuals_are_audited_for_administrators_only(analysed, store):
    analyst, admin = analysed["analyst"], analysed["admin"]
    rows, _total = insight_queries.top(store, "betweenness", {}, 1, 1)
    member_page = analyst.get(f"/insights/members/{rows[0]['id']}")
    assert member_page.status_code == 200 and "<svg" in _text(member_page)
    analyst.get("/insights/influence?measure=core")

    assert analyst.get("/admin/audit").status_code == 403
    log = _text(admin.get("/admin/audit"))
    assert "insights.member" in log and rows[0]["id"] in log and "insights.influence" in log
    analyst_name = store.read("MATCH (m:Member {role: 'analyst'}) RETURN m.display_name AS name")[0]["name"]
    assert analyst_name in log


def test_bad_measures_filters_and_ids_are_refused_with_a_message(analysed):
    analyst = analysed["analyst"]
    unknown = analyst.get("/insights/influence?measure=fame")
    assert unknown.status_code == 422 and "Unknown measure: fame" in _text(unknown)
    country = analyst.get("/insights/influence?country=ZZ&sector=nope")
    assert country.status_code == 422 and "Unknown country: ZZ" in _text(country)
    assert "Unknown sector: nope" in _text(country)
    assert analyst.get("/insights/influence?community=abc").status_code == 422
    assert analyst.get("/insights/influence.csv?measure=fame").status_code == 422
    assert analyst.get("/insights/influence.pdf").status_code == 404
    assert analyst.get("/insights/members/nobody").status_code == 404
    assert analyst.get("/insights/growth?network=nowhere").status_code == 404


def test_members_see_nothing_and_coordinators_their_own_networks(analysed, store):
    assert analysed["member"].get("/insights").status_code == 403
    assert analysed["member"].get("/insights/influence").status_code == 403
    coordinator = analysed["coordinator"]
    own = coordinator.get("/insights/influence")
    assert own.status_code == 200
    assert coordinator.get("/insights/countries").status_code == 403
    assert coordinator.get("/insights/communities").status_code == 403
    networks = [row["id"] for row in store.read("MATCH (n:Network) RETURN n.id AS id")]
    theirs = {
        row["id"]
        for row in store.read(
            "MATCH (:Member {email: 'demo.coordinator@jisr.example'})-[:COORDINATES]->(n:Network) RETURN n.id AS id"
        )
    }
    elsewhere = next(n for n in networks if n not in theirs)
    refused = coordinator.get(f"/insights/influence?network={elsewhere}")
    assert refused.status_code == 422 and "networks you coordinate only" in _text(refused)


def test_a_failed_run_keeps_the_last_results_in_view_and_nothing_writes_members(analysed, store):
    analyst = analysed["analyst"]
    members_before = store.read("MATCH (m:Member) RETURN m.id AS id, properties(m) AS p ORDER BY id")
    # a community label the job cannot read makes the next run fail for real
    store.write("MATCH (x:Recommendation) WITH x LIMIT 1 SET x.community = 'broken'")
    with pytest.raises(ValueError):
        insights_job.compute(store)

    overview = _text(analyst.get("/insights"))
    assert "failed" in overview and "Last analysis" in overview
    assert analyst.get("/insights/influence").status_code == 200
    for path in ("/insights/countries", "/insights/networks", "/insights/growth", "/insights/influence.csv"):
        analyst.get(path)
    assert store.read("MATCH (m:Member) RETURN m.id AS id, properties(m) AS p ORDER BY id") == members_before


def test_the_console_reads_right_to_left_in_arabic_and_in_french(analysed, store):
    store.write("MATCH (m:Member {role: 'analyst'}) SET m.locale = 'ar'")
    arabic = _text(analysed["analyst"].get("/insights/influence"))
    assert 'dir="rtl"' in arabic and "التأثير" in arabic and "البينية" in arabic
    store.write("MATCH (m:Member {role: 'analyst'}) SET m.locale = 'fr'")
    french = _text(analysed["analyst"].get("/insights"))
    assert "Dernière analyse" in french and "membres" in french


def test_the_api_gives_the_same_figures_with_the_same_rules(analysed, store):
    analyst, coordinator, member = analysed["analyst"], analysed["coordinator"], analysed["member"]
    body = analyst.get("/api/v1/insights/influence?measure=brokerage").get_json()
    page, _total = insight_queries.top(store, "brokerage", {}, 1, 50)
    assert [item["id"] for item in body["items"]] == [row["id"] for row in page]
    assert body["total"] > 50 and body["items"][0]["measures"]["reasons"] is not None

    refused = analyst.get("/api/v1/insights/influence?measure=fame")
    assert refused.status_code == 422
    unknown = analyst.get("/api/v1/insights/influence?country=ZZ")
    # a well-formed value naming nothing: 404, as for an unknown member (the document promises the shape only)
    assert unknown.status_code == 404 and "Unknown country: ZZ" in unknown.get_json()["message"]
    assert analyst.get("/api/v1/insights/members/nobody").status_code == 404
    one = analyst.get(f"/api/v1/insights/members/{page[0]['id']}").get_json()
    assert one["id"] == page[0]["id"] and "contacts" in one["measures"]["ego"]

    countries = analyst.get("/api/v1/insights/countries").get_json()["rows"]
    assert all(row["members"] is None or row["members"] >= 5 for row in countries)
    growth = analyst.get("/api/v1/insights/growth").get_json()["rows"]
    assert len(growth) == 24 and "members" in growth[0]
    assert coordinator.get("/api/v1/insights/countries").status_code == 403
    assert member.get("/api/v1/insights/influence").status_code == 403
    spec = analyst.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/insights/influence" in spec["paths"]


def _count_by_country(store, match: str, **params) -> dict:
    rows = store.read(match + " RETURN m.country AS country, count(m) AS n", **params)
    return {row["country"]: row["n"] for row in rows if row["country"]}


def test_the_world_map_counts_members_per_country_for_each_layer_and_coordinators_see_their_own(analysed, store):
    analyst = analysed["analyst"]
    page = analyst.get("/insights/world-map")
    body = _text(page)
    assert page.status_code == 200 and "vendor/d3/d3-geo.min.js" in body and 'data-api="/api/v1/insights/map"' in body

    drawn = analyst.get("/api/v1/insights/map").get_json()
    counted = _count_by_country(store, "MATCH (m:Member) WHERE m.status = 'active'")
    assert drawn["codes"]["504"] == "MA" and drawn["codes"]["732"] == "EH" and drawn["names"]["MA"] == "Morocco"
    for country, n in counted.items():
        assert drawn["members"][country] == (n if n >= 5 else None), country
    assert drawn["arcs"]["connections"] and all(row[2] is None or row[2] >= 5 for row in drawn["arcs"]["connections"])

    network = store.read("MATCH (n:Network) RETURN n.id AS id ORDER BY id LIMIT 1")[0]["id"]
    assert f'value="network:{network}"' in body
    layer = analyst.get(f"/api/v1/insights/map?layer=network:{network}").get_json()
    in_network = _count_by_country(store, "MATCH (m:Member)-[:MEMBER_OF]->(:Network {id: $id})", id=network)
    assert layer["members"] == {c: (n if n >= 5 else None) for c, n in in_network.items()}
    assert layer["arcs"] == {"connections": [], "mentorships": []}

    unknown = analyst.get("/api/v1/insights/map?layer=skill:juggling")
    assert unknown.status_code == 404 and unknown.get_json()["message"] == "There is no such map layer."
    assert analyst.get("/insights/world-map?layer=nope").status_code == 404

    store.write("MATCH (m:Member {role: 'analyst'}) SET m.locale = 'ar'")
    assert analyst.get("/api/v1/insights/map").get_json()["names"]["MA"] == "المغرب"
    coordinator = analysed["coordinator"]
    theirs = store.read(
        "MATCH (:Member {email: 'demo.coordinator@jisr.example'})-[:COORDINATES]->(n:Network) RETURN n.id AS id"
    )[0]["id"]
    elsewhere = store.read("MATCH (n:Network) WHERE n.id <> $id RETURN n.id AS id LIMIT 1", id=theirs)[0]["id"]
    assert coordinator.get("/insights/world-map").status_code == 200
    assert coordinator.get(f"/api/v1/insights/map?layer=network:{theirs}").status_code == 200
    assert coordinator.get(f"/api/v1/insights/map?layer=network:{elsewhere}").status_code == 404
    assert coordinator.get("/api/v1/insights/map").status_code == 404  # all of Jisr is the department's
    assert coordinator.get("/insights/community-map").status_code == 403
    assert coordinator.get("/api/v1/insights/community-map/0").status_code == 403
    assert coordinator.get("/insights/graph.gexf").status_code == 403
    assert analysed["member"].get("/api/v1/insights/map").status_code == 403


def test_the_community_map_opens_communities_and_the_graph_downloads_with_pseudonyms(analysed, store):
    analyst, admin = analysed["analyst"], analysed["admin"]
    assert analyst.get("/insights/community-map").status_code == 200
    graph = analyst.get("/api/v1/insights/community-map").get_json()
    shown = {node["id"] for node in graph["nodes"]}
    assert graph["nodes"] and all(node["size"] >= 5 and node["label"] for node in graph["nodes"])
    assert all(a in shown and b in shown and n >= 5 for a, b, n in graph["edges"])

    community = graph["nodes"][0]["id"]
    top = store.read(
        "MATCH (i:Influence) WHERE i.community + 0 = $c WITH i ORDER BY i.pagerank DESC RETURN i.member_id AS id "
        "LIMIT 1",
        c=community,
    )[0]["id"]
    store.write("MATCH (m:Member {id: $id}) SET m.visibility = 'connections'", id=top)
    members = analyst.get(f"/api/v1/insights/community-map/{community}").get_json()
    ids = [node["id"] for node in members["nodes"]]
    in_community = store.read("MATCH (i:Influence) WHERE i.community + 0 = $c RETURN count(i) AS n", c=community)
    in_community = in_community[0]["n"]
    assert len(ids) == min(in_community, 200) and top not in ids
    assert members["nodes"][0]["id"] == "hidden-0" and members["nodes"][0]["name"] is None
    assert all(a in ids and b in ids for a, b in members["edges"])
    assert any(node["name"] for node in members["nodes"])
    assert "insights.community" in _text(admin.get("/admin/audit"))

    missing = analyst.get("/api/v1/insights/community-map/9999")
    assert missing.status_code == 404 and missing.get_json()["message"] == "There is no such community."
    analyst, admin = analysed["analyst"], analysed["admin"]
    members = store.read(
        "MATCH (i:Influence) MATCH (m:Member {id: i.member_id}) WHERE m.status = 'active' RETURN m.id AS id"
    )
    ties = insight_queries.latest(store)["totals"]["connections"]  # as the job counted them

    download = analyst.get("/insights/graph.graphml")
    body = download.get_data()
    graph = nx.read_graphml(io.BytesIO(body))
    assert download.status_code == 200 and "jisr-graph.graphml" in download.headers["Content-Disposition"]
    assert graph.number_of_nodes() == len(members) and graph.number_of_edges() == ties
    assert not any(row["id"].encode() in body for row in members)  # no member id, no name
    assert {"community", "pagerank", "betweenness", "country"} <= set(next(iter(graph.nodes(data=True)))[1])
    assert analyst.get("/insights/graph.graphml").get_data() == body  # the same pseudonyms each time

    gexf = nx.read_gexf(io.BytesIO(admin.get("/api/v1/insights/graph.gexf").get_data()))
    assert set(gexf.nodes) == {row["id"] for row in members} and gexf.number_of_edges() == ties
    named = store.read("MATCH (m:Member {role: 'analyst'}) RETURN m.id AS id, m.display_name AS name")[0]
    if named["id"] in gexf.nodes:
        assert gexf.nodes[named["id"]]["label"] in ("", named["name"])
    assert any(data["label"] for _id, data in gexf.nodes(data=True))
    assert analyst.get("/insights/graph.pdf").status_code == 404
    assert "insights.graph" in _text(admin.get("/admin/audit"))


def test_the_network_matrix_heatmap_opens_the_people_behind_a_cell_and_growth_is_charted(analysed, store):
    analyst, admin = analysed["analyst"], analysed["admin"]
    matrix = insight_queries.latest(store)["report"]["network_matrix"]
    networks, connections = matrix["networks"], matrix["connections"]
    a, b = max(
        ((x, y) for x in range(len(networks)) for y in range(len(networks)) if x != y),
        key=lambda pair: connections[pair[0]][pair[1]] or 0,
    )
    first, second = networks[a], networks[b]
    page = _text(analyst.get("/insights/networks"))
    assert "heat-5" in page and f'href="/insights/networks/{first}/{second}"' in page

    members = store.read(
        "MATCH (m:Member) WHERE m.status = 'active' RETURN m.id AS id, m.network_ids AS networks, "
        "coalesce(m.visibility, 'members') = 'members' AS open"
    )
    by_id = {row["id"]: row for row in members}
    ties = {row["id"]: 0 for row in members if first in (row["networks"] or [])}
    for edge in store.read("MATCH (x:Member)-[:CONNECTED]->(y:Member) RETURN x.id AS x, y.id AS y"):
        for one, other in ((edge["x"], edge["y"]), (edge["y"], edge["x"])):
            if one in ties and other in by_id and second in (by_id[other]["networks"] or []):
                ties[one] += 1
    assert sum(ties.values()) == connections[a][b]  # the job's count, recounted here
    most = max(n for member_id, n in ties.items() if by_id[member_id]["open"])

    shown = _text(analyst.get(f"/insights/networks/{first}/{second}"))
    top = shown.split("most connected to", 1)[1]
    assert f"{most} connections" in top.split("</li>", 1)[0]
    assert not any(f'href="/insights/members/{i}"' in shown for i in ties if not by_id[i]["open"])
    assert "insights.networks" in _text(admin.get("/admin/audit"))
    assert analyst.get(f"/insights/networks/{first}/nowhere").status_code == 404
    assert analysed["coordinator"].get(f"/insights/networks/{first}/{second}").status_code == 403
    page = _text(analysed["analyst"].get("/insights/growth"))
    assert page.count('<figure class="chart">') >= 4 and "New connections" in page and "<rect " in page
    assert (
        re.search(r"<text [^>]*>at most \d", page)
        and "<bdi" not in page.split('<figure class="chart">')[1].split("</figure>")[0]
    )
