"""The e-mails the app wrote to its outbox folder (no SMTP server is configured in tests)."""

import os
from email import message_from_bytes, policy
from email.message import EmailMessage


def outbox(app) -> list[EmailMessage]:
    """Every message written so far, oldest first."""
    folder = os.path.join(app.instance_path, "outbox")
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    return [message_from_bytes(open(os.path.join(folder, n), "rb").read(), policy=policy.default) for n in names]
