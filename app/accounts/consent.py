"""Consent under law 09-08: what a member agreed to, per purpose, and when and how it changed."""

import time

from flask import current_app

from graph import consent as consent_queries
from graph.store import GraphStore

NOTICE = "privacy_notice"
#: how a consent was given or withdrawn, as the log records it
HOW = ("registration", "invitation", "settings", "command", "unsubscribe")


def record_notice(store: GraphStore, member_id: str, how: str) -> None:
    """Log the consent to the current privacy notice given when the account was made; ``how`` is one of
    :data:`HOW`."""
    _log(store, member_id, [(NOTICE, True)], how)


def change_choices(store: GraphStore, member_id: str, chosen: dict, how: str) -> list[str]:
    """Apply the member's choices (purpose -> allowed) and log each one that changed; the purposes changed."""
    before = consent_queries.current(store, member_id)
    after = {purpose: bool(chosen.get(purpose)) for purpose in consent_queries.CHOICES}
    changed = [purpose for purpose in consent_queries.CHOICES if after[purpose] != before[purpose]]
    if changed:
        consent_queries.set_choices(store, member_id, after)
        _log(store, member_id, [(purpose, after[purpose]) for purpose in changed], how)
    return changed


def _log(store: GraphStore, member_id: str, changes: list[tuple[str, bool]], how: str) -> None:
    version = current_app.config["PRIVACY_NOTICE_VERSION"]
    at = int(time.time() * 1000)
    events = [{"at": at, "purpose": p, "given": given, "version": version, "how": how} for p, given in changes]
    consent_queries.record(store, member_id, events)
