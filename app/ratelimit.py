"""Fixed-window rate limits kept in Redis."""

from dataclasses import dataclass

from .redis_client import redis_handle


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds``."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Limit":
        """Parse ``"30/300"`` (30 per 300 seconds)."""
        count, seconds = str(text).split("/")
        return cls(int(count), int(seconds))


def over_limit(name: str, subject: str, limit: Limit) -> int:
    """Seconds to wait when ``subject`` has used up ``limit`` for ``name``; 0 when allowed. Does not count."""
    handle = redis_handle()
    key = handle.key("rl", name, subject)
    used = int(handle.client.get(key) or 0)
    if used < limit.count:
        return 0
    return max(int(handle.client.ttl(key)), 1)


def count_hit(name: str, subject: str, limit: Limit) -> int:
    """Count one hit for ``subject`` in the current window; the hits counted so far in it."""
    handle = redis_handle()
    key = handle.key("rl", name, subject)
    pipe = handle.client.pipeline()
    pipe.incr(key)
    pipe.expire(key, limit.seconds, nx=True)
    return int(pipe.execute()[0])


def reset(name: str, subject: str) -> None:
    """Forget the hits of ``subject`` (after a successful login)."""
    handle = redis_handle()
    handle.client.delete(handle.key("rl", name, subject))
