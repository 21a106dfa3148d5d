"""Running the recommendation job with its progress kept in Redis, and the page that shows it to staff.

``flask recommend recompute`` and the job ``recommend.recompute`` (queued by the worker's scheduler every
``JISR_RECOMMEND_EVERY_MINUTES``, or by staff from ``/recommendations``) both call :func:`run`; staff see
the current step, the last result and its timings on that page.
"""

import json
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from recommend import job

from . import jobs
from .extensions import store
from .insights import TASK as INSIGHTS_TASK
from .permissions import may

bp = Blueprint("recommendations", __name__)


RUNNING_AT_MOST_SECONDS = 3600  # the lock of a run that died with its process lapses after this


TASK = "recommend.recompute"


def _keys():
    handle = current_app.extensions["redis"]
    return handle, handle.key("recommend", "progress")


@jobs.task(TASK)
def recompute_job(progress: jobs.Progress, engine: str = "auto", seed: int = 1) -> dict | None:
    """The job: :func:`run`, telling the job's progress too; the analytics follow a run that finished (they
    rank members within the communities just found)."""
    result = run(engine, seed, progress.step)
    if result is not None:
        jobs.enqueue(INSIGHTS_TASK, unique=True)
    return result


def run(engine: str = "auto", seed: int = 1, step=None) -> dict | None:
    """Recompute, telling Redis each step and keeping the result; return the result, or None when another
    run (of any process, or the command line) is under way: one at a time, since the job gives members their
    results numbers."""
    handle, progress = _keys()
    running = handle.key("recommend", "running")
    if not handle.client.set(running, 1, nx=True, ex=RUNNING_AT_MOST_SECONDS):
        return None
    try:
        return _run(engine, seed, handle, progress, step)
    finally:
        handle.client.delete(running)


def _run(engine: str, seed: int, handle, progress: str, step) -> dict:
    def tell(name: str) -> None:
        state = json.loads(handle.client.get(progress) or "{}")
        handle.client.set(progress, json.dumps({**state, "step": name, "step_at": int(time.time() * 1000)}))
        if step is not None:
            step(name)

    result = job.recompute(store(), engine, seed, tell, min_positives=int(current_app.config["RANKER_MIN_POSITIVES"]))
    server = current_app.extensions["graph"].server
    if server is not None and result["written"]:
        # the embedded server would otherwise replay every statement written at its next start (minutes
        # after a run that rewrote 100,000 members' results); a snapshot of the graph loads in seconds
        server.compact(wait=False)
    state = json.loads(handle.client.get(progress) or "{}")
    handle.client.set(progress, json.dumps({**state, "last": result, "finished_at": int(time.time() * 1000)}))
    return result


@bp.get("/recommendations")
@login_required
def status():
    """The job's current step and its last result."""
    if not may(current_user, "recommend.status"):
        abort(403)
    handle, progress = _keys()
    job = jobs.latest(TASK)
    return render_template(
        "recommendations/status.html",
        state=json.loads(handle.client.get(progress) or "{}"),
        asked=job is not None and job["status"] == "queued",
        job=job,
        may_run=may(current_user, "recommend.run"),
    )


@bp.post("/recommendations/run")
@login_required
def ask():
    """Queue a run now (the one already queued or running, if any)."""
    if not may(current_user, "recommend.run"):
        abort(403)
    jobs.enqueue(TASK, unique=True)
    flash(_("The recomputation will start within a minute."), "success")
    return redirect(url_for("recommendations.status"))


def init_app(app) -> None:
    """Register the status page."""
    app.register_blueprint(bp)
