"""The ``/rooms`` namespace: an event's live meeting room.

Joining checks the event's audience and labels (``app.permissions``: ``event.room``) every time, and
refuses people a moderator removed and rooms a moderator closed. The room's chat is stored like any
conversation (numbered, idempotent by client id) before it is broadcast; who is present, raised hands and
muted people live in Redis (:mod:`realtime.room_state`: keys that lapse after the last change, participants
whose process died dropped at once); the agenda and removals are kept in the graph. Moderators are the event's
organisers (``event.edit``). A socket's rooms end with it: a client rejoins (``join``) on every ``connect``.
"""

import json
import uuid

from flask import current_app, request, url_for
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import join_room, leave_room

from app.meetings.janus import new_publisher_id
from app.meetings.plan import media_plan
from app.permissions import may
from graph import conversations as conversation_queries
from graph import events as event_queries
from graph import rooms as room_queries

from . import presence, processes, sessions
from .chat import retry_or_limit
from .guard import GuardedNamespace, refuse_connection
from .refusals import invalid, refusal, unauthorized
from .room_media import MEDIA_KINDS, RoomMedia, peer_entry
from .room_state import is_muted, keep, key, now_ms, place_of, places, redis, set_place, socket_room, store

MAX_BODY = 2000
MAX_ID = 64
MAX_AGENDA = 5000
HISTORY = 50
SYNC_LIMIT = 500


def _room_conversation(event_id: str) -> str:
    """The id of the event room's conversation, asked of the graph once per application (it never changes)."""
    known = current_app.extensions.setdefault("room_conversations", {})  # event id -> conversation id
    if event_id not in known:
        known[event_id] = room_queries.conversation(store(), event_id, str(uuid.uuid4()), now_ms())
    return known[event_id]


def _photo_url(person) -> str | None:
    """The address of the person's photo, None without one (the page shows their initials)."""
    version = getattr(person, "photo", None)
    return url_for("members.photo", member_id=person.id, version=version) if version else None


class RoomsNamespace(RoomMedia, GuardedNamespace):
    """``join``, ``leave``, ``hand``, ``say``, ``sync``, ``agenda``, ``moderate``, ``close``; the media's
    ``signal``, ``media`` and ``record`` (:class:`~realtime.room_media.RoomMedia`)."""

    def on_connect(self, auth=None):
        """Only logged-in members connect."""
        if not current_user.is_authenticated or not current_user.is_active:
            raise refuse_connection("unauthorized", gettext("Please log in"))
        sessions.remember(current_user.id, request.sid, self.namespace)
        presence.mark(current_user.id)

    def on_disconnect(self, reason=None):
        """Leave every room this socket was in."""
        client = redis().client
        for event_id in [e.decode() for e in client.smembers(redis().key("roomsock", request.sid))]:
            self._depart(event_id)
        client.delete(redis().key("roomsock", request.sid))
        if current_user.is_authenticated:
            presence.clear_if_gone(current_user.id, sessions.forget(current_user.id, request.sid, self.namespace))

    # -- checks ---------------------------------------------------------------------------------------
    def _event(self, payload) -> tuple[dict | None, dict | None]:
        """(event, denied): the event named by ``payload["room"]`` if this person may be in its room."""
        if not current_user.is_authenticated or not current_user.is_active:
            return None, unauthorized()
        if not isinstance(payload, dict) or not isinstance(payload.get("room"), str) or len(payload["room"]) > 64:
            return None, invalid()
        found = event_queries.by_id(store(), payload["room"])
        if found is None or not may(current_user, "event.room", found["event"]):
            return None, refusal("forbidden", gettext("This meeting room is for the event's audience."))
        return found["event"], None

    def _present(self, event_id: str) -> bool:
        return redis().client.hexists(key(event_id, "people"), request.sid)

    # -- presence -------------------------------------------------------------------------------------
    def _participants(self, event_id: str) -> list[dict]:
        """Who is in the room, one entry a person (the places of sockets whose process died are dropped)."""
        client = redis().client
        present = places(event_id).values()
        people = {place["id"]: place for place in present}
        hands = {m.decode() for m in client.zrange(key(event_id, "hands"), 0, -1)}
        muted = {m.decode() for m in client.smembers(key(event_id, "muted"))}
        return sorted(
            (
                {"id": i, "name": p["name"], "photo": p.get("photo"), "hand": i in hands, "muted": i in muted}
                for i, p in people.items()
            ),
            key=lambda p: p["name"].lower(),
        )

    def _broadcast_participants(self, event_id: str) -> None:
        people = self._participants(event_id)
        self.emit("participants", {"room": event_id, "people": people}, room=socket_room(event_id))

    def _depart(self, event_id: str) -> None:
        client = redis().client
        self._release_media(event_id, place_of(event_id, request.sid))
        client.hdel(key(event_id, "people"), request.sid)
        leave_room(socket_room(event_id))
        self.emit("peer_left", {"room": event_id, "peer": request.sid}, room=socket_room(event_id))
        still_here = current_user.is_authenticated and any(
            json.loads(raw)["id"] == current_user.id for raw in client.hvals(key(event_id, "people"))
        )
        if current_user.is_authenticated and not still_here:
            client.zrem(key(event_id, "hands"), current_user.id)
        self._broadcast_participants(event_id)

    def on_join(self, payload=None):
        """``{room}`` → ``{ok, moderator, agenda, people, messages, last_seq}``; refused if removed or closed."""
        event, denied = self._event(payload)
        if denied:
            return denied
        state = room_queries.state(store(), event["id"], current_user.id)
        if state["closed_at"]:
            return refusal("closed", gettext("This meeting room is closed."))
        if state["removed"]:
            return refusal("removed", gettext("A moderator removed you from this meeting room."))
        client = redis().client
        earlier = place_of(event["id"], request.sid) or {}
        publisher = earlier.get("publisher") or new_publisher_id()
        media = media_plan(event["id"], current_user.id, publisher, now_ms() // 1000)
        place = {
            "id": current_user.id,
            "name": current_user.display_name,
            "photo": _photo_url(current_user),
            "boot": processes.BOOT_ID,
            "joined": earlier.get("joined") or now_ms(),
            "mode": media["mode"],
            "publisher": publisher,
            **{kind: bool(earlier.get(kind)) for kind in MEDIA_KINDS},
        }
        set_place(event["id"], request.sid, place)
        client.sadd(redis().key("roomsock", request.sid), event["id"])
        keep(redis().key("roomsock", request.sid))
        join_room(socket_room(event["id"]))
        self._broadcast_participants(event["id"])
        self.emit(
            "peer_joined",
            {"room": event["id"], **peer_entry(request.sid, place)},
            room=socket_room(event["id"]),
            include_self=False,
        )
        conversation_id = _room_conversation(event["id"])
        messages = conversation_queries.latest(store(), conversation_id, HISTORY)
        peers, media["carried"] = self._peers_of(event["id"], request.sid, media["mode"])
        return {
            "ok": True,
            "moderator": may(current_user, "event.edit", event),
            "agenda": state["agenda"] or "",
            "people": self._participants(event["id"]),
            "messages": messages,
            "last_seq": messages[-1]["seq"] if messages else 0,
            "muted": is_muted(event["id"], current_user.id),
            "peer": request.sid,
            "media": media,
            "peers": peers,
            "recording": self._recording(event["id"]),
        }

    def on_leave(self, payload=None):
        """``{room}``: leave it."""
        event, denied = self._event(payload)
        if denied:
            return denied
        self._depart(event["id"])
        return {"ok": True}

    def on_hand(self, payload=None):
        """``{room, raised}``: raise or lower my hand (in the order hands went up)."""
        event, denied = self._event(payload)
        if denied:
            return denied
        if not self._present(event["id"]) or not isinstance(payload.get("raised"), bool):
            return invalid()
        hands = key(event["id"], "hands")
        if payload["raised"]:
            redis().client.zadd(hands, {current_user.id: now_ms()}, nx=True)
            keep(hands)
        else:
            redis().client.zrem(hands, current_user.id)
        self._broadcast_participants(event["id"])
        return {"ok": True}

    # -- chat -----------------------------------------------------------------------------------------
    def on_say(self, payload=None):
        """``{room, id, body}`` → ``{ok, id, seq}``; stored, then broadcast as ``said``. Rate limited with the
        member's chat messages; a retry of a stored ``id`` answers its ``seq`` without counting."""
        event, denied = self._event(payload)
        if denied:
            return denied
        client_id, body = payload.get("id"), payload.get("body")
        if not self._present(event["id"]) or not isinstance(client_id, str) or not isinstance(body, str):
            return invalid()
        if not 0 < len(client_id) <= MAX_ID:
            return invalid()
        body = body.strip()
        if not body:
            return refusal("empty", gettext("Write something first."))
        if len(body) > MAX_BODY:
            return refusal("too_long", gettext("A message can have at most %(max)d characters.", max=MAX_BODY))
        if is_muted(event["id"], current_user.id):
            return refusal("muted", gettext("A moderator muted you in this room's chat."))
        conversation_id = _room_conversation(event["id"])
        already, limited = retry_or_limit(conversation_id, current_user.id, client_id)
        if already is not None:
            return {"ok": True, "id": client_id, "seq": already["seq"]}
        if limited:
            return limited
        stored = conversation_queries.send(store(), conversation_id, current_user.id, client_id, body, now_ms())
        if stored["created"]:
            self.emit(
                "said",
                {
                    "room": event["id"],
                    "id": client_id,
                    "seq": stored["seq"],
                    "sender_id": current_user.id,
                    "sender_name": current_user.display_name,
                    "body": body,
                    "at": stored["at"],
                },
                room=socket_room(event["id"]),
            )
        return {"ok": True, "id": client_id, "seq": stored["seq"]}

    def on_sync(self, payload=None):
        """``{room, since}`` → ``{ok, messages, more}``: at most ``JISR_ROOM_SYNC_LIMIT`` (:data:`SYNC_LIMIT`)
        messages after ``since``;
        ``more`` is true when there are others after them (call again from the last one's ``seq``)."""
        event, denied = self._event(payload)
        if denied:
            return denied
        since = payload.get("since", 0)
        if not isinstance(since, int) or since < 0:
            return invalid()
        conversation_id = _room_conversation(event["id"])
        limit = current_app.config.get("ROOM_SYNC_LIMIT", SYNC_LIMIT)
        found = conversation_queries.since(store(), conversation_id, since, limit + 1)
        return {"ok": True, "messages": found[:limit], "more": len(found) > limit}

    # -- moderation -----------------------------------------------------------------------------------
    def _moderated(self, payload):
        event, denied = self._event(payload)
        if denied:
            return None, denied
        if not may(current_user, "event.edit", event):
            return None, refusal("forbidden", gettext("Only the organisers moderate this room."))
        return event, None

    def on_agenda(self, payload=None):
        """``{room, text}`` (moderators): the agenda, saved and shown to everyone in the room."""
        event, denied = self._moderated(payload)
        if denied:
            return denied
        text = payload.get("text")
        if not isinstance(text, str) or len(text) > MAX_AGENDA:
            return refusal("invalid", gettext("The agenda can have at most %(max)d characters.", max=MAX_AGENDA))
        agenda = room_queries.set_agenda(store(), event["id"], text.strip(), now_ms())
        self.emit("agenda", {"room": event["id"], "text": agenda}, room=socket_room(event["id"]))
        return {"ok": True}

    def on_moderate(self, payload=None):
        """``{room, action: mute|unmute|remove, member}`` (moderators)."""
        event, denied = self._moderated(payload)
        if denied:
            return denied
        action, member_id = payload.get("action"), payload.get("member")
        if action not in ("mute", "unmute", "remove") or not isinstance(member_id, str) or len(member_id) > 64:
            return invalid()
        if member_id == current_user.id:
            return refusal("invalid", gettext("Moderators cannot moderate themselves."))
        self._moderate_media(event["id"], action, member_id)
        muted = key(event["id"], "muted")
        if action == "mute":
            redis().client.sadd(muted, member_id)
            keep(muted)
        elif action == "unmute":
            redis().client.srem(muted, member_id)
        else:
            room_queries.remove(store(), event["id"], member_id, current_user.id, now_ms())
            self._expel(event["id"], member_id, "removed")
        moderated = {"room": event["id"], "action": action, "member": member_id}
        self.emit("moderated", moderated, room=socket_room(event["id"]))
        self._broadcast_participants(event["id"])
        return {"ok": True}

    def _expel(self, event_id: str, member_id: str, reason: str) -> None:
        """Take the member's sockets out of the room (on this server; others learn it at their next event)."""
        client = redis().client
        server = current_app.extensions["socketio"].server
        for sid, raw in client.hgetall(key(event_id, "people")).items():
            if json.loads(raw)["id"] == member_id:
                client.hdel(key(event_id, "people"), sid)
                self.emit("left", {"room": event_id, "reason": reason}, room=sid.decode())
                self.emit("peer_left", {"room": event_id, "peer": sid.decode()}, room=socket_room(event_id))
                server.leave_room(sid.decode(), socket_room(event_id), namespace=self.namespace)
        client.zrem(key(event_id, "hands"), member_id)

    def on_close(self, payload=None):
        """``{room}`` (moderators): close the room for everyone, for good."""
        event, denied = self._moderated(payload)
        if denied:
            return denied
        room_queries.close(store(), event["id"], now_ms())
        self._stop_recording(event["id"])
        self.emit("closed", {"room": event["id"]}, room=socket_room(event["id"]))
        client = redis().client
        client.delete(*(key(event["id"], part) for part in ("people", "hands", "muted", "recording")))
        current_app.extensions["socketio"].close_room(socket_room(event["id"]), namespace=self.namespace)
        return {"ok": True}
