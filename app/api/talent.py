"""API resources of the talent watch (staff with ``talent.manage``): sources (create, test, last run),
leads (list with filters, one with its evidence, decide, merge) and alerts. The same checks, services and
audit as the pages."""

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import talent as talent_queries
from recommend.talent.items import KINDS

from .. import talent
from ..audit import audited
from ..extensions import store
from ..permissions import may
from ..talent import alerting, review, source_input

blp = Blueprint("talent_api", __name__, url_prefix="/api/v1/talent", description="The talent watch (staff)")
PER_PAGE = 50
EMAIL_SHAPE = r"^[!-?A-~]+@[!-?A-~]+\.[A-Za-z]{2,}$"  # printable ASCII around one @; the imports check the rest
_ID = validate.Length(min=1, max=40)


class SourceInput(Schema):
    """A source to read: an http(s) address or the name of a sample file the project ships."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=source_input.NAME_LENGTH))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    location = fields.String(
        required=True, validate=[validate.Length(min=1, max=2000), validate.Regexp(source_input.LOCATION)]
    )


class SourceSchema(Schema):
    """A source and how its last run went (times in ms since the epoch)."""

    id = fields.String()
    name = fields.String()
    kind = fields.String()
    location = fields.String()
    created_at = fields.Integer(allow_none=True)
    last_run_at = fields.Integer(allow_none=True)
    last_success_at = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    last_error_at = fields.Integer(allow_none=True)
    last_items = fields.Integer(allow_none=True)
    last_leads = fields.Integer(allow_none=True)


class TrialSchema(Schema):
    """What reading the source now gives, nothing kept: items read, names of the first leads, or the error."""

    items = fields.Integer()
    leads = fields.List(fields.String())
    error = fields.String(allow_none=True)
    message = fields.String(allow_none=True)


class LeadArgs(Schema):
    """Which leads: a status and filters (unknown values match nothing)."""

    status = fields.String(load_default="new", validate=validate.OneOf(list(review.LISTED)))
    source = fields.String(validate=_ID)
    language = fields.String(validate=validate.OneOf(["ar", "fr", "en"]))
    sector = fields.String(validate=_ID)
    country = fields.String(validate=validate.Length(equal=2))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class EvidenceSchema(Schema):
    """A signal and the sentence (or record) that gave it."""

    signal = fields.String()
    text = fields.String()


class TopicSchema(Schema):
    """Why a sector or skill was proposed: the words found in the text, or the similarity of meaning."""

    kind = fields.String()
    id = fields.String()
    score = fields.Float()
    words = fields.String(allow_none=True)


class LeadSchema(Schema):
    """A lead: who, where from, how likely a Moroccan abroad (0–1), with the evidence, sector and skills."""

    id = fields.String()
    name = fields.String()
    affiliation = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    score = fields.Float()
    status = fields.String()
    source_id = fields.String()
    url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    published = fields.Integer(allow_none=True)
    signals = fields.Dict(keys=fields.String(), values=fields.Float())
    evidence = fields.List(fields.Nested(EvidenceSchema))
    topics = fields.List(fields.Nested(TopicSchema))
    created_at = fields.Integer(allow_none=True)


class LeadPage(Schema):
    """A page of leads and how many there are in all."""

    total = fields.Integer()
    page = fields.Integer()
    leads = fields.List(fields.Nested(LeadSchema))


class LeadDetail(LeadSchema):
    """A lead with the leads merged into it and those bearing the same name (candidates to merge)."""

    merged = fields.List(fields.Nested(LeadSchema))
    same_name = fields.List(fields.Nested(LeadSchema))


class DecisionInput(Schema):
    """Accept (a contact with "public source" as provenance), follow, or reject for good."""

    decision = fields.String(required=True, validate=validate.OneOf(review.DECISIONS))
    email = fields.String(
        validate=[validate.Length(max=254), validate.Regexp(EMAIL_SHAPE)],
        metadata={
            "description": "when accepting: an address the source gives, to invite them later (an address "
            "the imports' cleaning finds wrong is left out, the rest kept)"
        },
    )


class DecisionSchema(Schema):
    """The lead's status after the decision, what happened, and (accepted) the member or contact it is."""

    status = fields.String()
    message = fields.String()
    person_id = fields.String(allow_none=True)


class MergeInput(Schema):
    """The lead that is the same person as this one (it is merged into this one)."""

    other = fields.String(required=True, validate=_ID)


class AlertInput(Schema):
    """Notices for new leads matching a segment you see, or the department's priorities."""

    kind = fields.String(required=True, validate=validate.OneOf(alerting.KINDS))
    segment_id = fields.String(validate=_ID)


class AlertSchema(Schema):
    """An alert of yours."""

    id = fields.String()
    kind = fields.String()
    segment_id = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    created_at = fields.Integer(allow_none=True)


def _staff() -> None:
    if not may(current_user, "talent.manage"):
        abort(403, message=gettext("This is for the department's staff."))


def _source(source_id: str) -> dict:
    _staff()
    found = talent_queries.source(store(), source_id)
    if found is None:
        abort(404, message=gettext("There is no such source."))
    return found


def _lead(lead_id: str) -> dict:
    _staff()
    found = talent_queries.lead(store(), lead_id)
    if found is None or found["status"] == "merged":
        abort(404, message=gettext("There is no such lead."))
    return found


@blp.get("/sources")
@login_required
@blp.response(200, SourceSchema(many=True))
def sources():
    """Every source with how its last run went."""
    _staff()
    return talent_queries.sources(store())


@blp.post("/sources")
@login_required
@blp.arguments(SourceInput)
@blp.response(201, SourceSchema)
@blp.alt_response(404, description="No sample file of this name")
def create_source(body):
    """Add a source (read at the next run; ``POST …/test`` reads it now without keeping anything)."""
    _staff()
    typed = {name: body[name].strip() for name in source_input.FIELDS}
    typed["name"] = typed["name"] or typed["location"][: source_input.NAME_LENGTH]
    if not typed["location"].startswith("http") and not source_input.sample_exists(typed["location"]):
        abort(404, message=gettext("The project ships no sample file of this name."))
    errors = source_input.check(typed)
    if errors:
        abort(422, message=" ".join(errors.values()), errors={"json": {k: [v] for k, v in errors.items()}})
    source_id = source_input.add(store(), typed, talent.now_ms())
    audited("talent.source", source_id)
    return talent_queries.source(store(), source_id)


@blp.get("/sources/<source_id>")
@login_required
@blp.response(200, SourceSchema)
@blp.alt_response(404, description="No such source")
def source(source_id: str):
    """One source and its last run: last success, last error, items read and leads proposed."""
    return _source(source_id)


@blp.post("/sources/<source_id>/test")
@login_required
@blp.response(200, TrialSchema)
@blp.alt_response(404, description="No such source")
def test_source(source_id: str):
    """Read the source now and say what it gives; nothing is kept (its state and the leads are unchanged)."""
    return talent.trial(store(), _source(source_id))


@blp.get("/leads")
@login_required
@blp.arguments(LeadArgs, location="query")
@blp.response(200, LeadPage)
def leads(args):
    """Leads of a status, newest and strongest first, filtered by source, language, sector or country."""
    _staff()
    filters = {name: args.get(name) for name in ("source", "language", "sector", "country")}
    found, total = talent_queries.leads(store(), [args["status"]], filters, args["page"], PER_PAGE)
    audited("talent.leads", args["status"], f"api {filters}; page {args['page']}")
    return {"total": total, "page": args["page"], "leads": found}


@blp.get("/leads/<lead_id>")
@login_required
@blp.response(200, LeadDetail)
@blp.alt_response(404, description="No such lead (or merged into another)")
def lead(lead_id: str):
    """One lead with its evidence, the leads merged into it and those bearing the same name."""
    audited("talent.lead", lead_id)
    return _detail(_lead(lead_id))


def _detail(found: dict) -> dict:
    db = store()
    merged, namesakes = talent_queries.merged_into(db, found["id"]), talent_queries.same_name(db, found)
    return {**found, "merged": merged, "same_name": namesakes}


@blp.post("/leads/<lead_id>/decision")
@login_required
@blp.arguments(DecisionInput)
@blp.response(200, DecisionSchema)
@blp.alt_response(404, description="No such lead")
@blp.alt_response(409, description="Already decided, or the contact could not be made")
def decide(body, lead_id: str):
    """Accept the lead as a contact, follow it, or reject it for good."""
    outcome = review.decide(
        store(), _lead(lead_id), body["decision"], current_user.id, talent.now_ms(), body.get("email")
    )
    if outcome["error"]:
        abort(409, message=outcome["error"])
    return outcome


@blp.post("/leads/<lead_id>/merge")
@login_required
@blp.arguments(MergeInput)
@blp.response(200, LeadDetail)
@blp.alt_response(404, description="No such lead")
@blp.alt_response(409, description="One of the two is already decided, or they are the same lead")
def merge(body, lead_id: str):
    """Say that lead ``other`` is the same person: it is merged into this one."""
    _lead(lead_id)
    other = _lead(body["other"])
    if not talent_queries.merge(store(), other["id"], lead_id, talent.now_ms()):
        abort(409, message=gettext("These leads cannot be merged (one of them is already decided)."))
    audited("talent.merge", lead_id, other["id"])
    return _detail(_lead(lead_id))


@blp.get("/alerts")
@login_required
@blp.response(200, AlertSchema(many=True))
def alerts():
    """Your alerts."""
    _staff()
    return talent_queries.alerts_of(store(), current_user.id)


@blp.post("/alerts")
@login_required
@blp.arguments(AlertInput)
@blp.response(201, AlertSchema)
@blp.alt_response(404, description="No such segment among those you see (or none named)")
@blp.alt_response(409, description="You already have this alert")
def create_alert(body):
    """Ask for a notice when new leads match a segment (``segment_id``) or the department's priorities."""
    _staff()
    try:
        return alerting.subscribe(store(), current_user, body["kind"], body.get("segment_id"), talent.now_ms())
    except alerting.AlertError as refused:
        abort({"segment": 404, "exists": 409}.get(refused.code, 422), message=str(refused))


@blp.delete("/alerts/<alert_id>")
@login_required
@blp.response(204)
@blp.alt_response(404, description="No such alert of yours")
def delete_alert(alert_id: str):
    """Remove one of your alerts."""
    _staff()
    if not talent_queries.delete_alert(store(), alert_id, current_user.id):
        abort(404, message=gettext("There is no such alert."))
