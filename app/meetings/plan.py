"""How a page in an event's room connects its media: peer to peer or through the SFU, and with which ICE
servers. The ``/rooms`` namespace answers ``join`` with :func:`media_plan`."""

import logging

from flask import current_app
from flask_babel import gettext

from . import turn
from .janus import Janus, JanusDown, JanusRefused

log = logging.getLogger(__name__)

MESH_ROOM_SIZE = 6


def janus() -> Janus | None:
    """The application's Janus, None when ``JISR_JANUS_URL`` is not set (rooms stay peer to peer)."""
    if not current_app.config.get("JANUS_URL"):
        return None
    if "janus" not in current_app.extensions:
        current_app.extensions["janus"] = Janus(current_app.config)
    return current_app.extensions["janus"]


def mesh_size() -> int:
    """How many people a peer-to-peer room carries with audio and video (``JISR_MESH_ROOM_SIZE``)."""
    return int(current_app.config.get("MESH_ROOM_SIZE", MESH_ROOM_SIZE))


def media_plan(event_id: str, member_id: str, publisher_id: int, now_s: int) -> dict:
    """``{mode, limit, ice_servers, ice_transport_policy, sfu, notice}`` for one page: ``sfu`` (Janus's
    address, room, PIN, publisher number, token) when Janus is configured and answers; otherwise ``mesh``,
    with ``notice`` saying why when Janus was expected."""
    plan = {
        "mode": "mesh",
        "limit": mesh_size(),
        "ice_servers": turn.ice_servers(current_app.config, member_id, now_s),
        # "relay": media only through TURN, so that participants never learn each other's addresses
        "ice_transport_policy": "relay" if current_app.config.get("ICE_RELAY_ONLY") else "all",
        "sfu": None,
        "notice": None,
    }
    server = janus()
    if server is None:
        return plan
    try:
        server.ensure_room(event_id)
    except (JanusDown, JanusRefused) as exc:
        log.warning("Janus at %s is unavailable (%s): room %s falls back to peer to peer", server.url, exc, event_id)
        plan["notice"] = gettext(
            "The conference server does not answer: this room works peer to peer, for up to %(limit)d people "
            "with audio and video.",
            limit=plan["limit"],
        )
        return plan
    return {**plan, "mode": "sfu", "limit": server.room_size, "sfu": server.page_settings(event_id, publisher_id)}
