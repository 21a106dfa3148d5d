"""The application's side of a Janus VideoRoom (the SFU), over Janus's HTTP API.

One Janus room per event, made when the first person joins (``create`` answers "already exists" after
that). Its number and PIN are derived from the event's id and the application's secret key, so nothing is
stored: the PIN goes only to people the room's checks let in (with a short-lived token when Janus signs
tokens, ``token_auth_secret``), the room's ``secret`` never leaves the application, which uses it to mute
and remove people and to start or stop recording. Each person joins as a publisher whose number the
application chose, which is how moderation finds them.

Every call opens a Janus session, attaches the VideoRoom plugin, sends one request and ends the session:
no state to keep alive. A Janus that does not answer raises :class:`JanusDown`.
"""

import base64
import hashlib
import hmac
import secrets
import time

import requests

PLUGIN = "janus.plugin.videoroom"
#: the page offers audio first, then video: the publisher's audio is its stream "0"
AUDIO_MID = "0"
ROOM_EXISTS = 427


class JanusDown(Exception):
    """Janus did not answer, or answered something else than Janus's API."""


class JanusRefused(Exception):
    """Janus answered the request with an error (``code``, ``reason``)."""

    def __init__(self, code: int, reason: str):
        super().__init__(f"{code}: {reason}")
        self.code = code


def _derived(secret_key: str, label: str, event_id: str) -> str:
    return hmac.new(secret_key.encode(), f"{label}:{event_id}".encode(), hashlib.sha256).hexdigest()


def room_number(event_id: str) -> int:
    """The Janus room of an event: a number below 2**48 (safe in JavaScript) taken from its id."""
    return int(hashlib.sha256(event_id.encode()).hexdigest()[:12], 16)


def sign_token(secret: str, expiry_s: int, plugins: tuple[str, ...] = (PLUGIN,)) -> str:
    """A Janus signed token (``token_auth_secret``): ``<expiry>,janus,<plugin>:<signature>``, the signature
    HMAC-SHA1 of the part before the colon, in base64 (the scheme of Janus 1.1)."""
    data = ",".join([str(expiry_s), "janus", *plugins])
    digest = hmac.new(secret.encode(), data.encode(), hashlib.sha1).digest()
    return f"{data}:{base64.b64encode(digest).decode()}"


def sfu_size(config) -> int:
    """How many people a room on Janus carries (``JISR_SFU_ROOM_SIZE``)."""
    return int(config.get("SFU_ROOM_SIZE", 25))


def new_publisher_id() -> int:
    """A publisher number for one person's page (random, below 2**48)."""
    return secrets.randbelow(2**48 - 1) + 1


class Janus:
    """The Janus of ``JISR_JANUS_URL`` (the address the application reaches; browsers may use another,
    ``JISR_JANUS_PUBLIC_URL``)."""

    def __init__(self, config):
        self.url = config["JANUS_URL"].rstrip("/")
        self.public_url = (config.get("JANUS_PUBLIC_URL") or self.url).rstrip("/")
        self.admin_key = config.get("JANUS_ADMIN_KEY")
        self.token_secret = config.get("JANUS_TOKEN_SECRET")
        self.token_ttl = int(config.get("JANUS_TOKEN_TTL_SECONDS", 600))
        self.timeout = float(config.get("JANUS_TIMEOUT_SECONDS", 3))
        self.room_size = sfu_size(config)
        self.recordings = config.get("JANUS_RECORDINGS_DIR")  # a folder on Janus's machine
        self.secret_key = config["SECRET_KEY"]

    # -- what a page is given ---------------------------------------------------------------------------
    def pin(self, event_id: str) -> str:
        """The PIN of the event's room (people let in get it)."""
        return _derived(self.secret_key, "janus-pin", event_id)[:32]

    def _room_secret(self, event_id: str) -> str:
        return _derived(self.secret_key, "janus-secret", event_id)

    def token(self, now_s: int | None = None) -> str | None:
        """A token for one page, valid ``JISR_JANUS_TOKEN_TTL_SECONDS`` (None when Janus does not ask one)."""
        if not self.token_secret:
            return None
        return sign_token(self.token_secret, int(now_s if now_s is not None else time.time()) + self.token_ttl)

    # -- requests ----------------------------------------------------------------------------------------
    def _post(self, path: str, body: dict) -> dict:
        body = {**body, "transaction": secrets.token_hex(8)}
        own_token = self.token()
        if own_token:
            body["token"] = own_token
        try:
            answer = requests.post(self.url + path, json=body, timeout=self.timeout).json()
        except (requests.RequestException, ValueError) as exc:
            raise JanusDown(str(exc)) from exc
        if not isinstance(answer, dict) or "janus" not in answer:
            raise JanusDown("not Janus's API")
        if answer["janus"] == "error":
            error = answer.get("error") or {}
            raise JanusRefused(int(error.get("code", 0)), str(error.get("reason", "")))
        return answer

    def _videoroom(self, request: dict) -> dict:
        """Send one VideoRoom request in a session of its own; returns the plugin's data."""
        session = self._post("", {"janus": "create"})["data"]["id"]
        try:
            handle = self._post(f"/{session}", {"janus": "attach", "plugin": PLUGIN})["data"]["id"]
            answer = self._post(f"/{session}/{handle}", {"janus": "message", "body": request})
        finally:
            try:
                self._post(f"/{session}", {"janus": "destroy"})
            except (JanusDown, JanusRefused):
                pass  # Janus ends idle sessions itself
        data = ((answer.get("plugindata") or {}).get("data")) or {}
        if "error_code" in data:
            raise JanusRefused(int(data["error_code"]), str(data.get("error", "")))
        return data

    def ensure_room(self, event_id: str) -> int:
        """Make the event's room if Janus does not have it yet; returns its number."""
        number = room_number(event_id)
        request = {
            "request": "create",
            "room": number,
            "description": f"event {event_id}",
            "pin": self.pin(event_id),
            "secret": self._room_secret(event_id),
            "is_private": True,
            "publishers": self.room_size,
            "audiolevel_event": True,
            "audio_active_packets": 50,
            "audio_level_average": 40,
            "notify_joining": True,
        }
        if self.admin_key:
            request["admin_key"] = self.admin_key
        if self.recordings:
            request["rec_dir"] = self.recordings
        try:
            self._videoroom(request)
        except JanusRefused as refused:
            if refused.code != ROOM_EXISTS:
                raise
        return number

    def mute(self, event_id: str, publisher_id: int, muted: bool) -> None:
        """Stop (or let again) forwarding a publisher's microphone to everyone."""
        self._moderate(
            {"request": "moderate", "id": publisher_id, "mid": AUDIO_MID, "mute": muted}, event_id, publisher_id
        )

    def kick(self, event_id: str, publisher_id: int) -> None:
        """Take a publisher out of the room (their media stops at once)."""
        self._moderate({"request": "kick", "id": publisher_id}, event_id, publisher_id)

    def _moderate(self, request: dict, event_id: str, publisher_id: int) -> None:
        request = {**request, "room": room_number(event_id), "secret": self._room_secret(event_id)}
        try:
            self._videoroom(request)
        except JanusRefused as refused:
            if refused.code not in (426, 428):  # no such room, no such publisher: nothing to stop
                raise

    def record(self, event_id: str, on: bool) -> None:
        """Start or stop recording the room (Janus writes each stream in its ``rec_dir``)."""
        request = {"request": "enable_recording", "room": room_number(event_id), "record": on}
        self._videoroom({**request, "secret": self._room_secret(event_id)})

    def page_settings(self, event_id: str, publisher_id: int) -> dict:
        """What the page needs to publish and subscribe: address, room, PIN, its publisher number, a token."""
        return {
            "url": self.public_url,
            "room": room_number(event_id),
            "pin": self.pin(event_id),
            "publisher": publisher_id,
            "token": self.token(),
        }
