"""Socket.IO test clients on the real app (Flask-SocketIO's test client): connect as a person, send, read."""

import uuid


def connect(app, person, namespace: str = "/chat"):
    """A socket on ``namespace`` carrying the person's browser session."""
    return app.extensions["socketio"].test_client(app, namespace=namespace, flask_test_client=person.client)


def received(socket, name: str = "message", namespace: str = "/chat") -> list:
    """The payloads of the ``name`` events received since the last call."""
    events = [e for e in socket.get_received(namespace) if e["name"] == name]
    return [e["args"][0] if isinstance(e["args"], list) else e["args"] for e in events]


def send(socket, conversation: str, body: str, client_id: str | None = None) -> dict:
    """Send a message on /chat and return the acknowledgement."""
    payload = {"conversation": conversation, "id": client_id or str(uuid.uuid4()), "body": body}
    return socket.emit("send", payload, namespace="/chat", callback=True)
