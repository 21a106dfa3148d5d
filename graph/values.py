"""What a parameter may hold, the same for both engines: text without NUL characters or halves of
surrogate pairs (neither survives the trip to the engine: FalkorDB reads its statements as C strings, and
both drivers send UTF-8, which has no encoding for a lone surrogate), integers of 64 bits, finite numbers
up to :data:`LARGEST_DOUBLE`, booleans, null, and lists and maps of those.

:func:`check_portable` refuses anything else before it is sent: :class:`InvalidValue` for values a person
could have typed (the app answers 422), TypeError for objects no statement should be given.
"""

import math
from collections.abc import Mapping
from typing import Any

from .errors import InvalidValue

INT64 = range(-(2**63), 2**63)
#: FalkorDB answers doubles with 15 significant digits: beyond this, the largest doubles round up to infinity
LARGEST_DOUBLE = 1.79769313486231e308


def unstorable(text: str) -> bool:
    """True when ``text`` holds a NUL character or half of a surrogate pair."""
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


def holds_unstorable(value: Any) -> bool:
    """True when a string anywhere in ``value`` (lists, maps and their keys) is :func:`unstorable`."""
    if isinstance(value, str):
        return unstorable(value)
    if isinstance(value, Mapping):
        return any(holds_unstorable(k) or holds_unstorable(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(holds_unstorable(item) for item in value)
    return False


def check_text(text: str) -> str:
    """``text`` itself, or :class:`InvalidValue` when it is :func:`unstorable`."""
    if unstorable(text):
        raise InvalidValue("text with a NUL character or half of a surrogate pair")
    return text


def check_integer(number: int) -> int:
    """``number`` itself, or :class:`InvalidValue` beyond 64 bits."""
    if number not in INT64:
        raise InvalidValue("an integer beyond 64 bits")
    return number


def check_number(number: float) -> float:
    """``number`` itself; ValueError when not finite, :class:`InvalidValue` when too large to come back."""
    if not math.isfinite(number):
        raise ValueError(f"not a number Cypher can carry: {number!r}")
    if abs(number) > LARGEST_DOUBLE:
        raise InvalidValue("a number too large to come back from the engine")
    return number


def check_portable(value: Any) -> None:
    """Raise :class:`InvalidValue`, ValueError or TypeError for a parameter either engine could not carry
    (see the module's docstring), so that both accept and refuse the same values."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, bytes):
        check_text(value.decode())
    elif isinstance(value, int):
        check_integer(value)
    elif isinstance(value, float):
        check_number(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_text(str(key))
            check_portable(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_portable(item)
    else:
        raise TypeError(f"cannot send a {type(value).__name__} as a Cypher parameter")
