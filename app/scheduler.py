"""Background jobs of a serving process: a daemon thread that runs each job at its interval.

Several server processes may run the scheduler; a Redis lock (``SET NX`` with the interval as expiry) lets
one of them run each job per interval. Jobs run in an application context with a request context for links.
"""

import logging
import threading
import time

log = logging.getLogger(__name__)


def _jobs(app) -> list[tuple[str, int, object]]:
    from . import recommendations
    from .messages.digest import send_digests

    jobs = []
    minutes = int(app.config.get("DIGEST_EVERY_MINUTES", 10))
    if minutes > 0:
        jobs.append(("message-digest", minutes * 60, lambda: send_digests(app.extensions["graph"].store)))
    every = int(app.config.get("RECOMMEND_EVERY_MINUTES", 360))
    if every > 0:
        jobs.append(("recommend", every * 60, recommendations.run))
    return jobs


def run_due(app, name: str, interval: int, job) -> bool:
    """Run ``job`` unless another process (or this one) ran it less than ``interval`` seconds ago."""
    handle = app.extensions["redis"]
    if not handle.client.set(handle.key("job", name), int(time.time()), nx=True, ex=interval):
        return False
    with app.app_context(), app.test_request_context(base_url=app.config.get("PUBLIC_URL") or "http://localhost"):
        job()
    return True


def run_if_asked(app) -> bool:
    """Run the recomputation staff asked for on the status page; whether it ran."""
    from . import recommendations

    with app.app_context():
        if not recommendations.requested():
            return False
        return recommendations.run() is not None  # None: another run is under way; the request waits


def start(app) -> threading.Thread | None:
    """Start the scheduler thread for ``app`` (nothing to do when every job is switched off)."""
    jobs = _jobs(app)
    if not jobs:
        return None

    def loop():
        while True:
            for name, interval, job in jobs:
                try:
                    run_due(app, name, interval, job)
                except Exception:  # a failing job must not stop the others; it is logged and tried again
                    log.exception("background job %s failed", name)
            try:
                run_if_asked(app)
            except Exception:
                log.exception("the recomputation asked for failed")
            time.sleep(30)

    thread = threading.Thread(target=loop, name="jisr-scheduler", daemon=True)
    thread.start()
    return thread
