"""``/healthz``: is the application up, and does the graph answer?"""

from flask import Blueprint, current_app, jsonify

from graph import GraphError

from .availability import RETRY_AFTER

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 ``{"status": "ok", "graph": "ok"}``, or 503 with the reason."""
    outage = current_app.extensions["outage"]
    try:
        current_app.extensions["graph"].store.ping()
    except GraphError as exc:
        outage.failed(exc)
        retry_after = current_app.config.get("UNAVAILABLE_RETRY_AFTER", RETRY_AFTER)
        body = jsonify(status="error", graph="unavailable", reason="the graph database does not answer")
        return body, 503, {"Retry-After": str(retry_after)}
    outage.answered()
    return jsonify(status="ok", graph="ok")


def init_app(app) -> None:
    """Register the health check."""
    app.register_blueprint(bp)
