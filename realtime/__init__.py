"""Socket.IO for Jisr: one namespace per feature, persist-then-emit, replay after reconnect.

Flask-SocketIO runs in ``threading`` mode with ``simple-websocket`` (set explicitly: auto-detection picks
gevent or eventlet when they happen to be installed). Several server processes deliver to each other's
clients through the Redis message queue (``SOCKETIO_MESSAGE_QUEUE``, on by default). The events and their
payloads are the contract in ``docs/realtime.md``.
"""

import socketio as socketio_lib
from flask_socketio import SocketIO

from .chat import ChatNamespace
from .notify import NotifyNamespace, push_unread
from .rooms import RoomsNamespace
from .sessions import end_sessions

__all__ = ["end_sessions", "init_app", "push_unread"]


def init_app(app) -> SocketIO:
    """Attach a Socket.IO server to ``app`` (one per app: Flask-SocketIO keeps its server on the object)."""
    manager = None
    if app.config.get("SOCKETIO_MESSAGE_QUEUE", True):
        # RedisManager named explicitly: Flask-SocketIO would pick Kombu for the embedded server's unix:// URL.
        manager = socketio_lib.RedisManager(
            app.extensions["redis"].url, channel=app.config["REDIS_PREFIX"] + "socketio"
        )
    socketio = SocketIO(
        app,
        async_mode="threading",
        # Each WebSocket already has its own thread; handling its events there (not in a new thread per
        # event) keeps a member's events in order and avoids thousands of short threads under load.
        async_handlers=False,
        client_manager=manager,
        cors_allowed_origins=app.config.get("SOCKETIO_CORS_ORIGINS") or [],
        max_http_buffer_size=64 * 1024,
        logger=False,
        engineio_logger=False,
    )
    socketio.on_namespace(ChatNamespace("/chat"))
    socketio.on_namespace(RoomsNamespace("/rooms"))
    socketio.on_namespace(NotifyNamespace("/notify"))
    return socketio
