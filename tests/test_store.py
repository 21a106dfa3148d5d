"""The graph store against a real FalkorDB server: reads, writes, normalisation, errors."""

import socket

import pytest

from graph import Conflict, GraphUnavailable, QueryError, open_store
from graph.errors import ConfigError
from graph.url import GraphTarget, parse_graph_url


def test_write_then_read_returns_plain_dicts(store):
    rows = store.write(
        "CREATE (m:Member {id: $id, display_name: $name, tags: $tags}) "
        "RETURN m, m.id AS id, {a: 1, b: [1, 2]} AS map, null AS nothing",
        id="m1",
        name="Chaïmae",
        tags=["ai", "health"],
    )
    assert rows == [
        {
            "m": {"id": "m1", "display_name": "Chaïmae", "tags": ["ai", "health"]},
            "id": "m1",
            "map": {"a": 1, "b": [1, 2]},
            "nothing": None,
        }
    ]
    assert type(rows[0]["map"]) is dict
    assert store.read("MATCH (m:Member {id: $id}) RETURN m.display_name AS name", id="m1") == [{"name": "Chaïmae"}]


def test_every_kind_of_value_goes_in_and_comes_back_unchanged(store):
    tricky = ['a "quoted" word', 'back\\slash \\" and a quote', "ligne\nsuivante\ttab", "محمد · Chaïmae", "", "`tick`"]
    sent = {
        "texts": tricky,
        "numbers": [0, -7, 2**53, 1.5, -0.25, 1e-9],
        "flags": [True, False],
        "nested": {"rows": [{"id": "x", "keys": ["a", "b"]}, {"id": "y", "keys": []}], "none": None},
    }
    (row,) = store.read(
        "RETURN $texts AS texts, $numbers AS numbers, $flags AS flags, $nested AS nested, $one AS one", **sent, one=3
    )
    assert row == {**sent, "one": 3}
    assert [type(n) for n in row["numbers"]] == [int, int, int, float, float, float]
    for bad in (float("nan"), {1, 2}):
        with pytest.raises((ValueError, TypeError)):
            store.read("RETURN $x AS x", x=bad)


def test_relationships_and_paths_are_normalised(store):
    store.write("CREATE (:Member {id: 'a'})-[:CONNECTED {since: 5}]->(:Member {id: 'b'})")
    rows = store.read("MATCH p = (a:Member {id: 'a'})-[r:CONNECTED]->(b) RETURN r, p")
    assert rows[0]["r"] == {"since": 5}
    assert [node["id"] for node in rows[0]["p"]] == ["a", "b"]


def test_reading_a_graph_that_does_not_exist_yet_returns_nothing(make_app):
    store = make_app(migrate=False).extensions["graph"].store
    assert store.read("MATCH (n) RETURN n") == []


def test_uniqueness_violation_becomes_conflict(store):
    store.write("CREATE (:Member {id: 'same', email_key: 'a@x.org'})")
    with pytest.raises(Conflict):
        store.write("CREATE (:Member {id: 'same', email_key: 'b@x.org'})")
    assert store.read("MATCH (m:Member {id: 'same'}) RETURN count(m) AS n") == [{"n": 1}]


def test_a_write_through_read_is_refused(store):
    with pytest.raises(QueryError):
        store.read("CREATE (:Member {id: 'x'})")


def test_syntax_error_becomes_query_error(store):
    with pytest.raises(QueryError):
        store.read("MATCH (n RETURN n")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_server_becomes_graph_unavailable():
    store = open_store(GraphTarget("falkordb", graph="g", host="127.0.0.1", port=_closed_port()))
    with pytest.raises(GraphUnavailable):
        store.read("RETURN 1 AS one")
    with pytest.raises(GraphUnavailable):
        store.ping()


def test_healthz_and_pages_answer_503_when_the_graph_is_down(make_app):
    app = make_app(GRAPH_URL=f"redis://127.0.0.1:{_closed_port()}/g")
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["graph"] == "unavailable"
    page = client.get("/login", headers={"Accept-Language": "fr"})
    assert page.status_code == 200  # the login page itself needs no graph
    posted = client.post("/register", data={"email": "a@b.org"})
    assert posted.status_code in (400, 422, 503)
    api = client.get("/api/v1/me", headers={"Authorization": "Bearer jisr_" + "0" * 32 + "_secret"})
    assert api.status_code == 503
    assert api.get_json()["code"] == "unavailable"


def test_html_page_during_outage_is_a_translated_503(make_app):
    app = make_app(GRAPH_URL=f"redis://127.0.0.1:{_closed_port()}/g")
    client = app.test_client()
    client.set_cookie("jisr_session", "not-a-session")  # a stale cookie from before the outage
    with client.session_transaction() as session:
        session["_user_id"] = "someone.1"
    page = client.get("/", headers={"Accept-Language": "fr"})
    assert page.status_code == 503
    body = page.get_data(as_text=True)
    assert "Traceback" not in body
    assert "temporairement indisponible" in body


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "graph": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x/y",
        "neo4j+embedded://instance/jisr",
        "neo4j+embedded://instance?heap=lots",
        "falkordb+embedded://elsewhere/jisr",
        "redis://host:notaport/g",
        "falkordb+embedded://instance/",
        "neo4j://",
    ],
)
def test_invalid_graph_url_names_the_variable(url):
    with pytest.raises(ConfigError, match="JISR_GRAPH_URL"):
        parse_graph_url(url, "/tmp/instance")


def test_graph_url_password_is_not_echoed():
    with pytest.raises(ConfigError) as info:
        parse_graph_url("redis://:hunter2secret@host:notaport/g", "/tmp/instance")
    assert "hunter2secret" not in str(info.value)


def test_graph_url_selects_each_engine():
    assert parse_graph_url("falkordb+embedded://instance/jisr", "/srv/i").data_dir == "/srv/i/falkordb"
    assert parse_graph_url("redis://db:6380/jisr", "/i") == GraphTarget("falkordb", graph="jisr", host="db", port=6380)
    neo = parse_graph_url("neo4j+s://jisr:pw@neo.example:7687/jisr", "/i")
    assert (neo.engine, neo.uri, neo.user, neo.password, neo.graph) == (
        "neo4j",
        "neo4j+s://neo.example:7687",
        "jisr",
        "pw",
        "jisr",
    )
    local = parse_graph_url("neo4j+embedded://instance?heap=4g&pagecache=1g", "/srv/i")
    assert (local.engine, local.data_dir, local.heap, local.pagecache) == ("neo4j-embedded", "/srv/i/neo4j", "4g", "1g")
