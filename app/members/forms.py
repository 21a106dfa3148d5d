"""The profile form: keeps what was typed after an error, explains every refusal in the reader's language."""

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.form import Form
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from graph.directory import AVAILABILITY

from ..validators import display_name_field, no_control_characters

DEGREES = ("bachelor", "master", "engineer", "md", "doctorate", "other")
DEGREE_NAMES = {
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree"),
    "engineer": _l("Engineering degree"),
    "md": _l("Doctor of medicine"),
    "doctorate": _l("Doctorate (PhD)"),
    "other": _l("Other"),
}
AVAILABILITY_NAMES = {
    "none": _l("Not available for now"),
    "remote": _l("Remotely"),
    "short_mission": _l("Short missions in Morocco"),
    "long_term": _l("Long-term engagement"),
    "relocation": _l("Ready to return to Morocco"),
}
VISIBILITY_NAMES = {"members": _l("All members of Jisr"), "connections": _l("My connections only")}
SKILL_LEVELS = {1: _l("Working knowledge"), 2: _l("Experienced"), 3: _l("Expert")}
MAX_SKILLS = 30
EXTRA_SKILL_ROWS = 4


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SkillRow(Form):
    """One skill: its name (curated or free) and a level."""

    name = StringField(_l("Skill"), validators=[Optional(), Length(max=80, message=_l("Use at most 80 characters."))])
    level = SelectField(
        _l("Level"), coerce=int, default=2, choices=[SelectChoice(k, v) for k, v in SKILL_LEVELS.items()]
    )


class ProfileForm(FlaskForm):
    """Everything a member says about themself."""

    display_name = display_name_field()
    name_ar = StringField(
        _l("Name in Arabic script"),
        validators=[Optional(), Length(max=80, message=_l("Use at most 80 characters.")), no_control_characters],
    )
    headline = StringField(
        _l("Headline"),
        validators=[Optional(), Length(max=140, message=_l("Use at most 140 characters.")), no_control_characters],
    )
    bio = TextAreaField(
        _l("About me"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Use at most 2,000 characters.")),
            no_control_characters,
        ],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    employer = StringField(
        _l("Employer"),
        validators=[Optional(), Length(max=120, message=_l("Use at most 120 characters.")), no_control_characters],
    )
    job_title = StringField(
        _l("Job title"),
        validators=[Optional(), Length(max=120, message=_l("Use at most 120 characters.")), no_control_characters],
    )
    years_experience = IntegerField(
        _l("Years of experience"),
        validators=[Optional(), NumberRange(min=0, max=70, message=_l("Enter a number between 0 and 70."))],
    )
    degree = SelectField(_l("Highest degree"), validators=[Optional()])
    availability = SelectField(_l("Availability to contribute"))
    mentor_open = BooleanField(_l("I accept to mentor project leaders"))
    mentor_capacity = IntegerField(
        _l("How many mentees at once"),
        default=2,
        validators=[Optional(), NumberRange(min=1, max=10, message=_l("Enter a number between 1 and 10."))],
    )
    visibility = SelectField(_l("Who can see my full profile"))
    city = StringField(_l("City where I live"), validators=[Optional(), Length(max=120)])
    city_id = StringField(validators=[Optional(), Length(max=20)])
    skills = FieldList(FormField(SkillRow), min_entries=1, max_entries=MAX_SKILLS + EXTRA_SKILL_ROWS)
    sectors = MultiCheckboxField(_l("Sectors I work in"))
    languages = MultiCheckboxField(_l("Languages I speak"))
    institutions = MultiCheckboxField(_l("Where I studied"))
    contribute_sectors = MultiCheckboxField(_l("Sectors in Morocco I want to contribute to"))
    contribute_regions = MultiCheckboxField(_l("Regions of Morocco I want to contribute to"))

    def fill_choices(self, *, sectors, languages, institutions, regions, label) -> None:
        """Offer the reference nodes, labelled in the reader's language."""
        self.degree.choices = [SelectChoice("", "—")] + [SelectChoice(k, v) for k, v in DEGREE_NAMES.items()]
        self.availability.choices = [SelectChoice(k, AVAILABILITY_NAMES[k]) for k in AVAILABILITY]
        self.visibility.choices = [SelectChoice(k, v) for k, v in VISIBILITY_NAMES.items()]

        def choices(nodes):
            return sorted((SelectChoice(node["id"], label(node)) for node in nodes), key=lambda c: c.label.lower())

        self.sectors.choices = choices(sectors)
        self.contribute_sectors.choices = list(self.sectors.choices)
        self.languages.choices = choices(languages)
        self.institutions.choices = choices(institutions)
        self.contribute_regions.choices = choices(regions)

    def validate_name_ar(self, field):
        """The Arabic-script name must contain Arabic letters."""
        if field.data and not any("\u0600" <= ch <= "\u06ff" for ch in field.data):
            raise ValidationError(_l("Write this name in Arabic letters, or leave it empty."))

    def validate_phone(self, field):
        """Any phone number with its country code; stored as E.164."""
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, None)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_l("Enter a phone number with its country code, for example +212 6 12 34 56 78."))
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def validate_skills(self, field):
        """At most 30 skills."""
        if len([row for row in field.data if (row.get("name") or "").strip()]) > MAX_SKILLS:
            raise ValidationError(_l("List at most %(count)d skills.", count=MAX_SKILLS))
