"""The base of every namespace: an event never goes unanswered, because the database is down or because
its payload holds text no engine can store (a NUL character, half of a surrogate pair: ``invalid``).

When the graph (or its Redis) does not answer, an event is answered at once with
``{"ok": false, "error": "unavailable", "message": ..., "retry_after": N}`` (and the ``refused`` event), a
new connection is refused with a ``connect_error`` whose ``data`` is that object, and the outage is logged
once (:mod:`app.availability`), not once per event. Service resumes by itself when the database is back.
"""

import functools

from flask import current_app, g
from flask_babel import gettext
from flask_socketio import ConnectionRefusedError, Namespace

from app.availability import RETRY_AFTER, UNAVAILABLE
from app.errors import unstorable_text_message
from graph.values import holds_unstorable

from .refusals import refusal


def refuse_connection(code: str, message: str, **details) -> ConnectionRefusedError:
    """The exception a connect handler raises: the client's ``connect_error`` gets
    ``err.message == message`` and ``err.data == {"error": code, "message": message, **details}``."""
    return ConnectionRefusedError(message, {"error": code, "message": message, **details})


def _unavailable_message() -> str:
    return gettext("The service is temporarily unavailable. Please try again in a moment.")


class GuardedNamespace(Namespace):
    """A Flask-SocketIO namespace whose handlers answer ``unavailable`` during an outage."""

    def trigger_event(self, event, *args):
        """Run the handler of ``event`` inside the outage guard."""
        handler = getattr(self, "on_" + (event or ""), None)
        if handler is None:
            return None
        guarded = functools.partial(self._guarded, event, handler)
        return self.socketio._handle_event(guarded, event, self.namespace, *args)

    @staticmethod
    def _guarded(event: str, handler, *args):
        outage = current_app.extensions["outage"]
        if holds_unstorable(list(args)):  # refused at the edge, answered: a client never waits for nothing
            if event == "connect":
                raise refuse_connection("invalid", unstorable_text_message())
            if event != "disconnect":
                return refusal("invalid", unstorable_text_message())
        try:
            answer = handler(*args)
        except UNAVAILABLE as exc:
            g.graph_down = True  # the refusal's language must not be asked of the graph (app.i18n)
            outage.failed(exc)
            retry_after = current_app.config.get("UNAVAILABLE_RETRY_AFTER", RETRY_AFTER)
            if event == "connect":
                raise refuse_connection("unavailable", _unavailable_message(), retry_after=retry_after) from None
            if event == "disconnect":
                return None  # what the socket left in Redis expires (presence, socket lists, room places)
            return refusal("unavailable", _unavailable_message(), retry_after=retry_after)
        outage.answered()
        return answer
