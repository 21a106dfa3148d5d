"""The talent watch (staff): sources fetched by the job worker, leads proposed with their evidence.

``run(store, source)`` is one source's whole run: fetch (``fetching``), read its items and weigh the people
they name (``recommend.talent``), leave out those rejected before, create or refresh the leads, and record
the run's outcome on the source (last success, last error), whatever happens: a bad source never stops the
worker. The ``talent.fetch`` job runs every source; ``flask --app app talent fetch`` does it by hand.
"""

import logging
import time

import click
from flask import current_app
from flask.cli import AppGroup

from graph import talent as talent_queries
from graph.store import GraphStore
from recommend.talent import items as talent_items
from recommend.talent.pipeline import Knowledge, leads_from
from recommend.talent.signals import gazetteer_from

from .. import jobs
from ..extensions import store
from ..seed.names import FAMILY, FEMALE, MALE
from . import alerting, fetching, vocabulary

TASK = "talent.fetch"
log = logging.getLogger(__name__)
talent_cli = AppGroup("talent", help="The talent watch: fetch the sources, propose leads.")


def now_ms() -> int:
    """Now, in milliseconds since the epoch."""
    return int(time.time() * 1000)


def _propose(db: GraphStore, source: dict, knowledge: Knowledge, conditional: bool = True):
    """Fetch a source (conditionally: with the validators of its last run) and propose its leads:
    ``(fetched, items, rows)``, items and rows None when unchanged; raises ``SourceError``."""
    config = current_app.config
    fetched = fetching.fetch(
        source["location"],
        source.get("etag") if conditional else None,
        source.get("last_modified") if conditional else None,
        timeout=float(config.get("TALENT_TIMEOUT_SECONDS", 20)),
        pause=float(config.get("TALENT_HOST_PAUSE_SECONDS", 2)),
    )
    if fetched.payload is None:  # unchanged since the last run
        return fetched, None, None
    found = talent_items.read(source["kind"], fetched.payload, source["location"])
    rows = leads_from(found, source["id"], knowledge)
    refused = talent_queries.rejected(db, [row["fingerprint"] for row in rows])
    rows = [{k: v for k, v in row.items() if k != "fingerprint"} for row in rows if row["fingerprint"] not in refused]
    return fetched, found, rows


def run(db: GraphStore, source: dict, knowledge: Knowledge) -> dict:
    """Fetch one source and propose its leads; ``{"items", "leads", "new"}`` or ``{"error"}``. Never raises
    for what the source did."""
    try:
        fetched, found, rows = _propose(db, source, knowledge)
        if found is None:
            talent_queries.run_succeeded(db, source["id"], now_ms(), fetched.etag, fetched.last_modified, 0, 0)
            return {"items": 0, "leads": 0, "unchanged": True}
        created = talent_queries.upsert_leads(db, rows, now_ms())
        talent_queries.run_succeeded(
            db, source["id"], now_ms(), fetched.etag, fetched.last_modified, len(found), len(rows)
        )
        alerting.notify_new(db, created, now_ms())
        return {"items": len(found), "leads": len(rows), "new": len(created)}
    except talent_items.SourceError as error:
        talent_queries.run_failed(db, source["id"], now_ms(), str(error))
        return {"error": error.code}
    except Exception as error:  # noqa: BLE001 - recorded on the source; the other sources go on
        log.exception("talent source %s failed", source["id"])
        talent_queries.run_failed(db, source["id"], now_ms(), f"unexpected: {type(error).__name__}")
        return {"error": "unexpected"}


def trial(db: GraphStore, source: dict) -> dict:
    """Read a source once without keeping anything (the "test" of a source): ``{"items", "leads"
    (their names, at most 10)}`` or ``{"error", "message"}``."""
    try:
        _fetched, found, rows = _propose(db, source, knowledge_of(db), conditional=False)
        return {"items": len(found), "leads": [row["name"] for row in rows[:10]], "error": None, "message": None}
    except talent_items.SourceError as error:
        return {"items": 0, "leads": [], "error": error.code, "message": str(error)}


def common_names() -> list[str]:
    """Common Moroccan given and family names in both scripts (the demo's list), so that the gazetteer knows
    them before the directory is large."""
    return [spelling for latin, arabic in MALE + FEMALE + FAMILY for spelling in (*latin, arabic)]


def knowledge_of(db: GraphStore) -> Knowledge:
    """What the pipeline needs to know of this platform: its members' and common names, its vocabularies
    and its cities."""
    gazetteer = gazetteer_from(talent_queries.member_names(db) + common_names())
    return Knowledge(gazetteer, vocabulary.topics(db), vocabulary.places(db))


def run_all(db: GraphStore, progress=None) -> dict[str, dict]:
    """Run every source; ``{source id: outcome}`` (with no source, nothing is loaded)."""
    sources = talent_queries.sources(db)
    if not sources:
        return {}
    knowledge = knowledge_of(db)
    outcomes = {}
    for done, source in enumerate(sources):
        if progress is not None:
            progress.step("fetch", done, len(sources))
        outcomes[source["id"]] = run(db, source, knowledge)
    return outcomes


def summary(db: GraphStore) -> dict:
    """Open and accepted leads per sector and per country, most first (the department console's table);
    ``None`` stands for leads whose sector or country is not known."""
    by_sector, by_country, total = {}, {}, 0
    for row in talent_queries.by_sector_country(db):
        by_sector[row["sector"]] = by_sector.get(row["sector"], 0) + row["n"]
        by_country[row["country"]] = by_country.get(row["country"], 0) + row["n"]
        total += row["n"]

    def most_first(counts: dict) -> list[tuple]:
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0] or "~"))

    return {"total": total, "sectors": most_first(by_sector), "countries": most_first(by_country)}


@jobs.task(TASK)
def fetch_job(progress: jobs.Progress) -> dict:
    """The job: run every source."""
    return run_all(store(), progress)


@talent_cli.command("fetch")
def fetch_command():
    """Fetch every source now and print what each gave."""
    for source_id, outcome in run_all(store()).items():
        click.echo(f"{source_id}: {outcome}")


def init_app(app) -> None:
    """Register the pages and the ``talent`` command."""
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(talent_cli)
