"""Members: editing one's profile, seeing others', and connecting."""

from .views import bp


def init_app(app) -> None:
    """Register the member pages."""
    app.register_blueprint(bp)
