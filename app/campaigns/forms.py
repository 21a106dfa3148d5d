"""The campaign form: a segment, the way it goes (directly or through relays), the channels, and the message in
the three languages; it keeps what was typed after an error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from ..members.forms import MultiCheckboxField
from ..validators import as_choices, long_text_field, text_field

LANGUAGES = ("ar", "fr", "en")
LANGUAGE_NAMES = {"ar": _l("Arabic"), "fr": _l("French"), "en": _l("English")}
VIA_NAMES = {"direct": _l("To every member of the segment"), "relays": _l("Through the segment's relays")}
CHANNEL_NAMES = {"email": _l("E-mail"), "app": _l("Notification in Jisr")}
SUBJECT_LENGTH = 150
BODY_LENGTH = 5000


def _link(form, field):
    value = (field.data or "").strip()
    if value and not (value.startswith("/") and not value.startswith("//")) and not value.startswith("https://"):
        raise ValidationError(_l("A page of this site (starting with /) or an https:// address."))


class CampaignForm(FlaskForm):
    """A new campaign (saved as a draft, previewed before it is scheduled)."""

    name = text_field(_l("Name (for the department)"), 120, required=True, message=_l("Name the campaign."))
    segment = SelectField(_l("Segment"), validators=[DataRequired(_l("Choose a segment."))])
    via = RadioField(_l("How it goes"), choices=as_choices(VIA_NAMES), default="direct", validators=[InputRequired()])
    relays_k = IntegerField(
        _l("Number of relays"),
        default=10,
        validators=[Optional(), NumberRange(min=1, max=200, message=_l("From 1 to 200."))],
    )
    channels = MultiCheckboxField(
        _l("Channels"),
        choices=as_choices(CHANNEL_NAMES),
        default=["email", "app"],
        validators=[DataRequired(_l("Choose at least one channel."))],
    )
    link = text_field(_l("Link to follow (optional)"), 500)
    subject_ar = text_field(_l("Subject in Arabic"), SUBJECT_LENGTH, required=True, message=_l("Write the subject."))
    subject_fr = text_field(_l("Subject in French"), SUBJECT_LENGTH, required=True, message=_l("Write the subject."))
    subject_en = text_field(_l("Subject in English"), SUBJECT_LENGTH, required=True, message=_l("Write the subject."))
    body_ar = long_text_field(_l("Message in Arabic"), BODY_LENGTH, required=True, message=_l("Write the message."))
    body_fr = long_text_field(_l("Message in French"), BODY_LENGTH, required=True, message=_l("Write the message."))
    body_en = long_text_field(_l("Message in English"), BODY_LENGTH, required=True, message=_l("Write the message."))

    def validate_link(self, field):
        """A page of the site or an https address."""
        _link(self, field)

    def texts(self) -> dict:
        """``{locale: {subject, body}}``."""
        return {
            code: {"subject": getattr(self, "subject_" + code).data, "body": getattr(self, "body_" + code).data}
            for code in LANGUAGES
        }


class ScheduleForm(FlaskForm):
    """When to send: now when left empty (the time is UTC)."""

    send_at = DateTimeLocalField(_l("Send at (UTC)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
