"""Input pieces shared by several pages: one home for how names, free text and page numbers are checked."""

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError


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


def text_field(label, max_length: int, required=False, message=None) -> StringField:
    """One line of text, blanks collapsed, at most ``max_length`` characters; optional unless ``required``."""
    validators = [DataRequired(message)] if required else [Optional()]
    return StringField(
        label,
        filters=[collapse_spaces],
        validators=validators
        + [
            Length(max=max_length, message=_l("Use at most %(max)d characters.", max=max_length)),
            no_control_characters,
        ],
    )


def long_text_field(label, max_length: int, required=False, message=None) -> TextAreaField:
    """Paragraphs of text, trimmed, at most ``max_length`` characters; optional unless ``required``."""
    validators = [DataRequired(message)] if required else [Optional()]
    return TextAreaField(
        label,
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=validators
        + [
            Length(max=max_length, message=_l("Use at most %(max)d characters.", max=max_length)),
            no_control_characters,
        ],
    )


def at_least_one_language(form, prefix: str, message) -> bool:
    """True if ``<prefix>_en``, ``_fr`` or ``_ar`` is filled; else the message goes on the English field."""
    fields = [getattr(form, f"{prefix}_{code}") for code in ("en", "fr", "ar")]
    if any(field.data for field in fields):
        return True
    fields[0].errors = list(fields[0].errors) + [message]
    return False


def as_choices(pairs) -> list[SelectChoice]:
    """WTForms choices from ``(value, label)`` pairs or a ``{value: label}`` mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


def page_number(highest: int = 100_000) -> int:
    """The ``page`` query argument as a page number from 1 to ``highest`` (1 when missing or not a number)."""
    try:
        return max(1, min(int(request.args.get("page", 1)), highest))
    except ValueError:
        return 1
