"""ICE servers for a room's page: STUN addresses, and TURN with time-limited credentials.

The credentials follow the "TURN REST" scheme coturn implements (``use-auth-secret`` with
``static-auth-secret``): the user name is ``<expiry in epoch seconds>:<member id>`` and the password the
base64 of HMAC-SHA1 of that name under the shared secret. coturn checks both without asking the
application; the credentials stop working at the expiry.
"""

import base64
import hashlib
import hmac


def _urls(setting) -> list[str]:
    """A setting holding addresses: a list, or one string with commas between them."""
    if not setting:
        return []
    if isinstance(setting, str):
        setting = setting.split(",")
    return [url.strip() for url in setting if url and url.strip()]


def credentials(secret: str, member_id: str, now_s: int, ttl_s: int) -> tuple[str, str]:
    """(user name, password) for ``member_id``, valid until ``now_s + ttl_s``."""
    username = f"{now_s + ttl_s}:{member_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(config, member_id: str, now_s: int) -> list[dict]:
    """The ``RTCPeerConnection`` ``iceServers`` for ``member_id``: ``JISR_STUN_URLS``, then ``JISR_TURN_URLS``
    with credentials when ``JISR_TURN_SECRET`` is set (none at all: host candidates only, one network)."""
    servers = []
    stun = _urls(config.get("STUN_URLS"))
    if stun:
        servers.append({"urls": stun})
    turn, secret = _urls(config.get("TURN_URLS")), config.get("TURN_SECRET")
    if turn and secret:
        username, password = credentials(secret, member_id, now_s, int(config.get("TURN_TTL_SECONDS", 3600)))
        servers.append({"urls": turn, "username": username, "credential": password})
    return servers
