"""API resources for networks and events: the same rules and messages as the pages."""

from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from graph import events as event_queries
from graph import networks as network_queries

from ..accounts.service import now_ms
from ..events import service as event_service
from ..extensions import store
from ..networks import service as network_service
from ..networks.access import event_viewer
from ..permissions import may
from .schemas import EventSchema, JoinSchema, NetworkSchema, OutcomeSchema, PageArgs

blp = Blueprint("community_api", __name__, url_prefix="/api/v1", description="Networks and events")
PER_PAGE = 50


def _network(slug: str, action: str) -> dict:
    network = network_queries.by_slug(store(), slug) if len(slug) <= 64 else None
    if network is None:
        abort(404)
    if not may(current_user, action, network):
        abort(403)
    return network


def _event(event_id: str, action: str) -> dict:
    found = event_queries.by_id(store(), event_id) if len(event_id) <= 64 else None
    if found is None:
        abort(404)
    if not may(current_user, action, found["event"]):
        abort(403)
    return found["event"]


@blp.get("/networks")
@login_required
@blp.response(200, NetworkSchema(many=True))
def networks():
    """Every network the caller may see, with whether they belong to it."""
    mine = set(current_user.network_ids)
    return [
        {**network, "member": network["id"] in mine}
        for network in network_queries.listing(store())
        if may(current_user, "network.view", network)
    ]


@blp.get("/networks/<slug>")
@login_required
@blp.response(200, NetworkSchema)
def network(slug: str):
    """One network."""
    found = _network(slug, "network.view")
    return {**found, "member": found["id"] in current_user.network_ids}


@blp.post("/networks/<slug>/join")
@login_required
@blp.arguments(JoinSchema)
@blp.response(200, OutcomeSchema)
@blp.alt_response(409, description="Already a member, already asked, banned, removed, or by invitation only")
def join(body, slug: str):
    """Join an open network, or ask to join one on request."""
    found = _network(slug, "network.view")
    outcome, message = network_service.join(store(), found, current_user, body["motivation"].strip(), now_ms())
    if not outcome:
        abort(409, message=message)
    return {"outcome": outcome, "message": message}


@blp.get("/events")
@login_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, EventSchema(many=True))
def events(args):
    """Upcoming events the caller may see, soonest first."""
    skip = (args["page"] - 1) * PER_PAGE
    rows = event_queries.upcoming(store(), event_viewer(), now_ms(), skip, PER_PAGE)
    return [{**row["event"], "rsvp": row["rsvp"]} for row in rows]


@blp.get("/events/<event_id>")
@login_required
@blp.response(200, EventSchema)
def event(event_id: str):
    """One event with the caller's answer."""
    found = _event(event_id, "event.view")
    rsvp = event_queries.my_rsvp(store(), event_id, current_user.id)
    return {**found, "rsvp": rsvp["status"] if rsvp else None}


@blp.post("/events/<event_id>/rsvp")
@login_required
@blp.response(200, OutcomeSchema)
@blp.alt_response(409, description="Already answered, registration closed, or event cancelled")
def rsvp(event_id: str):
    """Answer going: a place, or the waitlist when the event is full."""
    found = _event(event_id, "event.rsvp")
    outcome, message = event_service.answer_going(store(), found, current_user.id, now_ms())
    if not outcome:
        abort(409, message=message)
    return {"outcome": outcome, "message": message}


@blp.delete("/events/<event_id>/rsvp")
@login_required
@blp.response(200, OutcomeSchema)
def cancel_rsvp(event_id: str):
    """Withdraw the caller's answer; the first person waiting moves up."""
    _event(event_id, "event.view")
    was, message = event_service.withdraw(store(), event_id, current_user.id, now_ms())
    if not was:
        abort(404, message=message)
    return {"outcome": "cancelled", "message": message}
