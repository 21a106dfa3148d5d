"""Forms of the opportunity board: an institution, a representative, an opportunity, interest in one. Each
keeps what was typed after an error."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..members.forms import MultiCheckboxField
from ..validators import as_choices, comma_list, long_text_field, no_control_characters, text_field

KIND_NAMES = {
    "mission": _l("Expertise mission"),
    "teaching": _l("Teaching"),
    "research": _l("Research partnership"),
    "board": _l("Board seat"),
    "investment": _l("Investment need"),
}
INSTITUTION_KIND_NAMES = {
    "university": _l("University"),
    "school": _l("School"),
    "training": _l("Training"),
    "public-agency": _l("Public agency"),
    "ministry": _l("Ministry"),
    "regional-investment-centre": _l("Regional investment centre"),
    "business-association": _l("Business association"),
    "association": _l("Association"),
    "cooperation": _l("Cooperation agency"),
    "company": _l("Company"),
}
MAX_SKILLS = 10


class InstitutionForm(FlaskForm):
    """A new institution (staff)."""

    name = text_field(_l("Name"), 160, required=True, message=_l("Give the institution's name."))
    name_ar = text_field(_l("Name in Arabic (optional)"), 160)
    kind = SelectField(_l("Kind"), choices=as_choices(INSTITUTION_KIND_NAMES))
    country = SelectField(_l("Country"), choices=[], validators=[DataRequired(_l("Choose a country."))])


class RepresentativeForm(FlaskForm):
    """Make a member a representative of the institution, by their e-mail address."""

    email = StringField(
        _l("E-mail address of the member"),
        validators=[DataRequired(_l("Give the member's e-mail address.")), Length(max=254), no_control_characters],
    )


class OpportunityForm(FlaskForm):
    """What the institution needs of the diaspora's experts."""

    kind = RadioField(_l("Kind"), choices=as_choices(KIND_NAMES), validators=[InputRequired(_l("Choose a kind."))])
    title = text_field(_l("Title"), 140, required=True, message=_l("Give the opportunity a title."))
    description = long_text_field(
        _l("What is needed"), 4000, required=True, message=_l("Describe what is needed and what it brings.")
    )
    skills = StringField(
        _l("Skills needed (separated by commas)"),
        validators=[DataRequired(_l("Name at least one skill.")), Length(max=600), no_control_characters],
    )
    sectors = MultiCheckboxField(_l("Sectors"), choices=[])
    languages = MultiCheckboxField(_l("Working languages"), choices=[])
    place = text_field(_l("Where (city, institution)"), 160)
    remote = RadioField(
        _l("Remote work possible"),
        choices=as_choices({"yes": _l("Yes"), "no": _l("No, on site")}),
        default="no",
        validators=[InputRequired()],
    )
    duration_weeks = IntegerField(
        _l("Duration (weeks)"),
        validators=[Optional(), NumberRange(min=1, max=520, message=_l("Enter a number between 1 and 520."))],
    )
    deadline = DateField(_l("Answers until"), validators=[InputRequired(_l("Give the last day to answer."))])

    def skill_names(self) -> list[str]:
        """The skills typed, trimmed, without repeats."""
        return comma_list(self.skills.data)

    def validate_skills(self, field):
        """One to ten skills."""
        if len(self.skill_names()) > MAX_SKILLS:
            raise ValidationError(_l("Name at most %(max)d skills.", max=MAX_SKILLS))

    def validate_deadline(self, field):
        """The last day to answer is not in the past."""
        if field.data and field.data < date.today():
            raise ValidationError(_l("The last day to answer has passed: choose today or a later day."))

    def props(self, skill_ids: list[str]) -> dict:
        """The opportunity's properties (skills already resolved to ids)."""
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "description": self.description.data,
            "skill_ids": skill_ids,
            "sector_ids": list(self.sectors.data or []),
            "language_ids": list(self.languages.data or []),
            "place": self.place.data or None,
            "remote": self.remote.data == "yes",
            "duration_weeks": self.duration_weeks.data,
            "deadline": self.deadline.data.isoformat(),
        }


class InterestForm(FlaskForm):
    """A member says they are interested, with a word for the institution."""

    note = long_text_field(_l("A word for the institution (optional)"), 1000)


class OutcomeForm(FlaskForm):
    """How a filled opportunity ended."""

    outcome = RadioField(
        _l("How did it end?"),
        choices=as_choices({"done": _l("Done as planned"), "not_done": _l("It did not happen")}),
        validators=[InputRequired(_l("Choose an answer."))],
    )
