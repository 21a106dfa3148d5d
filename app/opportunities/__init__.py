"""The opportunity board: institutions and their representatives post needs for the diaspora's expertise
(missions, teaching, research partnerships, board seats, investment needs); experts are suggested with
reasons, members say they are interested, the representative shortlists and chooses, and the outcome is
counted for the department."""


def init_app(app) -> None:
    """Register the board's pages."""
    from .views import bp

    app.register_blueprint(bp)
