"""API resources: the member's account and personal tokens."""

from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from graph import accounts as account_queries
from graph import reference

from ..accounts.service import now_ms
from ..accounts.tokens import issue_token
from ..directory import run_search
from ..directory.params import DirectoryArgs
from ..extensions import store
from ..permissions import may
from .schemas import (
    MemberSearchSchema,
    MeSchema,
    NewTokenSchema,
    ReferenceQuerySchema,
    SuggestionSchema,
    TokenCreateSchema,
    TokenSchema,
)

blp = Blueprint("api", __name__, url_prefix="/api/v1", description="Jisr JSON API")


@blp.get("/me")
@login_required
@blp.response(200, MeSchema)
@blp.alt_response(401, description="Not authenticated")
def me():
    """The authenticated member."""
    return current_user.data


@blp.get("/tokens")
@login_required
@blp.response(200, TokenSchema(many=True))
def list_tokens():
    """The member's personal API tokens."""
    return account_queries.list_tokens(store(), current_user.id)


@blp.post("/tokens")
@login_required
@blp.arguments(TokenCreateSchema)
@blp.response(201, NewTokenSchema)
def create_token(body):
    """Create a personal API token; the bearer string is in the answer, once."""
    if not may(current_user, "account.tokens.manage"):
        abort(403)
    bearer, token = issue_token(store(), current_user.id, body["name"].strip())
    return {**token, "token": bearer}


@blp.delete("/tokens/<token_id>")
@login_required
@blp.response(204)
def revoke_token(token_id: str):
    """Revoke one of the member's tokens."""
    if not account_queries.revoke_token(store(), current_user.id, token_id, now_ms()):
        abort(404)


@blp.get("/members")
@login_required
@blp.arguments(DirectoryArgs, location="query")
@blp.response(200, MemberSearchSchema)
def search_members(query):
    """Search the directory: the same parameters as the directory page; items, total and facet counts."""
    if not may(current_user, "directory.search"):
        abort(403)
    result = run_search(current_user.id, query)
    relations = result["relations"]
    items = [
        {
            **item["member"],
            "city": item["city"],
            "country": item["country"],
            "skills": item["skills"],
            **{k: v for k, v in relations.get(item["member"]["id"], {}).items() if k != "id"},
        }
        for item in result["items"]
    ]
    return {
        "items": items,
        "total": result["total"],
        "total_capped": result["total_capped"],
        "page": query.page,
        "per_page": query.per_page,
        "facets": result["facets"],
        "facets_sampled": result["facets_sampled"],
    }


SUGGESTERS = {"skills": reference.find_skills, "cities": reference.find_cities, "employers": reference.find_employers}


@blp.get("/reference/<any(skills, cities, employers):kind>")
@login_required
@blp.arguments(ReferenceQuerySchema, location="query")
@blp.response(200, SuggestionSchema(many=True))
def suggest(args, kind: str):
    """Autocomplete skills, cities (``prefer``: a country's first) or employers from the graph."""
    if kind == "cities":
        return reference.find_cities(store(), args["q"], limit=args["limit"], prefer=args["prefer"])
    return SUGGESTERS[kind](store(), args["q"], limit=args["limit"])
