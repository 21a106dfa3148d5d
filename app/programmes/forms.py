"""Forms of the programmes: a programme as staff write it, and the eligibility check of a description that
is not saved. Each keeps what was typed after an error."""

import json
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from graph.programmes import LANGUAGES, TEXTS

from ..projects.names import STAGE_NAMES
from ..validators import as_choices, long_text_field, text_field
from .facts_form import FinancingFields
from .service import ID_SHAPE
from .wording import KIND_OF_PROGRAMME_NAMES

TEXT_LABELS = {
    "runner": _l("Who runs it"),
    "audience": _l("For whom"),
    "benefits": _l("What it gives"),
    "documents": _l("Documents asked"),
    "history": _l("Dates and history (relaunches, past editions)"),
}
LANGUAGE_LABELS = {"en": _l("in English"), "fr": _l("in French"), "ar": _l("in Arabic")}


class ProgrammeForm(FlaskForm):
    """A programme: names and texts in three languages, dates, contact, and its rules as JSON."""

    programme_id = StringField(
        _l("Identifier (letters, digits, - and _)"),
        validators=[Optional(), Regexp(ID_SHAPE, message=_l("Use 2 to 40 lower-case letters, digits, - or _."))],
    )
    name = text_field(_l("Name"), 120, required=True, message=_l("Give the programme a name."))
    kind = SelectField(_l("Kind"), choices=as_choices(KIND_OF_PROGRAMME_NAMES))
    institution_ids = SelectMultipleField(_l("Partner institutions"), choices=[], validate_choice=True)
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    contact = text_field(_l("Contact"), 300)
    rules = long_text_field(_l("Conditions and financing (JSON)"), 20000, required=True, message=_l("Write the rules."))
    note = text_field(_l("What changed, and why"), 300)
    version = HiddenField()

    def validate_closes_on(self, field):
        """A programme closes after it opens."""
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing day comes before the opening day."))

    def props(self, rules: dict) -> dict:
        """The programme's properties from the form (rules already checked)."""
        found = {
            "name": self.name.data,
            "kind": self.kind.data,
            "institution_ids": list(self.institution_ids.data or []),
            "opens_on": self.opens_on.data.isoformat() if self.opens_on.data else None,
            "closes_on": self.closes_on.data.isoformat() if self.closes_on.data else None,
            "contact": self.contact.data or None,
            "rules": rules,
        }
        for name in TEXTS:
            for language in LANGUAGES:
                found[f"{name}_{language}"] = getattr(self, f"{name}_{language}").data or ""
        return found

    def fill(self, programme: dict) -> None:
        """Start from a programme as it is."""
        data = {**programme, "rules": json.dumps(programme["rules"], ensure_ascii=False, indent=2)}
        for day in ("opens_on", "closes_on"):
            data[day] = _day(programme.get(day))
        self.process(data=data)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


for _text in TEXTS:
    for _language in LANGUAGES:
        setattr(
            ProgrammeForm,
            f"{_text}_{_language}",
            long_text_field(
                _l("%(what)s, %(language)s", what=TEXT_LABELS[_text], language=LANGUAGE_LABELS[_language]), 3000
            ),
        )


class EligibilityForm(FinancingFields):
    """A project described without saving it: every fact optional."""

    stage = SelectField(_l("Stage"), choices=as_choices([("", "—"), *STAGE_NAMES.items()]), validators=[Optional()])
    sector = SelectField(_l("Sector"), choices=[], validators=[Optional()])
    region = SelectField(_l("Region of Morocco"), choices=[], validators=[Optional()])
    country = SelectField(_l("Country of residence"), choices=[], validators=[Optional()])
    jobs_planned = IntegerField(
        _l("Jobs planned"),
        validators=[Optional(), NumberRange(min=0, max=100_000, message=_l("Enter a number between 0 and 100000."))],
    )

    def fill_choices(self, names: dict[str, dict[str, str]]) -> None:
        """Offer the sectors, regions and countries named in the reader's language."""
        for field in ("sector", "region", "country"):
            pairs = sorted(names[field].items(), key=lambda pair: pair[1].lower())
            getattr(self, field).choices = as_choices([("", "—"), *pairs])

    def facts(self) -> dict:
        """The facts typed, blanks as None."""
        found = self.fact_props()
        for name in ("stage", "sector", "region", "country", "jobs_planned"):
            value = getattr(self, name).data
            found[name] = value if value not in ("", None) else None
        return found
