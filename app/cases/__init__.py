"""Guidance cases: a project leader asks the department's guidance unit for help; an adviser works the case
through orientation, programme applications, introductions, mentoring and follow-up to a close."""

from flask import request

from .documents import max_bytes


def _allow_documents() -> None:
    """Let a case document through the app's small request limit (twice the document limit, so that a file
    a little too large is refused with the limit named)."""
    if request.endpoint == "cases.upload":
        request.max_content_length = 2 * max_bytes()


def init_app(app) -> None:
    """Register the case pages, their upload limit and the reminder job."""
    from . import service  # noqa: F401 - its job joins the task list
    from .views import bp

    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(None, []).insert(0, _allow_documents)
