"""Socket.IO for Jisr: one namespace per feature, persist-then-emit, replay after reconnect.

Flask-SocketIO runs in ``threading`` mode with ``simple-websocket`` (set explicitly: auto-detection picks
gevent or eventlet when they happen to be installed). Several server processes deliver to each other's
clients through the Redis message queue (``SOCKETIO_MESSAGE_QUEUE``, on by default). The events and their
payloads are the contract in ``docs/realtime.md``.
"""

from urllib.parse import urlsplit

from engineio.payload import Payload
from flask_socketio import SocketIO

from .chat import ChatNamespace
from .notify import NotifyNamespace, push_unread
from .queue import MessageQueue
from .rooms import RoomsNamespace
from .sessions import end_sessions

__all__ = ["end_sessions", "init_app", "push_unread"]

#: The largest frame or long-polling request accepted. Larger than any event needs (a message is at most
#: 4,000 characters): a message that is too long gets its ``too_long`` answer instead of a closed connection.
MAX_FRAME_BYTES = 1024 * 1024
#: Packets accepted in one long-polling request (engine.io's default is 16): a client that reconnects
#: resends every unanswered message at once, and the client libraries send them in one request.
MAX_PACKETS_PER_REQUEST = 1000


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allowed_origins(app):
    """What ``cors_allowed_origins`` gets: the configured origins (a list, or ``"*"`` for any), else a check
    that lets in only the site's own pages: ``JISR_PUBLIC_URL``'s origin and the request's own host."""
    configured = app.config.get("SOCKETIO_CORS_ORIGINS")
    if configured:
        return configured
    public = app.config.get("PUBLIC_URL")

    def same_site(origin, environ) -> bool:
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin == own or (public is not None and origin == _origin(public))

    return same_site


def init_app(app) -> SocketIO:
    """Attach a Socket.IO server to ``app`` (one per app: Flask-SocketIO keeps its server on the object)."""
    manager = None
    if app.config.get("SOCKETIO_MESSAGE_QUEUE", True):
        # RedisManager named explicitly: Flask-SocketIO would pick Kombu for the embedded server's unix:// URL.
        manager = MessageQueue(app.extensions["redis"].url, channel=app.config["REDIS_PREFIX"] + "socketio")
    Payload.max_decode_packets = MAX_PACKETS_PER_REQUEST  # a class setting of python-engineio
    socketio = SocketIO(
        app,
        async_mode="threading",
        # Each WebSocket already has its own thread; handling its events there (not in a new thread per
        # event) keeps a member's events in order and avoids thousands of short threads under load.
        async_handlers=False,
        client_manager=manager,
        cors_allowed_origins=allowed_origins(app),
        max_http_buffer_size=MAX_FRAME_BYTES,
        logger=False,
        engineio_logger=False,
    )
    socketio.on_namespace(ChatNamespace("/chat"))
    socketio.on_namespace(RoomsNamespace("/rooms"))
    socketio.on_namespace(NotifyNamespace("/notify"))
    return socketio
