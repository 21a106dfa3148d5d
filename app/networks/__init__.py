"""Networks of competencies: pages, membership, invitations and the coordinator console."""


def init_app(app) -> None:
    """Register the network pages."""
    from .views import bp  # here, not at import: the forms and services are used by other blueprints

    app.register_blueprint(bp)
