"""The ``/notify`` namespace: the header's unread counts, pushed when they change.

A logged-in member's sockets join their own room; :func:`push_unread` sends ``unread``
``{"notifications": n, "messages": m}`` (``m``: conversations with messages not read yet) to every socket of
the members named (on any server process, through the message queue). Nothing is sent from the client but
the optional ``count`` request.
"""

from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import join_room

from graph import notifications as notification_queries

from . import presence, sessions
from .guard import GuardedNamespace, refuse_connection
from .refusals import unauthorized

NAMESPACE = "/notify"


def _room(member_id: str) -> str:
    return "notify:" + member_id


def _store():
    return current_app.extensions["graph"].store


def push_unread(member_ids) -> None:
    """Send each member their unread counts (call after creating notifications for them, after a message
    reached them or after they read one)."""
    socketio = current_app.extensions.get("socketio")
    if socketio is None or not member_ids:
        return
    for member_id, counts in notification_queries.unread_counts(_store(), sorted(set(member_ids))).items():
        socketio.emit("unread", counts, namespace=NAMESPACE, to=_room(member_id))


class NotifyNamespace(GuardedNamespace):
    """Unread counts for the page header."""

    def on_connect(self, auth=None):
        """Logged-in members only."""
        if not current_user.is_authenticated or not current_user.is_active:
            raise refuse_connection("unauthorized", gettext("Please log in"))
        join_room(_room(current_user.id))
        sessions.remember(current_user.id, request.sid, self.namespace)
        presence.mark(current_user.id)

    def on_count(self, payload=None):
        """The current unread counts: ``{ok, notifications, messages}``."""
        if not current_user.is_authenticated or not current_user.is_active:
            return unauthorized()
        presence.mark(current_user.id)
        counts = notification_queries.unread_counts(_store(), [current_user.id]).get(current_user.id, {})
        return {"ok": True, "notifications": 0, "messages": 0, **counts}

    def on_disconnect(self, reason=None):
        """Forget the socket."""
        if current_user.is_authenticated:
            presence.clear_if_gone(current_user.id, sessions.forget(current_user.id, request.sid, self.namespace))
