"""The ``/notify`` namespace: the count of unread notifications, pushed when it changes.

A logged-in member's sockets join their own room; :func:`push_unread` sends ``unread`` ``{"notifications": n}``
to every socket of the members named (on any server process, through the message queue). Nothing is sent
from the client but the optional ``count`` request.
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
    """Send each member their unread count (call after creating notifications for them)."""
    socketio = current_app.extensions.get("socketio")
    if socketio is None:
        return
    for member_id in set(member_ids):
        count = notification_queries.unread_count(_store(), member_id)
        socketio.emit("unread", {"notifications": count}, namespace=NAMESPACE, to=_room(member_id))


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
        """The current unread count: ``{ok, notifications}``."""
        if not current_user.is_authenticated or not current_user.is_active:
            return unauthorized()
        presence.mark(current_user.id)
        return {"ok": True, "notifications": notification_queries.unread_count(_store(), current_user.id)}

    def on_disconnect(self, reason=None):
        """Forget the socket."""
        if current_user.is_authenticated:
            presence.clear_if_gone(current_user.id, sessions.forget(current_user.id, request.sid, self.namespace))
