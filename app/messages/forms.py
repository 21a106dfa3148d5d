"""Forms of the message pages: a group, people to add, a report. Each keeps what was typed after an error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from graph.conversations import GROUP_MAX

from ..members.forms import MultiCheckboxField
from ..validators import long_text_field, text_field


def _someone(form, field):
    if not field.data:
        raise ValidationError(_l("Choose at least one person."))


class AddPeopleForm(FlaskForm):
    """Connections to add to a group (the choices are the creator's connections)."""

    people = MultiCheckboxField(_l("People"), choices=[], validators=[_someone])


class GroupForm(AddPeopleForm):
    """A new group conversation: a title and the people in it."""

    title = text_field(_l("Name of the group"), 120, required=True, message=_l("Give the group a name."))

    def validate_people(self, field):
        """At most GROUP_MAX people, the creator included."""
        if field.data and len(field.data) + 1 > GROUP_MAX:
            raise ValidationError(_l("A group has at most %(max)d people, you included.", max=GROUP_MAX))


class ReportForm(FlaskForm):
    """Why a message is reported to the coordinators."""

    reason = long_text_field(
        _l("What is wrong with this message?"), 1000, required=True, message=_l("Say what is wrong with it.")
    )
