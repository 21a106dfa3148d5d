"""Who is connected where: each member's socket ids in Redis, so that every process can end them.

A member's sockets are listed under ``<prefix>sockets:<member id>`` as ``boot|namespace|sid`` entries
(:mod:`.processes`); ending their sessions (at logout) disconnects each one, locally or, through the
message queue, on the process that holds it. Entries left by a crashed process stop counting as soon as
its heartbeat lapses.
"""

from flask import current_app

from . import processes

SOCKETS_TTL = 24 * 3600  # a list left behind by a crashed process does not outlive a day


def _key(member_id: str) -> str:
    handle = current_app.extensions["redis"]
    return handle.key("sockets", member_id)


def remember(member_id: str, sid: str, namespace: str) -> None:
    """Record a new socket of the member."""
    client = current_app.extensions["redis"].client
    key = _key(member_id)
    client.sadd(key, processes.tag(namespace, sid))
    client.expire(key, SOCKETS_TTL)


def forget(member_id: str, sid: str, namespace: str) -> int:
    """A socket of the member closed; how many of their sockets remain open (stale entries are dropped)."""
    client = current_app.extensions["redis"].client
    key = _key(member_id)
    client.srem(key, processes.tag(namespace, sid))
    live, dead = processes.live_entries([entry.decode() for entry in client.smembers(key)])
    if dead:
        client.srem(key, *dead)
    return len(live)


def end_sessions(member_id: str) -> int:
    """Disconnect every socket of the member, wherever it is served; return how many there were."""
    client = current_app.extensions["redis"].client
    key = _key(member_id)
    entries = [entry.decode() for entry in client.smembers(key)]
    client.delete(key)
    server = current_app.extensions["socketio"].server
    for entry in entries:
        _boot_id, namespace, sid = processes.untag(entry)
        server.disconnect(sid, namespace=namespace)
    return len(entries)


def over_rate(member_id: str, action: str, per_minute: int) -> int:
    """Count one ``action`` of the member; the seconds to wait if they are over ``per_minute``, else 0."""
    handle = current_app.extensions["redis"]
    key = handle.key("rate", action, member_id)
    count, ttl = handle.client.pipeline(transaction=False).incr(key).ttl(key).execute()  # one round trip
    if ttl < 0:  # a new window (or one left without expiry by a crash between the two commands)
        handle.client.expire(key, 60)
        ttl = 60
    if count <= per_minute:
        return 0
    return max(1, ttl)
