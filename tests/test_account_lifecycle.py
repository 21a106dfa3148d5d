"""A forgotten password and a new e-mail address, through the mailed one-time links."""

from graph import accounts as account_queries

from .conftest import CSRF_INPUT, Auth, csrf_token
from .mailbox import latest_link, outbox

NEW_PASSWORD = "another long passphrase 77"


def _ask_reset(client, email: str):
    return client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"), "email": email})


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(app, client, auth, store):
    auth.register()
    elsewhere = app.test_client()  # the same person logged in on another device
    Auth(elsewhere).login()
    assert elsewhere.get("/account").status_code == 200
    auth.logout()
    before = len(outbox(app))
    known, unknown = _ask_reset(client, "Amina@example.org"), _ask_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert CSRF_INPUT.sub("", known.get_data(as_text=True).replace("Amina@example.org", "X")) == CSRF_INPUT.sub(
        "", unknown.get_data(as_text=True).replace("nobody@example.org", "X")
    )
    assert len(outbox(app)) == before + 1  # only the real account is mailed
    link = latest_link(app, "amina@example.org", "/password/reset/", since=before)
    weak = client.post(
        link, data={"csrf_token": csrf_token(client, link), "password": "123456789012", "confirm": "123456789012"}
    )
    assert weak.status_code == 422 and "easy to guess" in weak.get_data(as_text=True)
    done = client.post(
        link, data={"csrf_token": csrf_token(client, link), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert elsewhere.get("/account").status_code == 302  # the other device's session ended
    assert Auth(client).login(password=Auth.PASSWORD).status_code == 401
    assert Auth(client).login(password=NEW_PASSWORD).status_code == 302
    assert client.get(link).status_code == 410  # single use


def test_a_reset_link_dies_after_an_hour_and_when_a_newer_one_is_sent(app, client, auth, store):
    auth.register()
    auth.logout()
    before = len(outbox(app))
    _ask_reset(client, "amina@example.org")
    first = latest_link(app, "amina@example.org", "/password/reset/", since=before)
    _ask_reset(client, "amina@example.org")
    second = latest_link(app, "amina@example.org", "/password/reset/", since=before + 1)
    assert first != second and client.get(first).status_code == 410 and client.get(second).status_code == 200
    member = account_queries.member_by_email(store, "amina@example.org")
    purpose, digest, _expiry, payload = member["tickets"][0].split("|")
    account_queries.set_tickets(store, member["id"], [f"{purpose}|{digest}|1|{payload}"])  # an hour has passed
    assert client.get(second).status_code == 410
    assert client.get("/password/reset/not-a-token").status_code == 410


def test_reset_mails_are_limited_per_address(app, client, auth):
    app.config["MAIL_LINK_LIMIT"] = "2/3600"
    auth.register()
    auth.logout()
    before = len(outbox(app))
    for _ in range(4):
        assert _ask_reset(client, "amina@example.org").status_code == 200  # the page never tells
    assert len(outbox(app)) == before + 2


def test_a_new_address_is_used_once_its_link_is_opened_and_both_addresses_are_told(app, client, auth, store):
    auth.register()
    form = {"csrf_token": csrf_token(client, "/account/email"), "email": "amina@new.example", "current": "wrong one"}
    wrong = client.post("/account/email", data=form)
    assert wrong.status_code == 422 and 'value="amina@new.example"' in wrong.get_data(as_text=True)
    same = client.post("/account/email", data={**form, "email": "AMINA@example.org", "current": Auth.PASSWORD})
    assert same.status_code == 422 and "already your address" in same.get_data(as_text=True)
    before = len(outbox(app))
    asked = client.post("/account/email", data={**form, "current": Auth.PASSWORD})
    assert asked.status_code == 302
    notice = [m for m in outbox(app)[before:] if m["To"] == "amina@example.org"]
    assert "amina@new.example" in notice[0].get_content()
    assert account_queries.member_by_id(store, _id(store, "amina@example.org"))["email"] == "amina@example.org"
    link = latest_link(app, "amina@new.example", "/account/email/confirm/", since=before)
    assert client.post(link, data={"csrf_token": csrf_token(client, link)}).status_code == 302
    assert account_queries.member_by_email(store, "amina@example.org") is None
    assert account_queries.member_by_email(store, "amina@new.example")["display_name"] == "Amina Benali"
    told = [m for m in outbox(app) if m["To"] == "amina@example.org"]
    assert "now uses amina@new.example" in told[-1].get_content()
    auth.logout()
    assert Auth(client).login(email="amina@new.example").status_code == 302


def test_a_new_address_that_has_an_account_is_not_revealed(app, client, auth, people):
    karim = people("karim")
    auth.register()
    before = len(outbox(app))
    form = {"csrf_token": csrf_token(client, "/account/email"), "email": karim.email, "current": Auth.PASSWORD}
    assert client.post("/account/email", data=form).status_code == 302  # the same answer as for a free address
    to_karim = [m for m in outbox(app)[before:] if m["To"] == karim.email]
    assert "already has a Jisr account" in to_karim[0].get_content()
    assert latest_link(app, karim.email, "/account/email/confirm/", since=before) is None


def _id(store, email):
    return account_queries.member_by_email(store, email)["id"]
