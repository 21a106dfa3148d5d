"""API resources of the opportunity board: institutions, opportunities (posting, interest, suggested experts,
choice). The same permissions and services as the pages."""

from datetime import date

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import opportunities as opportunity_queries

from ..extensions import store
from ..opportunities import service
from ..opportunities.forms import KIND_NAMES, MAX_SKILLS
from ..permissions import may
from ..programmes.service import value_names
from ..validators import comma_list
from .found import found_or_abort
from .programmes import CODE
from .projects import SKILL_NAME
from .schemas import OptionalText, RankedPersonSchema, suggestion_json

blp = Blueprint("opportunities_api", __name__, url_prefix="/api/v1", description="The opportunity board")
PER_PAGE = 50


class InstitutionSchema(Schema):
    """An institution."""

    id = fields.String()
    name = fields.String()
    name_ar = fields.String(allow_none=True)
    kind = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    open_opportunities = fields.Integer()


class OpportunityInput(Schema):
    """What an institution needs: skills by name, sectors, languages, place, remote or not, weeks, last day."""

    kind = fields.String(required=True, validate=validate.OneOf(list(KIND_NAMES)))
    title = fields.String(required=True, validate=validate.Length(min=1, max=140))
    description = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    skills = fields.List(
        fields.String(validate=[validate.Length(min=1, max=60), validate.Regexp(SKILL_NAME)]),
        required=True,
        validate=validate.Length(min=1, max=MAX_SKILLS),
    )
    sectors = fields.List(fields.String(validate=CODE), load_default=list, validate=validate.Length(max=20))
    languages = fields.List(fields.String(validate=CODE), load_default=list, validate=validate.Length(max=10))
    place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=160))
    remote = fields.Boolean(load_default=False)
    duration_weeks = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=520))
    deadline = fields.Date(required=True, metadata={"description": "the last day to answer (not in the past)"})


class OpportunitySchema(Schema):
    """An opportunity (``status``: open, expired, filled, closed)."""

    id = fields.String()
    institution_id = fields.String()
    kind = fields.String()
    title = fields.String()
    description = fields.String()
    skill_ids = fields.List(fields.String())
    sector_ids = fields.List(fields.String())
    language_ids = fields.List(fields.String())
    place = fields.String(allow_none=True)
    remote = fields.Boolean()
    duration_weeks = fields.Integer(allow_none=True)
    deadline = fields.String()
    status = fields.String(metadata={"enum": ["open", "expired", "filled", "closed"]})
    chosen_id = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)
    created_at = fields.Integer()


class BoardArgs(Schema):
    """Which open opportunities: a kind, a sector, a page."""

    kind = fields.String(validate=validate.OneOf(list(KIND_NAMES)))
    sector = fields.String(validate=CODE)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class BoardPage(Schema):
    """A page of open opportunities whose last day has not passed, newest first."""

    total = fields.Integer()
    page = fields.Integer()
    opportunities = fields.List(fields.Nested(OpportunitySchema))


class InterestInput(Schema):
    """A word for the institution."""

    note = OptionalText(validate=validate.Length(max=1000))


class InterestSchema(Schema):
    """Where the caller stands."""

    state = fields.String()


class ChoiceInput(Schema):
    """The expert chosen."""

    member_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


def _shown(opportunity: dict) -> dict:
    return {**opportunity, "status": service.shown_status(opportunity)}


def _opportunity(opportunity_id: str, action: str) -> dict:
    found = opportunity_queries.by_id(store(), opportunity_id) if len(opportunity_id) <= 64 else None
    missing = gettext("There is no such opportunity.")
    denied = gettext("You may not do this with this opportunity.")
    return found_or_abort(found, action, "opportunity", missing, denied)["opportunity"]


@blp.get("/institutions")
@login_required
@blp.response(200, InstitutionSchema(many=True))
def institutions():
    """Every institution, by name, with its number of open opportunities."""
    if not may(current_user, "institution.view"):
        abort(403, message=gettext("You may not see the institutions."))
    return [
        {**row["institution"], "open_opportunities": row["open_opportunities"]}
        for row in opportunity_queries.institutions(store())
    ]


@blp.get("/opportunities")
@login_required
@blp.arguments(BoardArgs, location="query")
@blp.response(200, BoardPage)
def board(args):
    """Open opportunities whose last day has not passed, newest first."""
    if not may(current_user, "opportunity.view"):
        abort(403, message=gettext("You may not see the opportunities."))
    filters = {"status": "open", "kind": args.get("kind"), "sector": args.get("sector"), "current": True}
    rows, total = opportunity_queries.listing(
        store(), filters, service.today(), (args["page"] - 1) * PER_PAGE, PER_PAGE
    )
    return {"total": total, "page": args["page"], "opportunities": [_shown(r["opportunity"]) for r in rows]}


@blp.post("/institutions/<institution_id>/opportunities")
@login_required
@blp.arguments(OpportunityInput)
@blp.response(201, OpportunitySchema)
@blp.alt_response(404, description="No such institution or sector")
@blp.alt_response(409, description="The last day to answer has passed")
def post(body, institution_id: str):
    """A representative posts an opportunity for the institution."""
    found = opportunity_queries.institution(store(), institution_id) if len(institution_id) <= 64 else None
    if found is None:
        abort(404, message=gettext("There is no such institution."))
    if not may(current_user, "opportunity.post", found["institution"]):
        abort(403, message=gettext("Only the institution's representatives post for it."))
    if any(s not in value_names(store())["sector"] for s in body["sectors"]):
        abort(404, message=gettext("There is no such sector."))
    if body["deadline"] < date.today():
        abort(409, message=gettext("The last day to answer has passed: choose today or a later day."))
    props = {
        "kind": body["kind"],
        "title": body["title"],
        "description": body["description"],
        "sector_ids": list(dict.fromkeys(body["sectors"])),
        "language_ids": list(dict.fromkeys(body["languages"])),
        "place": body.get("place"),
        "remote": body["remote"],
        "duration_weeks": body.get("duration_weeks"),
        "deadline": body["deadline"].isoformat(),
    }
    opportunity_id = service.post(store(), institution_id, props, comma_list(", ".join(body["skills"])), current_user)
    return _shown(opportunity_queries.by_id(store(), opportunity_id)["opportunity"])


@blp.get("/opportunities/<opportunity_id>")
@login_required
@blp.response(200, OpportunitySchema)
@blp.alt_response(404, description="No such opportunity")
def opportunity(opportunity_id: str):
    """One opportunity."""
    return _shown(_opportunity(opportunity_id, "opportunity.view"))


@blp.post("/opportunities/<opportunity_id>/interest")
@login_required
@blp.arguments(InterestInput)
@blp.response(200, InterestSchema)
@blp.alt_response(404, description="No such opportunity")
@blp.alt_response(409, description="The opportunity no longer takes answers")
def interest(body, opportunity_id: str):
    """Say the caller is interested (the institution's representatives are told)."""
    found = _opportunity(opportunity_id, "opportunity.interest")
    state = service.interest(store(), found, current_user, body["note"])
    if state is None:
        abort(
            409,
            message=gettext(
                "This opportunity no longer takes answers (its last day has passed, or it is filled or closed)."
            ),
        )
    return {"state": state}


@blp.get("/opportunities/<opportunity_id>/suggestions")
@login_required
@blp.response(200, RankedPersonSchema(many=True))
@blp.alt_response(404, description="No such opportunity")
def suggestions(opportunity_id: str):
    """The experts who fit best, with their reasons (the institution's representatives)."""
    found = _opportunity(opportunity_id, "opportunity.manage")
    if found["status"] != "open":
        return []
    return [suggestion_json(s) for s in service.suggestions(store(), found, current_user)]


@blp.post("/opportunities/<opportunity_id>/choice")
@login_required
@blp.arguments(ChoiceInput)
@blp.response(200, OpportunitySchema)
@blp.alt_response(404, description="No such opportunity or member")
@blp.alt_response(409, description="The opportunity is no longer open")
def choose(body, opportunity_id: str):
    """Choose the expert: the opportunity is filled; they and the others interested are told."""
    found = _opportunity(opportunity_id, "opportunity.manage")
    if found["status"] != "open":
        abort(409, message=gettext("This opportunity is no longer open."))
    if not service.choose(store(), found, body["member_id"], current_user):
        abort(404, message=gettext("There is no active member with this id."))
    return _shown(opportunity_queries.by_id(store(), opportunity_id)["opportunity"])
