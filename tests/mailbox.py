"""The e-mails the app wrote to its outbox folder (no SMTP server is configured in tests)."""

import os
import re
from email import message_from_bytes, policy
from email.message import EmailMessage

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def outbox(app) -> list[EmailMessage]:
    """Every message written so far, oldest first."""
    return read_outbox(_folder(app))


def read_outbox(folder) -> list[EmailMessage]:
    """Every message in an outbox folder, oldest first."""
    return [_read(os.path.join(folder, name)) for name in _names(folder)]


def latest_link(folder_or_app, to: str, path: str, since: int = 0, take: bool = False) -> str | None:
    """The path of the last link containing ``path`` mailed to ``to`` (case ignored) in the messages after the
    first ``since``, or None. The first argument is the app, or the outbox folder of a served one. ``take``
    files the message away once read (a registration's confirmation, so that later counts of a test's own
    mail are not thrown off)."""
    folder = _folder(folder_or_app)
    for name in reversed(_names(folder)[since:]):
        mail = _read(os.path.join(folder, name))
        if to.lower() in str(mail["To"]).lower():
            for found in LINK.finditer(mail.get_content()):
                if path in found.group(1):
                    if take:
                        os.unlink(os.path.join(folder, name))
                    return found.group(1)
    return None


def _folder(folder_or_app) -> str:
    if isinstance(folder_or_app, (str, os.PathLike)):
        return str(folder_or_app)
    return os.path.join(folder_or_app.instance_path, "outbox")


def _names(folder) -> list[str]:
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def _read(path: str) -> EmailMessage:
    with open(path, "rb") as handle:
        return message_from_bytes(handle.read(), policy=policy.default)
