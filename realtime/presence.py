"""Who is online: a Redis key per member that expires unless their open sockets keep it fresh.

A socket marks its member present at connect and on every heartbeat (``here``, every 30 seconds from the
browser); the key lives :data:`PRESENCE_TTL` seconds, so a crashed process or a lost network leaves no one
"online" for long. At disconnect the key goes at once when the member has no other socket left.
"""

from flask import current_app

PRESENCE_TTL = 75


def _handle():
    return current_app.extensions["redis"]


def mark(member_id: str) -> None:
    """The member is here now (for the next :data:`PRESENCE_TTL` seconds)."""
    handle = _handle()
    handle.client.set(handle.key("online", member_id), 1, ex=PRESENCE_TTL)


def clear_if_gone(member_id: str, sockets_left: int) -> None:
    """After a disconnect: the member is offline at once if that was their last socket."""
    if sockets_left == 0:
        handle = _handle()
        handle.client.delete(handle.key("online", member_id))


def online(member_ids: list[str]) -> set[str]:
    """Those of ``member_ids`` who are online."""
    if not member_ids:
        return set()
    handle = _handle()
    values = handle.client.mget([handle.key("online", member_id) for member_id in member_ids])
    return {member_id for member_id, value in zip(member_ids, values, strict=True) if value is not None}
