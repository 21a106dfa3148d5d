"""Forms of the networks: each keeps what was typed after an error and names every problem."""

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..members.forms import MultiCheckboxField
from ..validators import as_choices, at_least_one_language, long_text_field, text_field

KIND_NAMES = {"geographic": _l("Geographic"), "thematic": _l("Thematic")}
VISIBILITY_NAMES = {
    "public": _l("Public: anyone can see it, members of Jisr see its content"),
    "members": _l("Members only: its content is for its members"),
}
JOIN_POLICY_NAMES = {
    "open": _l("Open: members join directly"),
    "request": _l("On request: coordinators approve each request"),
    "invite": _l("By invitation only"),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_INVITED_ADDRESSES = 50


class NetworkForm(FlaskForm):
    """Create or edit a network (names and descriptions in up to three languages)."""

    slug = StringField(
        _l("Short address"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Choose a short address, such as aeromac-experts.")),
            Length(min=2, max=40, message=_l("Use between 2 and 40 characters.")),
        ],
    )
    kind = RadioField(_l("Kind"), choices=as_choices(KIND_NAMES), default="thematic")
    name_en = text_field(_l("Name in English"), 120)
    name_fr = text_field(_l("Name in French"), 120)
    name_ar = text_field(_l("Name in Arabic"), 120)
    description_en = long_text_field(_l("Description in English"), 3000)
    description_fr = long_text_field(_l("Description in French"), 3000)
    description_ar = long_text_field(_l("Description in Arabic"), 3000)
    countries = MultiCheckboxField(_l("Countries covered"), choices=[])
    field = text_field(_l("Field covered"), 120)
    visibility = RadioField(_l("Visibility"), choices=as_choices(VISIBILITY_NAMES), default="public")
    join_policy = RadioField(_l("Joining"), choices=as_choices(JOIN_POLICY_NAMES), default="request")
    required_labels = MultiCheckboxField(_l("Labels required to join"), choices=[])
    members_message = BooleanField(_l("Members may write to each other without being connected"))

    def validate_slug(self, field):
        """Lowercase letters, digits and single hyphens."""
        if field.data and not SLUG.match(field.data):
            raise ValidationError(_l("Use lowercase letters, digits and hyphens only."))

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then: a name in at least one language."""
        valid = super().validate(extra_validators)
        return at_least_one_language(self, "name", _l("Give the network a name in at least one language.")) and valid

    def props(self) -> dict:
        """The network's editable properties from the form."""
        return {
            "kind": self.kind.data,
            **{
                f"{part}_{code}": getattr(self, f"{part}_{code}").data or None
                for part in ("name", "description")
                for code in ("en", "fr", "ar")
            },
            "countries": list(self.countries.data or []),
            "field": self.field.data or None,
            "visibility": self.visibility.data,
            "join_policy": self.join_policy.data,
            "required_labels": list(self.required_labels.data or []),
            "members_message": bool(self.members_message.data),
        }


class MotivationForm(FlaskForm):
    """A request to join, with a short motivation."""

    motivation = long_text_field(_l("Why do you want to join?"), 1000)


class ReasonForm(FlaskForm):
    """A decision that the member is told about (decline, remove, ban, revoke)."""

    reason = long_text_field(
        _l("Reason (the member sees it)"), 500, required=True, message=_l("Say why: the member will read it.")
    )


class InvitationForm(FlaskForm):
    """Invite by e-mail addresses (one per line) or create a link, valid for some days."""

    kind = RadioField(
        _l("Invite"),
        choices=as_choices([("email", _l("By e-mail address")), ("link", _l("With a link anyone can use"))]),
        default="email",
    )
    emails = TextAreaField(_l("E-mail addresses, one per line"), validators=[Optional(), Length(max=20000)])
    days = IntegerField(
        _l("Valid for (days)"),
        default=14,
        validators=[
            InputRequired(_l("Say for how many days the invitation is valid.")),
            NumberRange(min=1, max=90, message=_l("Between 1 and 90 days.")),
        ],
    )

    def addresses(self) -> list[str]:
        """The normalised addresses typed (valid after ``validate``)."""
        return self._addresses

    def validate_emails(self, field):
        """Each line an address; at most 50; duplicates dropped; the wrong ones named."""
        self._addresses = []
        if self.kind.data != "email":
            return
        lines = [line.strip() for line in (field.data or "").replace(",", "\n").splitlines() if line.strip()]
        if not lines:
            raise ValidationError(_l("Enter at least one e-mail address."))
        if len(lines) > MAX_INVITED_ADDRESSES:
            raise ValidationError(_l("Invite at most %(max)d addresses at once.", max=MAX_INVITED_ADDRESSES))
        wrong = []
        for line in lines:
            try:
                address = validate_email(line, check_deliverability=False).normalized
            except EmailNotValidError:
                wrong.append(line)
                continue
            if address.lower() not in (a.lower() for a in self._addresses):
                self._addresses.append(address)
        if wrong:
            raise ValidationError(_l("These are not e-mail addresses: %(list)s", list=", ".join(wrong[:10])))


class AnnouncementForm(FlaskForm):
    """An announcement to every member of the network."""

    title = text_field(_l("Title"), 150, required=True, message=_l("Give the announcement a title."))
    body = long_text_field(_l("Message"), 5000, required=True, message=_l("Write the announcement."))
    labels = MultiCheckboxField(_l("Only for holders of these labels (optional)"), choices=[])
    email = BooleanField(_l("Also send it by e-mail"), default=True)


class AppointForm(FlaskForm):
    """Appoint a coordinator by the e-mail address of their account."""

    email = StringField(
        _l("E-mail address of the member"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[DataRequired(_l("Enter the member's e-mail address.")), Length(max=254)],
    )


class LabelGrantForm(FlaskForm):
    """Grant a label, with the evidence or reason recorded."""

    label = SelectField(_l("Label"), choices=[], validate_choice=True)
    network = SelectField(_l("On behalf of"), choices=[], validate_choice=True)
    reason = long_text_field(
        _l("Evidence or reason"), 500, required=True, message=_l("Say on what evidence the label is granted.")
    )
