"""Messages in the browser: the inbox, conversations (direct, groups, network channels), reports.

The pages load the vendored Socket.IO client and ``chat-core.js``; the messages travel over ``/chat``.
"""


def init_app(app) -> None:
    """Register the message pages."""
    from .views import bp

    app.register_blueprint(bp)
