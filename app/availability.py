"""Outages of the graph database (or of its Redis): what counts as one, and one log line each.

Pages, socket events and the health check all notice an outage; :class:`OutageLog` writes a line when the
first failure is seen and another when things answer again, instead of a traceback per request or event.
"""

import logging
import threading
import time

import redis

from graph import GraphUnavailable

#: The errors that mean "the database (or Redis) does not answer now", not "this request is wrong".
UNAVAILABLE = (GraphUnavailable, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

#: Seconds a client is told to wait before trying again during an outage (``JISR_UNAVAILABLE_RETRY_AFTER``).
RETRY_AFTER = 5


class OutageLog:
    """Remembers whether an outage is under way; logs its start and its end once each."""

    def __init__(self, logger: logging.Logger):
        self._logger = logger
        self._since: float | None = None
        self._failures = 0
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        """Whether the last thing tried failed for want of the database."""
        return self._since is not None

    def failed(self, reason: object) -> None:
        """Something could not reach the database; the first failure of an outage is logged."""
        with self._lock:
            self._failures += 1
            if self._since is None:
                self._since = time.monotonic()
                self._logger.warning(
                    "the graph database is unavailable (%s); answering 'unavailable' until it is back", reason
                )

    def answered(self) -> None:
        """Something reached the database; the end of an outage is logged with its length."""
        if self._since is None:  # the common case, without taking the lock
            return
        with self._lock:
            if self._since is None:
                return
            self._logger.warning(
                "the graph database answers again after %.1f s (%d requests or events refused meanwhile)",
                time.monotonic() - self._since,
                self._failures,
            )
            self._since, self._failures = None, 0


def init_app(app) -> None:
    """Give the app its outage log."""
    app.extensions["outage"] = OutageLog(app.logger)
