"""The e-mail digest: members who were away hear, once, of the conversations with messages waiting.

A new direct or group message for a member who is offline (and did not mute the conversation) leaves one
unread notice per conversation (``realtime.chat``). Notices still unread :data:`DELAY_MINUTES` after the last
message are gathered into one e-mail per member, in their language, through :mod:`app.mail` (the outbox when
no SMTP server is set); each notice is mentioned in one e-mail at most. Run by ``flask messages digest`` and
as the job ``messages.digest`` that the worker's scheduler queues (:mod:`app.scheduler`).
"""

from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from graph import notifications as notification_queries

from .. import mail
from ..accounts.service import now_ms
from ..extensions import store as app_store
from ..jobs import task
from ..networks.service import absolute_url

DELAY_MINUTES = 15


def _line(row: dict) -> str:
    conversation = row["conversation"] or {}
    if conversation.get("kind") == "group" and conversation.get("title"):
        return ngettext(
            "%(num)d new message in %(group)s (last from %(sender)s)",
            "%(num)d new messages in %(group)s (last from %(sender)s)",
            row["count"] or 1,
            group=conversation["title"],
            sender=row["sender"] or "—",
        )
    return ngettext(
        "%(num)d new message from %(sender)s",
        "%(num)d new messages from %(sender)s",
        row["count"] or 1,
        sender=row["sender"] or "—",
    )


@task("messages.digest")
def digest_job(progress, delay_minutes: int = DELAY_MINUTES) -> int:
    """The job: send the digests that are due."""
    progress.step("send")
    return send_digests(app_store(), delay_minutes)


def send_digests(store, delay_minutes: int = DELAY_MINUTES) -> int:
    """E-mail every member their waiting conversations; return how many e-mails went out.

    Needs a request context for links (``JISR_PUBLIC_URL`` sets their address outside a request).
    """
    now = now_ms()
    by_member: dict[str, dict] = {}
    for row in notification_queries.digest_due(store, now - delay_minutes * 60_000):
        entry = by_member.setdefault(row["member"]["id"], {"member": row["member"], "rows": []})
        entry["rows"].append(row)
    sent = 0
    for entry in by_member.values():
        member = entry["member"]
        with force_locale(member.get("locale") or current_app.config["DEFAULT_LOCALE"]):
            lines = "\n".join("- " + _line(row) for row in entry["rows"])
            body = gettext(
                "Hello %(name)s,\n\nMessages are waiting for you on Jisr:\n\n%(lines)s\n\nRead them here: %(link)s\n\n"
                "To stop these e-mails for a conversation, mute it from its page.\n",
                name=member["display_name"],
                lines=lines,
                link=absolute_url("messages.inbox"),
            )
            subject = gettext("Messages are waiting for you on Jisr")
        if mail.send([mail.message(member["email"], subject, body)]):
            notification_queries.mark_emailed(store, [row["id"] for row in entry["rows"]], now)
            sent += 1
    return sent
