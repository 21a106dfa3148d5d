"""Forms of the guidance cases. Each keeps what was typed after an error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from graph.cases import STEPS

from ..members.forms import MultiCheckboxField
from ..projects.names import STAGE_NAMES
from ..validators import as_choices, long_text_field, text_field

HELP_NAMES = {
    "orientation": _l("Which sector and region to choose"),
    "programmes": _l("Support programmes and their applications"),
    "financing": _l("Financing and banks"),
    "introductions": _l("Introductions to institutions and partners"),
    "mentoring": _l("A mentor"),
    "administration": _l("Administrative steps"),
}
STEP_NAMES = {
    "triage": _l("Waiting for an adviser"),
    "orientation": _l("Orientation"),
    "applications": _l("Programme applications"),
    "introductions": _l("Introductions to institutions and partners"),
    "mentoring": _l("Mentoring"),
    "follow_up": _l("Follow-up"),
    "closed": _l("Closed"),
}
assert set(STEP_NAMES) == set(STEPS)
SATISFACTION_NAMES = {
    "5": _l("Very satisfied"),
    "4": _l("Satisfied"),
    "3": _l("Neither"),
    "2": _l("Dissatisfied"),
    "1": _l("Very dissatisfied"),
}


class CaseForm(FlaskForm):
    """What the leader asks the guidance unit: what, where, how far along, which help."""

    title = text_field(_l("In a few words"), 120, required=True, message=_l("Say in a few words what it is about."))
    description = long_text_field(
        _l("What you want to do, and where you are stuck"), 3000, required=True, message=_l("Describe your project.")
    )
    project = SelectField(_l("Project (optional)"), choices=[], validators=[Optional()])
    sector = SelectField(_l("Sector"), choices=[], validators=[DataRequired(_l("Choose a sector."))])
    region = SelectField(_l("Region of Morocco"), choices=[], validators=[DataRequired(_l("Choose a region."))])
    stage = RadioField(_l("Stage"), choices=as_choices(STAGE_NAMES), validators=[InputRequired(_l("Choose a stage."))])
    help = MultiCheckboxField(_l("What help you need"), choices=as_choices(HELP_NAMES))

    def validate_help(self, field):
        """At least one kind of help."""
        if not field.data:
            raise ValidationError(_l("Choose at least one kind of help."))

    def props(self) -> dict:
        """The case's properties from the form."""
        return {
            "title": self.title.data,
            "description": self.description.data,
            "project_id": self.project.data or None,
            "sector_id": self.sector.data,
            "region_id": self.region.data,
            "stage": self.stage.data,
            "help": list(self.help.data),
        }


class EntryForm(FlaskForm):
    """An update the leader reads, or (for the guidance unit) a private note."""

    text = long_text_field(_l("Text"), 3000, required=True, message=_l("Write something first."))
    kind = RadioField(
        _l("Who reads it"),
        choices=as_choices({"update": _l("The leader and the guidance unit"), "note": _l("The guidance unit only")}),
        default="update",
    )


class StepForm(FlaskForm):
    """Move the case to a step, saying why."""

    step = SelectField(_l("Step"), choices=as_choices({k: v for k, v in STEP_NAMES.items() if k != "triage"}))
    text = text_field(_l("What was done, what comes next"), 500)


class AssignForm(FlaskForm):
    """Give the case to an adviser."""

    adviser = SelectField(_l("Adviser"), choices=[], validators=[DataRequired(_l("Choose an adviser."))])


class RateForm(FlaskForm):
    """How the leader found the guidance."""

    rating = RadioField(
        _l("How satisfied are you?"),
        choices=as_choices(SATISFACTION_NAMES),
        validators=[InputRequired(_l("Choose an answer."))],
    )
    note = long_text_field(_l("Anything to add (optional)"), 1000)
