"""Support programmes: the catalogue (versioned, editable by staff), conditions kept as data, eligibility and
the financing plan, for a saved project or one described without saving."""


def init_app(app) -> None:
    """Register the programme pages."""
    from .views import bp

    app.register_blueprint(bp)
