"""The department's outreach: segments of the diaspora (criteria, counts, targets ranked by its priorities,
relays) and the campaigns sent to them."""


def init_app(app) -> None:
    """Register the segment and priority pages."""
    from .priority_views import bp as priorities_bp
    from .views import bp

    app.register_blueprint(bp)
    app.register_blueprint(priorities_bp)
