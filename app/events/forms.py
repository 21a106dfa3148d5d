"""The event form: local times in the organiser's zone, stored as UTC; every refusal explained."""

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from ..i18n import valid_time_zone
from ..members.forms import MultiCheckboxField
from ..validators import as_choices, at_least_one_language, long_text_field, text_field

FORMAT_NAMES = {"online": _l("Online"), "in_person": _l("In person"), "hybrid": _l("Hybrid")}
AUDIENCE_NAMES = {
    "networks": _l("Members of the chosen networks"),
    "everyone": _l("Every member of Jisr"),
    "label": _l("Holders of the chosen labels"),
}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
MAX_CAPACITY = 100_000
COMMON_ZONES = (
    "Africa/Casablanca",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Brussels",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/London",
    "Europe/Zurich",
    "America/Montreal",
    "America/Toronto",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Dubai",
    "UTC",
)


def _local_time(label, required: bool):
    return StringField(
        label,
        validators=[DataRequired(_l("Choose a date and time."))] if required else [Optional()],
        render_kw={"type": "datetime-local"},
    )


def to_epoch_ms(local: str, zone: str) -> int:
    """``2026-12-01T18:30`` read on the clocks of ``zone``, as epoch milliseconds."""
    moment = datetime.strptime(local, LOCAL_FORMAT).replace(tzinfo=ZoneInfo(zone))
    return int(moment.timestamp() * 1000)


def to_local(value: int | None, zone: str) -> str:
    """Epoch milliseconds as the ``datetime-local`` text of ``zone``."""
    if value is None:
        return ""
    return datetime.fromtimestamp(value / 1000, tz=ZoneInfo(zone)).strftime(LOCAL_FORMAT)


class EventForm(FlaskForm):
    """Create or edit an event."""

    title_en = text_field(_l("Title in English"), 150)
    title_fr = text_field(_l("Title in French"), 150)
    title_ar = text_field(_l("Title in Arabic"), 150)
    description_en = long_text_field(_l("Description in English"), 5000)
    description_fr = long_text_field(_l("Description in French"), 5000)
    description_ar = long_text_field(_l("Description in Arabic"), 5000)
    format = RadioField(_l("Format"), choices=as_choices(FORMAT_NAMES), default="online")
    city = text_field(_l("City"), 120)
    city_id = HiddenField()
    venue = text_field(_l("Venue"), 200)
    online_url = text_field(_l("Link to join online (optional: the event has its own meeting room)"), 500)
    starts = _local_time(_l("Starts"), True)
    ends = _local_time(_l("Ends"), True)
    timezone = StringField(
        _l("Time zone of these times"),
        default="Africa/Casablanca",
        validators=[DataRequired(_l("Choose the time zone the times are in."))],
    )
    capacity = IntegerField(
        _l("Places"),
        default=100,
        validators=[
            InputRequired(_l("Say how many people can come.")),
            NumberRange(min=1, max=MAX_CAPACITY, message=_l("Between 1 and %(max)d places.", max=MAX_CAPACITY)),
        ],
    )
    registration_deadline = _local_time(_l("Registration closes (optional)"), False)
    audience = RadioField(_l("Who may register"), choices=as_choices(AUDIENCE_NAMES), default="networks")
    audience_networks = MultiCheckboxField(_l("Networks"), choices=[])
    audience_labels = MultiCheckboxField(_l("Labels"), choices=[])

    def validate_timezone(self, field):
        """An IANA zone name such as Europe/Berlin."""
        if not valid_time_zone(field.data):
            raise ValidationError(_l("Unknown time zone: choose one from the list, such as Europe/Berlin."))

    def validate_online_url(self, field):
        """A web address."""
        if field.data:
            parts = urlsplit(field.data)
            if parts.scheme not in ("https", "http") or not parts.netloc:
                raise ValidationError(_l("Enter a web address starting with https://."))

    def _instant(self, field) -> int | None:
        if not field.data or field.errors or not valid_time_zone(self.timezone.data):
            return None
        try:
            return to_epoch_ms(field.data, self.timezone.data)
        except ValueError:
            field.errors = list(field.errors) + [_l("Enter a date and time such as 2026-12-01 18:30.")]
            return None

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules across fields (times in order, a title, a place, an audience)."""
        valid = super().validate(extra_validators)
        valid = at_least_one_language(self, "title", _l("Give the event a title in at least one language.")) and valid
        starts, ends = self._instant(self.starts), self._instant(self.ends)
        deadline = self._instant(self.registration_deadline)
        if starts is not None and ends is not None and ends <= starts:
            self.ends.errors = list(self.ends.errors) + [_l("The event must end after it starts.")]
        if deadline is not None and starts is not None and deadline > starts:
            self.registration_deadline.errors = list(self.registration_deadline.errors) + [
                _l("Registration must close before the event starts.")
            ]
        if self.format.data in ("in_person", "hybrid") and not self.city.data:
            self.city.errors = list(self.city.errors) + [_l("Say in which city the event takes place.")]
        if self.audience.data == "networks" and not self.audience_networks.data:
            self.audience_networks.errors = list(self.audience_networks.errors) + [_l("Choose at least one network.")]
        if self.audience.data == "label" and not self.audience_labels.data:
            self.audience_labels.errors = list(self.audience_labels.errors) + [_l("Choose at least one label.")]
        self.instants = {"starts_at": starts, "ends_at": ends, "registration_deadline": deadline}
        return valid and not any(field.errors for field in self)

    def props(self, city_id: str | None) -> dict:
        """The event's editable properties (call after ``validate``)."""
        online = self.format.data in ("online", "hybrid")
        in_person = self.format.data in ("in_person", "hybrid")
        return {
            **{
                f"{part}_{code}": getattr(self, f"{part}_{code}").data or None
                for part in ("title", "description")
                for code in ("en", "fr", "ar")
            },
            "format": self.format.data,
            "city_id": city_id if in_person else None,
            "venue": (self.venue.data or None) if in_person else None,
            "online_url": (self.online_url.data or None) if online else None,
            **self.instants,
            "timezone": self.timezone.data,
            "capacity": self.capacity.data,
            "audience": self.audience.data,
            "audience_networks": list(self.audience_networks.data) if self.audience.data == "networks" else [],
            "audience_labels": list(self.audience_labels.data) if self.audience.data == "label" else [],
        }
