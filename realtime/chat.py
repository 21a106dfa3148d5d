"""The ``/chat`` namespace: send with a client id and get ``{id, seq}`` back; catch up after reconnecting.

Every event checks the person again (their account as it is now, their place in the conversation, blocks)
through ``app.permissions``; a message is stored in the graph before it is emitted. Refusals come back
in the acknowledgement as ``{"ok": false, "error": code, "message": text}``.
"""

import time

from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace, join_room

from app.permissions import may
from graph import conversations as conversation_queries

from . import sessions

MAX_BODY = 4000
MAX_ID = 64
REPLAY_LIMIT = 500


def _now() -> int:
    return int(time.time() * 1000)


def _store():
    return current_app.extensions["graph"].store


def user_room(member_id: str) -> str:
    """The room every socket of a member joins (to reach all their devices)."""
    return f"user:{member_id}"


def _refusal(code: str, message: str) -> dict:
    return {"ok": False, "error": code, "message": message}


class ChatNamespace(Namespace):
    """Conversations: ``send``, ``sync``, ``read``; the server emits ``message``."""

    def on_connect(self, auth=None):
        """Only people who are logged in (session cookie, or an ``Authorization: Bearer`` header) connect."""
        if not current_user.is_authenticated or not current_user.is_active:
            raise ConnectionRefusedError({"error": "unauthorized", "message": gettext("Please log in")})
        join_room(user_room(current_user.id))
        sessions.remember(current_user.id, request.sid, self.namespace)

    @staticmethod
    def _person():
        """The person behind this event, loaded afresh (a suspension or a new password counts at once)."""
        return current_user if current_user.is_authenticated and current_user.is_active else None

    def on_send(self, payload=None):
        """``{conversation, id, body}`` → ack ``{ok, id, seq, at}``; the same ``id`` again stores nothing new."""
        person = self._person()
        if person is None:
            return _refusal("unauthorized", gettext("Please log in"))
        if not isinstance(payload, dict):
            return _refusal("invalid", gettext("The message could not be understood."))
        conversation_id, client_id, body = payload.get("conversation"), payload.get("id"), payload.get("body")
        if not isinstance(conversation_id, str) or not isinstance(client_id, str) or not isinstance(body, str):
            return _refusal("invalid", gettext("The message could not be understood."))
        if not 0 < len(client_id) <= MAX_ID or len(conversation_id) > MAX_ID:
            return _refusal("invalid", gettext("The message could not be understood."))
        body = body.strip()
        if not body:
            return _refusal("empty", gettext("Write something first."))
        if len(body) > MAX_BODY:
            return _refusal("too_long", gettext("A message can have at most %(max)d characters.", max=MAX_BODY))
        access = conversation_queries.access(_store(), conversation_id, person.id)
        if not may(person, "conversation.send", access):
            return _refusal("forbidden", gettext("You cannot write in this conversation."))
        wait = sessions.over_rate(person.id, "send", current_app.config.get("CHAT_MESSAGES_PER_MINUTE", 60))
        if wait:
            refusal = _refusal("rate_limited", gettext("You are sending messages too fast: wait a moment."))
            return {**refusal, "retry_after": wait}
        stored = conversation_queries.send(_store(), conversation_id, person.id, client_id, body, _now())
        message = {
            "conversation": conversation_id,
            "id": client_id,
            "seq": stored["seq"],
            "sender_id": person.id,
            "body": body,
            "at": stored["at"],
        }
        if stored["created"]:
            for member_id in stored["participants"]:
                self.emit("message", message, room=user_room(member_id))
        return {"ok": True, "id": client_id, "seq": stored["seq"], "at": stored["at"]}

    def on_sync(self, payload=None):
        """``{since: {conversation: last_seq}}`` → ack ``{ok, messages: {conversation: [...]}, more: [...]}``.

        Conversations not named are caught up from the start; ``more`` lists those with more to fetch.
        """
        person = self._person()
        if person is None:
            return _refusal("unauthorized", gettext("Please log in"))
        since = (payload or {}).get("since", {}) if isinstance(payload, dict) else None
        if not isinstance(since, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in since.items()
        ):
            return _refusal("invalid", gettext("The message could not be understood."))
        messages, more = {}, []
        for row in conversation_queries.mine(_store(), person.id):
            conversation = row["conversation"]
            after = since.get(conversation["id"], 0)
            if conversation["last_seq"] <= after:
                continue
            found = conversation_queries.since(_store(), conversation["id"], after, REPLAY_LIMIT)
            messages[conversation["id"]] = found
            if found and found[-1]["seq"] < conversation["last_seq"]:
                more.append(conversation["id"])
        return {"ok": True, "messages": messages, "more": more}

    def on_read(self, payload=None):
        """``{conversation, seq}``: my read marker moves forward."""
        person = self._person()
        if person is None:
            return _refusal("unauthorized", gettext("Please log in"))
        if (
            not isinstance(payload, dict)
            or not isinstance(payload.get("conversation"), str)
            or not isinstance(payload.get("seq"), int)
        ):
            return _refusal("invalid", gettext("The message could not be understood."))
        access = conversation_queries.access(_store(), payload["conversation"], person.id)
        if not may(person, "conversation.read", access):
            return _refusal("forbidden", gettext("You cannot read this conversation."))
        read_seq = conversation_queries.mark_read(_store(), payload["conversation"], person.id, payload["seq"])
        return {"ok": True, "read_seq": read_seq}

    def on_disconnect(self, reason=None):
        """Forget the socket (its rooms go with it)."""
        if current_user.is_authenticated:
            sessions.forget(current_user.id, request.sid, self.namespace)
