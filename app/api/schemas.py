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
