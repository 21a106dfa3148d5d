"""Where a meeting room's live state is kept, shared by the room's chat and moderation
(:mod:`realtime.rooms`) and its media signalling (:mod:`realtime.room_media`).

Redis holds, per event, ``people`` (socket id → the socket's place: person, name, photo, server process,
when it joined, its media and its SFU publisher number), ``hands``, ``muted`` and ``recording``; each key
lapses :data:`STATE_TTL` after the room's last change.
"""

import json
import time

from flask import current_app

from . import processes

STATE_TTL = 12 * 3600  # a room's Redis state lapses this long after its last change
NAMESPACE = "/rooms"


def now_ms() -> int:
    """The time in epoch milliseconds."""
    return int(time.time() * 1000)


def store():
    """The graph store of this application."""
    return current_app.extensions["graph"].store


def redis():
    """The application's Redis handle (``.client``, ``.key()``)."""
    return current_app.extensions["redis"]


def socket_room(event_id: str) -> str:
    """The Socket.IO room of an event's meeting room."""
    return "room:" + event_id


def key(event_id: str, part: str) -> str:
    """The Redis key of one part of an event room's state."""
    return redis().key("rooms", event_id, part)


def keep(*keys: str) -> None:
    """A room's Redis state changed: it lapses :data:`STATE_TTL` from now unless it changes again."""
    pipeline = redis().client.pipeline(transaction=False)
    for name in keys:
        pipeline.expire(name, STATE_TTL)
    pipeline.execute()


def places(event_id: str) -> dict[str, dict]:
    """Socket id → place of every socket in the room, oldest arrival first; places of sockets whose server
    process died are dropped on the way."""
    client = redis().client
    found = {sid.decode(): json.loads(raw) for sid, raw in client.hgetall(key(event_id, "people")).items()}
    entries = {f"{place.get('boot', '?')}|{NAMESPACE}|{sid}": sid for sid, place in found.items()}
    _live, dead = processes.live_entries(list(entries))
    gone = {entries[entry] for entry in dead}
    if gone:
        client.hdel(key(event_id, "people"), *gone)
    return dict(sorted(((s, p) for s, p in found.items() if s not in gone), key=lambda item: item[1].get("joined", 0)))


def place_of(event_id: str, sid: str) -> dict | None:
    """One socket's place in the room, None if it is not in it."""
    raw = redis().client.hget(key(event_id, "people"), sid)
    return json.loads(raw) if raw else None


def set_place(event_id: str, sid: str, place: dict) -> None:
    """Record (or replace) a socket's place in the room."""
    redis().client.hset(key(event_id, "people"), sid, json.dumps(place))
    keep(key(event_id, "people"))


def is_muted(event_id: str, member_id: str) -> bool:
    """Whether a moderator muted the member in this room (chat and microphone)."""
    return bool(redis().client.sismember(key(event_id, "muted"), member_id))
