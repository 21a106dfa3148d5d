"""Background jobs: views enqueue, ``flask --app app worker`` runs them (RQ on the app's Redis).

A job is a registered *task* (:func:`task`) run by name with keyword arguments that pickle. It reports its
progress (step, done/total) through :class:`Progress`; :func:`state` reads it back for pages (status, step,
done, total, enqueued, started, finished, error). :func:`latest` gives the newest job of a task.
"""

import time
from collections.abc import Callable

from flask import Blueprint, abort, current_app, jsonify
from flask_login import current_user, login_required
from rq import Queue, SimpleWorker, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from .permissions import may

bp = Blueprint("jobs", __name__)

#: name -> function(progress, **params); filled by :func:`task` where each job's code lives.
TASKS: dict[str, Callable] = {}
JOB_TIMEOUT = 4 * 3600  # a job running longer than this is stopped (the recomputation of 100,000 members: minutes)
RESULT_TTL = 7 * 24 * 3600  # how long a finished job's state stays readable
ACTIVE = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED)


def task(name: str) -> Callable:
    """Register the decorated function as the task ``name``; it receives a :class:`Progress` first."""

    def register(function: Callable) -> Callable:
        TASKS[name] = function
        return function

    return register


class Progress:
    """What a running job tells the pages about itself (kept in the job's ``meta`` in Redis)."""

    def __init__(self, job: Job | None):
        self.job = job

    def step(self, name: str, done: int | None = None, total: int | None = None) -> None:
        """The job is at ``name`` (with ``done`` of ``total`` items when it counts them)."""
        if self.job is None:
            return
        self.job.meta.update(step=name, done=done, total=total, step_at=int(time.time() * 1000))
        self.job.save_meta()


def _connection():
    return current_app.extensions["redis"].client


def queue() -> Queue:
    """The app's job queue."""
    return Queue(current_app.config["REDIS_PREFIX"] + "jobs", connection=_connection(), default_timeout=JOB_TIMEOUT)


def _latest_key(name: str) -> str:
    return current_app.extensions["redis"].key("jobs", "latest", name)


def enqueue(name: str, unique: bool = False, **params) -> str:
    """Queue the task ``name`` and return its job id; ``unique``: the id of a queued or running job of the
    same task instead of a second one."""
    if name not in TASKS:
        raise KeyError(f"no task named {name}")
    if unique:
        current = latest(name)
        if current is not None and current["status"] in ACTIVE:
            return current["id"]
    job = queue().enqueue(
        execute, name, params, result_ttl=RESULT_TTL, failure_ttl=RESULT_TTL, description=name, meta={"task": name}
    )
    _connection().set(_latest_key(name), job.id, ex=RESULT_TTL)
    return job.id


def execute(name: str, params: dict):
    """What the worker runs: the task, in the worker's app with a request context for links and gettext."""
    app = current_app._get_current_object()
    with app.test_request_context(base_url=app.config.get("PUBLIC_URL") or "http://localhost"):
        return TASKS[name](Progress(get_current_job()), **params)


def _ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def state(job_id: str) -> dict | None:
    """``{id, task, status, step, done, total, enqueued_at, started_at, finished_at, error, result}``
    (``result``: what a finished task returned); None if unknown."""
    try:
        job = Job.fetch(job_id, connection=_connection())
    except NoSuchJobError:
        return None
    status = job.get_status(refresh=False)
    error = None
    if status == JobStatus.FAILED:
        latest_result = job.latest_result()
        text = (latest_result.exc_string if latest_result else "") or ""
        error = text.strip().splitlines()[-1] if text.strip() else "failed"
    meta = job.meta or {}
    return {
        "id": job.id,
        "task": meta.get("task") or job.description,
        "status": str(status.value if hasattr(status, "value") else status),
        "step": meta.get("step"),
        "done": meta.get("done"),
        "total": meta.get("total"),
        "enqueued_at": _ms(job.enqueued_at),
        "started_at": _ms(job.started_at),
        "finished_at": _ms(job.ended_at),
        "error": error,
        "result": job.return_value() if status == JobStatus.FINISHED else None,
    }


def latest(name: str) -> dict | None:
    """The state of the newest job of the task ``name``, if any."""
    job_id = _connection().get(_latest_key(name))
    return state(job_id.decode()) if job_id else None


def work(burst: bool = False) -> bool:
    """Run jobs in this process until stopped (``burst``: until the queue is empty); the current app's."""
    worker = SimpleWorker([queue()], connection=_connection())
    return worker.work(burst=burst, logging_level="INFO" if not burst else "WARNING", with_scheduler=False)


@bp.get("/jobs/<job_id>")
@login_required
def show(job_id: str):
    """A job's state as JSON (staff): what progress bars poll."""
    if not may(current_user, "jobs.view"):
        abort(403)
    found = state(job_id) if len(job_id) <= 64 else None
    if found is None:
        abort(404)
    return jsonify(found)


def init_app(app) -> None:
    """Register the job state endpoint."""
    app.register_blueprint(bp)
