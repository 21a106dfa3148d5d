"""Fetching a source politely: one request, a timeout, a size limit, conditional headers (ETag and
Last-Modified, so an unchanged feed costs nothing), and a pause between two requests to the same host.
Files the project ships are read from ``app/data/talent/sources/`` by their name."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from recommend.talent.items import MAX_BYTES, SourceError

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "talent" / "sources"
USER_AGENT = "Jisr talent watch (+https://jisr.example/privacy/record)"
_last_request: dict[str, float] = {}


@dataclass
class Fetched:
    """A source's answer: its bytes (None when unchanged since the last run) and the validators to send next."""

    payload: bytes | None
    etag: str | None
    last_modified: str | None


def fetch(
    location: str, etag: str | None = None, last_modified: str | None = None, timeout: float = 20, pause: float = 2
) -> Fetched:
    """The bytes at ``location`` (an http(s) address, or the name of a shipped sample file), waiting ``pause``
    seconds after the last request to the same host and at most ``timeout`` for the answer; raises
    :class:`SourceError` (``timeout``, ``http_<status>``, ``unreachable``, ``too_large``, ``no_such_file``)."""
    parts = urlsplit(location)
    if parts.scheme not in ("http", "https"):
        return _sample(location)
    wait = _last_request.get(parts.netloc, 0) + pause - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(location, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - http(s) only, checked above
            declared = int(answer.headers.get("Content-Length") or 0)
            if declared > MAX_BYTES:
                raise SourceError("too_large", f"{declared} bytes announced")
            payload = answer.read(MAX_BYTES + 1)
            if len(payload) > MAX_BYTES:
                raise SourceError("too_large", f"more than {MAX_BYTES} bytes")
            return Fetched(payload, answer.headers.get("ETag"), answer.headers.get("Last-Modified"))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(None, etag, last_modified)
        raise SourceError(f"http_{error.code}") from None
    except TimeoutError:
        raise SourceError("timeout") from None
    except urllib.error.URLError as error:
        code = "timeout" if isinstance(error.reason, TimeoutError) else "unreachable"
        raise SourceError(code, str(error.reason)[:200]) from None
    finally:
        _last_request[parts.netloc] = time.monotonic()


def _sample(name: str) -> Fetched:
    path = (SAMPLES / name).resolve()
    if path.parent != SAMPLES.resolve() or not path.is_file():
        raise SourceError("no_such_file", name)
    if path.stat().st_size > MAX_BYTES:
        raise SourceError("too_large", f"{path.stat().st_size} bytes")
    return Fetched(path.read_bytes(), None, None)
