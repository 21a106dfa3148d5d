"""What only a live Neo4j can show: its errors, its credentials, its procedures, and the app when it fails."""

import os
import stat

import pytest

from graph import Conflict, GraphUnavailable, QueryError, open_store
from graph.neo4j_engine import Neo4jStore
from graph.neo4j_server import Neo4jServer
from graph.url import parse_graph_url

from .served import free_port

pytestmark = pytest.mark.neo4j_only


def _url_with_password(neo4j_graphs, password: str) -> str:
    return neo4j_graphs.url.replace(neo4j_graphs.server.password, password)


def test_uniqueness_and_result_shapes(store):
    store.write("CREATE (:Member {id: 'n1', email_key: 'n@x.org'})")
    with pytest.raises(Conflict):
        store.write("CREATE (:Member {id: 'n2', email_key: 'n@x.org'})")
    rows = store.read("MATCH (m:Member {id: 'n1'}) RETURN m, {a: [1, 2]} AS map, [m] AS nodes")
    assert rows == [{"m": {"id": "n1", "email_key": "n@x.org"}, "map": {"a": [1, 2]}, "nodes": [rows[0]["m"]]}]


def test_a_wrong_password_is_unavailable_not_a_query_error(neo4j_graphs):
    store = open_store(parse_graph_url(_url_with_password(neo4j_graphs, "not-the-password"), "/tmp"))
    try:
        with pytest.raises(GraphUnavailable, match="refused the user name or password"):
            store.read("RETURN 1 AS one")
        with pytest.raises(GraphUnavailable):
            store.ping()
    finally:
        store.close()


def test_a_missing_procedure_is_named(neo4j_graphs):
    server = neo4j_graphs.server
    store = Neo4jStore(
        server.uri, user=server.user, password=server.password, procedures=("db.index.fulltext.queryNodes", "apoc.help")
    )
    try:
        with pytest.raises(GraphUnavailable, match="lacks procedures Jisr calls: apoc.help"):
            store.ping()
        with pytest.raises(GraphUnavailable, match="lacks a procedure"):
            store.read("CALL apoc.help('x') YIELD name RETURN name")
    finally:
        store.close()
    complete = Neo4jStore(server.uri, user=server.user, password=server.password)
    try:
        complete.ping()  # the procedures the dialect calls are built into Neo4j 5
    finally:
        complete.close()


def test_a_statement_neo4j_refuses_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.read("MATCH (n RETURN n")
    with pytest.raises(QueryError):
        store.read("CREATE (:Member {id: 'x'})")  # a write in a read transaction


@pytest.mark.parametrize("trouble", ["down", "wrong password"])
def test_pages_and_the_api_answer_a_translated_503(make_app, neo4j_graphs, test_graphs, trouble):
    if trouble == "down":
        url = f"neo4j://neo4j:whatever-password@127.0.0.1:{free_port()}"
    else:
        url = _url_with_password(neo4j_graphs, "not-the-password")
    app = make_app(GRAPH_URL=url, REDIS_URL=test_graphs.server.redis_url)
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["graph"] == "unavailable"
    with client.session_transaction() as session:
        session["_user_id"] = "someone.1"
    page = client.get("/", headers={"Accept-Language": "fr"})
    assert page.status_code == 503
    assert "temporairement indisponible" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    api = client.get("/api/v1/me", headers={"Authorization": "Bearer jisr_" + "0" * 32 + "_secret"})
    assert api.status_code == 503 and api.get_json()["code"] == "unavailable"


def test_serve_refuses_to_start_with_a_clear_message(make_app, neo4j_graphs, test_graphs):
    app = make_app(
        GRAPH_URL=_url_with_password(neo4j_graphs, "not-the-password"), REDIS_URL=test_graphs.server.redis_url
    )
    result = app.test_cli_runner().invoke(args=["serve", "--port", str(free_port())])
    assert result.exit_code != 0
    assert "refused the user name or password of JISR_GRAPH_URL" in result.output
    assert "Traceback" not in result.output


def test_a_running_server_is_reused_not_started_twice(neo4j_graphs):
    again = Neo4jServer(neo4j_graphs.server.data_dir)
    assert again.ensure_running() is False
    assert (again.port, again.password) == (neo4j_graphs.server.port, neo4j_graphs.server.password)
    assert stat.S_IMODE(os.stat(again.password_file).st_mode) == 0o600


def test_a_server_that_cannot_start_says_where_its_log_is(tmp_path):
    broken = Neo4jServer(tmp_path / "neo4j", durable=False, heap="512m", settings={"no.such.setting": "1"})
    with pytest.raises(GraphUnavailable, match="exited at start-up; see .*launcher.log"):
        broken.ensure_running()
    assert "no.such.setting" in (tmp_path / "neo4j" / "launcher.log").read_text()
    assert broken.running_pid() is None
