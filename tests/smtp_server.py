"""A real SMTP server for the tests (aiosmtpd on a free local port): it keeps what it accepted, refuses for
good (550) every recipient whose address starts with ``bounce``, and for now (451) those starting with
``later`` the first time."""

import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Collector:
    """The server's handler: accepted messages, parsed, in arrival order."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.deferred = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("later") and address not in self.deferred:
            self.deferred.add(address)
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append({"to": list(envelope.rcpt_tos), "message": parsed})
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        """The messages accepted for ``address``."""
        with self.lock:
            return [item["message"] for item in self.messages if address in item["to"]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A running server: ``url`` for ``JISR_SMTP_URL``, ``collector`` for what it received."""

    def __init__(self):
        self.collector = Collector()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=_free_port())

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        self.url = f"smtp://127.0.0.1:{self.controller.port}"
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
