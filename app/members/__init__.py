"""Members: editing one's profile, seeing others', and connecting."""

from . import photo_views, suggestions  # noqa: F401 - their routes join the blueprint
from .views import bp


def init_app(app) -> None:
    """Register the member pages."""
    app.register_blueprint(bp)
