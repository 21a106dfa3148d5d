"""Forms of a mentorship: the invitation, the mentor's answer, a session, the close, a rating."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField
from wtforms.validators import DataRequired, InputRequired

from ..validators import as_choices, long_text_field

OUTCOME_NAMES = {
    "goals_met": _l("The goals were met"),
    "partly_met": _l("The goals were partly met"),
    "stopped": _l("Stopped before the end"),
}
STATUS_NAMES = {
    "invited": _l("Invited: waiting for the answer"),
    "declined": _l("Declined"),
    "active": _l("Under way"),
    "closed": _l("Closed"),
}
RATING_CHOICES = as_choices((str(n), str(n)) for n in range(1, 6))


class InviteForm(FlaskForm):
    """A word to the mentor with the invitation."""

    message = long_text_field(_l("A word for the mentor (optional)"), 1000)


class AnswerForm(FlaskForm):
    """The mentor's answer: accept or decline, with a message."""

    decision = RadioField(
        _l("Your answer"),
        choices=as_choices({"accept": _l("I accept"), "decline": _l("I decline")}),
        validators=[InputRequired(_l("Accept or decline."))],
    )
    message = long_text_field(_l("A message for the project leader (optional)"), 1000)


class SessionForm(FlaskForm):
    """A session held: its date and notes, visible to both."""

    on = DateField(_l("Date of the session"), validators=[DataRequired(_l("Give the date of the session."))])
    notes = long_text_field(_l("Notes"), 3000, required=True, message=_l("Write a few notes about the session."))


class CloseForm(FlaskForm):
    """Ending the mentorship with its outcome."""

    outcome = RadioField(
        _l("Outcome"), choices=as_choices(OUTCOME_NAMES), validators=[InputRequired(_l("Choose the outcome."))]
    )


class RatingForm(FlaskForm):
    """One side's rating of the mentorship."""

    rating = RadioField(
        _l("Your rating (1 to 5)"), choices=RATING_CHOICES, validators=[InputRequired(_l("Choose a rating."))]
    )
    comment = long_text_field(_l("A comment (optional)"), 1000)
