"""The directory's parameters, validated once for the HTML page and the API alike."""

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from graph.directory import AVAILABILITY, FACETS, SORTS, Query

MAX_PAGE = 100_000
FACET_ID = validate.Length(max=64, error=_l("This filter value is too long."))


class DirectoryArgs(Schema):
    """``q``, one value per facet, ``availability``, ``sort``, ``page``, ``per_page``."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        load_default="", validate=validate.Length(max=200, error=_l("Search with at most 200 characters."))
    )
    skill = fields.String(load_default=None, validate=FACET_ID)
    sector = fields.String(load_default=None, validate=FACET_ID)
    country = fields.String(load_default=None, validate=FACET_ID)
    city = fields.String(load_default=None, validate=FACET_ID)
    language = fields.String(load_default=None, validate=FACET_ID)
    network = fields.String(load_default=None, validate=FACET_ID)
    label = fields.String(load_default=None, validate=FACET_ID)
    availability = fields.String(
        load_default=None, validate=validate.OneOf(AVAILABILITY, error=_l("Choose one of the listed availabilities."))
    )
    sort = fields.String(
        load_default="relevance",
        validate=validate.OneOf(tuple(SORTS), error=_l("Sort by relevance or by recent activity.")),
    )
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE, error=_l("Pages are numbered from 1 to %(max)d.", max=MAX_PAGE)),
        error_messages={"invalid": _l("The page must be a number.")},
    )
    per_page = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=100, error=_l("Show between 1 and 100 members per page.")),
        error_messages={"invalid": _l("The page size must be a number.")},
    )

    @post_load
    def to_query(self, data, **kwargs):
        """A :class:`graph.directory.Query`."""
        filters = {name: data[name].strip() for name in FACETS if data.get(name) and data[name].strip()}
        return Query(
            text=data["q"].strip(),
            filters=filters,
            availability=data["availability"] or None,
            sort=data["sort"],
            page=data["page"],
            per_page=data["per_page"],
        )


def parse(args) -> tuple[Query, dict]:
    """The query from request arguments, keeping what was valid; the refused fields' messages."""
    schema = DirectoryArgs()
    errors = schema.validate(args)
    valid = {key: value for key, value in args.items() if key not in errors}
    return schema.load(valid), {key: [str(m) for m in messages] for key, messages in errors.items()}
