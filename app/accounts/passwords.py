"""Password hashing (argon2id) and the rules a new password must meet: long enough, not on the list of
common passwords, not the person's name, and hard to guess by zxcvbn's estimate (Dropbox's, maintained as
``zxcvbn`` on PyPI) with the platform's and Morocco's own words added to its dictionaries."""

import gzip
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
#: zxcvbn's estimate a password must reach: 3 is "safely unguessable" (about 10^8 guesses or more)
MIN_SCORE = 3
#: Words of this platform and its people that a guesser would try first (zxcvbn's lists are English)
LOCAL_WORDS = (
    "jisr",
    "maroc",
    "morocco",
    "marruecos",
    "marokko",
    "mre",
    "diaspora",
    "casablanca",
    "rabat",
    "marrakech",
    "marrakesh",
    "fes",
    "fez",
    "tanger",
    "tangier",
    "agadir",
    "meknes",
    "oujda",
    "kenitra",
    "tetouan",
    "safi",
    "nador",
    "essaouira",
    "laayoune",
    "dakhla",
    "atlas",
    "sahara",
    "mohamed",
    "fatima",
    "youssef",
    "amine",
)
ESTIMATED_LENGTH = 100  # zxcvbn's time grows quickly with length: the first 100 characters say enough
_COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
# A hash to verify against when the account does not exist, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (None: no account; still spends the time)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The list of common passwords (lower case)."""
    with gzip.open(_COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _is_guessable(lowered: str) -> bool:
    """On the common list, a common word plus trailing digits or symbols, a repeated chunk, or too few letters."""
    common = common_passwords()
    stem = lowered.rstrip("0123456789!?.@#$%&*_- ")
    repeated = any(
        len(lowered) % size == 0 and lowered == lowered[:size] * (len(lowered) // size)
        for size in range(1, len(lowered) // 2 + 1)
    )
    return lowered in common or stem in common or repeated or len(set(lowered)) < 5


def password_problem(password: str, *, email: str = "", display_name: str = "") -> str | None:
    """Why ``password`` is not acceptable (a translated sentence), or None."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(count)d characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(count)d characters.", count=MAX_LENGTH))
    lowered = password.lower()
    if _is_guessable(lowered):
        return str(_l("This password is too common. Choose one that is harder to guess."))
    personal = [part for part in (email.split("@")[0].lower(), display_name.lower()) if len(part) >= 4]
    if any(part in lowered for part in personal):
        return str(_l("Do not use your name or e-mail address in your password."))
    known = [*LOCAL_WORDS, *personal, *display_name.lower().split()]
    if zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=known)["score"] < MIN_SCORE:
        return str(_l("This password would be easy to guess. A few unrelated words make a strong one."))
    return None
