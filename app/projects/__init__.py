"""Projects of diaspora project leaders: pages, the project directory, mentoring requests and suggested mentors."""


def init_app(app) -> None:
    """Register the project pages."""
    from . import cohort_views, mentoring  # noqa: F401 - their routes join the blueprint
    from .views import bp

    app.register_blueprint(bp)
