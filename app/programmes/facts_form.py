"""The facts a programme's conditions test, as form fields: shared by the project form and the eligibility
check (a description that is not saved). Every field is optional: what is left blank is "missing
information" in the answer, never a reason to refuse."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from recommend.programmes.rules import KINDS_OF_PROJECT, LEGAL_FORMS, RESIDENCES

from ..validators import as_choices

MAX_AMOUNT_MAD = 100_000_000_000
KIND_NAMES = {"creation": _l("Creating a company"), "extension": _l("Extending a company")}
RESIDENCE_NAMES = {
    "abroad": _l("I live abroad"),
    "returned": _l("I came back to Morocco for good"),
    "morocco": _l("I live in Morocco (never lived abroad)"),
}
LEGAL_FORM_NAMES = {
    "company": _l("Company (SARL, SA, SAS…)"),
    "sole_trader": _l("Sole trader or self-employed"),
    "cooperative": _l("Cooperative"),
    "association": _l("Association"),
    "none": _l("Not yet decided"),
}
assert set(KIND_NAMES) == set(KINDS_OF_PROJECT) and set(RESIDENCE_NAMES) == set(RESIDENCES)
assert set(LEGAL_FORM_NAMES) == set(LEGAL_FORMS)
OWN_ABOVE_TOTAL = _l("Own funds cannot be more than the total investment.")
FOREIGN_ABOVE_OWN = _l("The part in foreign currency cannot be more than the own funds.")
FACT_PROPS = (
    "kind",
    "residence",
    "returned_months",
    "legal_form",
    "investment_mad",
    "own_funds_mad",
    "foreign_funds_mad",
    "mre_share_pct",
)


def _amount(label):
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=0, max=MAX_AMOUNT_MAD, message=_l("Enter an amount in dirhams, 0 or more.")),
        ],
    )


def _choice(label, names: dict) -> SelectField:
    return SelectField(label, choices=as_choices([("", "—"), *names.items()]), validators=[Optional()])


class FinancingFields(FlaskForm):
    """How the project is financed and who promotes it; consistent amounts or a clear error."""

    kind = _choice(_l("Kind of project"), KIND_NAMES)
    residence = _choice(_l("Where the promoter lives"), RESIDENCE_NAMES)
    returned_months = IntegerField(
        _l("If you came back: how many months ago"),
        validators=[Optional(), NumberRange(min=0, max=1200, message=_l("Enter a number of months, 0 or more."))],
    )
    legal_form = _choice(_l("Legal form"), LEGAL_FORM_NAMES)
    investment_mad = _amount(_l("Total investment (MAD)"))
    own_funds_mad = _amount(_l("Own funds (MAD)"))
    foreign_funds_mad = _amount(_l("Of which brought in foreign currency (MAD)"))
    mre_share_pct = IntegerField(
        _l("Share of the capital held by Moroccans living abroad (%)"),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage between 0 and 100."))],
    )

    def validate_own_funds_mad(self, field):
        """Own funds are part of the investment."""
        if field.data is not None and self.investment_mad.data is not None and field.data > self.investment_mad.data:
            raise ValidationError(OWN_ABOVE_TOTAL)

    def validate_foreign_funds_mad(self, field):
        """The foreign-currency part is part of the own funds."""
        if field.data is not None and self.own_funds_mad.data is not None and field.data > self.own_funds_mad.data:
            raise ValidationError(FOREIGN_ABOVE_OWN)

    def fact_props(self) -> dict:
        """The facts typed, blank ones as None."""
        return {name: getattr(self, name).data if getattr(self, name).data != "" else None for name in FACT_PROPS}
