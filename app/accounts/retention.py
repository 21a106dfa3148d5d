"""Deleting what is past its retention time, as a periodic job of the worker (logged with its counts):
accounts whose deletion is due, accounts unused for ``INACTIVE_ACCOUNT_MONTHS`` (warned by e-mail a month
before), unconfirmed registrations, imported contacts whose imports' retention has ended, and data downloads
past 24 hours."""

import logging

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from graph import accounts as account_queries
from graph import imports as import_queries

from .. import mail
from ..extensions import store as app_store
from ..jobs import task
from ..talent import review as talent_review
from . import data_export, deletion
from .service import now_ms

TASK = "accounts.retention"
log = logging.getLogger(__name__)
DAY_MS = 86_400_000
MONTH_MS = 30 * DAY_MS
NOTICE_DAYS = 30  # between the warning of an unused account and its deletion


@task(TASK)
def retention_job(progress) -> dict:
    """The job: everything the module lists; the counts."""
    store, now, counts = app_store(), now_ms(), {}
    progress.step("deletions due")
    counts["deleted"] = deletion.erase_due(store)
    progress.step("unused accounts")
    counts["warned"], counts["unused_deleted"] = _unused_accounts(store, now)
    progress.step("unconfirmed registrations")
    before = now - int(current_app.config["PENDING_ACCOUNT_DAYS"]) * DAY_MS
    counts["unconfirmed"] = account_queries.delete_stale_pending(store, before)
    progress.step("imported contacts")
    counts["contacts"] = _contacts_past_retention(store, now)
    progress.step("data downloads")
    counts["downloads"] = data_export.remove_expired()
    log.info(
        "retention: %(deleted)s accounts erased on request, %(warned)s unused accounts warned and "
        "%(unused_deleted)s erased, %(unconfirmed)s unconfirmed registrations, %(contacts)s imported contacts "
        "and %(downloads)s data downloads deleted",
        counts,
    )
    return counts


def _unused_accounts(store, now: int) -> tuple[int, int]:
    """Warn the accounts unused for the configured months; erase those warned long enough ago and still
    unused (logging in in between keeps the account)."""
    account_queries.clear_warnings_of_accounts_back_in_use(store)
    months = int(current_app.config["INACTIVE_ACCOUNT_MONTHS"])
    if months <= 0:
        return 0, 0
    unused = account_queries.inactive_to_delete(store, now - NOTICE_DAYS * DAY_MS)
    for member_id in unused:
        deletion.erase_member(store, member_id)
    to_warn = account_queries.inactive_to_warn(store, now - months * MONTH_MS)
    for account in to_warn:
        _warn(account)
    account_queries.mark_warned(store, [account["id"] for account in to_warn], now)
    return len(to_warn), len(unused)


def _warn(account: dict) -> None:
    body = _l(
        "Hello %(name)s,\n\nYou have not used your Jisr account for a long time. Under our retention rules it "
        "will be deleted in %(days)s days, with everything it holds. To keep it, simply log in: %(login)s",
        name=account["display_name"],
        days=NOTICE_DAYS,
        login=url_for("accounts.login", _external=True),
    )
    mail.send_in_their_language(account, _l("Your unused Jisr account will be deleted"), body)


def _contacts_past_retention(store, now: int) -> int:
    """Delete the imported contacts whose imports may no longer be kept; how many."""
    done = 0
    while ids := import_queries.contacts_past_retention(store, now):
        for contact_id in ids:
            talent_review.forget_person(store, contact_id, now)
            import_queries.erase_contact(store, contact_id)
        done += len(ids)
    return done
