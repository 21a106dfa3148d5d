"""What registering, logging in and creating accounts mean, for the views and the CLI alike."""

import time
import uuid
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext

import realtime
from graph import accounts as account_queries
from graph.store import GraphStore

from .. import mail
from ..ratelimit import Limit, count_hit, over_limit, reset
from . import consent
from .models import Account
from .passwords import hash_password, needs_rehash, verify_password
from .sessions import close_all_sessions


def email_key(email: str) -> str:
    """The form of an e-mail address that identifies an account (case and blanks ignored)."""
    return email.strip().lower()


def now_ms() -> int:
    """The current instant in epoch milliseconds, as the graph stores instants."""
    return int(time.time() * 1000)


def register(
    store: GraphStore,
    *,
    email: str,
    display_name: str,
    password: str,
    locale: str,
    role: str = "member",
    status: str = "active",
    how: str = "registration",
) -> Account:
    """Create an account with consent to the current privacy notice (logged as given ``how``, one of
    :data:`consent.HOW`); raise EmailTaken if it exists. A ``pending`` one waits for its address to be
    confirmed (app/accounts/lifecycle.py)."""
    data = account_queries.create_member(
        store,
        id=str(uuid.uuid4()),
        email=email.strip(),
        email_key=email_key(email),
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        locale=locale,
        consent_version=current_app.config["PRIVACY_NOTICE_VERSION"],
        now=now_ms(),
        status=status,
    )
    consent.record_notice(store, data["id"], how)
    return Account(data)


def register_from(store: GraphStore, form, how: str = "registration", status: str = "active") -> Account:
    """An account from a validated registration form (e-mail, name, password, language); EmailTaken if the
    address has one already."""
    return register(
        store,
        email=form.email.data,
        display_name=form.display_name.data,
        password=form.password.data,
        locale=form.locale.data,
        how=how,
        status=status,
    )


@dataclass(frozen=True)
class LoginResult:
    """The account when the login succeeded; otherwise how long to wait (0: simply wrong), or the account
    whose address is still to be confirmed (the password was right)."""

    account: Account | None = None
    retry_after: int = 0
    unconfirmed: dict | None = None
    kept: bool = False  # the account was to be deleted: logging in cancelled that


def authenticate(store: GraphStore, email: str, password: str, client: str) -> LoginResult:
    """Check the credentials under the per-address limit and the per-account limit, which counts the failures
    of each client apart: someone guessing from one address waits, the owner elsewhere logs in. When an
    account's failures from everywhere reach the limit, its owner is told by e-mail (once per window)."""
    ip_limit = Limit.parse(current_app.config["LOGIN_LIMIT_IP"])
    account_limit = Limit.parse(current_app.config["LOGIN_LIMIT_ACCOUNT"])
    key = email_key(email)
    tried = f"{key}|{client}"
    wait = max(over_limit("login-ip", client, ip_limit), over_limit("login-account", tried, account_limit))
    if wait:
        return LoginResult(retry_after=wait)
    count_hit("login-ip", client, ip_limit)
    data = account_queries.member_by_email(store, key)
    right = verify_password(data["password_hash"] if data else None, password)
    if right and data.get("status") == "pending":
        return LoginResult(unconfirmed=data)
    kept = bool(right and data.get("status") == "deleting" and account_queries.cancel_deletion(store, data["id"]))
    if kept:
        data["status"] = "active"
    if not right or not Account(data).is_active:
        count_hit("login-account", tried, account_limit)
        if data and count_hit("login-failures", key, account_limit) == account_limit.count:
            _tell_owner_of_failures(data, account_limit)
        return LoginResult()
    reset("login-account", tried)
    account_queries.touch(store, data["id"], now_ms())
    if needs_rehash(data["password_hash"]):
        data["auth_version"] = account_queries.set_password(store, data["id"], hash_password(password))
    return LoginResult(account=Account(data), kept=kept)


def _tell_owner_of_failures(data: dict, limit: Limit) -> None:
    """E-mail the owner that wrong passwords were tried on their account (which stays open to them)."""
    body = lazy_gettext(
        "Hello %(name)s,\n\n%(count)s wrong passwords were tried on your Jisr account in the last %(minutes)s "
        "minutes. Your account is not locked: you can log in as usual. If it was not you, choose a new "
        "password from your account page.",
        name=data.get("display_name") or "",
        count=limit.count,
        minutes=max(1, limit.seconds // 60),
    )
    mail.send_in_their_language(data, lazy_gettext("Wrong passwords tried on your Jisr account"), body)


def change_password(store: GraphStore, account, current: str, new: str) -> bool:
    """Replace the password if ``current`` is right: every other session ends (the auth version moves) and
    the member's live connections close. False if ``current`` is wrong."""
    data = account_queries.member_by_id(store, account.id)
    if not data or not verify_password(data.get("password_hash"), current):
        return False
    account_queries.set_password(store, account.id, hash_password(new))
    close_all_sessions(account.id)
    realtime.end_sessions(account.id)
    return True


def set_suspended(store: GraphStore, member_id: str, suspended: bool) -> bool:
    """Suspend an account (it can no longer log in, its sessions and live connections end) or reactivate it."""
    from ..cases.service import release_adviser  # here: the cases' service needs this module's helpers

    done = account_queries.set_status(store, member_id, "suspended" if suspended else "active")
    if done and suspended:
        close_all_sessions(member_id)
        realtime.end_sessions(member_id)
        release_adviser(store, member_id)  # an adviser's open cases go back to the guidance unit
    return done


def change_role(store: GraphStore, member_id: str, role: str) -> bool:
    """Give an account a role; an adviser who stops being one hands their open cases back to the unit."""
    from ..cases.service import release_adviser

    done = account_queries.set_role(store, member_id, role)
    if done and role != "adviser":
        release_adviser(store, member_id)
    return done
