"""Marshmallow schemas: they validate requests and describe the API in OpenAPI."""

from marshmallow import Schema, fields, validate


class MeSchema(Schema):
    """The authenticated member's own account."""

    id = fields.String(dump_only=True)
    email = fields.String(dump_only=True)
    display_name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    locale = fields.String(dump_only=True)


class TokenSchema(Schema):
    """A personal API token as listed (never its secret)."""

    id = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    created_at = fields.Integer(dump_only=True, metadata={"description": "epoch milliseconds"})
    last_used_at = fields.Integer(dump_only=True, allow_none=True)
    revoked_at = fields.Integer(dump_only=True, allow_none=True)


class TokenCreateSchema(Schema):
    """What a new token is for."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class NewTokenSchema(TokenSchema):
    """A token just created: the bearer string is shown this once."""

    token = fields.String(dump_only=True)


class ErrorSchema(Schema):
    """Every API error."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict()


class PlaceSchema(Schema):
    """A city or country, labelled in three languages."""

    id = fields.String()
    name = fields.String()
    name_en = fields.String()
    name_fr = fields.String()
    name_ar = fields.String(allow_none=True)


class MemberSummarySchema(Schema):
    """What the directory shows of a member."""

    id = fields.String()
    display_name = fields.String()
    name_ar = fields.String(allow_none=True)
    headline = fields.String(allow_none=True)
    availability = fields.String(allow_none=True)
    city = fields.Nested(PlaceSchema, allow_none=True)
    country = fields.Nested(PlaceSchema, allow_none=True)
    skills = fields.List(fields.Nested(PlaceSchema))
    connected = fields.Boolean()
    requested = fields.Boolean()
    requested_me = fields.Boolean()
    mutual = fields.Integer(metadata={"description": "shared contacts"})


class FacetValueSchema(Schema):
    """One value of a facet and how many results have it."""

    id = fields.String(allow_none=True)
    name_en = fields.String()
    name_fr = fields.String()
    name_ar = fields.String(allow_none=True)
    n = fields.Integer()


class MemberSearchSchema(Schema):
    """A page of the directory."""

    items = fields.List(fields.Nested(MemberSummarySchema))
    total = fields.Integer(metadata={"description": "how many members match, counted up to 1,000"})
    total_capped = fields.Boolean(metadata={"description": "true when more members match than ``total`` says"})
    page = fields.Integer()
    per_page = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)))
    facets_sampled = fields.Boolean(
        metadata={"description": "true when facets were counted among the most relevant matches only"}
    )


class ReferenceQuerySchema(Schema):
    """Autocomplete text."""

    q = fields.String(required=True, validate=validate.Length(min=1, max=80))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))
    prefer = fields.String(  # cities: this country's first (an ISO code)
        load_default=None, validate=validate.Regexp(r"^[A-Z]{2}$")
    )


class SuggestionSchema(Schema):
    """An autocomplete suggestion."""

    id = fields.String()
    name = fields.String()
    name_ar = fields.String(allow_none=True)
    en = fields.String()
    fr = fields.String()
    ar = fields.String()
    country = fields.String()
    members = fields.Integer()


class NetworkSchema(Schema):
    """A network as the API shows it."""

    id = fields.String(dump_only=True)
    slug = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)
    name_en = fields.String(dump_only=True, allow_none=True)
    name_fr = fields.String(dump_only=True, allow_none=True)
    name_ar = fields.String(dump_only=True, allow_none=True)
    description_en = fields.String(dump_only=True, allow_none=True)
    description_fr = fields.String(dump_only=True, allow_none=True)
    description_ar = fields.String(dump_only=True, allow_none=True)
    countries = fields.List(fields.String(), dump_only=True)
    visibility = fields.String(dump_only=True)
    join_policy = fields.String(dump_only=True)
    required_labels = fields.List(fields.String(), dump_only=True)
    member_count = fields.Integer(dump_only=True)
    member = fields.Boolean(dump_only=True, metadata={"description": "the caller belongs to it"})


class JoinSchema(Schema):
    """A request to join (the motivation counts for networks that join on request)."""

    motivation = fields.String(load_default="", validate=validate.Length(max=1000))


class OutcomeSchema(Schema):
    """What an action did, and the sentence that says so in the caller's language."""

    outcome = fields.String(dump_only=True)
    message = fields.String(dump_only=True)


class EventSchema(Schema):
    """An event: instants in epoch milliseconds (UTC), the organisers' zone, places and the caller's answer."""

    id = fields.String(dump_only=True)
    title_en = fields.String(dump_only=True, allow_none=True)
    title_fr = fields.String(dump_only=True, allow_none=True)
    title_ar = fields.String(dump_only=True, allow_none=True)
    format = fields.String(dump_only=True)
    starts_at = fields.Integer(dump_only=True)
    ends_at = fields.Integer(dump_only=True)
    timezone = fields.String(dump_only=True)
    capacity = fields.Integer(dump_only=True)
    going_count = fields.Integer(dump_only=True)
    waitlist_count = fields.Integer(dump_only=True)
    registration_deadline = fields.Integer(dump_only=True, allow_none=True)
    status = fields.String(dump_only=True)
    network_id = fields.String(dump_only=True, allow_none=True)
    rsvp = fields.String(dump_only=True, allow_none=True)


class PageArgs(Schema):
    """A page number."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class ConversationStartSchema(Schema):
    """Whom to talk with."""

    member = fields.String(required=True, validate=validate.Length(min=1, max=64), data_key="with")


class ConversationSchema(Schema):
    """A conversation in the caller's list."""

    id = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)
    title = fields.String(dump_only=True, allow_none=True)
    last_seq = fields.Integer(dump_only=True)
    last_at = fields.Integer(dump_only=True, allow_none=True)
    read_seq = fields.Integer(dump_only=True)
    unread = fields.Integer(dump_only=True)
    muted = fields.Boolean(dump_only=True)
    others = fields.List(fields.Dict(), dump_only=True)


class OptionalText(fields.String):
    """Free text a person may leave out: trimmed, and ``None`` when absent or blank (one home for what every
    optional note, message and comment of the API needs)."""

    def __init__(self, **kwargs):
        super().__init__(load_default=None, allow_none=True, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        """The text as validated (its length as sent), then trimmed; None when blank."""
        text = super().deserialize(value, attr, data, **kwargs)
        return (text.strip() or None) if isinstance(text, str) else text


class ReasonSchema(Schema):
    """Why someone is suggested: a code and its details (``ids`` of skills, sectors, languages; counts)."""

    code = fields.String()
    params = fields.Dict()


class RankedPersonSchema(Schema):
    """A suggested person, their score and reasons."""

    id = fields.String()
    display_name = fields.String()
    headline = fields.String(allow_none=True)
    score = fields.Float()
    reasons = fields.List(fields.Nested(ReasonSchema))


def suggestion_json(suggestion) -> dict:
    """A ranked person (:class:`recommend.mentors.Suggestion`) as the API gives it."""
    member = suggestion.member
    return {
        "id": member["id"],
        "display_name": member.get("display_name"),
        "headline": member.get("headline"),
        "score": suggestion.score,
        "reasons": [{"code": code, "params": params} for code, params in suggestion.reasons],
    }
