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
from recommend.talent.pipeline import leads_from
from recommend.talent.signals import gazetteer_from

from .. import jobs
from ..extensions import store
from ..seed.names import FAMILY, FEMALE, MALE
from . import fetching

TASK = "talent.fetch"
log = logging.getLogger(__name__)
talent_cli = AppGroup("talent", help="The talent watch: fetch the sources, propose leads.")


def now_ms() -> int:
    """Now, in milliseconds since the epoch."""
    return int(time.time() * 1000)


def run(db: GraphStore, source: dict, gazetteer: set[str]) -> dict:
    """Fetch one source and propose its leads; ``{"items", "leads"}`` or ``{"error"}``. Never raises for
    what the source did."""
    try:
        config = current_app.config
        fetched = fetching.fetch(
            source["location"],
            source.get("etag"),
            source.get("last_modified"),
            timeout=float(config.get("TALENT_TIMEOUT_SECONDS", 20)),
            pause=float(config.get("TALENT_HOST_PAUSE_SECONDS", 2)),
        )
        if fetched.payload is None:  # unchanged since the last run
            talent_queries.run_succeeded(db, source["id"], now_ms(), fetched.etag, fetched.last_modified, 0, 0)
            return {"items": 0, "leads": 0, "unchanged": True}
        found = talent_items.read(source["kind"], fetched.payload)
        rows = leads_from(found, source["id"], gazetteer)
        refused = talent_queries.rejected(db, [row["fingerprint"] for row in rows])
        rows = [
            {k: v for k, v in row.items() if k != "fingerprint"} for row in rows if row["fingerprint"] not in refused
        ]
        written = talent_queries.upsert_leads(db, rows, now_ms())
        talent_queries.run_succeeded(
            db, source["id"], now_ms(), fetched.etag, fetched.last_modified, len(found), written
        )
        return {"items": len(found), "leads": written}
    except talent_items.SourceError as error:
        talent_queries.run_failed(db, source["id"], now_ms(), str(error))
        return {"error": error.code}
    except Exception as error:  # noqa: BLE001 - recorded on the source; the other sources go on
        log.exception("talent source %s failed", source["id"])
        talent_queries.run_failed(db, source["id"], now_ms(), f"unexpected: {type(error).__name__}")
        return {"error": "unexpected"}


def common_names() -> list[str]:
    """Common Moroccan given and family names in both scripts (the demo's list), so that the gazetteer knows
    them before the directory is large."""
    return [spelling for latin, arabic in MALE + FEMALE + FAMILY for spelling in (*latin, arabic)]


def run_all(db: GraphStore, progress=None) -> dict[str, dict]:
    """Run every source; ``{source id: outcome}``."""
    sources = talent_queries.sources(db)
    gazetteer = gazetteer_from(talent_queries.member_names(db) + common_names())
    outcomes = {}
    for done, source in enumerate(sources):
        if progress is not None:
            progress.step("fetch", done, len(sources))
        outcomes[source["id"]] = run(db, source, gazetteer)
    return outcomes


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
