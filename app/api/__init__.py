"""The JSON API under ``/api/v1``, documented at ``/api/v1/openapi.json``.

flask-smorest was chosen because the marshmallow schemas that validate each
request are the ones that write the OpenAPI document, it is maintained, and it
works with plain Flask blueprints and Flask-Login.
"""

import json

from flask import current_app, g, request
from flask_login import current_user
from flask_smorest import Api
from marshmallow import Schema, fields

from ..errors import CODES
from ..extensions import csrf
from .cases import blp as cases_blp
from .community import blp as community_blp
from .conversations import blp as conversations_blp
from .imports import blp as imports_blp
from .insights import blp as insights_blp
from .mentoring import blp as mentoring_blp
from .opportunities import blp as opportunities_blp
from .outreach import blp as outreach_blp
from .programmes import blp as programmes_blp
from .projects import blp as projects_blp
from .talent import blp as talent_blp
from .views import blp


class ErrorSchema(Schema):
    """An error as :func:`app.errors.error_response` sends it (documentation only)."""

    code = fields.String(
        metadata={"description": "What went wrong, for programs", "enum": sorted(set(CODES.values()) | {"error"})}
    )
    message = fields.String(metadata={"description": "What went wrong, in the caller's language"})
    errors = fields.Dict(metadata={"description": "Per field: what is wrong with it"})


class JisrApi(Api):
    """flask-smorest's Api, leaving error rendering to :mod:`app.errors` (JSON for the API, pages elsewhere)
    and documenting errors as they are sent."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass

    def _openapi_json(self):
        """Serve the document of :func:`document`."""
        return current_app.response_class(
            json.dumps(document(self.spec.to_dict()), indent=2), mimetype="application/json"
        )


#: free text may hold any character but NUL (refused at the edge with 422, app/validators.py)
STORABLE_TEXT = "^[^\\u0000]*$"


def document(spec: dict) -> dict:
    """The OpenAPI document as served: every free-text string (no enum, format or pattern of its own) says
    that it refuses NUL characters, so that the document promises what the API accepts."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and not {"enum", "format", "pattern"} & node.keys():
                node["pattern"] = STORABLE_TEXT
            if isinstance(node.get("additionalProperties"), dict) and "propertyNames" not in node:
                node["propertyNames"] = {"pattern": STORABLE_TEXT}  # a map's keys are free text too
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return spec


api = JisrApi()

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _api_guard():
    """Session-authenticated writes need the CSRF header; token-authenticated calls do not."""
    if not request.path.startswith("/api/"):
        return None
    if request.method in UNSAFE_METHODS and current_user.is_authenticated and not g.get("auth_via_token"):
        csrf.protect()
    return None


def init_app(app) -> None:
    """Register the API and its OpenAPI document."""
    api.init_app(app, spec_kwargs={"security": [{"bearer": []}, {"session": []}]})
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]}
    )
    for blueprint in (
        blp,
        community_blp,
        conversations_blp,
        insights_blp,
        imports_blp,
        outreach_blp,
        talent_blp,
        programmes_blp,
        projects_blp,
        mentoring_blp,
        cases_blp,
        opportunities_blp,
    ):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    app.before_request(_api_guard)
