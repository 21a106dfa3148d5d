"""In-app notifications and the announcements of my networks, with the unread count in the header."""

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from graph import networks as network_queries
from graph import notifications as notification_queries

from .accounts.service import now_ms
from .extensions import store
from .permissions import may

bp = Blueprint("notifications", __name__)


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
        return {"unread_notifications": 0}
    return {"unread_notifications": notification_queries.unread_count(store(), current_user.id)}


def init_app(app) -> None:
    """Register the page and the header's count."""
    app.register_blueprint(bp)
    app.context_processor(_unread)
