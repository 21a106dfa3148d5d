"""Input pieces shared by several pages: one home for how names, free text and page numbers are checked."""

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from graph.values import holds_unstorable

from .errors import error_response, unstorable_text_message


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


def comma_list(text: str | None) -> list[str]:
    """Names typed separated by commas, blanks collapsed, without repeats (case aside), in the order typed."""
    seen, names = set(), []
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


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


def _request_text() -> list:
    """Every piece of text a request carries that a view may read: its path, query, form and JSON body."""
    found: list = [request.path, *[part for pair in request.args.items(multi=True) for part in pair]]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            found += [part for pair in request.form.items(multi=True) for part in pair]
            found += [upload.filename or "" for upload in request.files.values()]
        elif request.is_json:
            found.append(request.get_json(silent=True))
    return found


def refuse_unstorable_text():
    """Refuse at the edge (422, ``invalid``) a request holding text no engine can store: a NUL character or
    half of a surrogate pair, in its path, query, form or JSON body (:mod:`graph.values`)."""
    if holds_unstorable(_request_text()):
        return error_response(422, unstorable_text_message())
    return None


def init_app(app) -> None:
    """Check every request's text before any view reads it."""
    app.before_request(refuse_unstorable_text)
