"""The worker's scheduler: it queues each periodic job at its interval, once per deployment.

Every worker process runs :func:`start`; a Redis lock (:data:`LEADER_TTL`) lets one of them lead, and a
per-task lock (``SET NX`` with the interval as expiry) queues each task once per interval even when the
leader changes. Periodic tasks: the message digest (``JISR_DIGEST_EVERY_MINUTES``) and the recomputation of
communities and suggestions (``JISR_RECOMMEND_EVERY_MINUTES``), the deletion of data past its retention time
(``JISR_RETENTION_EVERY_MINUTES``), the dispatch of campaigns due (``JISR_CAMPAIGN_DISPATCH_SECONDS``), the
reading of the talent watch's sources (``JISR_TALENT_EVERY_MINUTES``), the reminders of guidance cases
waiting for a first answer (``JISR_CASE_REMIND_EVERY_MINUTES``); 0 switches one off.
"""

import logging
import threading
import time

from . import jobs
from .availability import UNAVAILABLE

log = logging.getLogger(__name__)

TICK_SECONDS = 30
LEADER_TTL = 90  # a leader that stopped ticking hands over after this


def periodic(app) -> list[tuple[str, int]]:
    """``[(task, interval in seconds)]`` of the periodic tasks switched on."""
    plan = [
        ("messages.digest", int(app.config.get("DIGEST_EVERY_MINUTES", 10)) * 60),
        ("recommend.recompute", int(app.config.get("RECOMMEND_EVERY_MINUTES", 360)) * 60),
        ("accounts.retention", int(app.config.get("RETENTION_EVERY_MINUTES", 1440)) * 60),
        ("campaigns.dispatch", int(app.config.get("CAMPAIGN_DISPATCH_SECONDS", 60))),
        ("talent.fetch", int(app.config.get("TALENT_EVERY_MINUTES", 360)) * 60),
        ("cases.remind", int(app.config.get("CASE_REMIND_EVERY_MINUTES", 60)) * 60),
    ]
    return [(name, interval) for name, interval in plan if interval > 0]


def lead(app, who: str) -> bool:
    """Whether ``who`` (a worker's id) leads the scheduling now; takes or keeps the lock."""
    handle = app.extensions["redis"]
    key = handle.key("scheduler", "leader")
    if handle.client.set(key, who, nx=True, ex=LEADER_TTL):
        return True
    if handle.client.get(key) == who.encode():
        handle.client.expire(key, LEADER_TTL)
        return True
    return False


def tick(app, who: str) -> list[str]:
    """One round: if ``who`` leads, queue the tasks whose interval has lapsed; the tasks queued."""
    if not lead(app, who):
        return []
    handle = app.extensions["redis"]
    queued = []
    with app.app_context():
        for name, interval in periodic(app):
            if handle.client.set(handle.key("job", name), int(time.time()), nx=True, ex=interval):
                jobs.enqueue(name, unique=True)
                queued.append(name)
    return queued


def start(app, who: str) -> threading.Thread | None:
    """Start the scheduler thread of a worker process (nothing to do when every task is switched off)."""
    if not periodic(app):
        return None

    def loop():
        while True:
            try:
                tick(app, who)
            except UNAVAILABLE:
                pass  # Redis is down: the next tick tries again (the worker logs the outage)
            except Exception:  # a bug in one round must not stop the schedule
                log.exception("the scheduler's round failed")
            time.sleep(TICK_SECONDS)

    thread = threading.Thread(target=loop, name="jisr-scheduler", daemon=True)
    thread.start()
    return thread
