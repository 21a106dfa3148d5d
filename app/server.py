"""The web process: gunicorn, one worker process, many threads (``flask web``, supervised by ``flask serve``)."""

import gc
import signal
import threading

from gunicorn.app.base import BaseApplication

from graph.pidfile import die_with_parent

GRACEFUL_SECONDS = 1  # after the sockets are closed, requests in flight get this long to finish


class JisrServer(BaseApplication):
    """gunicorn, configured in code; each worker builds its own app after the fork."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        """Apply our options to gunicorn's settings."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """Build the application inside the worker (after fork: fresh connections)."""
        from app import create_app
        from realtime.processes import start_heartbeat

        app = create_app()
        start_heartbeat(app)
        # What start-up built lives as long as the process: moved out of the cyclic collector's sight, so
        # that the collections requests trigger walk only what requests make (tail latency, benchmarks.md).
        gc.collect()
        gc.freeze()
        return app


def _bind_to_master(server, worker) -> None:
    """gunicorn's ``post_fork``: the worker dies with its master (no orphan keeps serving its sockets)."""
    die_with_parent(signal.SIGKILL)


def _close_sockets_on_exit(worker) -> None:
    """gunicorn's ``post_worker_init``: on SIGTERM, say goodbye to every Socket.IO client first (their
    clients see a clean close and reconnect), then let gunicorn finish; otherwise open WebSockets keep the
    worker until the graceful timeout."""
    stop = worker.handle_exit
    socketio = worker.wsgi.extensions["socketio"]

    def close_then_exit(signum, frame):
        def close():
            try:
                socketio.server.eio.disconnect()  # every client of this process
            finally:
                stop(signum, frame)

        threading.Thread(target=close, name="jisr-close-sockets", daemon=True).start()

    signal.signal(signal.SIGTERM, close_then_exit)


def run_gunicorn(host: str, port: int, threads: int) -> None:
    """Serve until stopped."""
    JisrServer(
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 60,
            "graceful_timeout": GRACEFUL_SECONDS,
            "accesslog": "-",
            "loglevel": "info",
            "control_socket_disable": True,
            "post_fork": _bind_to_master,
            "post_worker_init": _close_sockets_on_exit,
        }
    ).run()
