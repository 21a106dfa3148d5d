"""What the network pages do beyond one query: invitations, notices, exports and figures."""

import hashlib
import secrets
import uuid
from collections import Counter
from datetime import datetime, timezone

from flask import current_app, url_for
from flask_babel import force_locale, gettext

from graph import networks as network_queries
from graph.store import GraphStore

from .. import mail
from ..extensions import store
from ..i18n import localized
from ..jobs import task
from ..notifications import notify
from ..permissions import may

DAY_MS = 86_400_000


def token_hash(token: str) -> str:
    """The stored form of an invitation token (the token itself is only in the link)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_invitation(
    store: GraphStore, network_id: str, *, kind: str, email: str | None, days: int, by: str, now: int
) -> str:
    """Store an invitation and return its secret token."""
    token = secrets.token_urlsafe(24)
    network_queries.create_invitation(
        store,
        network_id,
        id=str(uuid.uuid4()),
        token_hash=token_hash(token),
        kind=kind,
        email_key=email.lower() if email else None,
        expires_at=now + days * DAY_MS,
        by=by,
        now=now,
    )
    return token


def absolute_url(endpoint: str, **values) -> str:
    """A link for e-mails and calendars: ``JISR_PUBLIC_URL`` when set, else this request's host."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@task("networks.invitations")
def invitations_job(progress, network: dict, invitations: list, inviter: str, locale: str) -> int:
    """The job: e-mail the invitations a coordinator just made."""
    progress.step("send", 0, len(invitations))
    return email_invitations(network, [tuple(pair) for pair in invitations], inviter, locale)


@task("networks.announcement")
def announcement_job(progress, network: dict, title: str, body: str, labels: list) -> int:
    """The job: e-mail an announcement to the network's members."""
    progress.step("send")
    return email_announcement(store(), network, title, body, labels)


def email_invitations(network: dict, invitations: list[tuple[str, str]], inviter: str, locale: str) -> int:
    """Send each ``(address, token)`` its invitation, in the inviter's language (the invitee has none yet)."""
    messages = []
    with force_locale(locale):
        name = localized(network)
        for address, token in invitations:
            link = absolute_url("networks.invitation", token=token)
            body = gettext(
                "%(inviter)s invites you to join the network %(network)s on Jisr.\n\n"
                "Accept the invitation here (create your account first if you have none):\n%(link)s\n",
                inviter=inviter,
                network=name,
                link=link,
            )
            messages.append(mail.message(address, gettext("Invitation to %(network)s", network=name), body))
    return mail.send(messages)


def email_announcement(store: GraphStore, network: dict, title: str, body: str, labels: list[str] = ()) -> int:
    """The announcement to every member (holding ``labels``), by language so the frame around it is in theirs."""
    by_locale: dict[str, list[str]] = {}
    for row in network_queries.recipients(store, network["id"], labels):
        by_locale.setdefault(row["locale"] or current_app.config["DEFAULT_LOCALE"], []).append(row["email"])
    sent = 0
    for locale, addresses in by_locale.items():
        with force_locale(locale):
            link = absolute_url("networks.show", slug=network["slug"])
            text = gettext(
                "Announcement from the network %(network)s:\n\n%(body)s\n\nSee the network: %(link)s\n",
                network=localized(network),
                body=body,
                link=link,
            )
            sent += mail.send_bulk(addresses, f"[{localized(network)}] {title}", text)
    return sent


def join_refusal(network: dict, standing: dict, person) -> str | None:
    """Why ``person`` cannot join or ask to join now, in their language; None when they can."""
    if standing["member"]:
        return gettext("You are already a member of this network.")
    if standing["banned"]:
        return gettext("The coordinators of this network have closed it to you.")
    if network["join_policy"] == "invite":
        return gettext("This network is by invitation only.")
    if not may(person, "network.join", network):
        return gettext("This network is for holders of particular labels: see the conditions below.")
    if standing["request"] and standing["request"]["status"] == "pending":
        return gettext("You already asked to join this network: the coordinators will answer.")
    if network["join_policy"] == "open" and standing["removed"]:
        return gettext("You were removed from this network. Ask its coordinators to invite you again.")
    return None


def join(store: GraphStore, network: dict, person, motivation: str, now: int) -> tuple[str | None, str]:
    """Join an open network or ask to join one on request: (``"joined"``/``"requested"``/None, message).

    The coordinators are told of a request. The message says what happened or why nothing did.
    """
    refusal = join_refusal(network, network_queries.standing(store, network["id"], person.id), person)
    if refusal:
        return None, refusal
    if network["join_policy"] == "open":
        if network_queries.join_open(store, network["id"], person.id, now):
            return "joined", gettext("Welcome to %(network)s.", network=localized(network))
        return None, gettext("Nothing changed: you cannot join this network right now.")
    if network_queries.request_to_join(store, network["id"], person.id, motivation, now):
        coordinator_ids = [c["member"]["id"] for c in network_queries.coordinators(store, network["id"])]
        notify(store, coordinator_ids, "join_requested", now, network_id=network["id"], sender_id=person.id)
        return "requested", gettext("Your request is sent. The coordinators will answer it.")
    return None, gettext("You already asked to join this network: the coordinators will answer.")


def monthly(joins_by_day: list[dict]) -> list[dict]:
    """Joins per calendar month and the running total: ``[{"month": "2026-11", "joined", "total"}]``."""
    per_month = Counter()
    for row in joins_by_day:
        day = datetime.fromtimestamp(row["day"] * 86_400, tz=timezone.utc)
        per_month[day.strftime("%Y-%m")] += row["n"]
    total, months = 0, []
    for month in sorted(per_month):
        total += per_month[month]
        months.append({"month": month, "joined": per_month[month], "total": total})
    return months


def export_table(rows: list[dict], sector_names: dict, label_names: dict) -> tuple[list[str], list[list]]:
    """The member list's headers and rows, in the reader's language (for :func:`app.exports.download`)."""
    headers = [
        gettext("Member id"),
        gettext("Name"),
        gettext("Name in Arabic"),
        gettext("Headline"),
        gettext("City"),
        gettext("Country"),
        gettext("Sectors"),
        gettext("Labels"),
        gettext("Member since"),
        gettext("Coordinator"),
        gettext("Profile"),
    ]
    table = []
    for row in rows:
        since = (
            datetime.fromtimestamp(row["since"] / 1000, tz=timezone.utc).strftime("%Y-%m-%d") if row["since"] else ""
        )
        table.append(
            [
                row["id"],
                row["name"] or "",
                row["name_ar"] or "",
                row["headline"] or "",
                row["city"] or "",
                row["country"] or "",
                "; ".join(sector_names.get(s, s) for s in row["sectors"] or []),
                "; ".join(label_names.get(label, label) for label in row["labels"] or []),
                since,
                gettext("yes") if row["coordinator"] else "",
                absolute_url("members.profile", member_id=row["id"]),
            ]
        )
    return headers, table
