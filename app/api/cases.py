"""API resources of guidance cases: a leader's cases and opening one; a case with its history (private notes
for the guidance unit) and documents; writing, assigning and moving it; the unit's queue. The same
permissions and services as the pages (documents are sent through the pages)."""

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import cases as case_queries
from graph.cases import STEPS
from recommend.programmes import rules

from ..audit import audited
from ..cases import service
from ..cases.forms import HELP_NAMES
from ..extensions import store
from ..permissions import may
from ..programmes.service import value_names
from .found import found_or_abort
from .programmes import CODE
from .schemas import OptionalText

blp = Blueprint("cases_api", __name__, url_prefix="/api/v1", description="Guidance cases")
PER_PAGE = 50


class CaseInput(Schema):
    """What a leader asks the guidance unit."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    description = fields.String(required=True, validate=validate.Length(min=1, max=3000))
    project_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    sector = fields.String(required=True, validate=CODE)
    region = fields.String(required=True, validate=CODE)
    stage = fields.String(required=True, validate=validate.OneOf(rules.STAGES))
    help = fields.List(
        fields.String(validate=validate.OneOf(list(HELP_NAMES))), required=True, validate=validate.Length(min=1)
    )


class CaseSchema(Schema):
    """A case: where it stands (``step``), who works it, its deadline and satisfaction (times in ms)."""

    id = fields.String()
    leader_id = fields.String()
    project_id = fields.String(allow_none=True)
    title = fields.String()
    description = fields.String()
    sector_id = fields.String(allow_none=True)
    region_id = fields.String(allow_none=True)
    stage = fields.String(allow_none=True)
    help = fields.List(fields.String())
    step = fields.String(metadata={"enum": list(STEPS)})
    adviser_id = fields.String(allow_none=True)
    created_at = fields.Integer()
    updated_at = fields.Integer()
    first_answer_due = fields.Integer(allow_none=True)
    first_answered_at = fields.Integer(allow_none=True)
    closed_at = fields.Integer(allow_none=True)
    satisfaction = fields.Integer(allow_none=True)


class EntrySchema(Schema):
    """A line of the case's history (``private``: a note of the guidance unit)."""

    id = fields.String()
    kind = fields.String()
    text = fields.String(allow_none=True)
    step = fields.String(allow_none=True)
    by_id = fields.String(allow_none=True)
    by_name = fields.String(allow_none=True)
    private = fields.Boolean()
    at = fields.Integer()


class DocumentSchema(Schema):
    """A document of the case (download it from ``/guidance/documents/{id}``)."""

    id = fields.String()
    name = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    at = fields.Integer()


class CaseDetail(Schema):
    """A case with its history and documents."""

    case = fields.Nested(CaseSchema)
    entries = fields.List(fields.Nested(EntrySchema))
    documents = fields.List(fields.Nested(DocumentSchema))


class EntryInput(Schema):
    """An update (the other side reads it) or, for the guidance unit, a private note."""

    kind = fields.String(load_default="update", validate=validate.OneOf(["update", "note"]))
    text = fields.String(required=True, validate=validate.Length(min=1, max=3000))


class AssignInput(Schema):
    """The adviser to give the case to."""

    adviser_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class StepInput(Schema):
    """The step to move the case to (``closed`` closes it), and why."""

    step = fields.String(required=True, validate=validate.OneOf([s for s in STEPS if s != "triage"]))
    text = OptionalText(validate=validate.Length(max=500))


class QueueArgs(Schema):
    """Which cases: step, adviser ('' for those without one), region, sector, closed ones too, a page."""

    step = fields.String(validate=validate.OneOf(list(STEPS)))
    adviser = fields.String(validate=validate.Length(max=64))
    region = fields.String(validate=CODE)
    sector = fields.String(validate=CODE)
    all = fields.Boolean(load_default=False)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class QueuePage(Schema):
    """A page of the unit's cases, the longest waiting first."""

    total = fields.Integer()
    page = fields.Integer()
    cases = fields.List(fields.Nested(CaseSchema))


def _case(case_id: str, action: str) -> dict:
    found = case_queries.by_id(store(), case_id) if len(case_id) <= 64 else None
    missing, denied = gettext("There is no such case."), gettext("You may not do this with this case.")
    return found_or_abort(found, action, "case", missing, denied)["case"]


def _detail(case: dict) -> dict:
    unit = may(current_user, "case.notes", case)
    if unit and case["leader_id"] != current_user.id:
        audited("case.view", case["leader_id"], f"case {case['id']} (api)")
    return {
        "case": case,
        "entries": case_queries.entries(store(), case["id"], private=unit),
        "documents": case_queries.documents(store(), case["id"]),
    }


@blp.get("/cases")
@login_required
@blp.response(200, CaseSchema(many=True))
def cases():
    """The caller's own cases, newest first."""
    return [row["case"] for row in case_queries.of_leader(store(), current_user.id)]


@blp.post("/cases")
@login_required
@blp.arguments(CaseInput)
@blp.response(201, CaseDetail)
@blp.alt_response(404, description="No such sector, region or project of the caller's")
def open_case(body):
    """Ask the guidance unit for help (advisers are told)."""
    if not may(current_user, "case.open"):
        abort(403, message=gettext("You may not open a case."))
    names = value_names(store())
    if body["sector"] not in names["sector"] or body["region"] not in names["region"]:
        abort(404, message=gettext("There is no such sector or region."))
    if body["project_id"] and body["project_id"] not in {
        p["id"] for p in service.leader_projects(store(), current_user.id)
    }:
        abort(404, message=gettext("You lead no project with this id."))
    props = {
        "title": body["title"].strip() or body["title"],
        "description": body["description"],
        "project_id": body["project_id"],
        "sector_id": body["sector"],
        "region_id": body["region"],
        "stage": body["stage"],
        "help": list(dict.fromkeys(body["help"])),
    }
    case_id = service.open_case(store(), current_user, props)
    return _detail(case_queries.by_id(store(), case_id)["case"])


@blp.get("/cases/<case_id>")
@login_required
@blp.response(200, CaseDetail)
@blp.alt_response(404, description="No such case")
def case(case_id: str):
    """A case with its history (private notes for the guidance unit) and documents."""
    return _detail(_case(case_id, "case.view"))


@blp.post("/cases/<case_id>/entries")
@login_required
@blp.arguments(EntryInput)
@blp.response(201, CaseDetail)
@blp.alt_response(404, description="No such case")
def write(body, case_id: str):
    """Write an update in an open case (the other side is told) or a private note of the guidance unit."""
    found = _case(case_id, "case.write")
    service.write(store(), found, body["kind"], body["text"], current_user)
    return _detail(_case(case_id, "case.view"))


@blp.post("/cases/<case_id>/assign")
@login_required
@blp.arguments(AssignInput)
@blp.response(200, CaseDetail)
@blp.alt_response(404, description="No such case or adviser")
@blp.alt_response(409, description="The case is closed")
def assign(body, case_id: str):
    """Give the case to an adviser (the guidance unit)."""
    found = _case(case_id, "case.work")
    if body["adviser_id"] not in {a["id"] for a in case_queries.advisers(store())}:
        abort(404, message=gettext("There is no such adviser."))
    if service.assign(store(), found, body["adviser_id"], current_user) is None:
        abort(409, message=gettext("This case is closed."))
    return _detail(_case(case_id, "case.view"))


@blp.post("/cases/<case_id>/step")
@login_required
@blp.arguments(StepInput)
@blp.response(200, CaseDetail)
@blp.alt_response(404, description="No such case")
@blp.alt_response(409, description="The case is already at this step, or closed")
def step(body, case_id: str):
    """Move the case to another step, or close it."""
    found = _case(case_id, "case.work")
    if not found.get("adviser_id"):
        abort(409, message=gettext("Assign the case to an adviser first."))
    if service.move(store(), found, body["step"], body["text"], current_user) is None:
        abort(409, message=gettext("The case is already at this step, or closed."))
    return _detail(_case(case_id, "case.view"))


@blp.get("/guidance/queue")
@login_required
@blp.arguments(QueueArgs, location="query")
@blp.response(200, QueuePage)
def queue(args):
    """The guidance unit's cases, the longest waiting first."""
    if not may(current_user, "case.queue"):
        abort(403, message=gettext("This is for the guidance unit."))
    filters = {name: args.get(name) for name in ("step", "adviser", "region", "sector")}
    filters["open"] = not args["all"]
    rows, total, _ = case_queries.queue(store(), filters, (args["page"] - 1) * PER_PAGE, PER_PAGE)
    audited("case.queue", "", f"api {filters}; page {args['page']}")
    return {"total": total, "page": args["page"], "cases": [row["case"] for row in rows]}
