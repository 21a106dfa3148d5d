"""The ``/chat`` namespace: send with a client id and get ``{id, seq}`` back; catch up after reconnecting.

Every event checks the person again (their account as it is now, their place in the conversation, blocks,
their networks for a channel) through ``app.permissions``; a message is stored in the graph before it is
emitted. Refusals come back in the acknowledgement as ``{"ok": false, "error": code, "message": text}``.
Direct and group messages go to each participant's own room (every device of theirs); a network channel's
go to the channel's socket room, which a member's sockets join at connect.
"""

import time
import uuid

from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import join_room

from app.permissions import may
from graph import conversations as conversation_queries
from graph import notifications as notification_queries

from . import notify, presence, sessions
from .guard import GuardedNamespace, refuse_connection
from .refusals import invalid, refusal, unauthorized

MAX_BODY = 4000
MAX_ID = 64
REPLAY_LIMIT = 500


def _now() -> int:
    return int(time.time() * 1000)


def _store():
    return current_app.extensions["graph"].store


def retry_or_limit(conversation_id: str, member_id: str, client_id: str) -> tuple[dict | None, dict | None]:
    """Before storing a message (chat or meeting room): ``(stored, None)`` when this id is already stored (a
    retry: answered with its ``{seq, at}``, not counted), ``(None, refusal)`` when the member is over
    ``JISR_CHAT_MESSAGES_PER_MINUTE``, else ``(None, None)`` (the message is counted)."""
    already = conversation_queries.stored(_store(), conversation_id, member_id, client_id)
    if already is not None:
        return already, None
    wait = sessions.over_rate(member_id, "send", current_app.config.get("CHAT_MESSAGES_PER_MINUTE", 60))
    if wait:
        return None, refusal(
            "rate_limited", gettext("You are sending messages too fast: wait a moment."), retry_after=wait
        )
    return None, None


def user_room(member_id: str) -> str:
    """The room every socket of a member joins (to reach all their devices)."""
    return f"user:{member_id}"


def channel_room(conversation_id: str) -> str:
    """The socket room of a network channel."""
    return f"channel:{conversation_id}"


def join_channels(person) -> dict[str, str]:
    """Bring the person's channel memberships in line with their networks; ``{network id: channel id}``."""
    networks = sorted(set(person.network_ids) | set(person.coordinated_ids))
    return conversation_queries.sync_channels(_store(), person.id, networks, lambda: str(uuid.uuid4()), _now())


class ChatNamespace(GuardedNamespace):
    """Conversations: ``send``, ``sync``, ``read``, ``typing``, ``presence``, ``here``; the server emits
    ``message`` and ``typing``."""

    def on_connect(self, auth=None):
        """Only people who are logged in (session cookie, or an ``Authorization: Bearer`` header) connect."""
        if not current_user.is_authenticated or not current_user.is_active:
            raise refuse_connection("unauthorized", gettext("Please log in"))
        join_room(user_room(current_user.id))
        for channel_id in join_channels(current_user).values():
            join_room(channel_room(channel_id))
        sessions.remember(current_user.id, request.sid, self.namespace)
        presence.mark(current_user.id)

    @staticmethod
    def _person():
        """The person behind this event, loaded afresh (a suspension or a new password counts at once)."""
        return current_user if current_user.is_authenticated and current_user.is_active else None

    @staticmethod
    def _conversation(payload, action: str):
        """``(person, access, denied)`` for an event naming ``payload["conversation"]``."""
        person = ChatNamespace._person()
        if person is None:
            return None, None, unauthorized()
        conversation_id = payload.get("conversation") if isinstance(payload, dict) else None
        if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= MAX_ID:
            return person, None, invalid()
        access = conversation_queries.access(_store(), conversation_id, person.id)
        if not may(person, action, access):
            if action == "conversation.send":
                return person, None, refusal("forbidden", gettext("You cannot write in this conversation."))
            return person, None, refusal("forbidden", gettext("You cannot read this conversation."))
        return person, access, None

    def on_send(self, payload=None):
        """``{conversation, id, body}`` → ack ``{ok, id, seq, at}``; the same ``id`` again stores nothing new
        (and answers its ``seq`` even when the sender is over the rate limit, without counting toward it)."""
        if self._person() is None:
            return unauthorized()
        if not isinstance(payload, dict):
            return invalid()
        client_id, body = payload.get("id"), payload.get("body")
        if not isinstance(client_id, str) or not isinstance(body, str) or not 0 < len(client_id) <= MAX_ID:
            return invalid()
        body = body.strip()
        if not body:
            return refusal("empty", gettext("Write something first."))
        if len(body) > MAX_BODY:
            return refusal("too_long", gettext("A message can have at most %(max)d characters.", max=MAX_BODY))
        person, access, denied = self._conversation(payload, "conversation.send")
        if denied:
            return denied
        conversation_id = access["conversation"]["id"]
        already, limited = retry_or_limit(conversation_id, person.id, client_id)
        if already is not None:  # a retry after a lost answer
            return {"ok": True, "id": client_id, "seq": already["seq"], "at": already["at"]}
        if limited:
            return limited
        stored = conversation_queries.send(_store(), conversation_id, person.id, client_id, body, _now())
        message = {
            "conversation": conversation_id,
            "id": client_id,
            "seq": stored["seq"],
            "sender_id": person.id,
            "sender_name": person.display_name,
            "body": body,
            "at": stored["at"],
        }
        if stored["created"]:
            if stored["kind"] == "channel":
                self.emit("message", message, room=channel_room(conversation_id))
            else:  # one emit to all their rooms: one publish on the message queue
                self.emit("message", message, room=[user_room(member_id) for member_id in stored["participants"]])
                self._notify_away(conversation_id, person.id, stored["notified"])
                # the header's Messages count of those for whom this conversation just turned unread (only
                # they see the count change: one push per conversation and reader, not per message)
                notify.push_unread(stored["newly_unread"])
        return {"ok": True, "id": client_id, "seq": stored["seq"], "at": stored["at"]}

    @staticmethod
    def _notify_away(conversation_id: str, sender_id: str, notified: list[str]) -> None:
        """Members who are offline (and did not mute the conversation) find a notice, counted per conversation."""
        others = [member_id for member_id in notified if member_id != sender_id]
        away = sorted(set(others) - presence.online(others))
        if away:
            notification_queries.message_notice(_store(), away, conversation_id, sender_id, str(uuid.uuid4()), _now())

    def on_sync(self, payload=None):
        """``{since: {conversation: last_seq}, only?: [conversation]}`` → ``{ok, messages: {...}, more: [...]}``.

        Conversations not named in ``since`` are caught up from the start, unless ``only`` limits the
        answer to the conversations it lists; ``more`` lists those with more to fetch.
        """
        person = self._person()
        if person is None:
            return unauthorized()
        if not isinstance(payload, dict):
            return invalid()
        since, only = payload.get("since", {}), payload.get("only")
        if not isinstance(since, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in since.items()
        ):
            return invalid()
        if only is not None and not (isinstance(only, list) and all(isinstance(c, str) for c in only)):
            return invalid()
        hidden = conversation_queries.hidden_senders(_store(), person.id)
        messages, more = {}, []
        for row in conversation_queries.mine(_store(), person.id):
            conversation = row["conversation"]
            if only is not None and conversation["id"] not in only:
                continue
            if not may(person, "conversation.read", {"conversation": conversation, "participant": True}):
                continue  # a channel of a network they left since connecting
            after = since.get(conversation["id"], 0)
            if conversation["last_seq"] <= after:
                continue
            found = conversation_queries.since(_store(), conversation["id"], after, REPLAY_LIMIT, hidden)
            messages[conversation["id"]] = found
            if found and found[-1]["seq"] < conversation["last_seq"]:
                more.append(conversation["id"])
        return {"ok": True, "messages": messages, "more": more}

    def on_read(self, payload=None):
        """``{conversation, seq}``: my read marker moves forward, and the conversation's notice is read."""
        if isinstance(payload, dict) and not isinstance(payload.get("seq"), int):
            return invalid()
        person, access, denied = self._conversation(payload, "conversation.read")
        if denied:
            return denied
        conversation_id = access["conversation"]["id"]
        marker = conversation_queries.mark_read(_store(), conversation_id, person.id, payload["seq"]) or {}
        noticed = notification_queries.read_conversation(_store(), person.id, conversation_id, _now())
        if noticed or marker.get("caught_up"):  # the counts of their other pages changed
            notify.push_unread([person.id])
        return {"ok": True, "read_seq": marker.get("read_seq")}

    def on_typing(self, payload=None):
        """``{conversation}``: the others see ``typing`` ``{conversation, member_id, name}`` (send it at most
        every few seconds while typing; show it for about five)."""
        person, access, denied = self._conversation(payload, "conversation.send")
        if denied:
            return denied
        conversation = access["conversation"]
        signal = {"conversation": conversation["id"], "member_id": person.id, "name": person.display_name}
        if conversation["kind"] == "channel":
            self.emit("typing", signal, room=channel_room(conversation["id"]), include_self=False)
        else:
            hidden = set(conversation_queries.hidden_senders(_store(), person.id))
            for row in conversation_queries.participants(_store(), conversation["id"]):
                if row["id"] != person.id and row["id"] not in hidden:
                    self.emit("typing", signal, room=user_room(row["id"]))
        return {"ok": True}

    def on_presence(self, payload=None):
        """``{conversation}`` → ``{ok, online: [member ids]}``: who of its participants is online (not for
        channels, whose members do not share their presence)."""
        person, access, denied = self._conversation(payload, "conversation.read")
        if denied:
            return denied
        presence.mark(person.id)
        if access["conversation"]["kind"] == "channel":
            return {"ok": True, "online": []}
        hidden = set(conversation_queries.hidden_senders(_store(), person.id))
        others = [
            row["id"]
            for row in conversation_queries.participants(_store(), access["conversation"]["id"])
            if row["id"] != person.id and row["id"] not in hidden
        ]
        return {"ok": True, "online": sorted(presence.online(others))}

    def on_here(self, payload=None):
        """The heartbeat: the member stays online (send every 30 seconds)."""
        if self._person() is None:
            return unauthorized()
        presence.mark(current_user.id)
        return {"ok": True}

    def on_disconnect(self, reason=None):
        """Forget the socket (its rooms go with it); offline at once if it was the member's last."""
        if current_user.is_authenticated:
            presence.clear_if_gone(current_user.id, sessions.forget(current_user.id, request.sid, self.namespace))
