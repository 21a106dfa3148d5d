"""The tests' authenticator app: remembers the two-factor keys people set up, and gives codes from them.

A code works once (each time step at most once per account), so each key hands out a later step every time:
the previous one, the current one, or one step ahead (the server accepts one step either side), else it waits
for the next. The previous step is given only early in the current one: late in it, a busy machine may take
the request past the boundary, where the server no longer accepts it.
"""

import re
import time

import pyotp

SAFE_BEHIND_SECONDS = 15  # a previous step's code is handed out only this early in the current step
KEY_ON_PAGE = re.compile(r"data-totp-secret>([A-Z2-7]+)<")
_keys: dict = {}
_last_step: dict = {}


def remember(where, email: str, secret: str) -> None:
    """Keep the key ``email`` set up on the site ``where`` (a base address, or an app)."""
    _keys[(str(where), email.lower())] = secret


def key_from_page(html: str) -> str:
    """The key shown on the set-up page."""
    found = KEY_ON_PAGE.search(html)
    assert found, "no two-factor key on the page"
    return found.group(1)


def code(where, email: str) -> str:
    """A fresh code for ``email`` on ``where``."""
    secret = _keys[(str(where), email.lower())]
    totp = pyotp.TOTP(secret)
    while True:
        moment = time.time()
        now = int(moment) // totp.interval
        oldest = now - 1 if moment % totp.interval < SAFE_BEHIND_SECONDS else now
        step = max(oldest, _last_step.get(secret, 0) + 1)
        if step <= now + 1:
            _last_step[secret] = step
            return totp.generate_otp(step)
        time.sleep(1)
