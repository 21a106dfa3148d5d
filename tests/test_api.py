"""The JSON API: bearer tokens, session auth with CSRF, validation errors, OpenAPI."""

import pytest

from graph import accounts as account_queries

from .conftest import csrf_token


@pytest.fixture
def bearer(runner, auth):
    auth.register(locale="fr")  # the API speaks the member's saved language
    auth.logout()
    result = runner.invoke(args=["users", "token", "amina@example.org", "--name", "tests"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def _headers(token):
    return {"Authorization": f"Bearer {token}"}


def test_api_without_token_is_refused(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthorized"


def test_api_with_token(client, bearer):
    response = client.get("/api/v1/me", headers=_headers(bearer))
    assert response.status_code == 200
    me = response.get_json()
    assert me["email"] == "amina@example.org"
    assert "password_hash" not in me


@pytest.mark.parametrize("header", ["Bearer jisr_nothing", "Bearer ", "Basic abc", "Bearer jisr_" + "0" * 32 + "_x"])
def test_malformed_or_unknown_tokens_are_refused(client, header):
    assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401


def test_a_tampered_secret_is_refused(client, bearer):
    tampered = bearer[:-2] + ("AA" if not bearer.endswith("AA") else "BB")
    assert client.get("/api/v1/me", headers=_headers(tampered)).status_code == 401


def test_revoked_token_is_refused(client, bearer, runner):
    token_id = bearer.split("_")[1]
    result = runner.invoke(args=["users", "revoke-token", "amina@example.org", token_id])
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/me", headers=_headers(bearer)).status_code == 401


def test_tokens_are_stored_hashed(store, bearer):
    secret = bearer.split("_", 2)[2]
    dump = str(store.read("MATCH (t:ApiToken) RETURN t"))
    assert secret not in dump


def test_create_list_and_revoke_tokens_with_a_token(client, bearer):
    created = client.post("/api/v1/tokens", json={"name": "ci"}, headers=_headers(bearer))
    assert created.status_code == 201
    new = created.get_json()
    assert new["token"].startswith("jisr_") and new["name"] == "ci"
    assert client.get("/api/v1/me", headers=_headers(new["token"])).status_code == 200
    listed = client.get("/api/v1/tokens", headers=_headers(bearer)).get_json()
    assert {t["name"] for t in listed} == {"tests", "ci"}
    assert all("secret_hash" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{new['id']}", headers=_headers(bearer)).status_code == 204
    assert client.get("/api/v1/me", headers=_headers(new["token"])).status_code == 401
    assert client.delete("/api/v1/tokens/unknown", headers=_headers(bearer)).status_code == 404


def test_validation_errors_are_json_and_translated(client, bearer):
    response = client.post("/api/v1/tokens", json={"name": ""}, headers={**_headers(bearer), "Accept-Language": "fr"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "invalid"
    assert "name" in body["errors"]["json"]
    assert body["message"] == "Certains champs sont à revoir"
    wrong_type = client.post("/api/v1/tokens", data="not json", headers=_headers(bearer))
    assert wrong_type.status_code == 422


def test_session_writes_need_the_csrf_header(client, auth, store):
    auth.register()
    refused = client.post("/api/v1/tokens", json={"name": "from the browser"})
    assert refused.status_code == 400
    assert refused.get_json()["code"] == "bad_request"
    member = account_queries.member_by_email(store, "amina@example.org")
    assert account_queries.list_tokens(store, member["id"]) == []
    accepted = client.post(
        "/api/v1/tokens", json={"name": "from the browser"}, headers={"X-CSRFToken": csrf_token(client, "/account")}
    )
    assert accepted.status_code == 201
    assert client.get("/api/v1/me").status_code == 200  # reads need no header


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"


def test_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/tokens", "/api/v1/tokens/{token_id}"} <= set(spec["paths"])
    create = spec["paths"]["/api/v1/tokens"]["post"]
    schema_ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert schema_ref.endswith("TokenCreate")
    assert spec["components"]["schemas"]["TokenCreate"]["properties"]["name"]["maxLength"] == 80
    assert "bearer" in spec["components"]["securitySchemes"]


def test_optional_texts_are_trimmed_and_blank_ones_are_none():
    from marshmallow import Schema, ValidationError, validate

    from app.api.schemas import OptionalText

    class Note(Schema):
        note = OptionalText(validate=validate.Length(max=8))  # the length as sent

    assert Note().load({"note": "  hi  "}) == {"note": "hi"}
    assert Note().load({"note": "   "}) == {"note": None}
    assert Note().load({"note": None}) == {"note": None}
    assert Note().load({}) == {"note": None}
    with pytest.raises(ValidationError):
        Note().load({"note": "far too long"})
