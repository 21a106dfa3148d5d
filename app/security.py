"""Security headers on every response, with a per-request nonce for the rare inline script."""

import json
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, g, request, session

VENDOR_MANIFEST = Path(__file__).resolve().parent / "static" / "vendor" / "manifest.json"


def csp_nonce() -> str:
    """The nonce of this response's Content-Security-Policy (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


@lru_cache(maxsize=1)
def _vendored_files() -> dict:
    manifest = json.loads(VENDOR_MANIFEST.read_text())
    return {path: entry["integrity"] for package in manifest.values() for path, entry in package["files"].items()}


def vendor_integrity(path: str) -> str:
    """The subresource-integrity hash of a vendored file (``app/static/vendor/manifest.json``)."""
    return _vendored_files()[path]


def allow_media() -> None:
    """This page takes part in calls: it may use the camera, the microphone and screen sharing, and reach
    the SFU (``JISR_JANUS_PUBLIC_URL`` or ``JISR_JANUS_URL``)."""
    g.media_page = True


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _set_headers(response):
    nonce = csp_nonce()
    media = g.get("media_page", False)
    connect = "'self'"
    janus = current_app.config.get("JANUS_PUBLIC_URL") or current_app.config.get("JANUS_URL")
    if media and janus:
        connect += " " + _origin(janus)
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["X-Frame-Options"] = "DENY"
    devices = "camera=(self), microphone=(self), display-capture=(self)" if media else "camera=(), microphone=()"
    response.headers["Permissions-Policy"] = devices + ", geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static" and "Cache-Control" not in response.headers and _personal():
        response.headers["Cache-Control"] = "no-store"  # no shared or back-button copy of someone's pages
    return response


def _personal() -> bool:
    """The request is someone's: a logged-in session or an API token (read without asking the graph)."""
    return "_user_id" in session or "Authorization" in request.headers


def init_app(app) -> None:
    """Add the headers to every response and ``csp_nonce()`` to templates."""
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.globals["vendor_integrity"] = vendor_integrity
