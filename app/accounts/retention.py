"""Deleting what is past its retention time, as a periodic job of the worker (logged with its counts)."""

import logging

from flask import current_app

from graph import accounts as account_queries

from ..extensions import store as app_store
from ..jobs import task
from . import data_export, deletion
from .service import now_ms

TASK = "accounts.retention"
log = logging.getLogger(__name__)
DAY_MS = 86_400_000


@task(TASK)
def retention_job(progress) -> dict:
    """The job: erase the accounts whose deletion is due, delete unconfirmed registrations older than
    ``PENDING_ACCOUNT_DAYS`` and data downloads past 24 hours; the counts."""
    progress.step("deletions due")
    counts = {"deleted": deletion.erase_due(app_store())}
    progress.step("unconfirmed registrations")
    before = now_ms() - int(current_app.config["PENDING_ACCOUNT_DAYS"]) * DAY_MS
    counts["unconfirmed"] = account_queries.delete_stale_pending(app_store(), before)
    progress.step("data downloads")
    counts["downloads"] = data_export.remove_expired()
    log.info(
        "retention: %(deleted)s accounts erased, %(unconfirmed)s unconfirmed registrations and %(downloads)s "
        "expired data downloads deleted",
        counts,
    )
    return counts
