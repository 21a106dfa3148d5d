"""Campaigns of the department to a segment, directly or through its relays: the staff pages (``views``), the
links in the messages (``public``), the throttled and resumable send (``sending``), the results (``results``),
and the two jobs: ``campaigns.send`` and the scheduler's ``campaigns.dispatch``."""

from .. import jobs
from ..extensions import store
from . import sending


@jobs.task(sending.TASK)
def send_job(progress: jobs.Progress, campaign_id: str) -> dict:
    """The job: send (or go on sending) one campaign."""
    return sending.send(store(), campaign_id, progress)


@jobs.task(sending.DISPATCH_TASK)
def dispatch_job(progress: jobs.Progress) -> list[str]:
    """The scheduler's job: queue the campaigns due now and those a stopped worker left."""
    return sending.dispatch(store())


def init_app(app) -> None:
    """Register the staff pages and the public links."""
    from .public import bp as public_bp
    from .views import bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
