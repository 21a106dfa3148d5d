"""Forms of the projects: describing a project, asking for mentoring. Each keeps what was typed after an error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..members.forms import MultiCheckboxField
from ..programmes.facts_form import FinancingFields
from ..validators import as_choices, comma_list, long_text_field, no_control_characters, text_field
from .names import FORMAT_NAMES, STAGE_NAMES

MAX_REQUESTED_SKILLS = 10


def named(nodes: list[dict], label) -> list[tuple[str, str]]:
    """``(id, name in the reader's language)`` for reference nodes, in alphabetical order."""
    return sorted(((node["id"], label(node)) for node in nodes), key=lambda pair: pair[1].lower())


class ProjectForm(FinancingFields):
    """A project: what it is, where in Morocco, how far along, what it seeks."""

    title = text_field(_l("Title"), 120, required=True, message=_l("Give the project a title."))
    summary = long_text_field(_l("Summary"), 3000, required=True, message=_l("Describe the project in a few lines."))
    sector = SelectField(_l("Sector"), validators=[DataRequired(_l("Choose a sector."))])
    region = SelectField(_l("Region of Morocco"), validators=[DataRequired(_l("Choose a region."))])
    city = StringField(_l("City (optional)"), validators=[Optional(), Length(max=120)])
    city_id = HiddenField()
    stage = RadioField(_l("Stage"), choices=as_choices(STAGE_NAMES), validators=[InputRequired(_l("Choose a stage."))])
    amount_mad = IntegerField(
        _l("Amount sought (MAD)"),
        validators=[Optional(), NumberRange(min=0, max=10_000_000_000, message=_l("Enter an amount in dirhams."))],
    )
    jobs_planned = IntegerField(
        _l("Jobs planned"),
        validators=[Optional(), NumberRange(min=0, max=100_000, message=_l("Enter a number between 0 and 100000."))],
    )
    programmes = MultiCheckboxField(_l("Support programmes of interest"), choices=[])

    def fill_choices(self, sectors: list, regions: list, programmes: dict[str, str], label) -> None:
        """Offer the sectors and regions, named in the reader's language, and the programmes by name."""
        self.sector.choices = as_choices([("", "—")] + named(sectors, label))
        self.region.choices = as_choices([("", "—")] + named(regions, label))
        self.programmes.choices = as_choices(programmes)

    def props(self, city_id: str | None) -> dict:
        """The project's properties from the form."""
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "sector_id": self.sector.data,
            "region_id": self.region.data,
            "city_id": city_id,
            "stage": self.stage.data,
            "amount_mad": self.amount_mad.data,
            "jobs_planned": self.jobs_planned.data,
            "programmes": list(self.programmes.data or []),
            **self.fact_props(),
        }


class MentoringRequestForm(FlaskForm):
    """What help the project needs, in which languages, how and for how long."""

    skills = StringField(
        _l("Skills needed (separated by commas)"),
        validators=[DataRequired(_l("Name at least one skill.")), Length(max=600), no_control_characters],
    )
    sectors = MultiCheckboxField(_l("Sectors of experience wanted"), choices=[])
    languages = MultiCheckboxField(_l("Languages you can work in"), choices=[])
    format = RadioField(_l("Format"), choices=as_choices(FORMAT_NAMES), default="either")
    duration_weeks = IntegerField(
        _l("Duration (weeks)"),
        default=12,
        validators=[
            InputRequired(_l("Say for how many weeks.")),
            NumberRange(min=1, max=104, message=_l("Enter a number between 1 and 104.")),
        ],
    )
    note = long_text_field(_l("What would help most"), 1000)

    def skill_names(self) -> list[str]:
        """The skills typed, trimmed, without repeats."""
        return comma_list(self.skills.data)

    def props(self) -> dict:
        """The request's properties from the form (the skills apart: they are resolved when recorded)."""
        return {
            "sector_ids": list(self.sectors.data or []),
            "language_ids": list(self.languages.data or []),
            "format": self.format.data,
            "duration_weeks": self.duration_weeks.data,
            "note": self.note.data or None,
        }

    def validate_skills(self, field):
        """One to ten skills."""
        if len(self.skill_names()) > MAX_REQUESTED_SKILLS:
            raise ValidationError(_l("Name at most %(max)d skills.", max=MAX_REQUESTED_SKILLS))

    def validate_languages(self, field):
        """At least one language."""
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))
