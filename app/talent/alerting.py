"""Alerts: a staff member subscribes to new leads matching a segment or the department's priorities; after
each run, every alert with new matching leads gives its owner one notice ("3 new leads match …") linking to
the queue. Subscribing is checked here: the segment must be one the person sees, one alert per segment."""

import uuid

from flask_babel import gettext as _

from graph import notifications
from graph import segments as segment_queries
from graph import talent as talent_queries
from graph.store import GraphStore
from recommend.talent.alerts import matching

from ..segments.service import visible_to

KINDS = ("segment", "priorities")


class AlertError(ValueError):
    """Why an alert cannot be made: ``code`` for the API, the message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def subscribe(db: GraphStore, person, kind: str, segment_id: str | None, now: int) -> dict:
    """Create ``person``'s alert; raises :class:`AlertError` (unknown kind, segment unseen, already there)."""
    if kind not in KINDS:
        raise AlertError("kind", _("Choose a segment or the department's priorities."))
    segment = segment_queries.get(db, segment_id) if kind == "segment" and segment_id else None
    if kind == "segment" and not visible_to(segment, person):
        raise AlertError("segment", _("Choose one of the segments you see."))
    mine = talent_queries.alerts_of(db, person.id)
    if any(a["kind"] == kind and (kind == "priorities" or a["segment_id"] == segment_id) for a in mine):
        raise AlertError("exists", _("You already have this alert."))
    alert = {
        "id": uuid.uuid4().hex[:12],
        "owner_id": person.id,
        "kind": kind,
        "segment_id": segment["id"] if segment else None,
        "name": segment["name"] if segment else "",
    }
    talent_queries.save_alert(db, alert, now)
    return {**alert, "created_at": now}


def notify_new(db: GraphStore, lead_ids: list[str], now: int) -> int:
    """Tell the owners of alerts about the new leads that match them; how many notices were given."""
    alerts = talent_queries.all_alerts(db)
    if not alerts or not lead_ids:
        return 0
    leads = talent_queries.leads_by_id(db, lead_ids)
    current = segment_queries.current_priorities(db)
    weights = current["weights"] if current else None
    rows = []
    for alert in alerts:
        segment = segment_queries.get(db, alert["segment_id"]) if alert["kind"] == "segment" else None
        found = matching(leads, alert, segment["criteria"] if segment else None, weights)
        if found:
            rows.append(
                {
                    "id": uuid.uuid4().hex,
                    "member": alert["owner_id"],
                    "kind": "talent_alert",
                    "count": len(found),
                    "subject": alert["name"] or None,
                }
            )
    return notifications.notify(db, rows, now)
