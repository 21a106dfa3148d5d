"""``/healthz``: is the application up, and does the graph answer?"""

from flask import Blueprint, current_app, jsonify

from graph import GraphError

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 ``{"status": "ok", "graph": "ok"}``, or 503 with the reason."""
    try:
        current_app.extensions["graph"].store.ping()
    except GraphError as exc:
        current_app.logger.warning("health check: %s", exc)
        return jsonify(status="error", graph="unavailable", reason="the graph database does not answer"), 503
    return jsonify(status="ok", graph="ok")


def init_app(app) -> None:
    """Register the health check."""
    app.register_blueprint(bp)
