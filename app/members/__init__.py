"""Members: editing one's profile, seeing others', and connecting."""

from . import suggestions  # noqa: F401 - its routes join the blueprint
from .views import bp


def init_app(app) -> None:
    """Register the member pages."""
    app.register_blueprint(bp)
