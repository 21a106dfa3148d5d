"""The job queue and the worker's scheduler on the real app and Redis: queue, run, progress, failure."""

import pytest

from app import jobs, scheduler, talent

from .worker import run_jobs


@jobs.task("tests.count")
def _count_job(progress, upto: int) -> int:
    """A task of the tests: counts, telling its progress at each item."""
    for done in range(upto + 1):
        progress.step("counting", done, upto)
    return upto


@jobs.task("tests.fail")
def _failing_job(progress) -> None:
    """A task of the tests that fails half way."""
    progress.step("half way", 1, 2)
    raise ValueError("the input file has no header row")


def test_a_queued_job_runs_in_the_worker_and_reports_its_progress(app):
    with app.app_context():
        job_id = jobs.enqueue("tests.count", upto=3)
        waiting = jobs.state(job_id)
        assert waiting["status"] == "queued" and waiting["task"] == "tests.count" and waiting["started_at"] is None
        run_jobs(app)
        done = jobs.state(job_id)
        assert jobs.latest("tests.count")["id"] == job_id
    assert done["status"] == "finished" and done["error"] is None
    assert (done["step"], done["done"], done["total"]) == ("counting", 3, 3)
    assert done["enqueued_at"] <= done["started_at"] <= done["finished_at"]


def test_a_failed_job_says_why_and_unique_jobs_are_queued_once(app):
    with app.app_context():
        failing = jobs.enqueue("tests.fail")
        first = jobs.enqueue("tests.count", unique=True, upto=1)
        assert jobs.enqueue("tests.count", unique=True, upto=1) == first  # still queued: the same job
        run_jobs(app)
        failed = jobs.state(failing)
        assert jobs.enqueue("tests.count", unique=True, upto=1) != first  # the first one finished
        with pytest.raises(KeyError):
            jobs.enqueue("tests.no-such-task")
    assert failed["status"] == "failed" and failed["step"] == "half way"
    assert failed["error"] == "ValueError: the input file has no header row"


@pytest.mark.parametrize(
    "app_overrides",
    [
        {
            "DIGEST_EVERY_MINUTES": 10,
            "RECOMMEND_EVERY_MINUTES": 0,
            "RETENTION_EVERY_MINUTES": 0,
            "CAMPAIGN_DISPATCH_SECONDS": 0,
            "TALENT_EVERY_MINUTES": 0,
            "CASE_REMIND_EVERY_MINUTES": 0,
        }
    ],
)
def test_the_scheduler_queues_each_periodic_task_once_per_deployment(app):
    assert scheduler.tick(app, "worker-a") == ["messages.digest"]
    assert scheduler.tick(app, "worker-b") == []  # another worker: not the leader
    assert scheduler.tick(app, "worker-a") == []  # the interval has not lapsed
    handle = app.extensions["redis"]
    handle.client.delete(handle.key("scheduler", "leader"), handle.key("job", "messages.digest"))
    assert scheduler.tick(app, "worker-b") == ["messages.digest"]  # the leader changed hands
    with app.app_context():
        assert len(jobs.queue()) == 1  # the first digest job was still queued: not queued twice
        run_jobs(app)
        assert jobs.latest("messages.digest")["status"] == "finished"


@pytest.mark.parametrize(
    "app_overrides", [{"TALENT_EVERY_MINUTES": 30, "RECOMMEND_EVERY_MINUTES": 0, "CASE_REMIND_EVERY_MINUTES": 15}]
)
def test_the_talent_sources_are_read_and_guidance_reminders_sent_on_a_schedule(app):
    plan = dict(scheduler.periodic(app))
    assert plan["talent.fetch"] == 1800 and "recommend.recompute" not in plan
    assert plan["cases.remind"] == 900
    with app.app_context():
        assert talent.run_all(app.extensions["graph"].store) == {}  # no source yet: nothing read, nothing loaded
