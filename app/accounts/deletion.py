"""Deleting an account: asked with the password, carried out after a grace period the person can cancel by
logging in, then everything about them is removed: the graph (graph/erasure.py), Redis, mail waiting in the
outbox, photos and data downloads.
"""

import os
import re
import shutil
from email import message_from_bytes, policy
from pathlib import Path

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

import realtime
from graph import accounts as account_queries
from graph import cases as case_queries
from graph import erasure
from graph import networks as network_queries
from graph.store import GraphStore

from .. import mail
from ..cases import documents as case_documents
from ..cases.service import release_adviser
from ..events.service import withdraw
from ..members.photos import forget_photos
from ..redis_client import redis_handle
from ..talent import review as talent_review
from .service import email_key, now_ms
from .sessions import close_all_sessions

GRACE_DAYS = 14
DAY_MS = 86_400_000


def request_deletion(store: GraphStore, account_data: dict) -> int:
    """Schedule the account's deletion in :data:`GRACE_DAYS` days: it disappears from the platform at once,
    its sessions end, and the person is told how to cancel (log in before the date). The due instant (ms)."""
    due = now_ms() + GRACE_DAYS * DAY_MS
    account_queries.schedule_deletion(store, account_data["id"], due)
    close_all_sessions(account_data["id"])
    realtime.end_sessions(account_data["id"])
    body = _l(
        "Hello %(name)s,\n\nYour Jisr account will be deleted in %(days)s days, with everything it holds. "
        "Changed your mind? Log in before then and it stays as it was: %(login)s",
        name=account_data["display_name"],
        days=GRACE_DAYS,
        login=url_for("accounts.login", _external=True),
    )
    mail.send_in_their_language(account_data, _l("Your Jisr account will be deleted"), body)
    return due


def erase_due(store: GraphStore) -> int:
    """Erase every account whose grace period is over; how many."""
    due = account_queries.deletions_due(store, now_ms())
    for member_id in due:
        erase_member(store, member_id)
    return len(due)


def erase_member(store: GraphStore, member_id: str) -> bool:
    """Remove the member and every trace of them (graph, Redis, outbox, photos, downloads); False if unknown."""
    data = account_queries.member_by_id(store, member_id)
    if data is None:
        return False
    now = now_ms()
    for event_id in erasure.events_answered(store, member_id):
        withdraw(store, event_id, member_id, now)  # the waiting list moves up
    for network_id in erasure.networks_joined(store, member_id):
        network_queries.leave(store, network_id, member_id)
    realtime.end_sessions(member_id)
    talent_review.forget_person(store, member_id, now)
    release_adviser(store, member_id)
    opened = [row["case"]["id"] for row in case_queries.of_leader(store, member_id)]
    erasure.erase(store, member_id)
    for case_id in opened:
        case_documents.forget(case_id)
    needles = [member_id] + ([email_key(data["email"])] if data.get("email") else [])
    scrub_redis(needles)
    if data.get("email"):
        scrub_outbox(data["email"])
    forget_photos(member_id)
    shutil.rmtree(exports_folder(member_id), ignore_errors=True)
    return True


def exports_folder(member_id: str) -> Path:
    """Where the member's data downloads are prepared."""
    return Path(current_app.instance_path) / "exports" / member_id


def scrub_redis(needles: list[str]) -> int:
    """Delete from the app's Redis every key naming one of ``needles`` and every value or member holding one
    (presence, sockets, rate limits, rooms, jobs); how many keys were changed."""
    handle = redis_handle()
    client, changed = handle.client, 0
    encoded = [needle.encode() for needle in needles if needle]

    def holds(value) -> bool:
        raw = value if isinstance(value, bytes) else str(value).encode()
        return any(needle in raw for needle in encoded)

    for key in client.scan_iter(match=handle.prefix + "*", count=1000):
        kind = client.type(key).decode()
        if holds(key):
            client.delete(key)
        elif kind == "string" and holds(client.get(key) or b""):
            client.delete(key)
        elif kind == "set":
            found = [m for m in client.smembers(key) if holds(m)]
            if not found:
                continue
            client.srem(key, *found)
        elif kind == "hash":
            found = [f for f, v in client.hgetall(key).items() if holds(f) or holds(v)]
            if not found:
                continue
            client.hdel(key, *found)
        elif kind == "zset":
            found = [m for m in client.zrange(key, 0, -1) if holds(m)]
            if not found:
                continue
            client.zrem(key, *found)
        elif kind == "list":
            found = [m for m in client.lrange(key, 0, -1) if holds(m)]
            if not found:
                continue
            for item in found:
                client.lrem(key, 0, item)
        else:
            continue
        changed += 1
    return changed


def scrub_outbox(email: str) -> int:
    """Remove the person from mail waiting in the outbox folder: a message to them alone goes, a bulk one
    loses their address; how many files changed."""
    folder = mail.outbox_path()
    if not os.path.isdir(folder):
        return 0
    address = re.compile(re.escape(email), re.IGNORECASE)
    changed = 0
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            message = message_from_bytes(handle.read(), policy=policy.default)
        if not address.search(str(message["To"] or "")) and not address.search(str(message["Bcc"] or "")):
            continue
        if address.search(str(message["To"] or "")):
            os.unlink(path)
        else:
            kept = [a.strip() for a in str(message["Bcc"]).split(",") if not address.search(a)]
            del message["Bcc"]
            message["Bcc"] = ", ".join(kept)
            with open(path, "wb") as handle:
                handle.write(message.as_bytes())
        changed += 1
    return changed
