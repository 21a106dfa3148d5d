"""Outgoing e-mail: through ``JISR_SMTP_URL`` when set, else as ``.eml`` files in ``instance/outbox/``.

Bulk messages (announcements) go out in batches with the recipients in ``Bcc`` so that no member sees
another's address; a written ``.eml`` keeps its ``Bcc`` line so that a person can see who it was for.
"""

import os
import smtplib
import ssl
import time
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import force_locale

BCC_BATCH = 100


def message(to: list[str] | str, subject: str, body: str, *, bcc: list[str] = ()) -> EmailMessage:
    """A plain-text UTF-8 message from the platform's address."""
    mail = EmailMessage()
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = to if isinstance(to, str) else ", ".join(to)
    if bcc:
        mail["Bcc"] = ", ".join(bcc)
    mail["Subject"] = subject
    mail["Date"] = format_datetime(datetime.now(timezone.utc))
    mail["Message-ID"] = make_msgid(domain="jisr.example")
    mail.set_content(body, charset="utf-8")
    return mail


def send_in_their_language(person: dict, subject, body, address: str | None = None) -> int:
    """One message to a person (``{email, locale}``; or to ``address``) whose ``subject`` and ``body`` are
    lazy texts, translated here into the person's language."""
    with force_locale(person.get("locale") or current_app.config["DEFAULT_LOCALE"]):
        return send([message(address or person["email"], str(subject), str(body))])


def outbox_path() -> str:
    """The folder where messages are written when no SMTP server is configured."""
    return os.path.join(current_app.instance_path, "outbox")


def send(messages: list[EmailMessage]) -> int:
    """Deliver messages; return how many went out. Never raises for one bad address in a batch."""
    if not messages:
        return 0
    url = current_app.config.get("SMTP_URL")
    if not url:
        return _write_outbox(messages)
    return _send_smtp(url, messages)


def send_bulk(recipients: list[str], subject: str, body: str) -> int:
    """One message per batch of recipients, addressed to the platform, recipients in Bcc."""
    sender = current_app.config["MAIL_FROM"]
    batches = [recipients[i : i + BCC_BATCH] for i in range(0, len(recipients), BCC_BATCH)]
    return send([message(sender, subject, body, bcc=batch) for batch in batches])


def _write_outbox(messages: list[EmailMessage]) -> int:
    folder = outbox_path()
    os.makedirs(folder, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for mail in messages:
        # names sort in the order written (nanoseconds within the second), as a reader of the folder expects
        path = os.path.join(folder, f"{stamp}-{time.time_ns() % 10**9:09d}-{uuid.uuid4().hex[:6]}.eml")
        with open(path, "wb") as handle:
            handle.write(mail.as_bytes())
    return len(messages)


def _connect(url: str) -> smtplib.SMTP:
    """An open, logged-in connection to the SMTP server of ``url`` (STARTTLS when offered)."""
    parts = urlsplit(url)
    secure = parts.scheme == "smtps"
    port = parts.port or (465 if secure else 587)
    context = ssl.create_default_context()
    server = (
        smtplib.SMTP_SSL(parts.hostname, port, context=context, timeout=30)
        if secure
        else smtplib.SMTP(parts.hostname, port, timeout=30)
    )
    if not secure and server.has_extn("starttls"):
        server.starttls(context=context)
    if parts.username:
        server.login(unquote(parts.username), unquote(parts.password or ""))
    return server


class Postman:
    """Delivers messages one at a time over one connection, saying for each what happened: ``sent``,
    ``bounced`` (refused for good: a 5xx answer) or ``retry`` (refused for now, or the connection failed; the
    next message reconnects). Without ``JISR_SMTP_URL`` messages go to the outbox folder."""

    def __init__(self):
        self.url = current_app.config.get("SMTP_URL")
        self.server = None

    def __enter__(self) -> "Postman":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        if self.server is not None:
            try:
                self.server.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.server = None

    def deliver(self, mail: EmailMessage) -> tuple[str, str]:
        """``(outcome, detail)`` for one message."""
        if not self.url:
            _write_outbox([mail])
            return "sent", ""
        try:
            if self.server is None:
                self.server = _connect(self.url)
            self.server.send_message(mail)
            return "sent", ""
        except smtplib.SMTPRecipientsRefused as refused:
            code, text = next(iter(refused.recipients.values()))
            return ("bounced" if code >= 500 else "retry"), f"{code} {_text(text)}"
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            return ("bounced" if error.smtp_code >= 500 else "retry"), f"{error.smtp_code} {_text(error.smtp_error)}"
        except (smtplib.SMTPException, OSError) as error:
            self.server = None
            return "retry", type(error).__name__


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _send_smtp(url: str, messages: list[EmailMessage]) -> int:
    sent = 0
    with _connect(url) as server:
        for mail in messages:
            try:
                server.send_message(mail)  # refuses only when every recipient is refused
            except smtplib.SMTPRecipientsRefused:
                current_app.logger.warning("every recipient of %s was refused", mail["Message-ID"])
                continue
            sent += 1
    return sent
