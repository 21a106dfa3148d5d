"""API resources of the department's outreach (staff): segments (criteria, counts, ranked members, relays),
priorities and campaigns. The same checks, small-cell rule, audit and services as the pages."""

import math

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import campaigns as campaign_queries
from graph import segments as segment_queries
from recommend.segments import Criteria

from ..audit import audited
from ..campaigns import results as campaign_results
from ..campaigns import service as campaign_service
from ..campaigns.forms import BODY_LENGTH, SUBJECT_LENGTH
from ..campaigns.sending import now_ms, refusal_text
from ..extensions import store
from ..permissions import may
from ..segments import criteria as criteria_input
from ..segments import service
from ..segments.priorities import MAX_WEIGHT, choices

blp = Blueprint("outreach_api", __name__, url_prefix="/api/v1", description="The department's outreach (staff)")
PER_PAGE = 50
_TEXT = validate.Length(max=100)


def _ids(**extra):
    return fields.List(fields.String(validate=_TEXT), validate=validate.Length(max=criteria_input.MAX_VALUES), **extra)


class CriteriaSchema(Schema):
    """A segment's criteria: within one list any value matches, criteria combine with AND, empty ones do not
    filter. Values are ids of Jisr's vocabularies (unknown ones are left out and reported)."""

    countries = _ids()
    cities = _ids()
    sectors = _ids()
    skills = _ids()
    languages = _ids()
    degrees = _ids()
    availability = _ids()
    contribute_sectors = _ids()
    contribute_regions = _ids()
    networks = _ids()
    labels = _ids()
    communities = fields.List(
        fields.Integer(validate=validate.Range(min=0, max=10**9)), validate=validate.Length(max=500)
    )
    project_stages = _ids()
    project_sectors = _ids()
    project_regions = _ids()
    years_min = fields.Integer(validate=validate.Range(min=0, max=80))
    years_max = fields.Integer(validate=validate.Range(min=0, max=80))
    active_days = fields.Integer(validate=validate.Range(min=1, max=3650))
    amount_min = fields.Integer(validate=validate.Range(min=0, max=10_000_000_000))
    amount_max = fields.Integer(validate=validate.Range(min=0, max=10_000_000_000))
    influence_top = fields.Integer(validate=validate.Range(min=1, max=100))
    near_member = fields.String(validate=_TEXT)
    near_network = fields.String(validate=_TEXT)
    near_steps = fields.Integer(validate=validate.Range(min=1, max=2))
    attended_events = fields.Boolean()
    mentors = fields.Boolean()


class CountsSchema(Schema):
    """How many match (null: between 1 and 4, the small-cell rule), accept outreach, and may be named."""

    total = fields.Integer(allow_none=True)
    reachable = fields.Integer(allow_none=True)
    listable = fields.Integer(allow_none=True)
    as_of = fields.Integer(metadata={"description": "when the counted index was built (ms since the epoch)"})
    fewer_than = fields.Integer()


class CountSchema(Schema):
    """Counts and the problems found in the criteria (sentences in the caller's language)."""

    counts = fields.Nested(CountsSchema)
    problems = fields.List(fields.String())


class SegmentInput(Schema):
    """A segment to save."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    shared = fields.Boolean(load_default=True)
    criteria = fields.Nested(CriteriaSchema, load_default=dict)


class SegmentSchema(Schema):
    """A saved segment (with its counts when read alone)."""

    id = fields.String()
    name = fields.String()
    criteria = fields.Dict(keys=fields.String())
    shared = fields.Boolean()
    owner_name = fields.String(allow_none=True)
    updated_at = fields.Integer()
    counts = fields.Nested(CountsSchema, allow_none=True)
    problems = fields.List(fields.String())


class PageArgs(Schema):
    """A page."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class TargetSchema(Schema):
    """A member of a segment ranked by the department's priorities, with the reasons in words."""

    id = fields.String()
    name = fields.String(allow_none=True)
    job_title = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    score = fields.Float()
    reasons = fields.String()


class TargetsSchema(Schema):
    """A page of ranked targets."""

    items = fields.List(fields.Nested(TargetSchema))
    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()


class RelayArgs(Schema):
    """How many relays, within how many steps of trust."""

    k = fields.Integer(load_default=10, validate=validate.Range(min=1, max=service.MAX_RELAYS))
    steps = fields.Integer(load_default=2, validate=validate.Range(min=1, max=2))


class RelaysSchema(Schema):
    """The relays (in the order chosen, with how many of the segment each reaches and adds), the networks
    covering most of the segment, and the coverage of the same number of most connected members."""

    segment = fields.Integer()
    covered = fields.Integer()
    connected_coverage = fields.Integer()
    unreached = fields.Integer()
    relays = fields.List(fields.Dict(keys=fields.String()))
    networks = fields.List(fields.Dict(keys=fields.String()))


class WeightSchema(Schema):
    """One weighed value: its dimension, its id in Jisr's vocabularies, a weight from 0 to 100."""

    dimension = fields.String(required=True, validate=validate.OneOf(sorted(service.DIMENSIONS)))
    value = fields.String(required=True, validate=_TEXT)
    weight = fields.Float(required=True, validate=validate.Range(0, MAX_WEIGHT))


class PrioritiesInput(Schema):
    """A new version of the priorities: the weighed values (any left out weigh nothing) and a note."""

    weights = fields.List(fields.Nested(WeightSchema), required=True, validate=validate.Length(max=2000))
    note = fields.String(load_default="", validate=validate.Length(max=300))


class PrioritiesSchema(Schema):
    """The department's priorities in force: ``{dimension: {value id: weight}}``."""

    version = fields.Integer(allow_none=True)
    weights = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Float()))
    note = fields.String(load_default="", validate=validate.Length(max=300))
    author_name = fields.String(dump_only=True, allow_none=True)
    at = fields.Integer(dump_only=True, allow_none=True)
    problems = fields.List(fields.String(), dump_only=True)


class TextSchema(Schema):
    """A campaign's subject and message in one language."""

    subject = fields.String(required=True, validate=validate.Length(min=1, max=SUBJECT_LENGTH))
    body = fields.String(required=True, validate=validate.Length(min=1, max=BODY_LENGTH))


class TextsSchema(Schema):
    """The campaign's text in each of the three languages."""

    ar = fields.Nested(TextSchema, required=True)
    fr = fields.Nested(TextSchema, required=True)
    en = fields.Nested(TextSchema, required=True)


class CampaignInput(Schema):
    """A campaign to save as a draft: its segment, the way it goes, its channels, its text in the three
    languages and an optional link (a page of the site, or an https address)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    segment_id = fields.String(required=True, validate=_TEXT)
    via = fields.String(load_default="direct", validate=validate.OneOf(campaign_service.VIAS))
    relays_k = fields.Integer(load_default=10, validate=validate.Range(min=1, max=service.MAX_RELAYS))
    channels = fields.List(
        fields.String(validate=validate.OneOf(campaign_service.CHANNELS)),
        load_default=lambda: ["email", "app"],
        validate=validate.Length(min=1, max=2),
    )
    link = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^(/(?!/)|https://)[^\s\u0000]{0,499}$"),
    )
    texts = fields.Nested(TextsSchema, required=True)


class ScheduleInput(Schema):
    """When to send (ms since the epoch); now when absent."""

    send_at = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=10**14))


class CampaignSchema(Schema):
    """A campaign, its state and its results."""

    id = fields.String()
    name = fields.String()
    segment_id = fields.String()
    via = fields.String()
    channels = fields.List(fields.String())
    texts = fields.Dict(keys=fields.String())
    link = fields.String(allow_none=True)
    status = fields.String()
    error = fields.String(allow_none=True)
    send_at = fields.Integer(allow_none=True)
    created_at = fields.Integer()
    finished_at = fields.Integer(allow_none=True)
    recipients = fields.Integer(allow_none=True)
    results = fields.Dict(keys=fields.String(), allow_none=True)


def _staff(action: str = "segments.manage") -> None:
    if not may(current_user, action):
        abort(403, message=gettext("This is for the department's staff."))


def _segment(segment_id: str) -> dict:
    segment = segment_queries.get(store(), segment_id)
    if not service.visible_to(segment, current_user):
        abort(404, message=gettext("There is no such segment."))
    return segment


def _listable(segment_id: str):
    """A segment whose members may be listed (409 under the small-cell rule), its table and mask."""
    _staff()
    found = _segment(segment_id)
    table, mask = service.evaluate(Criteria.from_dict(found["criteria"]))
    if not service.may_list(table, mask):
        abort(409, message=gettext("Fewer than 5 members of this segment may be named: it is not listed."))
    return found, table, mask


def _criteria(data: dict) -> tuple[Criteria, list[str]]:
    return criteria_input.parse(data)


@blp.get("/segments")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, SegmentSchema(many=True))
def segments(args):
    """The segments you see: shared ones and your own, newest change first."""
    _staff()
    found, _total = segment_queries.visible(store(), current_user.id, args["page"], PER_PAGE)
    return found


@blp.post("/segments/count")
@login_required
@blp.arguments(CriteriaSchema)
@blp.response(200, CountSchema)
def count(criteria):
    """Count the members matching criteria (what the builder shows as they change)."""
    _staff()
    parsed, problems = _criteria(criteria)
    table, mask = service.evaluate(parsed)
    return {"counts": service.counts(table, mask), "problems": problems}


@blp.post("/segments")
@login_required
@blp.arguments(SegmentInput)
@blp.response(201, SegmentSchema)
def create_segment(body):
    """Save a segment; values outside Jisr's vocabularies are left out and reported in ``problems``."""
    _staff()
    parsed, problems = _criteria(body["criteria"])
    segment_id = service.save(None, body["name"].strip() or "—", body["shared"], parsed, current_user)
    return {**segment_queries.get(store(), segment_id), "problems": problems}


@blp.get("/segments/<segment_id>")
@login_required
@blp.response(200, SegmentSchema)
@blp.alt_response(404, description="No such segment, or not shared with you")
def segment(segment_id: str):
    """A segment with its counts now."""
    _staff()
    found = _segment(segment_id)
    table, mask = service.evaluate(Criteria.from_dict(found["criteria"]))
    return {**found, "counts": service.counts(table, mask), "problems": []}


@blp.get("/segments/<segment_id>/members")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, TargetsSchema)
@blp.alt_response(404, description="No such segment, or not shared with you")
@blp.alt_response(409, description="Fewer than 5 of its members may be named (the small-cell rule)")
def members(args, segment_id: str):
    """The segment's members who may be named, ranked by the department's priorities, with reasons."""
    found, table, mask = _listable(segment_id)
    vocabulary = criteria_input.vocabularies()
    rows, total = service.targets(table, mask, service.weights_in_force(), vocabulary, args["page"], PER_PAGE)
    audited("segments.targets", found["id"], f"api; page {args['page']}")
    return {"items": rows, "total": total, "page": args["page"], "pages": max(1, math.ceil(total / PER_PAGE))}


@blp.get("/segments/<segment_id>/relays")
@login_required
@blp.arguments(RelayArgs, location="query")
@blp.response(200, RelaysSchema)
@blp.alt_response(404, description="No such segment, or not shared with you")
@blp.alt_response(409, description="Fewer than 5 of its members may be named (the small-cell rule)")
def relays(args, segment_id: str):
    """The k relays reaching the most of the segment within one or two steps of trust (CELF), the networks
    covering most of it, and the k most connected members' coverage for comparison."""
    found, table, mask = _listable(segment_id)
    chosen = service.relays(table, mask, args["k"], args["steps"])
    choice = chosen["choice"]
    people = segment_queries.people(store(), [table.ids[row] for row in choice.relays])
    audited("segments.relays", found["id"], f"api; k={args['k']}; steps={args['steps']}")
    return {
        "segment": chosen["segment"],
        "covered": choice.covered,
        "connected_coverage": chosen["connected_coverage"],
        "unreached": len(chosen["unreached"]),
        "relays": [
            {"id": table.ids[row], "name": (people.get(table.ids[row]) or {}).get("name"), "reach": r, "adds": a}
            for row, a, r in zip(choice.relays, choice.added, choice.reach, strict=True)
        ],
        "networks": chosen["networks"],
    }


@blp.get("/priorities")
@login_required
@blp.response(200, PrioritiesSchema)
def priorities():
    """The priorities in force (version null before the first)."""
    _staff("priorities.edit")
    return segment_queries.current_priorities(store()) or {"version": None, "weights": {}, "note": ""}


@blp.put("/priorities")
@login_required
@blp.arguments(PrioritiesInput)
@blp.response(200, PrioritiesSchema)
def set_priorities(body):
    """Record a new version of the priorities (zero weights, and values outside Jisr's vocabularies, are left
    out; the latter are reported in ``problems``)."""
    _staff("priorities.edit")
    options = {dimension: {value for value, _name in pairs} for dimension, pairs in choices().items()}
    unknown = [row for row in body["weights"] if row["value"] not in options[row["dimension"]]]
    problems = [
        gettext("%(dimension)s: unknown %(value)s, left out.", dimension=row["dimension"], value=row["value"])
        for row in unknown[:20]
    ]
    weights = {}
    for row in body["weights"]:
        if row["weight"] and row["value"] in options[row["dimension"]]:
            weights.setdefault(row["dimension"], {})[row["value"]] = row["weight"]
    version = segment_queries.add_priorities(
        store(), weights, current_user.id, current_user.display_name, body["note"], now_ms()
    )
    audited("priorities.save", str(version), body["note"])
    return {**segment_queries.current_priorities(store()), "problems": problems}


def _campaign(campaign_id: str) -> dict:
    found = campaign_queries.get(store(), campaign_id)
    if found is None:
        abort(404, message=gettext("There is no such campaign."))
    return found


def _shown(campaign: dict) -> dict:
    return {**campaign, "results": campaign_results.summary(store(), campaign)}


@blp.get("/campaigns")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, CampaignSchema(many=True))
def campaigns(args):
    """Every campaign, newest first."""
    _staff("campaigns.manage")
    return campaign_queries.listing(store(), None, args["page"], PER_PAGE)[0]


@blp.post("/campaigns")
@login_required
@blp.arguments(CampaignInput)
@blp.response(201, CampaignSchema)
@blp.alt_response(404, description="No such segment, or not shared with you")
def create_campaign(body):
    """Save a campaign as a draft (schedule it to send it)."""
    _staff("campaigns.manage")
    found = _segment(body["segment_id"])
    texts = {code: {"subject": t["subject"].strip(), "body": t["body"].strip()} for code, t in body["texts"].items()}
    if not all(t["subject"] and t["body"] for t in texts.values()):
        abort(422, message=gettext("Write the subject and the message in the three languages."))
    campaign_id = campaign_service.create(
        found, body["name"].strip() or "—", body["via"], body["relays_k"], body["channels"], texts, body["link"]
    )
    return _shown(_campaign(campaign_id))


@blp.get("/campaigns/<campaign_id>")
@login_required
@blp.response(200, CampaignSchema)
@blp.alt_response(404, description="No such campaign")
def campaign(campaign_id: str):
    """A campaign's state and results (per state, read, clicked, answered, per day, per relay)."""
    _staff("campaigns.manage")
    return _shown(_campaign(campaign_id))


@blp.post("/campaigns/<campaign_id>/schedule")
@login_required
@blp.arguments(ScheduleInput)
@blp.response(200, CampaignSchema)
@blp.alt_response(404, description="No such campaign")
@blp.alt_response(409, description="Not a draft, or nobody in its segment can be reached (the reason says why)")
def schedule(body, campaign_id: str):
    """Schedule a draft (now when no time is given)."""
    _staff("campaigns.manage")
    found = _campaign(campaign_id)
    if found["status"] != "draft":
        abort(409, message=gettext("Only a draft can be scheduled."))
    refused = campaign_service.schedule(found, body["send_at"])
    if refused:
        abort(409, message=refusal_text(refused), errors={"reason": refused})
    return _shown(_campaign(campaign_id))
