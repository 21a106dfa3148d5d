"""Two-factor authentication: required for administrators and analysts, optional for members; codes and
recovery codes work once."""

import re
import time

import pyotp

from graph import accounts as account_queries

from . import second_factor
from .conftest import Auth, csrf_token


def _staff_without_second_factor(app, client, store, role="analyst"):
    Auth(client).register(email="karima@example.org", name="Karima")
    member_id = account_queries.member_by_email(store, "karima@example.org")["id"]
    account_queries.set_role(store, member_id, role)
    return member_id


def _password(client):
    """The first step of logging in: Karima's right password."""
    form = {"csrf_token": csrf_token(client, "/login"), "email": "karima@example.org", "password": Auth.PASSWORD}
    return client.post("/login", data=form)


def test_staff_must_set_up_a_second_factor_before_anything_else(app, client, store):
    _staff_without_second_factor(app, client, store)
    sent = client.get("/insights")
    assert sent.status_code == 302 and sent.headers["Location"] == "/account/two-factor"
    assert client.get("/privacy").status_code == 200  # the basics stay open
    token = client.post("/account/tokens", data={"csrf_token": csrf_token(client), "name": "x"})
    assert token.status_code == 302  # no token either before the second factor
    api = client.get("/api/v1/me", headers={"Accept": "application/json"})
    assert api.status_code == 403 and "two-factor" in api.get_json()["message"]
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "requires two-factor" in page
    key = second_factor.key_from_page(page)
    assert second_factor.key_from_page(client.get("/account/two-factor").get_data(as_text=True)) == key  # kept
    form = {"csrf_token": csrf_token(client, "/account/two-factor"), "code": "123456"}
    wrong = client.post("/account/two-factor", data=form)
    assert wrong.status_code == 422 and "not right" in wrong.get_data(as_text=True)
    done = client.post("/account/two-factor", data={**form, "code": pyotp.TOTP(key).now()})
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and len(codes) == 10
    assert client.get("/insights").status_code == 200


def test_logging_in_asks_for_a_code_that_works_once_and_recovery_codes_work_once(app, client, store):
    member_id = _staff_without_second_factor(app, client, store, role="admin")
    page = client.get("/account/two-factor").get_data(as_text=True)
    key = second_factor.key_from_page(page)
    totp = pyotp.TOTP(key)
    used = totp.now()
    done = client.post("/account/two-factor", data={"csrf_token": csrf_token(client), "code": used})
    recovery = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.get_data(as_text=True))
    Auth(client).logout()

    def password_then(code):
        _password(client)
        return client.post("/login/code", data={"csrf_token": csrf_token(client, "/login/code"), "code": code})

    first = _password(client)
    assert first.status_code == 302 and first.headers["Location"] == "/login/code"
    assert client.get("/account").status_code == 302  # the password alone opens nothing
    replayed = client.post("/login/code", data={"csrf_token": csrf_token(client, "/login/code"), "code": used})
    assert replayed.status_code == 401  # the code of the set-up cannot be used again
    assert password_then(recovery[0].upper()).status_code == 302  # case and dashes do not matter
    assert client.get("/account").status_code == 200
    Auth(client).logout()
    assert password_then(recovery[0]).status_code == 401  # a recovery code works once
    data = account_queries.member_by_id(store, member_id)
    assert len(data["recovery_codes"]) == 9 and recovery[0] not in str(data)  # only hashes are kept
    off = client.post("/account/two-factor/off", data={"csrf_token": csrf_token(client), "code": recovery[1]})
    assert off.status_code == 302 and client.get("/insights").status_code == 302  # not logged in
    assert password_then(recovery[1]).status_code == 302
    refused = client.post("/account/two-factor/off", data={"csrf_token": csrf_token(client), "code": recovery[2]})
    assert refused.status_code == 403  # an administrator cannot turn it off
    assert account_queries.member_by_id(store, member_id)["totp_secret"] == key


def test_wrong_codes_are_limited(app, client, store):
    app.config["LOGIN_LIMIT_ACCOUNT"] = "3/900"
    _staff_without_second_factor(app, client, store)
    key = second_factor.key_from_page(client.get("/account/two-factor").get_data(as_text=True))
    client.post("/account/two-factor", data={"csrf_token": csrf_token(client), "code": pyotp.TOTP(key).now()})
    Auth(client).logout()
    _password(client)
    answers = [
        client.post("/login/code", data={"csrf_token": csrf_token(client, "/login/code"), "code": "000000"}).status_code
        for _ in range(4)
    ]
    assert answers == [401, 401, 401, 429]


def test_a_member_may_turn_it_on_and_off(app, client, auth, store):
    auth.register()
    assert client.get("/insights").status_code in (302, 403)
    assert client.get("/account").status_code == 200  # members are not sent to set it up
    key = second_factor.key_from_page(client.get("/account/two-factor").get_data(as_text=True))
    totp = pyotp.TOTP(key)
    client.post("/account/two-factor", data={"csrf_token": csrf_token(client), "code": totp.now()})
    member_id = account_queries.member_by_email(store, "amina@example.org")["id"]
    assert account_queries.member_by_id(store, member_id)["totp_secret"] == key
    next_code = totp.at(time.time() + totp.interval)  # the set-up used this step's code: the next step's
    off = client.post("/account/two-factor/off", data={"csrf_token": csrf_token(client), "code": next_code})
    assert off.status_code == 302
    assert account_queries.member_by_id(store, member_id)["totp_secret"] is None
