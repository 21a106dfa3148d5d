"""The home page and the privacy notice."""

from flask import Blueprint, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """What Jisr is, and the way in."""
    return render_template("main/home.html")


@bp.get("/privacy")
def privacy():
    """The privacy notice members consent to (law 09-08)."""
    return render_template("main/privacy.html")


def init_app(app) -> None:
    """Register the pages."""
    app.register_blueprint(bp)
