"""Consolidating the department's existing databases: reading their files (``reading``), understanding their
columns (``columns``), putting each row in Jisr's terms (``cleaning``), the import itself with its undo
(``service``), the files waiting for it (``staging``), the staff pages (``views``); the ``import`` command
and the ``imports.run`` job."""

import uuid
from pathlib import Path

import click
from flask import request
from flask.cli import AppGroup

from graph import imports as import_queries

from .. import jobs
from ..accounts.service import now_ms
from ..extensions import store
from . import service, staging
from .reading import ENCODINGS, MAX_BYTES

import_cli = AppGroup("import", help="Bring the department's existing files in as contacts (CSV or XLSX).")


@jobs.task(service.TASK)
def run_job(progress: jobs.Progress, batch_id: str, mapping: dict[int, str], encoding: str = "") -> dict:
    """The job: import a staged file with the confirmed mapping (and encoding), then forget the file."""
    batch = import_queries.batch(store(), batch_id)
    source = import_queries.source(store(), batch["source_id"])
    import_queries.set_status(store(), batch_id, "running")
    try:
        data = staging.read(batch_id)
        return service.run_import(
            store(), data, batch["filename"], batch_id, source, mapping, now_ms(), progress.step, encoding
        )
    finally:
        staging.remove(batch_id)


@import_cli.command("run")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", "source_name", required=True, help="The database the file comes from.")
@click.option("--basis", default="", help="The lawful basis for holding it (e.g. 'consular registration').")
@click.option("--retention-days", default=3650, show_default=True, type=click.IntRange(1, service.MAX_RETENTION_DAYS))
@click.option("--encoding", default="", type=click.Choice(["", *ENCODINGS]), help="A CSV file's (else detected).")
def run_command(path, source_name, basis, retention_days, encoding):
    """Import PATH from the source named SOURCE (its columns guessed from the headers, or the source's saved
    mapping) and print the outcome of its rows."""
    now = now_ms()
    source_id = service.source_id_of(source_name)
    known = import_queries.source(store(), source_id)
    source = import_queries.save_source(
        store(), source_id, source_name, basis or (known or {}).get("basis") or "", retention_days, now
    )
    source["mapping"] = (known or {}).get("mapping") or {}
    batch_id = "import-" + uuid.uuid4().hex
    import_queries.create_batch(store(), batch_id, source, path.name, None, now)
    batch = service.run_import(store(), path.read_bytes(), path.name, batch_id, source, None, now, encoding=encoding)
    if batch["status"] != "done":
        raise click.ClickException(f"{path.name}: {batch['error']}")
    counts = ", ".join(f"{outcome} {batch['counts'].get(outcome, 0)}" for outcome in service.OUTCOMES)
    click.echo(f"{batch_id}: {batch['rows']} rows ({counts}); {batch['counts']['people']} people")


@import_cli.command("undo")
@click.argument("batch_id")
def undo_command(batch_id):
    """Roll the import BATCH_ID back (its rows, the contacts it alone brought, the values it added)."""
    try:
        service.undo(store(), batch_id, now_ms())
    except service.ImportRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{batch_id} undone")


LARGE_UPLOADS = ("imports.upload", "imports_api.create")


def _allow_large_uploads() -> None:
    """Let an import's file through the app's small request limit (up to twice the file limit, so that a file
    a little too large is refused with the limit named); first of the app's checks, before the CSRF one reads
    the form."""
    if request.endpoint in LARGE_UPLOADS:
        request.max_content_length = 2 * MAX_BYTES


def init_app(app) -> None:
    """Register the import pages, their upload limit and the ``import`` command."""
    from .views import bp

    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(None, []).insert(0, _allow_large_uploads)
    app.cli.add_command(import_cli)
