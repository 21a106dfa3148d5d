"""API resources of mentoring: a project's requests, the mentors suggested for one, invitations, and the
mentorships that follow (answer, close, rate). The same permissions and services as the pages."""

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import mentorships as mentorship_queries
from graph import projects as project_queries

from ..extensions import store
from ..permissions import may
from ..programmes import service as programme_service
from ..projects import service
from ..projects.forms import MAX_REQUESTED_SKILLS
from ..projects.mentoring_forms import OUTCOME_NAMES
from ..projects.names import FORMAT_NAMES
from ..validators import comma_list
from .found import found_or_abort
from .programmes import CODE
from .projects import SKILL_NAME, found_project
from .schemas import OptionalText, RankedPersonSchema, suggestion_json

blp = Blueprint("mentoring_api", __name__, url_prefix="/api/v1", description="Mentoring requests and mentorships")


class RequestInput(Schema):
    """A request for mentoring: skills by name (curated ones recognised), sectors, languages, format, weeks."""

    skills = fields.List(
        fields.String(validate=[validate.Length(min=1, max=60), validate.Regexp(SKILL_NAME)]),
        required=True,
        validate=validate.Length(min=1, max=MAX_REQUESTED_SKILLS),
    )
    sectors = fields.List(fields.String(validate=CODE), load_default=list, validate=validate.Length(max=20))
    languages = fields.List(fields.String(validate=CODE), required=True, validate=validate.Length(min=1, max=10))
    format = fields.String(load_default="either", validate=validate.OneOf(list(FORMAT_NAMES)))
    duration_weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))
    note = OptionalText(validate=validate.Length(max=1000))


class RequestSchema(Schema):
    """A request for mentoring."""

    id = fields.String()
    skill_ids = fields.List(fields.String())
    sector_ids = fields.List(fields.String())
    language_ids = fields.List(fields.String())
    format = fields.String()
    duration_weeks = fields.Integer()
    note = fields.String(allow_none=True)
    status = fields.String()
    created_at = fields.Integer()


class MentorshipSchema(Schema):
    """A mentorship (or an invitation to one) with its project and people."""

    id = fields.String()
    request_id = fields.String()
    project_id = fields.String()
    project_title = fields.String(allow_none=True)
    leader_id = fields.String(allow_none=True)
    mentor_id = fields.String(allow_none=True)
    mentor_name = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["invited", "declined", "active", "closed"]})
    invited_at = fields.Integer(allow_none=True)
    answered_at = fields.Integer(allow_none=True)
    closed_at = fields.Integer(allow_none=True)
    outcome = fields.String(allow_none=True)
    leader_rating = fields.Integer(allow_none=True)
    mentor_rating = fields.Integer(allow_none=True)


@blp.get("/projects/<project_id>/mentoring-requests")
@login_required
@blp.response(200, RequestSchema(many=True))
@blp.alt_response(404, description="No such project")
def requests(project_id: str):
    """The project's requests for mentoring, newest first (its leader and administrators)."""
    found_project(project_id, "project.see_mentors")
    return project_queries.requests(store(), project_id)


@blp.post("/projects/<project_id>/mentoring-requests")
@login_required
@blp.arguments(RequestInput)
@blp.response(201, RequestSchema)
@blp.alt_response(404, description="No such project, sector or language")
def ask(body, project_id: str):
    """The leader asks for mentoring."""
    found_project(project_id, "project.request_mentoring")
    names = programme_service.value_names(store())
    if any(s not in names["sector"] for s in body["sectors"]):
        abort(404, message=gettext("There is no such sector."))
    skills = comma_list(", ".join(body["skills"]))
    props = {
        "sector_ids": list(dict.fromkeys(body["sectors"])),
        "language_ids": list(dict.fromkeys(body["languages"])),
        "format": body["format"],
        "duration_weeks": body["duration_weeks"],
        "note": body["note"],
    }
    request_id = service.ask_for_mentoring(store(), project_id, skills, props)
    return next(r for r in project_queries.requests(store(), project_id) if r["id"] == request_id)


@blp.get("/mentoring-requests/<request_id>/mentors")
@login_required
@blp.response(200, RankedPersonSchema(many=True))
@blp.alt_response(404, description="No such request")
def mentors(request_id: str):
    """The mentors who fit an open request best, with their reasons (its leader)."""
    found = project_queries.request_by_id(store(), request_id) if len(request_id) <= 64 else None
    if found is None:
        abort(404, message=gettext("There is no such request."))
    if found["leader_id"] != current_user.id:
        abort(403, message=gettext("Only the project's leader sees the mentors suggested."))
    if found["request"]["status"] != "open":
        return []
    return [suggestion_json(s) for s in service.suggested_mentors(store(), found["request"], current_user)]


def _mentorship_json(row: dict) -> dict:
    mentorship = row["mentorship"]
    return {
        **mentorship,
        "project_title": (row.get("project") or {}).get("title"),
        "mentor_name": (row.get("mentor") or {}).get("display_name"),
    }


@blp.get("/mentorships")
@login_required
@blp.response(200, MentorshipSchema(many=True))
def mentorships():
    """My mentorships and invitations, as a project's leader or as a mentor, newest first."""
    return [_mentorship_json(row) for row in mentorship_queries.mine(store(), current_user.id)]


@blp.get("/mentorships/<mentorship_id>")
@login_required
@blp.response(200, MentorshipSchema)
@blp.alt_response(404, description="No such mentorship")
def mentorship(mentorship_id: str):
    """One mentorship (its two parties and the department's administrators)."""
    return _reread(_mentorship(mentorship_id, "mentorship.view")["id"])


class InvitationInput(Schema):
    """The mentor invited for a request, with a message."""

    mentor_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    message = OptionalText(validate=validate.Length(max=1000))


class AnswerInput(Schema):
    """The mentor's answer."""

    accept = fields.Boolean(required=True)
    message = OptionalText(validate=validate.Length(max=1000))


class CloseInput(Schema):
    """How the mentorship ended."""

    outcome = fields.String(required=True, validate=validate.OneOf(list(OUTCOME_NAMES)))


class RatingInput(Schema):
    """One side's rating, 1 to 5, with a comment."""

    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    comment = OptionalText(validate=validate.Length(max=1000))


def _mentorship(mentorship_id: str, action: str) -> dict:
    found = mentorship_queries.by_id(store(), mentorship_id) if len(mentorship_id) <= 64 else None
    missing, denied = gettext("There is no such mentorship."), gettext("You may not do this with this mentorship.")
    return found_or_abort(found, action, "mentorship", missing, denied)["mentorship"]


def _reread(mentorship_id: str) -> dict:
    return _mentorship_json(mentorship_queries.by_id(store(), mentorship_id))


@blp.post("/mentoring-requests/<request_id>/invitations")
@login_required
@blp.arguments(InvitationInput)
@blp.response(201, MentorshipSchema)
@blp.alt_response(404, description="No such request")
@blp.alt_response(409, description="Already invited, or no longer mentoring")
def invite(body, request_id: str):
    """The project's leader invites a mentor for an open request (the mentor is told)."""
    found = project_queries.request_by_id(store(), request_id) if len(request_id) <= 64 else None
    if found is None:
        abort(404, message=gettext("There is no such request."))
    if not may(current_user, "project.invite_mentor", {"leader_id": found["leader_id"]}):
        abort(403, message=gettext("Only the project's leader invites mentors."))
    mentorship_id = service.invite_mentor(store(), request_id, body["mentor_id"], body["message"])
    if mentorship_id is None:
        abort(409, message=gettext("This person is already invited, or no longer mentors."))
    return _reread(mentorship_id)


@blp.post("/mentorships/<mentorship_id>/answer")
@login_required
@blp.arguments(AnswerInput)
@blp.response(200, MentorshipSchema)
@blp.alt_response(404, description="No such mentorship")
@blp.alt_response(409, description="No room left to accept")
def answer(body, mentorship_id: str):
    """The invited mentor accepts or declines (the leader is told)."""
    found = _mentorship(mentorship_id, "mentorship.answer")
    if service.answer_invitation(store(), found, current_user.id, body["accept"], body["message"]) is None:
        abort(409, message=gettext("You are mentoring as many people as your profile allows: raise the number first."))
    return _reread(mentorship_id)


@blp.post("/mentorships/<mentorship_id>/close")
@login_required
@blp.arguments(CloseInput)
@blp.response(200, MentorshipSchema)
@blp.alt_response(404, description="No such mentorship")
def close(body, mentorship_id: str):
    """Either side ends the active mentorship with its outcome (the other is told)."""
    found = _mentorship(mentorship_id, "mentorship.close")
    service.close_mentorship(store(), found, current_user.id, body["outcome"])
    return _reread(mentorship_id)


@blp.post("/mentorships/<mentorship_id>/rating")
@login_required
@blp.arguments(RatingInput)
@blp.response(200, MentorshipSchema)
@blp.alt_response(404, description="No such mentorship")
@blp.alt_response(409, description="Already rated")
def rate(body, mentorship_id: str):
    """Each side rates the closed mentorship, once."""
    found = _mentorship(mentorship_id, "mentorship.rate")
    if not service.rate_mentorship(store(), found, current_user.id, body["rating"], body["comment"]):
        abort(409, message=gettext("You have already rated this mentorship."))
    return _reread(mentorship_id)
