"""Every statement the Neo4j engine can send passes Neo4j's own parser and semantic analysis.

The checker is Neo4j's npm package ``@neo4j-cypher/language-support``, pinned in
``scripts/cypher-lint`` and installed there by ``make test``.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import migrations
from graph import directory
from graph.cypher import Cypher, all_statements
from graph.schema import neo4j_ddl

LINTER = Path(__file__).resolve().parent.parent / "scripts" / "cypher-lint"


def neo4j_statements() -> dict[str, str]:
    """Every query module constant plus the Neo4j DDL of every migration step."""
    statements = dict(all_statements())
    statements.update(directory.sample_statements("neo4j"))
    for step in migrations.STEPS:
        for op in step.ops:
            statements[f"migration {step.id} {op.name}"] = neo4j_ddl(op)
    return statements


def lint(statements: dict[str, str]) -> dict[str, list[str]]:
    """Run Neo4j's linter over ``statements``; return the problems by name."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run Neo4j's Cypher checker"
    assert (LINTER / "node_modules").is_dir(), "run `make test` (it installs scripts/cypher-lint)"
    done = subprocess.run(
        [node, str(LINTER / "lint.mjs")],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_every_neo4j_statement_passes_neo4js_parser():
    statements = neo4j_statements()
    assert {
        "graph.accounts.CREATE_MEMBER",
        "graph.schema.RECORD_MIGRATION",
        "migration 0002 member_email_key_unique",
    } <= set(statements)
    assert lint(statements) == {}


def test_the_checker_does_reject_bad_cypher():
    problems = lint(
        {
            "good": Cypher("MATCH (m:Member {id: $id}) RETURN m.id AS id"),
            "bad": "MATCH (m:Member RETURN m",
            "unknown": "RETURN datetime( AS t",
        }
    )
    assert set(problems) == {"bad", "unknown"}


def test_no_falkordb_only_statement_is_collected():
    from graph.schema import FALKORDB_INDEXES

    assert FALKORDB_INDEXES not in neo4j_statements().values()


@pytest.mark.parametrize("name,statement", sorted(neo4j_statements().items()))
def test_statements_avoid_what_falkordb_lacks(name, statement):
    # graph-dialect.md: no regular expressions, datetime(), id() or elementId() in shared statements
    for forbidden in ("=~", "datetime(", "elementId(", " id("):
        assert forbidden not in statement, f"{name} uses {forbidden}"
