"""In-app notifications and the announcements of my networks, with the unread count in the header."""

import uuid

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_login import current_user, login_required

import realtime
from graph import networks as network_queries
from graph import notifications as notification_queries

from .accounts.service import now_ms
from .extensions import store
from .permissions import may

bp = Blueprint("notifications", __name__)


def notify(store, member_ids: list[str], kind: str, now: int, **about) -> int:
    """An in-app notification of ``kind`` to each member (``about``: ``network_id``, ``event_id``, ``label_id``,
    ``mentorship_id``, ``reason``, ``sender_id``); their open pages' unread counts follow at once over
    ``/notify``."""
    rows = [{"id": str(uuid.uuid4()), "member": member, "kind": kind, **about} for member in member_ids]
    made = notification_queries.notify(store, rows, now)
    if made:
        realtime.push_unread(member_ids)
    return made


@bp.get("/notifications")
@login_required
def index():
    """My notifications, newest first, and my networks' latest announcements."""
    if not may(current_user, "notifications.view"):
        abort(403)
    return render_template(
        "notifications/index.html",
        items=notification_queries.latest(store(), current_user.id),
        announcements=network_queries.my_announcements(store(), current_user.id),
    )


@bp.post("/notifications/read")
@login_required
def mark_read():
    """Mark everything read."""
    notification_queries.mark_read(store(), current_user.id, now_ms())
    return redirect(url_for("notifications.index"))


def _unread():
    if g.get("graph_down") or not current_user.is_authenticated:
        return {"unread_notifications": 0, "unread_messages": 0}
    counts = notification_queries.unread_counts(store(), [current_user.id]).get(current_user.id, {})
    return {"unread_notifications": counts.get("notifications", 0), "unread_messages": counts.get("messages", 0)}


def init_app(app) -> None:
    """Register the page and the header's count."""
    app.register_blueprint(bp)
    app.context_processor(_unread)
