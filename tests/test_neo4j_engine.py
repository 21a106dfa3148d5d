"""The store contract against a real Neo4j, where one is given (JISR_TEST_NEO4J_URL)."""

import os
import uuid

import pytest

import migrations
from graph import Conflict, open_store
from graph.url import parse_graph_url

NEO4J_URL = os.environ.get("JISR_TEST_NEO4J_URL")
pytestmark = pytest.mark.skipif(not NEO4J_URL, reason="JISR_TEST_NEO4J_URL is not set: no Neo4j server here")


@pytest.fixture
def neo4j_store():
    store = open_store(parse_graph_url(NEO4J_URL, "/tmp"))
    if store.read("MATCH (n) WHERE NOT n:Migration RETURN count(n) AS n")[0]["n"]:
        pytest.skip("the Neo4j database holds data: tests never run on (or wipe) a populated database")
    yield store
    store.write("MATCH (n) DETACH DELETE n")
    store.close()


def test_migrations_and_accounts_on_neo4j(neo4j_store):
    migrations.migrate(neo4j_store)
    assert migrations.migrate(neo4j_store) == []
    neo4j_store.write("CREATE (:Member {id: $id, email_key: 'n@x.org'})", id=str(uuid.uuid4()))
    with pytest.raises(Conflict):
        neo4j_store.write("CREATE (:Member {id: $id, email_key: 'n@x.org'})", id=str(uuid.uuid4()))
    rows = neo4j_store.read("MATCH (m:Member) RETURN m, {a: [1, 2]} AS map")
    assert rows[0]["m"]["email_key"] == "n@x.org" and rows[0]["map"] == {"a": [1, 2]}
