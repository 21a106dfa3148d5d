"""The e-mails the app wrote to its outbox folder (no SMTP server is configured in tests)."""

import os
import re
from email import message_from_bytes, policy
from email.message import EmailMessage


def outbox(app) -> list[EmailMessage]:
    """Every message written so far, oldest first."""
    return read_outbox(os.path.join(app.instance_path, "outbox"))


def latest_link(folder_or_app, to: str, path: str, since: int = 0) -> str | None:
    """The path of the last link containing ``path`` mailed to ``to`` (case ignored) in the messages after the
    first ``since``, or None. The first argument is the app, or the outbox folder of a served one."""
    folder = folder_or_app if isinstance(folder_or_app, (str, os.PathLike)) else None
    messages = read_outbox(folder) if folder is not None else outbox(folder_or_app)
    for mail in reversed(messages[since:]):
        if to.lower() in str(mail["To"]).lower():
            for found in LINK.finditer(mail.get_content()):
                if path in found.group(1):
                    return found.group(1)
    return None


LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def read_outbox(folder) -> list[EmailMessage]:
    """Every message in an outbox folder, oldest first."""
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    return [message_from_bytes(open(os.path.join(folder, n), "rb").read(), policy=policy.default) for n in names]
