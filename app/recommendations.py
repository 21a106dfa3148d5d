"""Running the recommendation job with its progress kept in Redis, and the page that shows it to staff.

``flask recommend recompute`` and the server's scheduler (every ``JISR_RECOMMEND_EVERY_MINUTES``) both call
:func:`run`; staff see the current step, the last result and its timings at ``/recommendations``, and can
ask for a run, which the scheduler of a serving process starts within a minute.
"""

import json
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from recommend import job

from .extensions import store
from .permissions import may

bp = Blueprint("recommendations", __name__)


RUNNING_AT_MOST_SECONDS = 3600  # the lock of a run that died with its process lapses after this


def _keys():
    handle = current_app.extensions["redis"]
    return handle, handle.key("recommend", "progress"), handle.key("recommend", "requested")


def run(engine: str = "auto", seed: int = 1) -> dict | None:
    """Recompute, telling Redis each step and keeping the result; return the result, or None when another
    run (of any process, or the command line) is under way: one at a time, since the job gives members their
    results numbers."""
    handle, progress, requested = _keys()
    running = handle.key("recommend", "running")
    if not handle.client.set(running, 1, nx=True, ex=RUNNING_AT_MOST_SECONDS):
        return None
    try:
        return _run(engine, seed, handle, progress, requested)
    finally:
        handle.client.delete(running)


def _run(engine: str, seed: int, handle, progress: str, requested: str) -> dict:
    def tell(step: str) -> None:
        state = json.loads(handle.client.get(progress) or "{}")
        handle.client.set(progress, json.dumps({**state, "step": step, "step_at": int(time.time() * 1000)}))

    handle.client.delete(requested)
    result = job.recompute(store(), engine, seed, tell)
    server = current_app.extensions["graph"].server
    if server is not None and result["written"]:
        # the embedded server would otherwise replay every statement written at its next start (minutes
        # after a run that rewrote 100,000 members' results); a snapshot of the graph loads in seconds
        server.compact(wait=False)
    state = json.loads(handle.client.get(progress) or "{}")
    handle.client.set(progress, json.dumps({**state, "last": result, "finished_at": int(time.time() * 1000)}))
    return result


def requested() -> bool:
    """Whether staff asked for a run that has not started yet."""
    handle, _progress, key = _keys()
    return bool(handle.client.exists(key))


@bp.get("/recommendations")
@login_required
def status():
    """The job's current step and its last result."""
    if not may(current_user, "recommend.status"):
        abort(403)
    handle, progress, key = _keys()
    return render_template(
        "recommendations/status.html",
        state=json.loads(handle.client.get(progress) or "{}"),
        asked=bool(handle.client.exists(key)),
    )


@bp.post("/recommendations/run")
@login_required
def ask():
    """Ask the serving processes' scheduler for a run now."""
    if not may(current_user, "recommend.run"):
        abort(403)
    handle, _progress, key = _keys()
    handle.client.set(key, 1)
    flash(_("The recomputation will start within a minute."), "success")
    return redirect(url_for("recommendations.status"))


def init_app(app) -> None:
    """Register the status page."""
    app.register_blueprint(bp)
