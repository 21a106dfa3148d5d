"""Serving with gunicorn from the ``serve`` command: one worker process, many threads."""

import gc

from gunicorn.app.base import BaseApplication


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


def run_gunicorn(host: str, port: int, threads: int) -> None:
    """Serve until interrupted."""
    JisrServer(
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 60,
            "graceful_timeout": 10,
            "accesslog": "-",
            "loglevel": "info",
            "control_socket_disable": True,
        }
    ).run()
