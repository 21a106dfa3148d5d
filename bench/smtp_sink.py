"""A local SMTP server for the campaign benchmark: accepts everything and writes each message's Message-ID and
recipients, one line each, to a file. Usage: python bench/smtp_sink.py PORT FILE"""

import sys
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class Recorder:
    """Appends ``Message-ID<TAB>recipients`` for every message accepted."""

    def __init__(self, path: str):
        self.out = open(path, "a", buffering=1)  # noqa: SIM115 - open for the server's life

    async def handle_DATA(self, server, session, envelope):
        headers = BytesHeaderParser().parsebytes(envelope.content)
        self.out.write(f"{headers['Message-ID']}\t{','.join(envelope.rcpt_tos)}\n")
        return "250 OK"


if __name__ == "__main__":
    controller = Controller(Recorder(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()
