"""Form pieces shared by several forms: one home for how names and free text are checked."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError


def no_control_characters(form, field):
    """Text fields hold text: control characters (other than line breaks and tabs) are refused."""
    if field.data and any(ord(ch) < 32 and ch not in "\n\r\t" for ch in field.data):
        raise ValidationError(_l("Use letters, digits and punctuation only."))


def collapse_spaces(value):
    """Surrounding blanks go and inner runs of blanks become one space."""
    return " ".join(value.split()) if isinstance(value, str) else value


def display_name_field() -> StringField:
    """The name shown to others: 2 to 80 characters of text."""
    return StringField(
        _l("Name shown to others"),
        filters=[collapse_spaces],
        validators=[
            DataRequired(_l("Enter the name other members will see.")),
            Length(min=2, max=80, message=_l("Use between 2 and 80 characters.")),
            no_control_characters,
        ],
    )
