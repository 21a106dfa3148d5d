"""An account's life by e-mail: signing up with a confirmed address, resetting a forgotten password, moving
to a new address.

Every answer given on the page is the same whether an address has an account or not; what differs goes by
mail to the address's owner ("you already have an account", a reset link or nothing). Links are one-time
tickets (:mod:`.tickets`).
"""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

import realtime
from graph import accounts as account_queries
from graph.accounts import EmailTaken
from graph.store import GraphStore

from .. import mail
from ..ratelimit import Limit, count_hit, over_limit
from . import tickets
from .models import Account
from .passwords import hash_password
from .service import email_key, now_ms, register_from
from .sessions import close_all_sessions

CONFIRM_MINUTES = 24 * 60
RESET_MINUTES = 60


def sign_up(store: GraphStore, form, client: str, next_path: str = "") -> int:
    """Register from the form: a pending account and a confirmation link for a new address, the "you already
    have an account" mail for a known one (a new link if it is still unconfirmed). Both take as long and
    answer alike. Returns the seconds to wait when ``client`` has registered too often (0: done)."""
    limit = Limit.parse(current_app.config["REGISTER_LIMIT_IP"])
    wait = over_limit("register", client, limit)
    if wait:
        return wait
    count_hit("register", client, limit)
    existing = account_queries.member_by_email(store, email_key(form.email.data))
    if existing is None:
        try:
            created = register_from(store, form, status="pending")
        except EmailTaken:  # registered a moment ago by someone else
            existing = account_queries.member_by_email(store, email_key(form.email.data))
        else:
            _send_confirmation(store, created.data, next_path)
            return 0
    else:
        hash_password(form.password.data)  # the work a new account costs, so that the answer takes as long
    if existing and existing.get("status") == "pending":
        _send_confirmation(store, existing, next_path)
    elif existing:
        _send_already_registered(existing, existing["email"])
    return 0


def resend_confirmation(store: GraphStore, account: dict) -> None:
    """Another confirmation link for a pending account (asked for by logging in with the right password)."""
    _send_confirmation(store, account, "")


def confirm_address(store: GraphStore, token: str) -> tuple[Account, str] | None:
    """Use a confirmation link: the account is active, and where the person was going; None if the link no
    longer works."""
    ticket = tickets.redeem(store, tickets.VERIFY_EMAIL, token)
    if ticket is None:
        return None
    account_queries.activate(store, ticket.account["id"], now_ms())
    return Account(account_queries.member_by_id(store, ticket.account["id"])), ticket.payload


def mail_limited(kind: str, *subjects: str) -> bool:
    """Count one mail of ``kind`` for each subject (client address, e-mail address); True when one of them
    has had too many already (nothing is sent then, and the page answers as usual)."""
    limit = Limit.parse(current_app.config["MAIL_LINK_LIMIT"])
    if any(over_limit(kind, subject, limit) for subject in subjects):
        return True
    for subject in subjects:
        count_hit(kind, subject, limit)
    return False


def request_reset(store: GraphStore, email: str, client: str) -> None:
    """Mail a one-hour reset link if the address has an account that may log in (nothing otherwise)."""
    key = email_key(email)
    if mail_limited("reset-mail", client, key):
        return
    account = account_queries.member_by_email(store, key)
    if not account or account.get("status") not in ("active", "pending"):
        return
    token = tickets.issue(store, account, tickets.RESET_PASSWORD, RESET_MINUTES)
    link = url_for("accounts.reset_password", token=token, _external=True)
    mail.send_in_their_language(
        account,
        _l("Choose a new Jisr password"),
        _l(
            "Hello %(name)s,\n\nTo choose a new password, open this link within the hour (it works once):\n%(link)s\n\n"
            "If you did not ask for it, ignore this message: your password stays as it is.",
            name=account["display_name"],
            link=link,
        ),
    )


def reset_password(store: GraphStore, token: str, new_password: str) -> bool:
    """Use a reset link: the new password replaces the old, every session and live connection ends, and an
    unconfirmed address counts as confirmed (the link reached it). False if the link no longer works."""
    ticket = tickets.redeem(store, tickets.RESET_PASSWORD, token)
    if ticket is None:
        return False
    member_id = ticket.account["id"]
    account_queries.set_password(store, member_id, hash_password(new_password))
    account_queries.activate(store, member_id, now_ms())
    close_all_sessions(member_id)
    realtime.end_sessions(member_id)
    return True


def request_email_change(store: GraphStore, account: Account, new_email: str) -> None:
    """Mail a confirmation link to the new address (or, if it already has an account, tell its owner so) and
    a notice to the current one."""
    data = account_queries.member_by_id(store, account.id)
    other = account_queries.member_by_email(store, email_key(new_email))
    if other:
        _send_already_registered(other, new_email)
    else:
        token = tickets.issue(store, data, tickets.CHANGE_EMAIL, CONFIRM_MINUTES, payload=new_email.strip())
        link = url_for("accounts.confirm_email_change", token=token, _external=True)
        mail.send_in_their_language(
            data,
            _l("Confirm your new Jisr address"),
            _l(
                "Hello %(name)s,\n\nTo use this address for your Jisr account, open this link within 24 hours:\n"
                "%(link)s\n\nIf you did not ask for it, ignore this message.",
                name=data["display_name"],
                link=link,
            ),
            address=new_email.strip(),
        )
    mail.send_in_their_language(
        data,
        _l("A new address was requested for your Jisr account"),
        _l(
            "Hello %(name)s,\n\nSomeone logged in to your account asked to use %(new)s instead of this address. "
            "Nothing changes until the link sent there is opened. If it was not you, change your password now.",
            name=data["display_name"],
            new=new_email.strip(),
        ),
    )


def confirm_email_change(store: GraphStore, token: str) -> str | None:
    """Use a new-address link: the account now uses it, and the old address is told. The new address, or
    None if the link no longer works or the address was taken meanwhile."""
    ticket = tickets.redeem(store, tickets.CHANGE_EMAIL, token)
    if ticket is None:
        return None
    data, new_email = ticket.account, ticket.payload
    try:
        account_queries.set_email(store, data["id"], new_email, email_key(new_email), now_ms())
    except EmailTaken:
        return None
    mail.send_in_their_language(
        data,
        _l("Your Jisr address has changed"),
        _l(
            "Hello %(name)s,\n\nYour Jisr account now uses %(new)s; this address no longer receives its messages. "
            "If it was not you, reply to this message at once.",
            name=data["display_name"],
            new=new_email,
        ),
    )
    return new_email


def _send_confirmation(store: GraphStore, account: dict, next_path: str) -> None:
    token = tickets.issue(store, account, tickets.VERIFY_EMAIL, CONFIRM_MINUTES, payload=next_path)
    link = url_for("accounts.confirm_address", token=token, _external=True)
    mail.send_in_their_language(
        account,
        _l("Confirm your address to join Jisr"),
        _l(
            "Hello %(name)s,\n\nTo finish joining Jisr, open this link within 24 hours:\n%(link)s\n\n"
            "If you did not register, ignore this message: nothing is kept without the confirmation.",
            name=account["display_name"],
            link=link,
        ),
    )


def _send_already_registered(account: dict, address: str) -> None:
    mail.send_in_their_language(
        account,
        _l("You already have a Jisr account"),
        _l(
            "Hello %(name)s,\n\nSomeone (you, perhaps) tried to register this address, which already has a Jisr "
            "account. Log in here: %(login)s\nForgot your password? Choose a new one here: %(reset)s",
            name=account["display_name"],
            login=url_for("accounts.login", _external=True),
            reset=url_for("accounts.forgot_password", _external=True),
        ),
        address=address,
    )
