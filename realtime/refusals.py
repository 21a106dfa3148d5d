"""How every namespace says no: the answer to the event, and a ``refused`` event to the same socket.

The acknowledgement carries ``{"ok": false, "error": code, "message": text}`` (text in the person's
language); clients that emit without asking for an acknowledgement still learn of it from ``refused``
``{"event": name, "error": code, "message": text}``. The connection stays open.
"""

from flask import request
from flask_babel import gettext
from flask_socketio import emit


def refusal(code: str, message: str, **details) -> dict:
    """Refuse the event being handled: tell the socket and return the acknowledgement (``details`` such as
    ``retry_after`` go in both)."""
    event = getattr(request, "event", None) or {}
    # straight to the socket, which is on this process (not through the message queue, which may be down)
    emit("refused", {"event": event.get("message"), "error": code, "message": message, **details}, ignore_queue=True)
    return {"ok": False, "error": code, "message": message, **details}


def invalid() -> dict:
    """The payload does not have the expected shape."""
    return refusal("invalid", gettext("The message could not be understood."))


def unauthorized() -> dict:
    """Nobody is logged in on this socket any more."""
    return refusal("unauthorized", gettext("Please log in"))
