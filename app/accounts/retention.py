"""Deleting what is past its retention time, as a periodic job of the worker (logged with its counts)."""

import logging

from flask import current_app

from graph import accounts as account_queries

from ..extensions import store as app_store
from ..jobs import task
from .service import now_ms

TASK = "accounts.retention"
log = logging.getLogger(__name__)
DAY_MS = 86_400_000


@task(TASK)
def retention_job(progress) -> dict:
    """The job: delete unconfirmed registrations older than ``PENDING_ACCOUNT_DAYS``; the counts deleted."""
    progress.step("unconfirmed registrations")
    before = now_ms() - int(current_app.config["PENDING_ACCOUNT_DAYS"]) * DAY_MS
    counts = {"unconfirmed": account_queries.delete_stale_pending(app_store(), before)}
    log.info("retention: deleted %(unconfirmed)s unconfirmed registrations", counts)
    return counts
