"""API resources of imports (staff): send a file, follow it, read each row's outcome, undo it. The same
checks, job and undo as the pages (``/imports``)."""

import json

from flask import request
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import imports as import_queries

from .. import jobs
from ..accounts.service import now_ms
from ..extensions import store
from ..imports import columns, service, staging
from ..imports.reading import ENCODINGS, read_table
from ..permissions import may

blp = Blueprint("imports_api", __name__, url_prefix="/api/v1/imports", description="Imports (staff)")
ROWS_PER_PAGE = 500


class ImportForm(Schema):
    """A file's source, lawful basis and retention; optionally its mapping as JSON ``{"0": "full_name"}``
    (else the source's saved one, else guessed from the headers) and a CSV file's encoding (``utf-8-sig``,
    ``cp1256`` or ``cp1252``; else detected). The file itself is the ``file`` part."""

    source = fields.String(required=True)
    basis = fields.String(required=True)
    retention_days = fields.Integer(load_default=3650)
    mapping = fields.String(load_default="")
    encoding = fields.String(load_default="", validate=validate.OneOf(["", *ENCODINGS]))


class BatchSchema(Schema):
    """An import: its status, counts per outcome and, while it runs, its progress."""

    id = fields.String()
    source_id = fields.String()
    filename = fields.String()
    basis = fields.String()
    retention_days = fields.Integer()
    status = fields.String()
    rows = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    error = fields.String(allow_none=True)
    created_at = fields.Integer()
    progress = fields.Dict(keys=fields.String(), allow_none=True)


class RowsArgs(Schema):
    """A page of an import's rows, of one outcome or all."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    outcome = fields.String(load_default=None, validate=validate.OneOf(service.OUTCOMES))


class RowSchema(Schema):
    """One row: its number in the file (the header is row 1), outcome, person, why, and problems by field."""

    row = fields.Integer()
    outcome = fields.String()
    person_id = fields.String(allow_none=True)
    reasons = fields.List(fields.Dict(keys=fields.String()))
    problems = fields.Dict(keys=fields.String(), values=fields.String())


def _staff() -> None:
    if not may(current_user, "imports.manage"):
        abort(403, message=gettext("Imports are for the department's staff."))


def _shown(batch_id: str) -> dict:
    found = import_queries.batch(store(), batch_id)
    if found is None:
        abort(404, message=gettext("There is no such import."))
    progress = jobs.state(found["job_id"]) if found.get("job_id") else None
    return {**found, "progress": progress and {key: progress[key] for key in ("status", "step", "done", "total")}}


def _mapping(text: str, width: int) -> dict[int, str]:
    try:
        chosen = {int(column): name for column, name in json.loads(text).items()}
    except (ValueError, AttributeError, TypeError):
        abort(422, message=gettext("The mapping must be a JSON object of column numbers to fields."))
    problems = columns.check(chosen, width)
    if problems:
        abort(422, message=" ".join(problems))
    return chosen


@blp.post("")
@login_required
@blp.arguments(ImportForm, location="form")
@blp.response(202, BatchSchema)
@blp.alt_response(422, description="A missing or unusable file, source, basis, retention or mapping")
def create(form):
    """Send a file (``multipart/form-data``): it is checked, then imported by the job worker."""
    _staff()
    upload = request.files.get("file")
    data, filename = (upload.read(), upload.filename or "") if upload else (b"", "")
    typed = {
        "source": form["source"].strip(),
        "basis": form["basis"].strip(),
        "retention_days": str(form["retention_days"]),
    }
    batch_id, errors = service.receive(store(), data, filename, typed, current_user.id)
    if errors:
        abort(422, message=gettext("Some fields need attention."), errors=errors)
    headers = read_table(staging.read(batch_id), filename, form["encoding"]).headers
    if form["mapping"]:
        mapping = _mapping(form["mapping"], len(headers))
    else:
        mapping = service.proposed_mapping(store(), service.source_id_of(typed["source"]), headers)
    service.start(store(), batch_id, mapping, form["encoding"])
    return _shown(batch_id)


@blp.get("/<batch_id>")
@login_required
@blp.response(200, BatchSchema)
@blp.alt_response(404, description="No such import")
def show(batch_id: str):
    """An import's status, counts and progress."""
    _staff()
    return _shown(batch_id)


@blp.get("/<batch_id>/rows")
@login_required
@blp.arguments(RowsArgs, location="query")
@blp.response(200, RowSchema(many=True))
@blp.alt_response(404, description="No such import")
def rows(args, batch_id: str):
    """Each row of an import in file order (500 a page): linked, new, review or rejected, with the reasons."""
    _staff()
    _shown(batch_id)
    return import_queries.records(store(), batch_id, args["page"], ROWS_PER_PAGE, args["outcome"])


@blp.post("/<batch_id>/undo")
@login_required
@blp.response(200, BatchSchema)
@blp.alt_response(409, description="Not a finished import, or someone it brought in has claimed their profile")
def undo(batch_id: str):
    """Roll an import back: the contacts it alone brought, its links, the values it added."""
    _staff()
    _shown(batch_id)
    try:
        service.undo(store(), batch_id, now_ms())
    except service.ImportRefused as exc:
        abort(409, message=str(exc))
    return _shown(batch_id)
