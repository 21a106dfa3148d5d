"""A reliable /chat client for the tests, doing what docs/realtime.md asks of every client.

It keeps the last sequence number it holds per conversation; a live message is taken only if it is the
next one (older ones are duplicates, a jump means something was missed: ``sync`` fills the gap); on every
(re)connection it syncs; a send that gets no acknowledgement is sent again with the same id.
"""

import threading
import time

import socketio


class ChatClient:
    """One member's connection to /chat, with what it has received, in order, per conversation."""

    def __init__(self, base: str, browser):
        self.base = base
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
        self.last: dict[str, int] = {}
        self.received: dict[str, list[dict]] = {}
        self.duplicates_dropped = 0
        self._lock = threading.RLock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("message", self._on_message, namespace="/chat")

    def connect(self) -> None:
        """Connect and catch up."""
        self.sio.connect(
            self.base, headers={"Cookie": self.cookie}, namespaces=["/chat"], transports=["websocket"], wait_timeout=10
        )
        self.sync()

    def disconnect(self) -> None:
        """Drop the connection (what a lost network does)."""
        self.sio.disconnect()

    def _on_message(self, message: dict) -> None:
        with self._lock:
            if not self._take(message["conversation"], message):
                try:
                    self.sync()
                except (socketio.exceptions.BadNamespaceError, socketio.exceptions.TimeoutError):
                    pass  # the connection dropped meanwhile: the next connection syncs

    def _take(self, conversation: str, message: dict) -> bool:
        """Keep the message if it is the next one; False when there is a gap before it."""
        last = self.last.get(conversation, 0)
        if message["seq"] <= last:
            self.duplicates_dropped += 1
            return True
        if message["seq"] != last + 1:
            return False
        self.received.setdefault(conversation, []).append(message)
        self.last[conversation] = message["seq"]
        return True

    def sync(self) -> None:
        """Ask for everything after what we hold, until nothing more is missing."""
        with self._lock:
            while True:
                answer = self.sio.call("sync", {"since": dict(self.last)}, namespace="/chat", timeout=10)
                assert answer["ok"], answer
                for conversation, messages in answer["messages"].items():
                    for message in messages:
                        self._take(conversation, {**message, "conversation": conversation})
                if not answer["more"]:
                    return

    def send(self, conversation: str, client_id: str, body: str, patience: float = 60.0) -> dict:
        """Send until acknowledged (an ``unavailable`` answer is retried), reconnecting if need be; always the
        same id, so never stored twice."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            try:
                if not self.sio.connected:
                    self.connect()
                answer = self.sio.call(
                    "send", {"conversation": conversation, "id": client_id, "body": body}, namespace="/chat", timeout=5
                )
                if answer.get("error") != "unavailable":
                    return answer
                time.sleep(0.2)  # the database is restarting: the contract says try again shortly
            except (
                socketio.exceptions.TimeoutError,
                socketio.exceptions.BadNamespaceError,
                socketio.exceptions.ConnectionError,
            ):
                time.sleep(0.1)  # the server may be restarting
        raise AssertionError(f"message {client_id} was never acknowledged")
