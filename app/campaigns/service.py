"""Creating and scheduling campaigns: the one home of both, for the pages and the API."""

import uuid

from flask_login import current_user

from graph import campaigns as campaign_queries
from graph import segments as segment_queries
from recommend.segments import Criteria

from ..audit import audited
from ..extensions import store
from ..segments import index
from ..segments import service as segment_service
from .sending import dispatch, now_ms

VIAS = ("direct", "relays")
CHANNELS = ("email", "app")


def create(segment: dict, name: str, via: str, relays_k: int, channels: list[str], texts: dict, link) -> str:
    """Save a draft campaign to ``segment`` by the current staff member; its id."""
    campaign_id = uuid.uuid4().hex[:12]
    props = {
        "name": name,
        "segment_id": segment["id"],
        "segment_name": segment["name"],
        "via": via,
        "relays_k": relays_k or 10,
        "channels": list(channels),
        "texts": texts,
        "link": link or None,
        "status": "draft",
        "created_by": current_user.id,
        "created_by_name": current_user.display_name,
    }
    campaign_queries.create(store(), campaign_id, props, now_ms())
    audited("campaigns.create", campaign_id, segment["id"])
    return campaign_id


def refusal(segment: dict | None) -> str | None:
    """Why a campaign to ``segment`` cannot go, counted on an index built now (None: it can)."""
    if segment is None:
        return "no_segment"
    table, mask = segment_service.evaluate(Criteria.from_dict(segment["criteria"]), index.refresh())
    if not mask.any():
        return "empty"
    if not (mask & table.reachable).any():
        return "opted_out"
    return None


def schedule(campaign: dict, send_at: int | None) -> str | None:
    """Schedule a draft for ``send_at`` (ms; now when None or past) and dispatch it at once when due; the
    refusal code when nobody can be reached (the campaign then stays a draft)."""
    refused = refusal(segment_queries.get(store(), campaign["segment_id"]))
    if refused:
        return refused
    when = max(send_at or 0, now_ms())
    campaign_queries.update(store(), campaign["id"], {"status": "scheduled", "send_at": when})
    audited("campaigns.schedule", campaign["id"], str(when))
    if when <= now_ms():
        dispatch(store())
    return None


def cancel(campaign: dict) -> bool:
    """Stop a campaign not yet finished (messages already sent stay sent); whether it was stopped."""
    if campaign["status"] not in ("draft", "scheduled", "queued", "sending"):
        return False
    campaign_queries.update(store(), campaign["id"], {"status": "cancelled", "finished_at": now_ms()})
    audited("campaigns.cancel", campaign["id"])
    return True
