"""Registration, login, logout, rate limits, CSRF and session lifetimes, through the real pages."""

import time

from graph import accounts as account_queries

from .conftest import CSRF_INPUT, Auth, csrf_token
from .mailbox import latest_link, outbox


def _account(store, email="amina@example.org"):
    return account_queries.member_by_email(store, email.lower())


def _without_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked (they carry the second they were made in)."""
    return CSRF_INPUT.sub("TOKEN", page)


def test_register_logs_in_and_records_consent(app, client, auth, store):
    response = auth.register(email="Amina@Example.org", locale="fr")
    assert response.status_code == 302
    home = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)  # the saved choice wins
    assert "Amina Benali" in home
    account = _account(store)
    assert account["email"] == "Amina@Example.org"
    assert account["role"] == "member"
    assert account["locale"] == "fr"
    assert account["consent_version"] == app.config["PRIVACY_NOTICE_VERSION"]
    assert abs(account["consent_at"] - time.time() * 1000) < 60_000
    assert account["password_hash"].startswith("$argon2id$")
    assert Auth.PASSWORD not in account["password_hash"]


def test_registering_a_known_address_answers_as_for_a_new_one_and_mails_the_owner(app, client, auth, store):
    auth.register()
    auth.logout()
    known = auth.register(email="AMINA@example.org", name="Another Amina", follow_mail=False)
    new = auth.register(email="zineb@example.org", name="Zineb", follow_mail=False)
    assert known.status_code == new.status_code == 200
    same_page = _without_tokens(known.get_data(as_text=True).replace("AMINA@example.org", "ADDRESS"))
    assert same_page == _without_tokens(new.get_data(as_text=True).replace("zineb@example.org", "ADDRESS"))
    assert "Look in your inbox" in same_page
    to_amina = [m for m in outbox(app) if m["To"] == "amina@example.org"]  # her address as she registered it
    assert "already has a Jisr account" in to_amina[-1].get_content()  # the owner learns it, nobody else
    assert "/password/forgot" in to_amina[-1].get_content()
    assert _account(store)["display_name"] == "Amina Benali"  # nothing changed on her account
    assert _account(store, "zineb@example.org")["status"] == "pending"  # not findable nor usable before the link


def test_an_unconfirmed_account_cannot_log_in_and_gets_a_new_link(app, client, auth, store):
    auth.register(follow_mail=False)
    before = len(outbox(app))
    refused = auth.login()
    assert refused.status_code == 403 and "Confirm your e-mail address first" in refused.get_data(as_text=True)
    link = latest_link(app, "amina@example.org", "/register/confirm/", since=before)
    assert link and client.get("/account").status_code == 302
    page = client.get(link)
    assert page.status_code == 200 and "Confirm and join Jisr" in page.get_data(as_text=True)
    assert _account(store)["status"] == "pending"  # opening the link (as a mail scanner does) changes nothing
    assert client.post(link, data={"csrf_token": csrf_token(client, link)}).status_code == 302
    assert _account(store)["status"] == "active" and client.get("/account").status_code == 200
    auth.logout()
    again = client.get(link)
    assert again.status_code == 410 and "no longer works" in again.get_data(as_text=True)  # used once


def test_registration_is_rate_limited_per_client(app, client, auth, store):
    app.config["REGISTER_LIMIT_IP"] = "3/3600"
    answers = [auth.register(email=f"bot{n}@example.org", follow_mail=False).status_code for n in range(4)]
    assert answers == [200, 200, 200, 429]
    assert _account(store, "bot3@example.org") is None


def test_a_form_with_a_mistake_keeps_what_was_typed_but_not_passwords(client, auth):
    response = auth.register(email="AMINA@example.org", name="Another Amina", confirm="something else entirely")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="AMINA@example.org"' in body
    assert 'value="Another Amina"' in body
    assert Auth.PASSWORD not in body  # passwords are never sent back


def test_weak_passwords_are_refused(client, auth, store):
    short = auth.register(password="short pass")
    assert short.status_code == 422 and "at least 12 characters" in short.get_data(as_text=True)
    common = auth.register(password="passwordpassword")
    assert "too common" in common.get_data(as_text=True)
    personal = auth.register(password="Amina Benali 2026!")
    assert "name or e-mail" in personal.get_data(as_text=True)
    for guessable in ("123456789012", "abcdefghijkl", "Marrakech2026", "jisrjisr2026!"):  # found from outside
        refused = auth.register(password=guessable, confirm=guessable).get_data(as_text=True)
        assert "too common" in refused or "easy to guess" in refused, guessable
    mismatch = auth.register(confirm="something else entirely")
    assert "two passwords differ" in mismatch.get_data(as_text=True)
    assert _account(store) is None


def test_registration_needs_consent_and_a_valid_email(client, auth, store):
    no_consent = auth.register(consent=False)
    assert no_consent.status_code == 422
    assert "consent" in no_consent.get_data(as_text=True)
    bad_email = auth.register(email="not-an-email")
    assert "valid e-mail" in bad_email.get_data(as_text=True)
    unknown_language = auth.register(locale="xx")
    assert unknown_language.status_code == 422
    assert _account(store) is None


def test_script_in_a_name_is_stored_as_text_and_escaped(client, auth, store):
    auth.register(name="<script>alert(1)</script>")
    assert _account(store)["display_name"] == "<script>alert(1)</script>"
    page = client.get("/account").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_login_logout_and_wrong_password(client, auth):
    auth.register()
    auth.logout()
    assert client.get("/account").status_code == 302
    wrong = auth.login(password="not the right passphrase")
    assert wrong.status_code == 401
    assert "not right" in wrong.get_data(as_text=True)
    unknown = auth.login(email="nobody@example.org")
    assert unknown.status_code == 401
    ok = auth.login()
    assert ok.status_code == 302
    assert client.get("/account").status_code == 200
    auth.logout()
    assert client.get("/account").status_code == 302


def test_login_redirects_only_to_this_site(client, auth):
    auth.register()
    auth.logout()
    token = csrf_token(client, "/login")
    data = {"csrf_token": token, "email": "amina@example.org", "password": Auth.PASSWORD}
    evil = client.post("/login?next=https://evil.example/", data=data)
    assert evil.headers["Location"] == "/"
    auth.logout()
    data["csrf_token"] = csrf_token(client, "/login")
    good = client.post("/login?next=/account", data=data)
    assert good.headers["Location"] == "/account"


def test_failed_logins_per_account_are_limited_per_client_and_the_owner_is_told(make_app):
    app = make_app(LOGIN_LIMIT_ACCOUNT="3/600")
    auth = Auth(app.test_client())
    auth.register()
    auth.logout()
    guesser = Auth(app.test_client())
    guesser.client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for _ in range(3):
        assert guesser.login(password="wrong passphrase here").status_code == 401
    blocked = guesser.login()  # from there, even the right password waits
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert auth.login().status_code == 302  # the owner, elsewhere, is not locked out
    (warning,) = [m for m in outbox(app) if "Wrong passwords" in m["Subject"]]
    assert warning["To"] == "amina@example.org" and "not locked" in warning.get_body().get_content()


def test_attempts_per_address_are_limited(make_app):
    app = make_app(LOGIN_LIMIT_IP="4/600")
    auth = Auth(app.test_client())
    for n in range(4):
        assert auth.login(email=f"someone{n}@example.org").status_code == 401
    assert auth.login(email="someone-else@example.org").status_code == 429


def test_a_successful_login_clears_the_failures(make_app):
    app = make_app(LOGIN_LIMIT_ACCOUNT="3/600")
    auth = Auth(app.test_client())
    auth.register()
    auth.logout()
    for _ in range(2):
        auth.login(password="wrong passphrase here")
    assert auth.login().status_code == 302
    auth.logout()
    for _ in range(2):
        assert auth.login(password="wrong passphrase here").status_code == 401
    assert auth.login().status_code == 302


def test_form_without_csrf_token_is_refused(client, auth, store):
    response = client.post(
        "/register",
        data={
            "email": "x@example.org",
            "display_name": "X",
            "password": Auth.PASSWORD,
            "confirm": Auth.PASSWORD,
            "locale": "en",
            "consent": "y",
        },
    )
    assert response.status_code == 400
    assert _account(store, "x@example.org") is None
    auth.register()
    logout = client.post("/logout")
    assert logout.status_code == 400
    assert client.get("/account").status_code == 200  # still logged in


def test_session_cookie_flags(client, auth):
    response = auth.register()
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("jisr_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_idle_session_expires(client, auth, app):
    auth.register()
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 60 * app.config["SESSION_IDLE_MINUTES"] - 5
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_session_has_an_absolute_lifetime(client, auth, app):
    auth.register()
    with client.session_transaction() as session:
        session["auth_at"] = int(time.time()) - 3600 * app.config["SESSION_ABSOLUTE_HOURS"] - 5
    assert client.get("/account").status_code == 302


def test_active_session_stays(client, auth):
    auth.register()
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 120
    assert client.get("/account").status_code == 200


def test_password_change_ends_other_sessions(client, auth, store):
    auth.register()
    account = _account(store)
    account_queries.set_password(store, account["id"], account["password_hash"])
    assert client.get("/account").status_code == 302


def test_suspended_account_cannot_log_in(client, auth, store):
    auth.register()
    auth.logout()
    store.write("MATCH (m:Member {email_key: 'amina@example.org'}) SET m.status = 'suspended'")
    assert auth.login().status_code == 401


def test_account_page_tokens_create_and_revoke(client, auth, store):
    auth.register()
    created = client.post("/account/tokens", data={"csrf_token": csrf_token(client, "/account"), "name": "my script"})
    body = created.get_data(as_text=True)
    assert created.status_code == 200
    assert "jisr_" in body and "my script" in body
    empty = client.post("/account/tokens", data={"csrf_token": csrf_token(client, "/account"), "name": ""})
    assert empty.status_code == 422
    token = account_queries.list_tokens(store, _account(store)["id"])[0]
    revoked = client.post(f"/account/tokens/{token['id']}/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert revoked.status_code == 302
    assert account_queries.list_tokens(store, _account(store)["id"])[0]["revoked_at"] is not None
    missing = client.post("/account/tokens/nope/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert missing.status_code == 404


def _copied(app, client):
    """Another browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("jisr_session")
    thief = app.test_client()
    thief.set_cookie("jisr_session", cookie.value)
    return thief


def test_logging_out_ends_the_session_even_for_a_copied_cookie(app, client, auth):
    auth.register()
    thief = _copied(app, client)
    assert thief.get("/account").status_code == 200  # the copy works while the session lives
    socketio = app.extensions["socketio"]
    auth.logout()
    assert thief.get("/account").status_code == 302 and thief.get("/api/v1/me").status_code == 401
    assert not socketio.test_client(app, namespace="/chat", flask_test_client=thief).is_connected("/chat")


def test_log_out_everywhere_ends_every_session_of_the_member(app, client, auth):
    auth.register()
    laptop = _copied(app, client)
    phone = Auth(app.test_client())
    assert phone.login().status_code == 302
    ended = client.post("/account/sessions/end", data={"csrf_token": csrf_token(client, "/account")})
    assert ended.status_code == 302 and ended.headers["Location"].endswith("/login")
    for browser in (client, laptop, phone.client):
        assert browser.get("/account").status_code == 302
    assert auth.login().status_code == 302  # logging in again opens a new session
    assert client.get("/account").status_code == 200


def test_a_background_request_does_not_wipe_a_message_a_form_just_left(app, client, auth):
    """A page's background request (suggestions while typing) that read the session before a form was sent
    and finishes after it must not give the browser that older session back: the form's message would vanish."""
    auth.register(locale="en")
    before_the_form = client.get_cookie("jisr_session").value
    background = app.test_client()
    background.set_cookie("jisr_session", before_the_form)
    saved = client.post(
        "/profile/edit",
        data={
            "csrf_token": csrf_token(client, "/profile/edit"),
            "display_name": "Amina Benali",
            "availability": "remote",
            "visibility": "members",
            "skills-0-name": "Fundraising",
            "skills-0-level": "2",
        },
    )
    assert saved.status_code == 302
    suggestions = background.get("/api/v1/reference/skills?q=Fund")
    assert suggestions.status_code == 200
    assert not [c for c in suggestions.headers.getlist("Set-Cookie") if c.startswith("jisr_session=")]
    assert "Your profile is saved." in client.get(saved.headers["Location"]).get_data(as_text=True)
