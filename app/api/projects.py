"""API resources of projects and a project's eligibility: the same permissions and services as the pages
(mentoring requests and mentorships: :mod:`app.api.mentoring`)."""

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import projects as project_queries
from graph.textkeys import fold
from recommend.programmes import rules

from ..extensions import store
from ..permissions import may
from ..programmes import service as programme_service
from ..projects import service
from .found import found_or_abort
from .programmes import CODE, EligibilitySchema, FinancingFactsSchema, eligibility_json

blp = Blueprint("projects_api", __name__, url_prefix="/api/v1", description="Projects and their eligibility")
PER_PAGE = 50
SKILL_NAME = "^[^,\\u0000]*[^,\\s\\u0000][^,\\u0000]*$"  # something besides blanks, no comma (the separator)


class ProjectInput(FinancingFactsSchema):
    """A project as its leader describes it."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=3000))
    sector = fields.String(required=True, validate=CODE, metadata={"description": "a sector id"})
    region = fields.String(required=True, validate=CODE, metadata={"description": "a region of Morocco's id"})
    stage = fields.String(required=True, validate=validate.OneOf(rules.STAGES))
    amount_mad = fields.Integer(validate=validate.Range(min=0, max=10_000_000_000))
    jobs_planned = fields.Integer(validate=validate.Range(min=0, max=100_000))
    programmes = fields.List(fields.String(validate=CODE), validate=validate.Length(max=20))


class ProjectSchema(Schema):
    """A project."""

    id = fields.String()
    title = fields.String()
    summary = fields.String(allow_none=True)
    stage = fields.String()
    sector_id = fields.String(allow_none=True)
    region_id = fields.String(allow_none=True)
    city_id = fields.String(allow_none=True)
    leader_id = fields.String()
    amount_mad = fields.Integer(allow_none=True)
    jobs_planned = fields.Integer(allow_none=True)
    programmes = fields.List(fields.String())
    kind = fields.String(allow_none=True)
    residence = fields.String(allow_none=True)
    returned_months = fields.Integer(allow_none=True)
    legal_form = fields.String(allow_none=True)
    investment_mad = fields.Integer(allow_none=True)
    own_funds_mad = fields.Integer(allow_none=True)
    foreign_funds_mad = fields.Integer(allow_none=True)
    mre_share_pct = fields.Integer(allow_none=True)
    created_at = fields.Integer(allow_none=True)
    updated_at = fields.Integer(allow_none=True)


class ProjectArgs(Schema):
    """Which projects: filters (unknown values match nothing), words of the title or summary, a page."""

    sector = fields.String(validate=CODE)
    region = fields.String(validate=CODE)
    stage = fields.String(validate=validate.OneOf(rules.STAGES))
    programme = fields.String(validate=CODE)
    q = fields.String(validate=validate.Length(max=100))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class ProjectPage(Schema):
    """A page of projects and how many match."""

    total = fields.Integer()
    page = fields.Integer()
    projects = fields.List(fields.Nested(ProjectSchema))


def found_project(project_id: str, action: str) -> dict:
    """``{"project", "leader", ...}`` of a project the caller may ``action``; else 404 or 403."""
    found = project_queries.by_id(store(), project_id) if len(project_id) <= 64 else None
    missing, denied = gettext("There is no such project."), gettext("You may not do this with this project.")
    return found_or_abort(found, action, "project", missing, denied)


def _checked_props(body: dict) -> dict:
    """The project's properties, or 404 for a sector, region or programme that does not exist and 409 for
    amounts that contradict each other."""
    names = programme_service.value_names(store())
    if body["sector"] not in names["sector"]:
        abort(404, message=gettext("There is no such sector."))
    if body["region"] not in names["region"]:
        abort(404, message=gettext("There is no such region."))
    known = programme_service.programme_names(store())
    if any(p not in known for p in body.get("programmes") or []):
        abort(404, message=gettext("There is no such programme."))
    _, problems = programme_service.consistent_facts(body, names)
    if problems:
        abort(409, message=" ".join(message for _, message in problems))
    props = {name: body.get(name) for name in ("title", "summary", "stage", "amount_mad", "jobs_planned")}
    props.update({name: body.get(name) for name in programme_service.FACT_PROPS})
    props.update(sector_id=body["sector"], region_id=body["region"], city_id=None)
    props["programmes"] = list(dict.fromkeys(body.get("programmes") or []))
    return props


@blp.get("/projects")
@login_required
@blp.arguments(ProjectArgs, location="query")
@blp.response(200, ProjectPage)
def projects(args):
    """Projects of the diaspora in Morocco, newest first, filtered like the directory of projects."""
    if not may(current_user, "project.view"):
        abort(403, message=gettext("You may not see the projects."))
    filters = {name: args.get(name) for name in ("sector", "region", "stage", "programme")}
    filters["q"] = fold(args.get("q") or "") or None
    rows, total, _ = project_queries.search(store(), filters, (args["page"] - 1) * PER_PAGE, PER_PAGE)
    return {"total": total, "page": args["page"], "projects": [row["project"] for row in rows]}


@blp.post("/projects")
@login_required
@blp.arguments(ProjectInput)
@blp.response(201, ProjectSchema)
@blp.alt_response(404, description="No such sector, region or programme")
@blp.alt_response(409, description="Amounts that contradict each other")
def create_project(body):
    """Describe a new project: its leader is the caller."""
    if not may(current_user, "project.create"):
        abort(403, message=gettext("You may not describe a project."))
    project_id = service.save_project(store(), current_user.id, _checked_props(body))
    return project_queries.by_id(store(), project_id)["project"]


@blp.get("/projects/<project_id>")
@login_required
@blp.response(200, ProjectSchema)
@blp.alt_response(404, description="No such project")
def project(project_id: str):
    """One project."""
    return found_project(project_id, "project.view")["project"]


@blp.put("/projects/<project_id>")
@login_required
@blp.arguments(ProjectInput)
@blp.response(200, ProjectSchema)
@blp.alt_response(404, description="No such project, sector, region or programme")
@blp.alt_response(409, description="Amounts that contradict each other")
def update_project(body, project_id: str):
    """Change a project (its leader, or the department's administrators)."""
    found = found_project(project_id, "project.edit")
    service.save_project(store(), found["project"]["leader_id"], _checked_props(body), project_id)
    return project_queries.by_id(store(), project_id)["project"]


@blp.get("/projects/<project_id>/eligibility")
@login_required
@blp.response(200, EligibilitySchema)
@blp.alt_response(404, description="No such project")
def project_eligibility(project_id: str):
    """The project's eligibility for every open programme, with the financing plan of those that fit."""
    found = found_project(project_id, "project.see_mentors")
    facts = programme_service.project_facts(found["project"], found["leader"])
    return eligibility_json(programme_service.assess(store(), facts), programme_service.value_names(store()))
