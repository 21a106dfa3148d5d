"""Security headers on every response, with a per-request nonce for the rare inline script."""

import json
import secrets
from functools import lru_cache
from pathlib import Path

from flask import g, request, session

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


def _set_headers(response):
    nonce = csp_nonce()
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
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
