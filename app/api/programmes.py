"""API resources of the support programmes: the catalogue, one programme with its conditions (as data and
in the caller's language), and the eligibility of a project described without saving it. The same
permissions and services as the pages."""

from flask_babel import gettext
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from graph import programmes as programme_queries
from recommend.programmes import rules

from ..extensions import store
from ..permissions import may
from ..programmes import service, wording
from ..programmes.facts_form import MAX_AMOUNT_MAD

blp = Blueprint("programmes_api", __name__, url_prefix="/api/v1", description="Support programmes and eligibility")
_AMOUNT = validate.Range(min=0, max=MAX_AMOUNT_MAD)
CODE = validate.Regexp(r"^[A-Za-z0-9_-]{1,40}$")


class ProgrammeSchema(Schema):
    """A programme: texts in three languages (``runner_en``…), dates as ISO days, its rules as data."""

    id = fields.String()
    name = fields.String()
    kind = fields.String()
    status = fields.String(metadata={"enum": ["open", "upcoming", "closed"]})
    opens_on = fields.String(allow_none=True)
    closes_on = fields.String(allow_none=True)
    institution_ids = fields.List(fields.String())
    contact = fields.String(allow_none=True)
    version = fields.Integer()
    rules = fields.Dict(metadata={"description": "conditions and financing; grammar in docs/programmes.md"})
    conditions = fields.List(fields.String(), metadata={"description": "each top-level condition in words"})


for _text in programme_queries.TEXTS:
    for _language in programme_queries.LANGUAGES:
        ProgrammeSchema._declared_fields[f"{_text}_{_language}"] = fields.String(allow_none=True)


class FinancingFactsSchema(Schema):
    """How a project is financed and who promotes it (each fact optional)."""

    kind = fields.String(validate=validate.OneOf(rules.KINDS_OF_PROJECT))
    residence = fields.String(validate=validate.OneOf(rules.RESIDENCES))
    returned_months = fields.Integer(validate=validate.Range(min=0, max=1200))
    legal_form = fields.String(validate=validate.OneOf(rules.LEGAL_FORMS))
    investment_mad = fields.Integer(validate=_AMOUNT)
    own_funds_mad = fields.Integer(validate=_AMOUNT)
    foreign_funds_mad = fields.Integer(validate=_AMOUNT)
    mre_share_pct = fields.Integer(validate=validate.Range(min=0, max=100))


class FactsSchema(FinancingFactsSchema):
    """A project described without saving it; every fact optional (missing ones make "missing information")."""

    stage = fields.String(validate=validate.OneOf(rules.STAGES))
    sector = fields.String(validate=CODE, metadata={"description": "a sector id"})
    region = fields.String(validate=CODE, metadata={"description": "a region of Morocco's id"})
    country = fields.String(validate=validate.Regexp(r"^[A-Z]{2}$"), metadata={"description": "ISO code"})
    jobs_planned = fields.Integer(validate=validate.Range(min=0, max=100_000))


class ConditionOutcomeSchema(Schema):
    """One condition's answer, in words and as data."""

    text = fields.String()
    status = fields.String(metadata={"enum": ["met", "failed", "missing"]})
    actual = fields.Raw(allow_none=True)
    change = fields.String(allow_none=True, metadata={"description": "what would meet it"})
    parts = fields.List(fields.Nested(lambda: ConditionOutcomeSchema()))


class PlanSchema(Schema):
    """The financing plan of an eligible programme, in MAD."""

    investment_mad = fields.Integer()
    own_funds_mad = fields.Integer()
    foreign_funds_mad = fields.Integer()
    grant_mad = fields.Integer()
    loan_mad = fields.Integer()


class AssessmentSchema(Schema):
    """One open programme's answer."""

    programme_id = fields.String()
    name = fields.String()
    verdict = fields.String(metadata={"enum": ["eligible", "not_eligible", "missing"]})
    missing = fields.List(fields.String(), metadata={"description": "facts to give for a complete answer"})
    conditions = fields.List(fields.Nested(ConditionOutcomeSchema))
    plan = fields.Nested(PlanSchema, allow_none=True)


class ProblemSchema(Schema):
    """A fact left out of the answer, and why."""

    field = fields.String()
    message = fields.String()


class EligibilitySchema(Schema):
    """Every open programme's answer; open programmes whose conditions are not entered; facts left out."""

    assessments = fields.List(fields.Nested(AssessmentSchema))
    without_conditions = fields.List(fields.String())
    problems = fields.List(fields.Nested(ProblemSchema))


def _programme(programme: dict, names: dict) -> dict:
    conditions = [_words(c, names) for c in programme["rules"].get("conditions", [])]
    return {**programme, "status": service.status_of(programme), "conditions": conditions}


def _words(condition: dict, names: dict) -> str:
    if "all" in condition or "any" in condition:
        parts = [_words(part, names) for part in condition.get("all") or condition.get("any")]
        return wording.group(condition) + " " + "; ".join(parts)
    return wording.condition(condition, names).striptags()


def _outcome(outcome: rules.Outcome, names: dict) -> dict:
    return {
        "text": wording.group(outcome.condition) if outcome.parts else _words(outcome.condition, names),
        "status": outcome.status,
        "actual": outcome.actual,
        "change": wording.change(outcome).striptags() or None,
        "parts": [_outcome(part, names) for part in outcome.parts],
    }


@blp.get("/programmes")
@login_required
@blp.response(200, ProgrammeSchema(many=True))
def programmes():
    """Every programme, past ones included, with its status today."""
    if not may(current_user, "programme.view"):
        abort(403, message=gettext("You may not see the programmes."))
    names = service.value_names(store())
    return [_programme(p, names) for p in programme_queries.listing(store())]


@blp.get("/programmes/<programme_id>")
@login_required
@blp.response(200, ProgrammeSchema)
@blp.alt_response(404, description="No such programme")
def programme(programme_id: str):
    """One programme with its conditions as data and in words."""
    if not may(current_user, "programme.view"):
        abort(403, message=gettext("You may not see the programmes."))
    found = programme_queries.by_id(store(), programme_id) if len(programme_id) <= 40 else None
    if found is None:
        abort(404, message=gettext("There is no such programme."))
    return _programme(found, service.value_names(store()))


@blp.post("/eligibility")
@login_required
@blp.arguments(FactsSchema)
@blp.response(200, EligibilitySchema)
def eligibility(facts):
    """Eligibility for every open programme, with the financing plan of those that fit; nothing is saved.
    Facts that contradict each other or name an unknown sector, region or country are left out of the
    answer and listed in ``problems``."""
    if not may(current_user, "programme.check"):
        abort(403, message=gettext("You may not check eligibility."))
    names = service.value_names(store())
    kept, problems = service.consistent_facts(facts, names)
    return eligibility_json(service.assess(store(), kept), names, problems)


def eligibility_json(assessed: tuple, names: dict, problems: list[tuple[str, str]] = ()) -> dict:
    """What :func:`service.assess` found, as the API's :class:`EligibilitySchema` says it."""
    assessments, unruled = assessed
    return {
        "assessments": [
            {
                "programme_id": a.programme["id"],
                "name": a.programme["name"],
                "verdict": a.verdict.verdict,
                "missing": a.verdict.missing_fields,
                "conditions": [_outcome(o, names) for o in a.verdict.outcomes],
                "plan": vars(a.plan) if a.plan else None,
            }
            for a in assessments
        ],
        "without_conditions": [p["id"] for p in unruled],
        "problems": [{"field": field, "message": message} for field, message in problems],
    }
