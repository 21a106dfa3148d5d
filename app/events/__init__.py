"""Events: calendars, RSVP with a waitlist, check-in, calendar files and meeting room pages."""


def init_app(app) -> None:
    """Register the event pages."""
    from .views import bp  # here, not at import: the forms and services are used by other blueprints

    app.register_blueprint(bp)
