"""Which server processes are alive, so that what a crashed one left in Redis stops counting at once.

Each process has a boot id; the socket ids it records in Redis (a member's sockets, a meeting room's
participants) carry it. A serving process refreshes ``<prefix>process:<boot id>`` every
:data:`HEARTBEAT_SECONDS` (:func:`start_heartbeat`); an entry is live when it is this process's and its
socket is still connected here, or another's whose key has not lapsed.
"""

import threading
import time
import uuid

from flask import current_app

from app.availability import UNAVAILABLE

BOOT_ID = uuid.uuid4().hex[:12]
HEARTBEAT_SECONDS = 5
LIVENESS_TTL = 15  # a process silent this long is taken for dead


def _key(handle, boot_id: str) -> str:
    return handle.key("process", boot_id)


def tag(namespace: str, sid: str) -> str:
    """The Redis entry of a socket of this process: ``boot|namespace|sid``."""
    return f"{BOOT_ID}|{namespace}|{sid}"


def untag(entry: str) -> tuple[str, str, str]:
    """``(boot id, namespace, sid)`` of an entry made by :func:`tag`."""
    boot_id, namespace, sid = entry.split("|", 2)
    return boot_id, namespace, sid


def live_entries(entries: list[str]) -> tuple[list[str], list[str]]:
    """``(live, dead)``: the entries whose socket is still open (see the module's docstring)."""
    handle = current_app.extensions["redis"]
    manager = current_app.extensions["socketio"].server.manager
    others = sorted({untag(entry)[0] for entry in entries} - {BOOT_ID})
    beating = set()
    if others:
        values = handle.client.mget([_key(handle, boot_id) for boot_id in others])
        beating = {boot_id for boot_id, value in zip(others, values, strict=True) if value is not None}
    live, dead = [], []
    for entry in entries:
        boot_id, namespace, sid = untag(entry)
        alive = manager.is_connected(sid, namespace) if boot_id == BOOT_ID else boot_id in beating
        (live if alive else dead).append(entry)
    return live, dead


def beat(handle) -> None:
    """Say once that this process is alive."""
    handle.client.set(_key(handle, BOOT_ID), int(time.time()), ex=LIVENESS_TTL)


def start_heartbeat(app) -> threading.Thread:
    """Keep this serving process's key fresh for as long as it runs (a daemon thread)."""
    handle = app.extensions["redis"]

    def loop():
        while True:
            try:
                beat(handle)
            except UNAVAILABLE:
                pass  # the outage is logged by whoever serves a person; the next beat tries again
            time.sleep(HEARTBEAT_SECONDS)

    thread = threading.Thread(target=loop, name="jisr-heartbeat", daemon=True)
    thread.start()
    return thread
