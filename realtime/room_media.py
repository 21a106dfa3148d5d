"""Audio, video and screen sharing in a meeting room: the ``/rooms`` events that carry no media.

In a ``mesh`` room each page connects to every other page (WebRTC); ``signal`` relays their offers, answers
and ICE candidates from one socket to another, after checking that both are in the same room and within
its size (the first ``JISR_MESH_ROOM_SIZE`` arrivals; later ones follow by chat). In an ``sfu`` room pages
publish to and subscribe from Janus directly (:mod:`app.meetings.janus`); the application only moderates it.
``media`` tells the room what a page sends (microphone, camera, screen), ``record`` starts or stops the
SFU's recording, and a moderator's mute or removal reaches the media (:meth:`RoomMedia._moderate_media`).
Media never passes through the application.
"""

import json
import logging

from flask import request
from flask_babel import gettext
from flask_login import current_user

from app.meetings.janus import JanusDown, JanusRefused
from app.meetings.plan import janus, mesh_size
from graph import rooms as room_queries

from .refusals import invalid, refusal
from .room_state import is_muted, keep, key, now_ms, place_of, places, redis, set_place, socket_room, store

log = logging.getLogger(__name__)

MEDIA_KINDS = ("audio", "video", "screen")
SIGNAL_KINDS = ("offer", "answer", "candidate")
MAX_SIGNAL = 64 * 1024  # characters of a signal's JSON data (an offer for audio and video is a few thousand)


def peer_entry(sid: str, place: dict) -> dict:
    """What other pages learn of one socket in the room: its peer id, person, SFU publisher and media."""
    entry = {"peer": sid, "id": place["id"], "name": place["name"], "publisher": place.get("publisher")}
    return {**entry, **{kind: bool(place.get(kind)) for kind in MEDIA_KINDS}}


CANDIDATE_FIELDS = {"candidate": str, "sdpMid": str, "sdpMLineIndex": int, "usernameFragment": str}


def _signal_data(kind: str, data) -> dict | None:
    """What of a signal's ``data`` is relayed: an offer's or answer's ``type`` and ``sdp``, an ICE
    candidate's four fields (absent or null ones left out); None when it is not such a thing."""
    if not isinstance(data, dict):
        return None
    if kind != "candidate":
        return (
            {"type": kind, "sdp": data["sdp"]}
            if data.get("type") == kind and isinstance(data.get("sdp"), str)
            else None
        )
    if not isinstance(data.get("candidate"), str):
        return None
    kept = {}
    for field, kind_of in CANDIDATE_FIELDS.items():
        value = data.get(field)
        if value is not None and (not isinstance(value, kind_of) or isinstance(value, bool)):
            return None
        if value is not None:
            kept[field] = value
    return kept


def _carried(present: dict[str, dict]) -> list[str]:
    """The sockets a peer-to-peer room carries: its first ``JISR_MESH_ROOM_SIZE`` arrivals in mesh mode."""
    return [sid for sid, place in present.items() if place.get("mode") == "mesh"][: mesh_size()]


class RoomMedia:
    """The media events of :class:`realtime.rooms.RoomsNamespace` (a mix-in: it uses the namespace's checks)."""

    def _peers_of(self, event_id: str, sid: str, mode: str) -> tuple[list[dict], bool]:
        """(the other sockets a page connects its media with, whether the room carries this page's media):
        in a mesh, those of the first arrivals (the room's size) in mesh mode too; in an SFU room, everyone
        (to name the publishers), and every page is carried."""
        present = places(event_id)
        if mode == "mesh":
            carried = _carried(present)
            if sid not in carried:
                return [], False
            return [peer_entry(s, present[s]) for s in carried if s != sid], True
        return [peer_entry(s, place) for s, place in present.items() if s != sid], True

    def _recording(self, event_id: str) -> bool:
        return bool(redis().client.exists(key(event_id, "recording")))

    def _not_here(self, event: dict) -> dict:
        """The refusal for a socket that is not (or no longer) in the room."""
        if room_queries.state(store(), event["id"], current_user.id)["removed"]:
            return refusal("removed", gettext("A moderator removed you from this meeting room."))
        return refusal("not_in_room", gettext("Join the meeting room first."))

    def on_signal(self, payload=None):
        """``{room, to, kind: offer|answer|candidate, data}``: relayed to the socket ``to`` as ``signal``
        ``{room, from, from_id, kind, data}`` when both are in the room and carried by its mesh."""
        event, denied = self._event(payload)
        if denied:
            return denied
        to, kind, data = payload.get("to"), payload.get("kind"), payload.get("data")
        if kind not in SIGNAL_KINDS or not isinstance(to, str) or len(to) > 64:
            return invalid()
        if len(json.dumps(data)) > MAX_SIGNAL:
            return refusal("too_large", gettext("This connection message is too large."))
        data = _signal_data(kind, data)
        if data is None:
            return invalid()
        present = places(event["id"])
        if request.sid not in present:
            return self._not_here(event)
        if to not in present:
            return refusal("not_in_room", gettext("That person is not in this meeting room."))
        carried = _carried(present)
        if request.sid not in carried or to not in carried:
            limit = mesh_size()
            message = gettext("This room carries audio and video for %(limit)d people; follow it by chat.", limit=limit)
            return refusal("room_full", message)
        relayed = {"room": event["id"], "from": request.sid, "from_id": current_user.id, "kind": kind, "data": data}
        self.emit("signal", relayed, room=to)
        return {"ok": True}

    def on_media(self, payload=None):
        """``{room, audio, video, screen}``: what this page sends now; ``media`` ``{room, peer, id, audio,
        video, screen}`` to the room. A muted person's microphone stays off (``muted``)."""
        event, denied = self._event(payload)
        if denied:
            return denied
        if not all(isinstance(payload.get(kind), bool) for kind in MEDIA_KINDS):
            return invalid()
        place = place_of(event["id"], request.sid)
        if place is None:
            return self._not_here(event)
        if payload["audio"] and is_muted(event["id"], current_user.id):
            return refusal("muted", gettext("A moderator muted you: your microphone stays off."))
        place.update({kind: payload[kind] for kind in MEDIA_KINDS})
        set_place(event["id"], request.sid, place)
        self.emit("media", {"room": event["id"], **peer_entry(request.sid, place)}, room=socket_room(event["id"]))
        return {"ok": True}

    def on_record(self, payload=None):
        """``{room, on}`` (moderators): start or stop the SFU's recording; ``recording`` ``{room, on}`` to
        everyone in the room, whose pages say so on screen. A peer-to-peer room cannot be recorded."""
        event, denied = self._moderated(payload)
        if denied:
            return denied
        if not isinstance(payload.get("on"), bool):
            return invalid()
        server = janus()
        if server is None:
            return refusal("unsupported", gettext("Only rooms on the conference server can be recorded."))
        try:
            server.record(event["id"], payload["on"])
        except (JanusDown, JanusRefused) as exc:
            log.warning("Janus could not switch recording %s in room %s: %s", payload["on"], event["id"], exc)
            return refusal("sfu_unavailable", gettext("The conference server does not answer; try again."))
        recording = key(event["id"], "recording")
        if payload["on"]:
            redis().client.set(recording, json.dumps({"by": current_user.id, "at": now_ms()}))
            keep(recording)
        else:
            redis().client.delete(recording)
        from app.audit import audited  # here: app.audit imports the pages, which import this namespace

        audited("room.recording." + ("start" if payload["on"] else "stop"), target=event["id"])
        self.emit("recording", {"room": event["id"], "on": payload["on"]}, room=socket_room(event["id"]))
        return {"ok": True}

    def _stop_recording(self, event_id: str) -> None:
        """The room closes: its recording stops."""
        server = janus()
        if server is not None and self._recording(event_id):
            try:
                server.record(event_id, False)
            except (JanusDown, JanusRefused) as exc:
                log.warning("Janus could not stop recording room %s: %s", event_id, exc)

    def _release_media(self, event_id: str, place: dict | None) -> None:
        """A socket left the room (or dropped): in an SFU room its publisher goes at once, rather than when
        Janus notices the page is gone (a minute later), so no one is left looking at a frozen picture."""
        server = janus()
        if server is None or not place or place.get("mode") != "sfu" or not place.get("publisher"):
            return
        try:
            server.kick(event_id, place["publisher"])
        except (JanusDown, JanusRefused) as exc:
            log.warning("Janus could not release a publisher of room %s: %s", event_id, exc)

    def _moderate_media(self, event_id: str, action: str, member_id: str) -> None:
        """A moderator muted, unmuted or removed ``member_id``: in an SFU room Janus stops (or lets again)
        forwarding their microphone, or drops them; in a mesh every page acts on ``moderated``."""
        server = janus()
        if server is None:
            return
        for place in places(event_id).values():
            if place["id"] != member_id or place.get("mode") != "sfu" or not place.get("publisher"):
                continue
            try:
                if action == "remove":
                    server.kick(event_id, place["publisher"])
                else:
                    server.mute(event_id, place["publisher"], action == "mute")
            except (JanusDown, JanusRefused) as exc:
                log.warning("Janus could not %s a publisher in room %s: %s", action, event_id, exc)
