"""Every statement the Neo4j engine can send passes Neo4j's own parser and semantic analysis.

The checker is Neo4j's npm package ``@neo4j-cypher/language-support``, pinned in
``scripts/cypher-lint`` and installed there by ``make test``.
"""

import hashlib
import json
import os
import shutil
import subprocess
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import migrations
from graph import directory
from graph.cypher import Cypher, all_statements
from graph.schema import neo4j_ddl

LINTER = Path(__file__).resolve().parent.parent / "scripts" / "cypher-lint"
CACHE = LINTER / "node_modules" / ".jisr-lint-cache.json"  # goes with the installed linter
#: Deprecations accepted on purpose, with the reason (docs/cypher-dialect.md): the replacement does not run on
#: FalkorDB, so it cannot be written in portable Cypher yet.
ACCEPTED_DEPRECATIONS = {
    "CALL subquery without a variable scope clause is deprecated": "FalkorDB 4.16 refuses CALL (x) { ... }",
}

# The statements' text is read, no graph is needed: one pass is enough. Neo4j's own parser runs on the Neo4j
# pass (the shorter one; its machines have Java and Node.js), the portable-text checks on the FalkorDB pass.
ON_THE_NEO4J_PASS = pytest.mark.neo4j_only
ON_ONE_PASS = pytest.mark.graph_free


def neo4j_statements() -> dict[str, str]:
    """Every query module constant plus the Neo4j DDL of every migration step."""
    statements = dict(all_statements())
    statements.update(directory.sample_statements("neo4j"))
    for step in migrations.STEPS:
        for op in step.ops:
            statements[f"migration {step.id} {op.name}"] = neo4j_ddl(op)
    return statements


def _linter_version() -> str:
    lock = json.loads((LINTER / "package-lock.json").read_text())
    return lock["packages"]["node_modules/@neo4j-cypher/language-support"]["version"]


def lint(statements: dict[str, str]) -> dict[str, dict]:
    """Neo4j's linter over ``statements``: ``{name: {"errors": [...], "warnings": [...]}}`` for those with findings.

    Findings are cached by statement and linter version (the linter takes a good part of a second per
    statement), so each statement is linted once per change; there is no time limit, as a busy machine is slow.
    """
    node = shutil.which("node")
    assert node, "Node.js is needed to run Neo4j's Cypher checker"
    assert (LINTER / "node_modules").is_dir(), "run `make test` (it installs scripts/cypher-lint)"
    version = _linter_version()
    keys = {name: hashlib.sha256(f"{version}\0{text}".encode()).hexdigest() for name, text in statements.items()}
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    missing = {name: statements[name] for name, key in keys.items() if key not in cache}
    if missing:
        found = _lint_in_parallel(node, missing)
        for name in missing:
            cache[keys[name]] = found.get(name, {"errors": [], "warnings": []})
        CACHE.write_text(json.dumps(cache))
    results = {name: cache[key] for name, key in keys.items()}
    return {name: result for name, result in results.items() if result["errors"] or result["warnings"]}


def _lint_in_parallel(node: str, statements: dict[str, str]) -> dict[str, dict]:
    """The linter's findings, from one process per core (about 0.4 s of CPU a statement)."""
    names = sorted(statements)
    parts = max(1, min(os.cpu_count() or 1, len(names) // 20))
    chunks = [{name: statements[name] for name in names[i::parts]} for i in range(parts)]

    def run(chunk: dict[str, str]) -> dict[str, dict]:
        done = subprocess.run(
            [node, str(LINTER / "lint.mjs")], input=json.dumps(chunk), capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)

    found: dict[str, dict] = {}
    with ThreadPoolExecutor(parts) as pool:
        for part in pool.map(run, chunks):
            found.update(part)
    return found


def _accepted(message: str) -> bool:
    return any(message.startswith(known) for known in ACCEPTED_DEPRECATIONS)


@ON_THE_NEO4J_PASS
def test_every_neo4j_statement_passes_neo4js_parser():
    statements = neo4j_statements()
    assert {
        "graph.accounts.CREATE_MEMBER",
        "graph.schema.RECORD_MIGRATION",
        "migration 0002 member_email_key_unique",
    } <= set(statements)
    findings = lint(statements)
    assert {name: found["errors"] for name, found in findings.items() if found["errors"]} == {}
    deprecated = {name: [m for m in found["warnings"] if "deprecated" in m] for name, found in findings.items()}
    assert {name: [m for m in messages if not _accepted(m)] for name, messages in deprecated.items()} == {
        name: [] for name in deprecated
    }
    by_kind: dict[str, list[str]] = {}
    for name, found in findings.items():
        for message in found["warnings"]:
            by_kind.setdefault(message.split(". ")[0], []).append(name)
    for kind, names in sorted(by_kind.items()):  # in pytest's warnings summary: hints and accepted deprecations
        warnings.warn(
            f"Neo4j's linter on {len(set(names))} statement(s): {kind} ({', '.join(sorted(set(names))[:5])}...)"
        )


@ON_THE_NEO4J_PASS
def test_the_checker_does_reject_bad_cypher_and_warn_of_deprecations():
    findings = lint(
        {
            "good": Cypher("MATCH (m:Member {id: $id}) RETURN m.id AS id"),
            "bad": "MATCH (m:Member RETURN m",
            "unknown": "RETURN datetime( AS t",
            "deprecated": "MATCH (m:Member) RETURN id(m) AS internal",
        }
    )
    assert {name for name, found in findings.items() if found["errors"]} == {"bad", "unknown"}
    assert any("deprecated" in message for message in findings["deprecated"]["warnings"])
    assert "good" not in findings


@ON_ONE_PASS
def test_no_falkordb_only_statement_is_collected():
    from graph.schema import FALKORDB_INDEXES

    assert FALKORDB_INDEXES not in neo4j_statements().values()


@ON_ONE_PASS
@pytest.mark.parametrize("name,statement", sorted(neo4j_statements().items()))
def test_statements_avoid_what_falkordb_lacks(name, statement):
    # docs/cypher-dialect.md: no regular expressions, datetime(), id() or elementId() in shared statements
    for forbidden in ("=~", "datetime(", "elementId(", " id("):
        assert forbidden not in statement, f"{name} uses {forbidden}"
