"""The job worker in the test process: run what views queued, as ``flask worker --burst`` does."""

from app import jobs


def run_jobs(app) -> None:
    """Run every queued job of ``app`` to the end (RQ's SimpleWorker, in burst mode)."""
    with app.app_context():
        jobs.work(burst=True)
